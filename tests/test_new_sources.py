"""The whole chain on made-up sources unlike Kazan and the harbour fixture (#15).

``wiatraki-pl`` is Polish, has no headings at all and many anonymous sources; ``fener-tr`` is
Turkish, has one speaker only and writes years as YAML numbers; ``ferry-strike`` is the example
of docs/writing-a-source.md. Each is validated (no warning), built into every output with the
command line, and the outputs are read back as users' tools read them: python-docx and
LibreOffice for the DOCX, pdftotext for the PDFs, bibtexparser, bibtex and biber for the .bib
files, json for CSL-JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, need_tool

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "ferry-strike.yaml"
SOURCES = {"wiatraki-pl": FIXTURES / "wiatraki-pl.yaml", "fener-tr": FIXTURES / "fener-tr.yaml",
           "ferry-strike": EXAMPLE}
# Words of the bundled article that must never leak into another article's outputs.
KAZAN_WORDING = ("Kazan", "Karabakh", "Mediamax", "Modern History", "Tadevosyan", "Armenia",
                 "Azerbaijan", "Lavrov", "Sargsyan", "Aliyev", "Medvedev", "Minsk")
TIMEOUT = 300


def cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    """Return the finished ``kazan-export ARGS`` (reproducible: SOURCE_DATE_EPOCH is set)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-m", "kazan_export", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, f"kazan-export {' '.join(map(str, args))}:\n{proc.stderr}"
    return proc


def source_data(name: str) -> dict:
    return yaml.safe_load(SOURCES[name].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return, per source, the folder holding every output of it (build, pdf --full)."""
    folders = {}
    for name, path in SOURCES.items():
        out = tmp_path_factory.mktemp(name)
        cli("build", path, "--out", out, "--jobs", "1")
        cli("pdf", path, "--full", "-o", out / f"{name}-full.pdf")
        folders[name] = out
    return folders


def _values(data: object) -> list:
    """Return every value of a JSON document (field names are the format's, not the article's)."""
    if isinstance(data, dict):
        return [v for x in data.values() for v in _values(x)]
    if isinstance(data, list):
        return [v for x in data for v in _values(x)]
    return [data]


def pdf_text(path: Path) -> str:
    result = subprocess.run([need_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True,
                            text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", SOURCES)
def test_validates_without_a_warning(name):
    proc = cli("validate", SOURCES[name])
    assert "ok —" in proc.stdout
    assert proc.stderr == "", proc.stderr  # not even a warning: none/unknown are recorded


def test_the_sources_differ_in_shape_from_kazan_and_the_harbour_fixture():
    pl, tr = source_data("wiatraki-pl"), source_data("fener-tr")
    assert all(section["heading"] is None for section in pl["body"])  # no headings at all
    assert sum(p["kind"] == "anonymous" for p in pl["people"]) >= 5
    assert pl["metadata"]["language"] == "pl" and tr["metadata"]["language"] == "tr"
    assert len(tr["people"]) == 1 and {s["speakers"][0] for s in tr["statements"]} == {"aydinoglu"}
    assert any(isinstance(s["date"], int) for s in tr["statements"])  # date: 2024, a YAML number


@pytest.mark.parametrize("name", SOURCES)
def test_every_output_renders_and_reads_back(built, name):
    import bibtexparser
    from docx import Document

    out, data = built[name], source_data(name)
    keys = [s["key"] for s in data["statements"]]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest, "no manifest"
    # DOCX: reopened, every paragraph of the article in it, one footnote per statement
    doc = Document(str(out / f"{name}.docx"))
    handout = "\n".join(p.text for p in doc.paragraphs)
    for section in data["body"]:
        for paragraph in section["paragraphs"]:
            assert paragraph["text"] in handout, paragraph["id"]
    footnotes = [p for p in doc.part.package.parts if p.partname.endswith("footnotes.xml")]
    assert footnotes and all(k.encode() in footnotes[0].blob for k in keys)
    # PDF: the brief and the full text, text extracted
    full = pdf_text(out / f"{name}-full.pdf")
    brief = pdf_text(out / f"{name}-briefing.pdf")
    assert data["metadata"]["title"].split(":")[0] in " ".join(full.split())
    for key in keys:
        assert key in full.replace("\n", ""), key
    assert brief.strip()
    # .bib parsed back: the article's entry and one per statement, in both dialects
    for bib in (f"{name}.bib", f"{name}-biblatex.bib"):
        library = bibtexparser.parse_string((out / bib).read_text(encoding="utf-8"))
        assert not library.failed_blocks, bib
        assert [e.key for e in library.entries][1:] == keys, bib
    csl = json.loads((out / f"{name}.csl.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in csl][1:] == keys
    # nothing of the bundled article leaks in
    texts = {"docx": handout, "full": full, "brief": brief, "csl": json.dumps(_values(csl), ensure_ascii=False),
             **{f.name: f.read_text(encoding="utf-8") for f in out.iterdir() if f.suffix == ".bib"}}
    for where, text in texts.items():
        text = text.replace("kazan-export", "")  # the tool's own name is not the article's
        leaked = [w for w in KAZAN_WORDING if w.casefold() in text.casefold()]
        assert not leaked, f"{name} {where}: {leaked}"


@pytest.mark.parametrize("name", SOURCES)
def test_bibtex_and_biber_read_the_bibliographies_cleanly(built, name, tmp_path):
    out = built[name]
    (tmp_path / "refs.bib").write_text((out / f"{name}.bib").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="utf-8")
    proc = subprocess.run([need_tool("bibtex"), "doc"], cwd=tmp_path, capture_output=True, text=True,
                          errors="replace", timeout=TIMEOUT)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0 and "Warning" not in log and "error" not in log, log
    entries = len(source_data(name)["statements"]) + 1
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace").count("\\bibitem") == entries
    proc = subprocess.run([need_tool("biber"), "--tool", "--validate-datamodel", "--output-file=out.bib",
                           str(out / f"{name}-biblatex.bib")], cwd=tmp_path, capture_output=True, text=True,
                          errors="replace", timeout=TIMEOUT)
    printed = proc.stdout + proc.stderr
    assert proc.returncode == 0, printed
    # the warnings allowed (#12): an undated entry has no date, so that styles print "n.d.";
    # a statement made at an event is an untitled @unpublished (point 9): no title, and no
    # author when no speaker can be named
    bib = (out / f"{name}-biblatex.bib").read_text(encoding="utf-8")
    untitled = {k for k, body in re.findall(r"^@unpublished\{([^,]+),\n(.*?)^\}", bib, re.M | re.S)
                if "\n  title = " not in body}
    authorless = {k for k, body in re.findall(r"^@unpublished\{([^,]+),\n(.*?)^\}", bib, re.M | re.S)
                  if "\n  author = " not in body}
    # and an undated entry's year = {n.d.} (biblatex-chicago prints "n.d." from year only) is no integer
    no_date = set(re.findall(r"^@\w+\{([^,]+),\n(?:(?!^\}).)*?^  year = \{n\.d\.\},", bib, re.M | re.S))
    problems = []
    for line in re.findall(r"^.*\b(?:WARN|ERROR|FATAL)\b.*$", printed, re.M):
        key = re.search(r"Entry '([^']+)'", line) or re.search(r"in entry '([^']+)'", line)
        if "WARNINGS:" in line:
            continue
        if key and key[1] in no_date and ("Invalid value of field 'year' must be datatype 'datepart'" in line
                                          or "legacy year field 'n.d.'" in line):
            continue
        if key and ("Missing mandatory field 'title'" in line and key[1] in untitled
                    or "Missing mandatory field 'author'" in line and key[1] in authorless):
            continue
        problems.append(line)
    assert not problems, printed


def _key_pieces(key: str) -> set[int]:
    """Return the offsets in ``key`` where a line may break: changes of case or letters/digits."""
    return {m.start() for m in re.finditer(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])", key)}


def test_libreoffice_breaks_table_keys_only_at_case_changes(built, tmp_path):
    """Every DOCX converted by LibreOffice: a key split over lines splits at a change of case,
    and a timeline row never has a lone comma on a line."""
    soffice, docs = need_tool("soffice"), [built[n] / f"{n}.docx" for n in SOURCES]
    kazan = tmp_path / "kazan.docx"
    cli("docx", "-o", kazan)
    docs.append(kazan)
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docs)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    for path in docs:
        text = pdf_text(tmp_path / f"{path.stem}.pdf").replace("\u200b", "")
        lines = [line.strip() for line in text.splitlines()]
        assert "," not in lines, f"{path.name}: a lone comma on a line"
        keys = re.findall(r"Key: (\S+)", text.replace("\n", " "))  # from the footnotes
        if path.stem == "kazan":
            keys = [k for k in json.loads(cli("quotes", "--format", "json").stdout) for k in [k["key"]]]
        else:
            keys = [s["key"] for s in source_data(path.stem)["statements"]]
        words = [line.split() for line in lines if line.split()]
        for before, after in zip(words, words[1:]):  # a key cut at a line end goes on on the next
            head, joined = before[-1], before[-1] + after[0]
            for key in keys:
                if len(head) < len(key) and key.startswith(head) and (key.startswith(joined) or joined.startswith(key)):
                    assert len(head) in _key_pieces(key), f"{path.name}: {key} broken as {head!r}/{after[0]!r}"
        assert any(key in text.replace("\n", "") for key in keys)


def test_the_walk_through_embeds_the_example_verbatim():
    page = (ROOT / "docs" / "writing-a-source.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", page, re.S)
    assert EXAMPLE.read_text(encoding="utf-8") in blocks
    for step in ("paragraphs", "people", "statements", "dates", "briefing"):  # the order of work
        assert step in page.casefold()
    order = [page.casefold().index(f"**{w}") for w in ("paragraphs", "people", "statements", "dates", "timeline and briefing")]
    assert order == sorted(order)


def test_a_recorded_none_or_unknown_is_never_printed_as_a_value(built):
    out = built["wiatraki-pl"]  # series: none, rights: unknown
    csl = json.loads((out / "wiatraki-pl.csl.json").read_text(encoding="utf-8"))
    assert "collection-title" not in csl[0]
    for bib in ("wiatraki-pl.bib", "wiatraki-pl-biblatex.bib"):
        text = (out / bib).read_text(encoding="utf-8")
        assert "series" not in text and "{none}" not in text and "{unknown}" not in text
    full = pdf_text(out / "wiatraki-pl-full.pdf")
    brief = pdf_text(out / "wiatraki-pl-briefing.pdf")
    from docx import Document

    handout = "\n".join(p.text for p in Document(str(out / "wiatraki-pl.docx")).paragraphs)
    for text in (full, brief, handout):
        assert not re.search(r"«none»|«unknown»|\bnone\b ·|· none\b|^unknown$", text, re.M)
        assert "Rights and credits" not in text  # rights: unknown, no credits


def test_closing_lines_stand_at_the_end_of_the_article_not_under_credits(built):
    full = pdf_text(built["ferry-strike"] / "ferry-strike-full.pdf")
    closing = "This article is fictional, written as an example for kazan-export."
    assert closing in full and "Credits" not in full.split(closing)[0].splitlines()[-3:]
    assert full.index("Bring one and we will sit down") < full.index(closing) < full.index("Notes")
    tr = pdf_text(built["fener-tr"] / "fener-tr-full.pdf")
    notice, rights = "Bu söyleşi kurgusaldır", "© Kurgu Gazetesi. Tüm hakları saklıdır."
    assert tr.index(notice) < tr.index("Rights and credits") < tr.index(rights) < tr.index("Notes")


def test_a_heading_that_repeats_a_statement_links_to_it(built):
    from docx import Document

    full = pdf_text(built["fener-tr"] / "fener-tr-full.pdf")
    assert "“Deniz her gün başka”1\n" in full  # the heading carries the statement's note number
    brief = pdf_text(built["fener-tr"] / "fener-tr-briefing.pdf")
    assert "repeated in the heading “Deniz her gün başka”" in " ".join(brief.split())
    doc = Document(str(built["fener-tr"] / "fener-tr.docx"))
    footnotes = next(p for p in doc.part.package.parts if p.partname.endswith("footnotes.xml")).blob.decode()
    assert "The heading “Deniz her gün başka” repeats these words." in footnotes
    assert footnotes.count("repeats these words") == 1


def test_quotes_shows_a_quotation_over_two_paragraphs_as_printed():
    table = cli("quotes", SOURCES["wiatraki-pl"], "--speaker", "Stowarzyszenie").stdout
    assert "“Przeczytaliśmy cały raport środowiskowy, strona po stronie.\n" in table  # open, no close
    assert "    Nikt nie pytał o ptaki ani o nietoperze”\n" in table  # no opening, then the close
    table = cli("quotes", SOURCES["fener-tr"], "--contains", "Elektrik").stdout
    assert "    “Elektrik geldiğinde çok sevindim.\n    “Ama lambanın sesini özledim." in table


def _strip(data: dict, ids: tuple[str, ...], fields: tuple[str, ...]) -> str:
    for st in data["statements"]:
        if st["id"] in ids:
            for f in fields:
                st.pop(f, None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_suggest_proposes_what_pasted_back_validates(tmp_path):
    """Statements without id, key or anchor: the proposals, pasted over them, validate, and
    the keys are the ones the example stores (the function made them)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    original = {s["text"]: dict(s) for s in data["statements"]}
    _strip(data, ("st-brek-roster", "st-varga-proposal"), ("key", "anchor"))
    _strip(data, ("st-deckhand-unworkable",), ("id", "key", "anchor"))
    data["briefing"]["outcome"][0]["statements"].remove("st-deckhand-unworkable")  # its id is gone
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli("validate", path, check=False).returncode == 1
    proc = cli("suggest", path)
    proposals = yaml.safe_load(proc.stdout)
    assert len(proposals) == 3
    assert re.findall(r"^# .*statements\[(\d+)\]", proc.stdout, re.M) == ["1", "3", "4"]
    for p in proposals:
        assert p["key"] == original[p["text"]]["key"]
        assert p["anchor"]["paragraphs"] == original[p["text"]]["anchor"]["paragraphs"]
        assert p["id"].startswith("st-" + p["speakers"][0] + "-")
    unworkable = next(p for p in proposals if p["text"] == "unworkable")
    assert unworkable["anchor"].get("prefix") or unworkable["anchor"].get("suffix")  # it stands twice
    by_text = {p["text"]: p for p in proposals}
    data["statements"] = [by_text.get(s["text"], s) for s in data["statements"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli("validate", path).returncode == 0
    assert cli("suggest", path).stdout.startswith("# every statement has")


def test_suggest_for_a_new_statement_given_on_the_command_line():
    proc = cli("suggest", SOURCES["wiatraki-pl"], "--text", "głosowanie przesunięto", "--speaker", "radna",
               "--kind", "reported")
    [proposal] = yaml.safe_load(proc.stdout)
    assert proposal["anchor"] == {"paragraphs": ["p04"]} and proposal["kind"] == "reported"
    assert proposal["key"] == "radnaGlosowaniePrzesunieto" and proposal["date"] == "unknown"
    proc = cli("suggest", SOURCES["wiatraki-pl"], "--text", "Zobaczymy", "--speaker", "urzednik")
    [proposal] = yaml.safe_load(proc.stdout)
    assert proposal["key"] == "urzednikZobaczymya"  # taken by the statement already there
    assert proposal["anchor"]["paragraphs"] == ["p09"] and "suffix" in proposal["anchor"]
    missing = cli("suggest", SOURCES["wiatraki-pl"], "--text", "nie ma tego", "--speaker", "radna", check=False)
    assert missing.returncode == 1 and "not found in any paragraph" in missing.stdout
    unknown = cli("suggest", SOURCES["wiatraki-pl"], "--text", "x", "--speaker", "radny", check=False)
    assert unknown.returncode == 1 and "did you mean 'radna'" in unknown.stderr
    assert "Traceback" not in unknown.stderr and len(unknown.stderr.splitlines()) == 1


# --- the source format's rules of #15, on small variations of the example -------------------

def _check(tmp_path: Path, text: str) -> list[str]:
    """Return the problems ``validate`` prints for the example changed to ``text``."""
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return cli("validate", path, check=False).stderr.splitlines()


def _example(*replacements: tuple[str, str]) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("name", SOURCES)
def test_stored_keys_are_the_ones_the_function_proposes(name):
    """docs, docstrings and fixtures agree with citations.suggest_key (auth + shorttitle + year)."""
    from kazan_export import citations
    from kazan_export.readers.source import load

    article, taken = load(SOURCES[name]), set()
    for st in article.statements:
        assert citations.suggest_key(article, st, taken) == st.key
        taken.add(st.key)


def test_the_harbour_fixture_and_the_docs_use_the_functions_key_shape():
    from kazan_export import citations
    from kazan_export.readers.source import load

    harbour = load(FIXTURES / "harbour-talks.yaml")
    assert [s.key for s in harbour.statements] == [citations.suggest_key(harbour, s) for s in harbour.statements]
    assert "lavrovAnotherMeetingSet2018" in (ROOT / "docs" / "citations.md").read_text(encoding="utf-8")
    assert "lavrovAnotherMeetingSet2018" in citations.suggest_key.__doc__
    assert "lavrov2018" not in (ROOT / "docs" / "citations.md").read_text(encoding="utf-8")


def test_none_and_unknown_silence_the_recommended_field_warnings(tmp_path):
    missing = _check(tmp_path, _example(("  series: none ", "  # series"), ("  rights: unknown ", "  # rights"),
                                        ("  keywords: [ferries, strikes]\n", "")))
    assert [m.split("warning: ")[1].split(";")[0] for m in missing] == [
        "metadata has no 'keywords'", "metadata has no 'rights'", "metadata has no 'series'"]
    assert "write 'series: none' (the article has none) or 'series: unknown'" in missing[-1]
    recorded = _check(tmp_path, _example(("  keywords: [ferries, strikes]", "  keywords: unknown"),
                                         ("  coverage: 2022-08/2022-09", "  coverage: none")))
    assert recorded == []
    wrong = _check(tmp_path, _example(("  keywords: [ferries, strikes]", "  keywords: ferries, strikes")))
    assert len(wrong) == 1 and "metadata.keywords must be a list, or one of: none, unknown" in wrong[0]


def test_a_yaml_number_is_a_year_in_every_date_field(tmp_path):
    as_number = _check(tmp_path, _example(("    date: 2022-09-02\n", "    date: 2022\n"),
                                          ("  published: 2022-09-03", "  published: 2022"),
                                          ("    date: 2022-08\n", "    date: 2021\n")))
    assert as_number == []
    cli("validate", tmp_path / "variant.yaml")
    listed = json.loads(cli("quotes", tmp_path / "variant.yaml", "--format", "json").stdout)
    assert listed[0]["date"] == "2022"  # the year, as text, like date: "2022"
    bad = _check(tmp_path, _example(("    date: 2022-09-02\n", "    date: 20222\n")))
    assert bad and all("invalid date: '20222' is not a supported EDTF date" in line for line in bad)


def test_a_direct_statement_with_its_own_quotation_marks_is_refused(tmp_path):
    found = _check(tmp_path, _example(('text: "We are not going back until the roster changes,"',
                                       'text: "“We are not going back until the roster changes,”"')))
    assert len(found) == 1 and "starts with “ and ends with ”" in found[0]
    assert "belong to the paragraph, not to the statement" in found[0]
    # a quotation that opens with a quotation of its own keeps that inner mark
    nested = _check(tmp_path, _example(
        ('“We are not going back until the roster changes,” said', '“‘Not going back’ is our answer,” said'),
        ('text: "We are not going back until the roster changes,"', 'text: "‘Not going back’ is our answer,"'),
        ("key: brekGoingBackRoster2022", "key: brekNotGoingBack2022")))
    assert nested == []


def test_text_not_found_shows_the_closest_passage_on_one_line(tmp_path):
    found = _check(tmp_path, _example(('text: "it had offered talks twice in August"',
                                       'text: "it had ofered talks twice in August"')))
    assert len(found) == 1
    assert "closest: “it had offered talks twice in August”" in found[0]
    assert "(the paragraph has “offered” where the text has “ofered”)" in found[0]
    multi = _check(tmp_path, _example(("We hear the crews. We do not hear a proposal.\\n“Bring one",
                                       "We hear the crew. We do not hear a proposal.\\n“Bring one")))
    assert len(multi) == 1 and "“crews” where the text has “crew”" in multi[0]


def test_timeline_keys_stand_one_a_line_and_table_keys_break_at_case_changes(built):
    from docx import Document

    doc = Document(str(built["fener-tr"] / "fener-tr.docx"))
    statements, timeline = doc.tables
    cell = next(r.cells[2] for r in timeline.rows if "Söyleşi" in r.cells[1].text)
    assert cell.text.replace("\u200b", "") == "aydinogluDenizGunBaska2024\naydinogluBelkiKimseBelki2024"
    assert "," not in cell.text  # no ", " that could leave a lone comma on a line
    assert statements.rows[1].cells[3].text == "aydinoglu\u200bDeniz\u200bGun\u200bBaska\u200b2024"
