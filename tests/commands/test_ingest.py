"""`kazan-export ingest`: the real CLI in a subprocess, the draft reopened, bad input refused."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from kazan_export.readers.source import check, load

from conftest import FIXTURES, SEED

INGEST = FIXTURES / "ingest"
EXPECTED = {
    "ferry-strike.txt": "ferry-strike.expected.txt",
    "harbour-deal.html": "harbour-deal.expected.txt",
    "council-vote.md": "council-vote.expected.txt",
}


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kazan_export", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def text_of(path: Path) -> list[str]:
    out = cli("text", path)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def validates(path: Path):
    article, problems = check(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert article is not None and not errors, errors
    return article


def test_kazan_seed_to_a_draft_that_validates_and_reads_back(tmp_path):
    draft = tmp_path / "kazan.yaml"
    out = cli("ingest", SEED, "-o", draft, "--language", "en")
    assert out.returncode == 0, out.stderr
    assert out.stderr.startswith(f"wrote {draft}: 63 paragraphs, 9 headings")
    assert "unknown: publisher, published, url" in out.stderr
    article = validates(draft)
    seed_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert text_of(draft) == seed_lines
    assert article.text_lines() == load().text_lines()
    assert article.metadata.publisher is None and article.metadata.published is None
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Ara", "Tadevosyan")]
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# Draft source made by `kazan-export ingest` from meeting-in-kazan.txt")
    assert "  publisher: unknown\n" in text and "  published: unknown\n" in text
    # the attribution engine ran: statements are proposed, each with its review record
    assert article.statements and all(s.review is not None and s.review.status == "proposed"
                                      for s in article.statements)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_readers_fixture_round_trips_through_text(tmp_path, name):
    draft = tmp_path / "draft.yaml"
    out = cli("ingest", INGEST / name, "-o", draft)
    assert out.returncode == 0, out.stderr
    validates(draft)
    assert text_of(draft) == (INGEST / EXPECTED[name]).read_text(encoding="utf-8").splitlines()


def test_docx_made_here_round_trips_through_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("Berths approved in Čelić", style="Title")
    document.add_paragraph("The harbour board approved the new berths on Monday, after two years of talks.")
    document.add_heading("Next steps", level=1)
    document.add_paragraph("“We will start building in May,” the board’s chair, Ivo Novak, said on Monday.")
    document.add_paragraph("By Leyla Əliyeva")
    buffer = io.BytesIO()
    document.save(buffer)
    source = tmp_path / "berths.docx"
    source.write_bytes(buffer.getvalue())
    out = cli("ingest", source, "-o", tmp_path / "berths.yaml")
    assert out.returncode == 0, out.stderr
    article = validates(tmp_path / "berths.yaml")
    assert text_of(tmp_path / "berths.yaml") == [
        "Berths approved in Čelić",
        "The harbour board approved the new berths on Monday, after two years of talks.",
        "Next steps",
        "“We will start building in May,” the board’s chair, Ivo Novak, said on Monday.",
        "By Leyla Əliyeva",
    ]
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Leyla", "Əliyeva")]


def test_default_output_is_the_id_in_the_current_folder_and_dash_is_stdout(tmp_path):
    out = cli("ingest", INGEST / "ferry-strike.txt", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    draft = tmp_path / "ferry-strike-crews-walk-out-in-port-vell.yaml"
    assert draft.is_file() and out.stdout == ""
    piped = cli("ingest", INGEST / "ferry-strike.txt", "-o", "-", cwd=tmp_path)
    assert piped.returncode == 0 and piped.stdout == draft.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [draft.name]


def test_an_existing_draft_is_refused_unless_force(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("my edits\n", encoding="utf-8")
    out = cli("ingest", INGEST / "ferry-strike.txt", "-o", draft)
    assert out.returncode == 1
    assert out.stderr == f"error: {draft}: exists already; pass --force to replace it, or choose another -o\n"
    assert draft.read_text(encoding="utf-8") == "my edits\n"
    forced = cli("ingest", INGEST / "ferry-strike.txt", "-o", draft, "--force")
    assert forced.returncode == 0, forced.stderr
    validates(draft)


def test_the_article_itself_is_never_overwritten(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes((INGEST / "ferry-strike.txt").read_bytes())
    out = cli("ingest", source, "-o", source, "--force")
    assert out.returncode == 1 and "is the article being ingested" in out.stderr
    assert source.read_bytes() == (INGEST / "ferry-strike.txt").read_bytes()


def test_options_give_what_the_text_does_not(tmp_path):
    draft = tmp_path / "d.yaml"
    out = cli("ingest", INGEST / "ferry-strike.txt", "-o", draft, "--title", "Ferries stop",
              "--author", "Marta Quintana", "--author", "Berg, Jonas", "--publisher", "Northern Ledger",
              "--published", "2024-08-05", "--url", "https://ledger.example.org/ferries",
              "--language", "en", "--id", "ferries-2024")
    assert out.returncode == 0, out.stderr
    article = validates(draft)
    m = article.metadata
    assert article.id == "ferries-2024"
    assert (m.title, m.publisher, m.published, m.url, m.language) == (
        "Ferries stop", "Northern Ledger", "2024-08-05", "https://ledger.example.org/ferries", "en")
    assert [(a.given, a.family) for a in m.authors] == [("Marta", "Quintana"), ("Jonas", "Berg")]
    # the text's own first line is kept: no text is lost to --title
    assert text_of(draft)[:2] == ["Ferries stop", "Ferry strike: crews walk out in Port Vell"]


def test_published_unknown_overrides_the_page(tmp_path):
    out = cli("ingest", INGEST / "harbour-deal.html", "-o", tmp_path / "d.yaml", "--published", "unknown")
    assert out.returncode == 0, out.stderr
    assert validates(tmp_path / "d.yaml").metadata.published is None


def _refused(out: subprocess.CompletedProcess, tmp_path: Path, *, code: int = 1) -> str:
    assert out.returncode == code, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".yaml", ".part")]
    return out.stderr.strip()


@pytest.mark.parametrize("content, suffix, message", [
    (b"", ".txt", ":1:1: is empty; give a file that holds the article's text"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", ".txt", ":1:1: is a binary file, not text"),
    (b"Title\n\nA line.\n\nCaf\xe9 au lait.\n", ".txt", ":5:4: is not UTF-8 text; re-save the file as UTF-8"),
    (b"<!DOCTYPE html><html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
     ".html", ":1:1: has no article text"),
    (b"PK\x03\x04broken", ".docx", ":1:1: is not a readable DOCX file"),
    (b"Only a title\n", ".txt", ":1:1: has no article text"),
])
def test_bad_input_is_one_line_exit_1_and_nothing_written(tmp_path, content, suffix, message):
    source = tmp_path / f"bad{suffix}"
    source.write_bytes(content)
    err = _refused(cli("ingest", source, "-o", tmp_path / "d.yaml"), tmp_path)
    assert err.startswith(str(source)) and message in err, err


def test_unreadable_paths(tmp_path):
    missing = tmp_path / "missing.txt"
    err = _refused(cli("ingest", missing, "-o", tmp_path / "d.yaml"), tmp_path)
    assert err == f"{missing}:1:1: no such file; give the path of the article to ingest"
    err = _refused(cli("ingest", tmp_path, "-o", tmp_path / "d.yaml"), tmp_path)
    assert "is a folder" in err
    err = _refused(cli("ingest", INGEST / "ferry-strike.txt", "-o", tmp_path / "no" / "d.yaml"), tmp_path)
    assert "does not exist" in err


@pytest.mark.parametrize("option, value, message", [
    ("--published", "5 March 2019", "--published"),
    ("--url", "ledger.example.org", "--url must be a web address"),
    ("--language", "English", "--language must be a BCP 47 tag"),
    ("--id", "-bad", "--id may hold"),
])
def test_bad_option_values_are_usage_errors(tmp_path, option, value, message):
    err = _refused(cli("ingest", INGEST / "ferry-strike.txt", "-o", tmp_path / "d.yaml", option, value),
                   tmp_path, code=2)
    assert message in err, err


def test_an_unknown_format_is_typers_usage_error(tmp_path):
    out = cli("ingest", INGEST / "ferry-strike.txt", "-o", tmp_path / "d.yaml", "--from", "pdf")
    assert out.returncode == 2 and "'pdf' is not one of 'text', 'html', 'docx', 'markdown'" in out.stderr
    assert "Traceback" not in out.stderr and not list(tmp_path.iterdir())


def test_ingest_says_what_to_do_next_and_the_command_it_gives_runs(tmp_path):
    """After "wrote …", one line: review the draft, then the validate command to paste (quoted
    for the shell: a name with a space is one argument)."""
    import shlex

    draft = tmp_path / "my draft.yaml"
    out = cli("ingest", INGEST / "ferry-strike.txt", "-o", draft, "--language", "en")
    assert out.returncode == 0, out.stderr
    wrote, step = out.stderr.splitlines()[-2:]
    assert wrote.startswith(f"wrote {draft}: ")
    assert step == ("next: review the draft (its first comment says what to check), then run: "
                    f"kazan-export validate {shlex.quote(str(draft))}")
    assert draft.read_text(encoding="utf-8").startswith("# Draft source made by `kazan-export ingest`")
    command = shlex.split(step.split("then run: ", 1)[1])
    assert command[:2] == ["kazan-export", "validate"] and command[2:] == [str(draft)]
    ran = cli(*command[1:])
    assert ran.returncode == 0 and ": ok — " in ran.stdout, ran.stderr
    to_stdout = cli("ingest", INGEST / "ferry-strike.txt", "-o", "-", "--language", "en")
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("# Draft source made by")
    assert to_stdout.stderr.splitlines()[-1] == (
        "next: save the draft to a file and review it (its first comment says what to check), "
        "then run: kazan-export validate FILE")


def test_from_forces_the_reader(tmp_path):
    out = cli("ingest", INGEST / "harbour-deal.html", "--from", "text", "-o", "-")
    assert out.returncode == 0, out.stderr
    assert "<!DOCTYPE html>" in out.stdout  # read as plain text, markup and all


def test_the_text_path_imports_no_heavy_library(tmp_path):
    code = ("import sys; from kazan_export.cli import main; "
            f"sys.argv = ['kazan-export', 'ingest', {str(SEED)!r}, '-o', {str(tmp_path / 'k.yaml')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('trafilatura', 'docx', 'reportlab', 'lxml', 'markdown_it') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_batch_writes_one_draft_per_article_and_reports_each_failure(tmp_path):
    out_dir = tmp_path / "drafts"
    out_dir.mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = cli("ingest", INGEST / "harbour-deal.html", INGEST / "council-vote.md", empty,
              INGEST / "harbour-deal.html", "-o", out_dir)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 5 and f"{empty}:1:1: is empty" in lines[2]
    assert lines[4] == ("next: review each draft (its first comment says what to check), "
                        "then run: kazan-export validate DRAFT on each")
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["council-vote-postponed.yaml", "harbour-deal-stalls-over-council-vote-2.yaml",
                     "harbour-deal-stalls-over-council-vote.yaml"]
    for name in names:
        validates(out_dir / name)
    assert validates(out_dir / names[1]).id == "harbour-deal-stalls-over-council-vote-2"


@pytest.mark.parametrize("extra, message", [
    (("--title", "One title"), "--title name(s) one article"),
    (("-o", "-"), "-o must be an existing folder"),
])
def test_a_batch_refuses_options_that_name_one_article(tmp_path, extra, message):
    out = cli("ingest", INGEST / "harbour-deal.html", INGEST / "council-vote.md", *extra, cwd=tmp_path)
    assert out.returncode == 2 and message in out.stderr and not list(tmp_path.iterdir())


def test_a_language_without_attribution_rules_gives_a_draft_without_proposals(tmp_path):
    draft = tmp_path / "fr.yaml"
    out = cli("ingest", INGEST / "ferry-strike.txt", "-o", draft, "--language", "fr")
    assert out.returncode == 0, out.stderr
    assert "warning: " in out.stderr and "no attribution rules for language 'fr'" in out.stderr
    article = validates(draft)
    assert article.metadata.language == "fr" and article.statements == ()
    assert text_of(draft) == (INGEST / "ferry-strike.expected.txt").read_text(encoding="utf-8").splitlines()


def test_a_permission_error_is_one_clear_problem(tmp_path, monkeypatch):
    from kazan_export.errors import SourceError
    from kazan_export.readers.draft import read_input

    source = tmp_path / "locked.txt"
    source.write_text("Title\n\nText.\n", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(SourceError) as info:
        read_input(source)
    assert str(info.value) == f"{source}:1:1: cannot read the file (Permission denied); check its permissions"


@pytest.mark.parametrize("content, suffix, message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", ".pdf", "is a PDF; ingest reads text, HTML, DOCX or Markdown"),
    (b"{\\rtf1\\ansi Hello}", ".rtf", "is an RTF document"),
    (b"schema: 1\nid: x\n", ".yaml", "is a YAML file: a source needs no ingest"),
])
def test_other_kinds_of_document_are_refused_with_what_to_do(tmp_path, content, suffix, message):
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / f"doc{suffix}"
    source.write_bytes(content)
    err = _refused(cli("ingest", source, "-o", tmp_path / "d.yaml"), tmp_path)
    assert err.startswith(f"{source}:1:1: {message}"), err


def test_an_author_without_a_family_name_is_a_usage_error(tmp_path):
    err = _refused(cli("ingest", INGEST / "ferry-strike.txt", "-o", tmp_path / "d.yaml", "--author", ", Jonas"),
                   tmp_path, code=2)
    assert "--author ', Jonas' has no family name" in err


def test_names_in_other_scripts_get_transliterated_ids_and_keys_in_ingest_and_suggest(tmp_path):
    """Хасан Абдуллаев was `speaker` keyed `anon…`, Հայկ Սարգսյան `speaker-2` keyed `anon`
    (found in a user trial): ids and keys are transliterated from the name, as Better BibTeX does,
    and the later romanised "Abdullaev" is the same person."""
    draft = tmp_path / "draft.yaml"
    out = cli("ingest", INGEST / "non-latin-names.txt", "-o", draft)
    assert out.returncode == 0, out.stderr
    article = validates(draft)
    people = {e.id: e.name for e in article.entities}
    assert people == {"abdullaev": "Хасан Абдуллаев", "sargsyan": "Հայկ Սարգսյան"}
    assert [(s.speakers, s.key) for s in article.statements] == [
        (("abdullaev",), "abdullaevFortyeightHoursLifetime"),
        (("sargsyan",), "sargsyanZhamanakySparrvowmE"),
        (("abdullaev",), "abdullaevManyDriversNow"),
    ]
    assert all(s.id.startswith(f"st-{s.speakers[0]}-") for s in article.statements)
    # `suggest` proposes the same keys for statements that have none
    keyless = tmp_path / "keyless.yaml"
    keyless.write_text("".join(line for line in draft.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("    key: ")), encoding="utf-8")
    out = cli("suggest", keyless)
    assert out.returncode == 0, out.stderr
    proposed = [line.split(": ", 1)[1] for line in out.stdout.splitlines() if line.startswith("  key: ")]
    assert proposed == [s.key for s in article.statements]
    assert "anon" not in out.stdout


def test_a_dateline_under_the_title_dates_the_article_and_its_weekdays(tmp_path):
    """"Baku, Friday, March 14, 2025" under the title was the heading `h-baku-friday-march-14-2025`
    and the weekdays were dated from it as a running anchor (found in a user trial): it is the
    article's dateline, a line above the text (``front``) that gives the article's date."""
    draft = tmp_path / "d.yaml"
    out = cli("ingest", INGEST / "dateline-place.txt", "-o", draft)
    assert out.returncode == 0, out.stderr
    article = validates(draft)
    assert article.metadata.published == "2025-03-14"
    assert [s.heading for s in article.sections] == [None]
    assert [p.text for p in article.front] == ["Baku, Friday, March 14, 2025"]
    assert article.paragraphs["p01"].text.startswith("Talks ended on Thursday")
    assert [(s.speakers[0], s.date) for s in article.statements] == [
        ("memmedov", "2025-03-13"),  # "Talks ended on Thursday": the Thursday before Friday 14 March
        ("european-union", "2025-03-12"),  # "said in a statement on Wednesday"
    ]
    # what the user gives wins over the dateline
    out = cli("ingest", INGEST / "dateline-place.txt", "-o", draft, "--force", "--published", "unknown")
    assert out.returncode == 0, out.stderr
    assert validates(draft).metadata.published is None
