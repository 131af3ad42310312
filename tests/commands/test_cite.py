"""`cite_source`: pandoc starts while the source is validated; the result is that of `cite(load())`."""

from __future__ import annotations

import warnings

import pytest

from conftest import FIXTURES, need_tool
from kazan_export.citations import CitationError
from kazan_export.commands import cite as c
from kazan_export.errors import KazanWarning, SourceError
from kazan_export.readers.source import load

HARBOUR = FIXTURES / "harbour-talks.yaml"


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "chicago-notes", "mla", "bibtex", "csl-json"])
def test_same_as_cite_of_the_loaded_article(style):
    need_tool("pandoc")
    for ref in ("st-novak-sign", "memmedovaNothingAgreedEverything2019"):
        assert c.cite_source(HARBOUR, ref, style=style) == c.cite(load(HARBOUR), ref, style=style)


def test_the_bundled_article_by_default(kazan):
    need_tool("pandoc")
    # #12: APA lists the source that was read (the article), not the statement (APA 7 §8.6)
    assert c.cite_source(None, "lavrovAnotherMeetingSet2018", style="apa") == (
        "(Lavrov, 2018, as cited in Tadevosyan, n.d., paras. 60–62)\n\n"
        "Tadevosyan, A. (n.d.). Meeting in Kazan: Hopes and failure. Mediamax, Modern History.")


def test_an_invalid_source_is_reported_not_cited(tmp_path):
    text = HARBOUR.read_text(encoding="utf-8").replace("occasion: Press briefing", "occasion: 42")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        c.cite_source(bad, "st-novak-sign", style="apa")
    assert any("occasion" in str(p) for p in caught.value.problems)


def _record_pandoc(monkeypatch, tmp_path) -> list:  # noqa: ANN001
    """Return the list that every pandoc started from now on is added to; temporary files go
    to ``tmp_path / "tmp"``."""
    import tempfile

    from kazan_export.writers import citeproc_pandoc

    need_tool("pandoc")
    started = []
    original = citeproc_pandoc.Documents

    class Recorded(original):
        def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(citeproc_pandoc, "Documents", Recorded)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return started


def test_pandoc_started_early_is_stopped_when_validation_fails(monkeypatch, tmp_path):
    started = _record_pandoc(monkeypatch, tmp_path)
    # well-formed, but the quoted text is not in its paragraph: only validation finds that
    text = HARBOUR.read_text(encoding="utf-8").replace('text: "we will sign the harbour agreement before summer."',
                                                        'text: "we will sign the harbour agreement before winter."')
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError):
        c.cite_source(bad, "st-novak-sign", style="apa")
    assert len(started) == 1 and started[0]._proc.wait(timeout=10) is not None
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("breaks", [
    ("people:", "people: [unclosed"),  # not YAML: reading the source fails
    ("statements:", "statements: 12\nold_statements:"),  # YAML, but no article can be built from it
])
def test_pandoc_started_first_is_stopped_when_the_source_cannot_be_read(monkeypatch, tmp_path, breaks):
    """pandoc starts before the source is read (#12): a source that is not YAML, or not an
    article at all, stops it and leaves none of its files."""
    started = _record_pandoc(monkeypatch, tmp_path)
    text = HARBOUR.read_text(encoding="utf-8")
    assert breaks[0] in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(breaks[0], breaks[1], 1), encoding="utf-8")
    with pytest.raises(SourceError):
        c.cite_source(bad, "st-novak-sign", style="chicago-notes")
    assert started and all(d._proc.wait(timeout=10) is not None for d in started)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_without_pandoc_an_invalid_source_is_still_a_source_error(monkeypatch, tmp_path):
    """pandoc is looked for first, but its absence is reported only for a valid source."""
    from kazan_export.errors import RenderError

    monkeypatch.setenv("KAZAN_PANDOC", str(tmp_path / "no-pandoc-here"))
    text = HARBOUR.read_text(encoding="utf-8").replace("occasion: Press briefing", "occasion: 42")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError):
        c.cite_source(bad, "st-novak-sign", style="apa")
    with pytest.raises(RenderError, match="pandoc could not run"):
        c.cite_source(HARBOUR, "st-novak-sign", style="apa")


def test_an_unknown_statement_is_a_citation_error():
    with pytest.raises(CitationError, match="did you mean 'st-novak-sign'"):
        c.cite_source(HARBOUR, "st-novak-sigm", style="chicago-notes")


def _warning_csl_items(monkeypatch):
    from kazan_export.writers import csl

    original = csl.csl_items

    def warning_items(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        warnings.warn("made while citing", KazanWarning)
        return original(*args, **kwargs)

    monkeypatch.setattr(csl, "csl_items", warning_items)


def _ours(caught) -> list:  # noqa: ANN001
    return [w for w in caught if issubclass(w.category, KazanWarning) and "made while citing" in str(w.message)]


def test_warnings_made_while_citing_are_given_once(monkeypatch):
    need_tool("pandoc")
    _warning_csl_items(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c.cite_source(HARBOUR, "st-novak-sign", style="apa")
    assert len(_ours(caught)) == 1


def test_no_warning_of_citing_when_the_source_is_invalid(monkeypatch, tmp_path):
    _warning_csl_items(monkeypatch)
    bad = tmp_path / "bad.yaml"
    bad.write_text(HARBOUR.read_text(encoding="utf-8").replace("occasion: Press briefing", "occasion: 42"),
                   encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught, pytest.raises(SourceError):
        warnings.simplefilter("always")
        c.cite_source(bad, "st-novak-sign", style="apa")
    assert _ours(caught) == []


JOINT = FIXTURES / "cite-judged" / "joint-speakers.yaml"


def test_the_last_of_two_names_takes_the_styles_delimiter_when_it_is_an_organisation():
    """#12: the bundled styles' bibliography names have delimiter-precedes-last="always": a
    comma before the last "&" or "and", also when the last of two names is an organisation (a
    CSL literal name: "Kovač, A., & Water Board."), where citeproc-js leaves it out
    (docs/citations.md, known differences; the comparison undoes only that)."""
    import re
    import subprocess
    import sys

    from kazan_export.writers import citeproc

    need_tool("pandoc")
    for style in ("apa", "chicago-author-date", "chicago-notes", "mla"):
        xml = citeproc.style_path(style).read_text(encoding="utf-8")
        sorted_names = re.findall(r"<name\b[^>]*name-as-sort-order[^>]*>", xml)
        assert sorted_names and all('delimiter-precedes-last="always"' in n for n in sorted_names), style
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "cite", "st-kovac-board-ready", "st-board-trust-sign",
                           "st-trust-kovac-date", str(JOINT), "--style", "chicago-author-date"],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    for entry in ("Kovač, Ana, and Water Board. 2020.", "Water Board, and River Trust. 2020.",
                  "River Trust, and Ana Kovač. 2020."):
        assert entry in proc.stdout, proc.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        apa = citeproc.format_entries(load(JOINT), "apa")
    assert apa["kovacAccordReady2020"].startswith("Kovač, A., & Water Board. (2020, May 2)."), apa
    assert apa["waterboardBothBanksSign2020"].startswith("Water Board, & River Trust. (2020, May)."), apa


def test_an_interrupted_wait_stops_pandoc(monkeypatch):
    """A KeyboardInterrupt (or a cancelled task) while pandoc formats stops pandoc too."""
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    article = load(HARBOUR)
    items, cites = citeproc.plan(article, article.statements[:1], "apa")
    running = Documents([(items, citeproc._markdown(cites), citeproc.style_path("apa"), "text")])

    def interrupted(timeout: float) -> str:  # Ctrl-C while waiting for what pandoc prints
        assert running._proc.poll() is None
        raise KeyboardInterrupt

    monkeypatch.setattr(running, "_read_line", interrupted)
    with pytest.raises(KeyboardInterrupt):
        running.results()
    assert running._proc.wait(timeout=10) is not None and not running._folder.exists()


def test_an_unusable_temporary_folder_is_a_clear_error_after_the_source_error(monkeypatch, tmp_path):
    """pandoc's files cannot be made: an invalid source still says what is wrong with it, a
    valid one says to set TMPDIR (no traceback)."""
    import tempfile

    from kazan_export.errors import RenderError

    need_tool("pandoc")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(HARBOUR.read_text(encoding="utf-8").replace("occasion: Press briefing", "occasion: 42"),
                   encoding="utf-8")
    with pytest.raises(SourceError):
        c.cite_source(bad, "st-novak-sign", style="apa")
    with pytest.raises(RenderError, match="set TMPDIR to a writable folder"):
        c.cite_source(HARBOUR, "st-novak-sign", style="chicago-notes")


@pytest.mark.parametrize("style", ["bibtex", "csl-json"])
def test_a_format_the_entries_do_not_have_is_a_warning(style):
    """--format html with --style bibtex printed the entries as they are, silently (a user trial)."""
    with pytest.warns(KazanWarning, match=f"--style {style} prints its entries as they are"):
        out = c.cite(load(HARBOUR), "st-novak-sign", style=style, fmt="html")
    assert out == c.cite(load(HARBOUR), "st-novak-sign", style=style)


def _run_program(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``kazan-export ARGV…`` in this process (as the installed program does)."""
    from kazan_export import entry

    monkeypatch.setattr("sys.argv", ["kazan-export", *argv])
    with pytest.raises(SystemExit) as caught:
        entry.main()
    out, err = capsys.readouterr()
    return caught.value.code or 0, out, err


@pytest.mark.parametrize("style", ["chicago-notes", "mla"])
def test_the_program_starts_pandoc_before_its_command_line_and_cites_with_it(monkeypatch, tmp_path, capsys, style):
    """`kazan-export cite` starts pandoc before typer loads and cites with it: one pandoc, the
    citation that cite_source gives, nothing left behind."""
    started = _record_pandoc(monkeypatch, tmp_path)
    code, out, _ = _run_program(monkeypatch, capsys, "cite", "st-novak-sign", str(HARBOUR), "--style", style)
    assert code == 0
    assert out == c.cite_source(HARBOUR, "st-novak-sign", style=style) + "\n"
    first = started[0]
    assert first._sent and first._proc.wait(timeout=10) is not None
    assert len(started) == 2 and c._ahead is None  # the program's, then the comparison's
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("argv", [
    ("cite", "no-such-statement", str(HARBOUR), "--style", "apa"),
    ("cite", "st-novak-sign", str(HARBOUR), "--style", "apa", "--format", "pdf"),  # typer refuses the option
    ("cite", "st-novak-sign", str(HARBOUR), "--style", "bibtex", "--style", "mla", "--format", "pdf"),  # the last wins
])
def test_a_pandoc_started_ahead_and_not_needed_is_stopped(monkeypatch, tmp_path, capsys, argv):
    started = _record_pandoc(monkeypatch, tmp_path)
    code, out, err = _run_program(monkeypatch, capsys, *argv)
    assert code != 0, (code, err)
    assert started and all(d._proc.wait(timeout=10) is not None for d in started) and c._ahead is None
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("argv", [
    ("cite", "st-novak-sign", str(HARBOUR), "--style", "bibtex"),
    ("cite", "--style=csl-json", "st-novak-sign", str(HARBOUR)),
    ("cite", "st-novak-sign", str(HARBOUR), "--style", "apa", "--style", "bibtex"),  # the last wins
    ("cite", "st-novak-sign", str(HARBOUR), "--style", "no-such-style"),  # typer refuses the option
])
def test_no_pandoc_is_started_ahead_for_a_style_that_needs_none(monkeypatch, tmp_path, capsys, argv):
    """A command line that names a style pandoc does not format starts no pandoc: one started
    and killed unused costs its start and its locale's CPU while Python runs (on this 2-core
    machine at load 3, bibtex and csl-json took 60–90 ms longer with it)."""
    started = _record_pandoc(monkeypatch, tmp_path)
    code, out, err = _run_program(monkeypatch, capsys, *argv)
    assert (code == 0) == ("no-such-style" not in argv), (code, err)
    assert started == [] and c._ahead is None
    assert list((tmp_path / "tmp").iterdir()) == []
