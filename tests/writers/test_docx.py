"""The Word handout: reopened with python-docx and as raw package XML, and converted by LibreOffice."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from kazan_export.cli import app
from kazan_export.errors import KazanWarning, RenderError, TemplateError
from kazan_export.query import Selection, select
from kazan_export.writers.docx import render_docx
from kazan_export.writers.docx.package import STYLES, reference_path

from conftest import FIXTURES, need_tool

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
GOLDEN = Path(__file__).parent.parent / "golden" / "harbour-document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CLOSERS = "”’»›\"'.,;:!?…"


def render(article, **kw) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return render_docx(article, **kw)


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def footnotes(data: bytes) -> dict[str, str]:
    """Return the real footnotes' text by id (separators left out)."""
    root = part(data, "word/footnotes.xml")
    return {n.get(f"{{{W}}}id"): "".join(n.itertext()) for n in root.findall("w:footnote", NS)
            if n.get(f"{{{W}}}type") is None}


def text_before_refs(data: bytes) -> dict[str, str]:
    """Return, per footnote reference id, the text of its paragraph before the reference."""
    out = {}
    for p in part(data, "word/document.xml").iter(f"{{{W}}}p"):
        text = ""
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}footnoteReference"):
            if node.tag == f"{{{W}}}t":
                text += node.text or ""
            else:
                out[node.get(f"{{{W}}}id")] = text
    return out


@pytest.fixture(scope="module")
def harbour_docx(harbour) -> bytes:
    return render(harbour)


@pytest.fixture(scope="module")
def kazan_docx(kazan) -> bytes:
    return render(kazan)


def test_footnotes_part_is_a_real_word_footnotes_part(harbour_docx):
    package = zipfile.ZipFile(io.BytesIO(harbour_docx))
    types = part(harbour_docx, "[Content_Types].xml")
    override = [o for o in types if o.get("PartName") == "/word/footnotes.xml"]
    assert override and override[0].get("ContentType").endswith("wordprocessingml.footnotes+xml")
    rels = part(harbour_docx, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in rels if r.get("Type").endswith("/footnotes")] == ["footnotes.xml"]
    root = part(harbour_docx, "word/footnotes.xml")
    special = {n.get(f"{{{W}}}id"): n.get(f"{{{W}}}type") for n in root if n.get(f"{{{W}}}type")}
    assert special == {"-1": "separator", "0": "continuationSeparator"}
    settings = part(harbour_docx, "word/settings.xml")
    assert [f.get(f"{{{W}}}id") for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]
    assert "word/footnotes.xml" in package.namelist()


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_one_footnote_per_statement_and_every_reference_resolves(which, request):
    article, data = request.getfixturevalue(which), request.getfixturevalue(f"{which}_docx")
    notes = footnotes(data)
    refs = [r.get(f"{{{W}}}id") for r in part(data, "word/document.xml").iter(f"{{{W}}}footnoteReference")]
    assert len(notes) == len(refs) == len(article.statements)
    assert sorted(refs, key=int) == refs == [str(n) for n in range(1, len(refs) + 1)]
    assert set(refs) == set(notes)
    for st in article.statements:  # each statement's key is in exactly one footnote
        assert sum(st.key in text for text in notes.values()) >= 1


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_every_statement_text_appears_exactly(which, request):
    article, data = request.getfixturevalue(which), request.getfixturevalue(f"{which}_docx")
    joined = "\n".join(body_texts(data))
    for st in article.statements:
        assert st.text in joined, st.id
    for paragraph in article.paragraphs.values():
        assert paragraph.text in body_texts(data)


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_each_reference_stands_right_after_its_statement(which, request):
    article, data = request.getfixturevalue(which), request.getfixturevalue(f"{which}_docx")
    before, notes = text_before_refs(data), footnotes(data)
    for st in article.statements:
        fid = next(fid for fid, text in notes.items() if text.endswith(f"Key: {st.key}"))
        last = st.text.split("\n")[-1]
        assert re.search(re.escape(last) + f"[{re.escape(CLOSERS)}]*$", before[fid]), st.id


def test_reference_stands_after_the_closing_quote(harbour, harbour_docx):
    before = text_before_refs(harbour_docx)
    notes = footnotes(harbour_docx)
    assert before[_fid(notes, "novakSignHarbourAgreement2019")].endswith("before summer.”")
    assert before[_fid(notes, "memmedovaNothingAgreedEverything2019")].endswith("decides,”")  # once, at the end
    assert before[_fid(notes, "memmedovaCityWaitCouncils2019")].endswith("council's vote.")


def _fid(notes, key):
    return next(fid for fid, text in notes.items() if key in text)


def test_footnote_says_who_what_role_occasion_date_outlet_and_key(harbour_docx):
    notes = footnotes(harbour_docx)
    novak = notes[_fid(notes, "novakSignHarbourAgreement2019")]
    assert novak.startswith("Quoted:") or "Quoted:" in novak
    for part_ in ("Ivo Novak", "Mayor of Čelić", "Press briefing", "4 March 2019"):
        assert part_ in novak
    official = notes[_fid(notes, "officialAlmostDone2019")]
    assert "about March 2019" in official and "Ledger Daily" in official
    assert "date not stated" in notes[_fid(notes, "portauthorityConstructiveFrank")]
    assert "Reported:" in notes[_fid(notes, "memmedovaCityWaitCouncils2019")]
    assert "Quoted:" not in notes[_fid(notes, "memmedovaCityWaitCouncils2019")]


def test_headings_use_built_in_heading_styles_and_body_named_styles(harbour, harbour_docx):
    paragraphs = docx.Document(io.BytesIO(harbour_docx)).paragraphs
    style = {p.text: p.style for p in paragraphs}
    for section in harbour.sections:
        if section.heading:
            assert style[section.heading.text].style_id == "Heading1"
            assert style[section.heading.text].name == "Heading 1"
        for p in section.paragraphs:
            assert style[p.text].name == "Body Text"
    assert style[harbour.metadata.title].name == "Title"
    assert style[harbour.byline[0].text].name == "Byline"
    for name in ("Key statements", "Timeline", "How to cite"):
        assert style[name].name == "Heading 1"


def test_title_block_says_plainly_what_is_unknown(kazan_docx, kazan):
    texts = body_texts(kazan_docx)
    head = "\n".join(texts[:10])
    assert "Publication date not stated" in head and "URL not stated" in head
    assert "Ara Tadevosyan" in head and "Modern History" in head and "Mediamax" in head
    assert kazan.metadata.rights in texts
    assert all(text in texts for _, text in kazan.metadata.credits)
    assert "tadevosyanMeetingKazanHopes" in texts[texts.index("How to cite") + 1]  # as bib/csl name it
    cite = texts[texts.index("How to cite") + 2]
    assert "n.d." in cite and "Tadevosyan" in cite and kazan.metadata.title in cite
    assert {f"\\cite{{{kazan.statements[0].key}}}", f"[@{kazan.statements[0].key}]"} <= set(texts)


def test_article_without_statements_or_timeline_still_renders(harbour):
    data = render(dataclasses.replace(harbour, statements=(), timeline=()))
    texts = body_texts(data)
    assert "The article attributes no statements." in texts and "Timeline" not in texts
    assert footnotes(data) == {}
    assert any(t.startswith("Əliyeva, Leyla and Anna Petrosyan. “Harbour talks: a deal in Čelić?” ") for t in texts)


def test_tables_list_statements_and_timeline(kazan, kazan_docx):
    document = docx.Document(io.BytesIO(kazan_docx))
    statements, timeline = document.tables
    assert [c.text for c in statements.rows[0].cells] == ["Speaker", "Date", "Statement", "Key"]
    # keys may break only at a change of case (#15): a zero width space marks each place
    assert [r.cells[3].text.replace("\u200b", "") for r in statements.rows[1:]] == [s.key for s in kazan.statements]
    for r, s in zip(statements.rows[1:], kazan.statements):
        assert all(re.match(r"[a-z][A-Z0-9]|[0-9][A-Za-z]", a[-1:] + b[:1]) for a, b in zip(
            r.cells[3].text.split("\u200b"), r.cells[3].text.split("\u200b")[1:])), r.cells[3].text
    assert len(timeline.rows) == len(kazan.timeline) + 1
    assert statements.style.name == "Kazan Table"
    header = statements.rows[0]._tr.find("w:trPr/w:tblHeader", NS)
    assert header is not None
    assert all(row._tr.find("w:trPr/w:cantSplit", NS) is not None for row in statements.rows)


def test_footer_has_real_page_fields_and_header_the_series(harbour_docx):
    package = zipfile.ZipFile(io.BytesIO(harbour_docx))
    footer_name = next(n for n in package.namelist() if n.startswith("word/footer"))
    footer = part(harbour_docx, footer_name)
    instructions = [t.text.strip() for t in footer.iter(f"{{{W}}}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [f.get(f"{{{W}}}fldCharType") for f in footer.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2
    header = part(harbour_docx, next(n for n in package.namelist() if n.startswith("word/header")))
    assert "Coastal Affairs" in "".join(header.itertext())


def test_core_properties(harbour, harbour_docx):
    props = docx.Document(io.BytesIO(harbour_docx)).core_properties
    assert props.title == harbour.metadata.title
    assert props.author == "Leyla Əliyeva; Anna Petrosyan"
    assert "Coastal Affairs" in props.subject
    assert props.keywords == "ports, negotiations"
    assert props.language == "en"
    assert props.created == props.modified == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)


def test_without_source_date_epoch_the_date_is_now(harbour, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    start = datetime.now(timezone.utc).replace(microsecond=0)
    props = docx.Document(io.BytesIO(render_docx(harbour))).core_properties
    assert props.modified >= start and props.modified.year >= 2024


def test_reproducible_with_source_date_epoch(harbour, harbour_docx):
    assert render(harbour) == harbour_docx
    infos = zipfile.ZipFile(io.BytesIO(harbour_docx)).infolist()
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert infos[0].filename == "[Content_Types].xml"


def test_reproducible_across_processes_and_hash_seeds(harbour_docx, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"h{seed}.docx"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kazan_export", "docx", str(FIXTURES / "harbour-talks.yaml"),
                        "-o", str(out)], check=True, capture_output=True, env=env)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == harbour_docx


def test_markup_like_text_is_written_as_text(harbour):
    st = harbour.statement["st-port-frank"]
    odd = dataclasses.replace(st, occasion="A <w:t>]]> & <![CDATA[x]]> briefing")
    article = dataclasses.replace(harbour, statements=tuple(odd if s is st else s for s in harbour.statements))
    data = render(article)
    assert "S&P 500 <b>bonus</b>" in "\n".join(body_texts(data))
    raw = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "S&amp;P 500 &lt;b&gt;bonus&lt;/b&gt;" in raw
    assert any("A <w:t>]]> & <![CDATA[x]]> briefing" in t for t in footnotes(data).values())


def test_control_character_is_a_render_error_naming_the_statement(harbour):
    st = harbour.statement["st-novak-sign"]
    bad = dataclasses.replace(st, occasion="Press\x07briefing")
    article = dataclasses.replace(harbour, statements=tuple(bad if s is st else s for s in harbour.statements))
    with pytest.raises(RenderError, match=r"statement 'st-novak-sign'.*U\+0007"):
        render(article)


def test_control_character_in_a_paragraph_names_the_paragraph(harbour):
    sections = list(harbour.sections)
    lead = sections[0]
    p1 = dataclasses.replace(lead.paragraphs[0], text=lead.paragraphs[0].text + "\x0c")
    sections[0] = dataclasses.replace(lead, paragraphs=(p1,))
    with pytest.raises(RenderError, match=r"paragraph 'p1'.*U\+000C"):
        render(dataclasses.replace(harbour, sections=tuple(sections)))


def _template_without(tmp_path, *names, size_pt=None) -> Path:
    document = docx.Document(str(reference_path()))
    root = document.styles.element
    for style in list(root.findall("w:style", NS)):
        if style.find("w:name", NS).get(f"{{{W}}}val") in names:
            root.remove(style)
    if size_pt:
        document.styles["Body Text"].font.size = docx.shared.Pt(size_pt)
    path = tmp_path / "mine.docx"
    document.add_paragraph("old content that must not survive")
    document.save(str(path))
    return path


def test_user_template_styles_are_used_and_missing_ones_fall_back_with_a_warning(harbour, tmp_path):
    path = _template_without(tmp_path, "Byline", "Role", size_pt=14)
    with pytest.warns(KazanWarning) as record:
        data = render(harbour, template=path)
    messages = " ".join(str(w.message) for w in record)
    assert "'Byline'" in messages and "'Role'" in messages and "'Body Text'" not in messages
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Body Text"].font.size == docx.shared.Pt(14)  # the user's look
    assert document.styles["Byline"].font.italic  # the bundled fallback
    texts = [p.text for p in document.paragraphs]
    assert "old content that must not survive" not in texts
    assert harbour.byline[0].text in texts


def test_bundled_reference_defines_every_style_and_matches_its_generator(tmp_path):
    names = {(s.name.casefold(), s.type) for s in docx.Document(str(reference_path())).styles}
    kinds = {"paragraph": 1, "character": 2, "table": 3}
    for name, kind in STYLES.items():
        assert any(n == name.casefold() and int(t) == kinds[kind] for n, t in names), name
    script = reference_path().parent / "make_reference_docx.py"
    subprocess.run([sys.executable, str(script), str(tmp_path / "ref.docx")], check=True, capture_output=True)
    fresh = zipfile.ZipFile(tmp_path / "ref.docx").read("word/styles.xml")
    assert fresh == zipfile.ZipFile(reference_path()).read("word/styles.xml"), \
        "templates/reference.docx is out of date: run python templates/make_reference_docx.py"


def test_pandoc_reference_doc_works_as_a_template(harbour, tmp_path):
    pandoc = need_tool("pandoc")
    ref = tmp_path / "pandoc-ref.docx"
    ref.write_bytes(subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                                   check=True, capture_output=True).stdout)
    with pytest.warns(KazanWarning, match="'Kazan Table' \\(table\\)") as record:
        data = render(harbour, template=ref)
    assert len(record) == 1
    document = docx.Document(io.BytesIO(data))
    assert len(footnotes(data)) == len(harbour.statements)
    heading = next(p for p in document.paragraphs if p.text == "Doubts")
    assert heading.style.name == "Heading 1"


def test_libreoffice_saved_template_keeps_one_core_properties_part(harbour, tmp_path):
    """LibreOffice names the core-properties relationship ".../officedocument/..." (lower case)."""
    source, path = zipfile.ZipFile(reference_path()), tmp_path / "lo.docx"
    with zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "_rels/.rels":
                data = data.replace(b"package/2006/relationships/metadata/core-properties",
                                    b"officedocument/2006/relationships/metadata/core-properties")
            out.writestr(name, data)
    data = render(harbour, template=path)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names.count("docProps/core.xml") == 1
    assert docx.Document(io.BytesIO(data)).core_properties.title == harbour.metadata.title


def test_bad_source_date_epoch_is_the_shared_epoch_error(harbour, monkeypatch):
    from kazan_export.epoch import EpochError  # one parser for every command (#14)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(EpochError, match="SOURCE_DATE_EPOCH"):
        render_docx(harbour)


def test_unreadable_template_is_a_template_error(harbour, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match="bad.docx"):
        render(harbour, template=bad)
    with pytest.raises(TemplateError, match="does not exist"):
        render(harbour, template=tmp_path / "missing.docx")


def test_focused_handout(harbour):
    selection = Selection(speaker="Mammadova")
    data = render(harbour, selection=selection)
    chosen = select(harbour, selection)
    texts = body_texts(data)
    assert any(t.startswith(selection.describe()) for t in texts)
    assert len(footnotes(data)) == len(chosen) == 2
    kept = {p for st in chosen for p in st.anchor.paragraphs}
    for pid, paragraph in harbour.paragraphs.items():
        assert (paragraph.text in texts) == (pid in kept), pid
    assert "[…]" in texts
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert [r.cells[3].text.replace("\u200b", "") for r in table.rows[1:]] == [s.key for s in chosen]


def test_focused_handout_marks_left_out_paragraphs_where_they_were(harbour):
    data = render(harbour, selection=Selection(speaker="Novak"))
    texts = body_texts(data)
    start = next(i for i, t in enumerate(texts) if t.startswith("Selected:"))
    p2 = harbour.paragraphs["p2"].text
    assert texts[start + 1:start + 6] == ["[…]", "“We will sign”", p2, "[…]", harbour.byline[0].text]


def test_selection_matching_nothing_is_an_error(harbour):
    with pytest.raises(RenderError, match="no statement matches"):
        render(harbour, selection=Selection(speaker="Nobody At All"))


def test_golden_document_xml(harbour_docx):
    xml = etree.tostring(part(harbour_docx, "word/document.xml"), pretty_print=True, encoding="unicode")
    if os.environ.get("KAZAN_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(xml, encoding="utf-8")
    assert xml == GOLDEN.read_text(encoding="utf-8"), "rerun with KAZAN_REGENERATE_GOLDEN=1 if intended"


def test_libreoffice_converts_it_with_footnotes_at_page_bottoms(harbour_docx, tmp_path):
    soffice, pdftotext = need_tool("soffice"), need_tool("pdftotext")
    source = tmp_path / "harbour.docx"
    source.write_bytes(harbour_docx)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    page = subprocess.run([pdftotext, "-f", "1", "-l", "1", str(tmp_path / "harbour.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    flat = " ".join(page.split())
    assert "Quoted: Ivo Novak, Mayor of Čelić — Press briefing, 4 March 2019" in flat
    assert "Reported: Aynur Məmmədova" in flat
    last_body = flat.index("Məmmədova said.")  # the last body line of page 1
    assert flat.index("Quoted: Ivo Novak") > last_body  # notes below the text
    assert "Page 1 of 2" in flat


def _lines_to_copy(key: str) -> list[str]:
    return [f"\\cite{{{key}}}", f"[@{key}]", f"kazan-export cite --style apa {key}"]


def test_how_to_cite_gives_each_line_to_copy_exactly_in_a_paragraph_of_its_own(kazan, kazan_docx, harbour, harbour_docx):
    """Copied from the handout, a line is exactly what to type: no invisible no-break character."""
    for article, data in ((kazan, kazan_docx), (harbour, harbour_docx)):
        document = docx.Document(io.BytesIO(data))
        code = [p for p in document.paragraphs if p.style.name == "Source Code"]
        assert [p.text for p in code] == _lines_to_copy(article.statements[0].key)
        for p in code:
            assert p.text.isascii() and len(p.runs) == 1  # no U+2060, U+00A0, U+2011, U+200B
            assert not p._p.xpath(".//w:noBreakHyphen | .//w:softHyphen | .//w:br | .//w:sym")
        assert document.styles["Source Code"].font.name == "Consolas"  # the look is the template's
        assert document.styles["Source Code"].font.no_proof


def test_the_copied_cite_command_runs():
    need_tool("pandoc")
    import shlex

    from kazan_export.readers.source import load

    command = _lines_to_copy(load(None).statements[0].key)[2]
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0 and "as cited in Tadevosyan" in result.output, result.output


def test_libreoffice_never_breaks_a_line_to_copy_where_it_fits(kazan, kazan_docx, harbour, harbour_docx, tmp_path):
    """LibreOffice broke the line after the backslash of \\cite{…}, where it ran on from the
    sentence, and "kazan-export" after its hyphen; on a line of its own each one fits whole."""
    soffice, pdftotext = need_tool("soffice"), need_tool("pdftotext")
    sources = []
    for name, data in (("kazan", kazan_docx), ("harbour", harbour_docx)):
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    for article, source in ((kazan, sources[0]), (harbour, sources[1])):
        lines = subprocess.run([pdftotext, str(source.with_suffix(".pdf")), "-"], check=True,
                               capture_output=True, text=True).stdout.splitlines()
        latex, markdown, command = _lines_to_copy(article.statements[0].key)
        assert latex in lines and markdown in lines, source.name
        at = next(i for i, line in enumerate(lines) if line.startswith("kazan-export cite"))
        # the command breaks at a space if it must (DejaVu Sans Mono stands in for Consolas here)
        assert " ".join(lines[at:at + 2]).startswith(command), lines[at:at + 2]
        assert not any(line.endswith(("\\", "kazan-", "--")) for line in lines), source.name


def test_cli_writes_the_handout(tmp_path):
    out = tmp_path / "h.docx"
    result = CliRunner().invoke(app, ["docx", str(FIXTURES / "harbour-talks.yaml"), "-o", str(out),
                                      "--speaker", "Novak"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert any(p.text.startswith("Selected: statements by Novak") for p in document.paragraphs)
    result = CliRunner().invoke(app, ["docx", str(FIXTURES / "harbour-talks.yaml"), "-o", str(out),
                                      "--template", str(tmp_path / "nope.docx")])
    assert result.exit_code == 1 and "does not exist" in result.output
    assert docx.Document(str(out)).paragraphs  # the good file is still there


def test_a_title_longer_than_a_document_property_is_kept_in_the_text_and_warned(harbour):
    import dataclasses
    import io
    import warnings as w

    from docx import Document

    from kazan_export.errors import KazanWarning
    from kazan_export.writers.docx import render_docx

    long_title = "Harbour " * 60
    article = dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=long_title.strip()))
    with w.catch_warnings(record=True) as caught:
        w.simplefilter("always")
        doc = Document(io.BytesIO(render_docx(article)))
    assert any(issubclass(c.category, KazanWarning) and "'title'" in str(c.message) for c in caught)
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert long_title.strip() in "\n".join(p.text for p in doc.paragraphs)


def test_the_lines_above_the_text_are_stated_once_and_an_unknown_publisher_is_said(tmp_path):
    """An ingested article's "By …" and "Published …" lines (its ``front``) are what the title
    block states from the metadata: printed once, not again as the first paragraphs; a publisher
    the source does not state is "Publisher not stated", not an empty line."""
    from kazan_export.readers.text import read_text

    article = read_text(b"Port deal stalls\n\nBy Nora Lind\n\nPublished 12 March 2025\n\n"
                        b"Talks on the docks stalled on Tuesday.\n\nThe union will meet again.\n", name="port.txt")
    path = tmp_path / "port.docx"
    path.write_bytes(render_docx(article))
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[:5] == ["Port deal stalls", "By Nora Lind", "Publisher not stated",
                         "Published 12 March 2025 · URL not stated", "Talks on the docks stalled on Tuesday."]
    assert "" not in texts[:5]


def test_lines_above_the_text_that_say_more_than_the_title_block_are_printed(tmp_path):
    """"By our correspondent" (no name to state), a date line with an update, a dateline's place:
    the title block cannot say them, so the handout prints them as the article has them."""
    from kazan_export.readers.text import read_text

    article = read_text("Port deal stalls\n\nBy our correspondent\n\nPublished 12 March 2025 | Updated 13 March 2025"
                        "\n\nValmere, Wednesday, March 12, 2025\n\nTalks on the docks stalled on Tuesday.\n\n"
                        "The union will meet again.\n".encode(), name="port.txt")
    assert len(article.front) == 3
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(article))).paragraphs]
    first = texts.index("Talks on the docks stalled on Tuesday.")
    assert all(p.text in texts[:first] for p in article.front), texts[:first]
