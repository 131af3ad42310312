"""The PDF briefing note and full article: text, structure, links, fonts and bytes of the real file."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from kazan_export.anchors import locate
from kazan_export.cli import app
from kazan_export.query import Selection, select
from kazan_export.writers.pdf import SECTIONS, render_pdf
from kazan_export.writers.pdf.layout import load_layout

from conftest import need_tool

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC


def render(article, **kw) -> bytes:
    """Return the PDF of ``article`` rendered with a fixed SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return render_pdf(article, **kw)


def flat(text: str) -> str:
    """Return ``text`` with line breaks (the renderer's or a quote's paragraphs) as single spaces."""
    return re.sub(r"\s*\n\s*", " ", text)


def text_of(data: bytes, *, furniture: bool = False) -> str:
    """Return the extracted text of every page, line breaks flattened.

    Without ``furniture`` only the text inside the page margins counts: a quotation that
    runs over a page break then reads on, without the running header and the footer.
    """
    layout = load_layout()
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        if furniture:
            out.append(page.extract_text())
            continue
        low = layout.mm("margins", "bottom")
        high = float(page.mediabox.height) - layout.mm("margins", "top")
        runs: list[str] = []

        def visit(text, cm, tm, font, size):  # noqa: ANN001, ANN202
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if low - 1 <= y <= high + 1:
                runs.append(text)

        page.extract_text(visitor_text=visit)
        out.append("".join(runs))
    return flat("\n".join(out))


def lines_of(page) -> list[tuple[float, str]]:  # noqa: ANN001
    """Return (baseline y, text) of every text run on a pypdf page."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001, ANN202
        if text.strip():
            runs.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    page.extract_text(visitor_text=visit)
    return runs


def links(data: bytes) -> list[tuple[int, str, int, str]]:
    """Return every internal link as (page, text under the link, target page, text of the target line)."""
    reader = PdfReader(io.BytesIO(data))
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    runs = [lines_of(p) for p in reader.pages]
    out = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            dest = annot["/Dest"]
            target, top = index[dest[0].idnum], float(dest[3])
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            under = "".join(t for y, t in runs[number] if y0 - 0.5 <= y <= y1)
            line = "".join(t for y, t in runs[target] if top - 14 <= y < top)
            out.append((number, under, target, line))
    return out


@pytest.fixture(scope="module")
def brief(kazan) -> bytes:
    return render(kazan)


@pytest.fixture(scope="module")
def quoted(kazan, brief) -> dict[str, str]:
    """Return the statements the brief quotes (key -> text), found from its source-list links."""
    found = {}
    for _, under, _, line in links(brief):
        for s in kazan.statements:
            opening = flat(s.text)[:40]
            if s.key in under and opening in line:
                found[s.key] = s.text
    return found


def test_kazan_brief_has_two_to_four_pages_and_every_section_in_order(brief):
    reader = PdfReader(io.BytesIO(brief))
    assert 2 <= len(reader.pages) <= 4
    text = text_of(brief)
    positions = [text.index(f"{n} {title}") for n, title in enumerate(SECTIONS, start=1)]
    assert positions == sorted(positions)
    assert "BRIEFING NOTE" in text and "Meeting in Kazan: Hopes and failure" in text
    assert "Covers 2011 to 2020" in text and "Publication date: not stated" in text


def test_brief_quotes_the_statements_behind_the_bottom_line_exactly(kazan, brief, quoted):
    text = text_of(brief)
    assert len(quoted) >= 10
    first = kazan.statement[kazan.briefing.summary[0].statements[0]]
    assert first.key in quoted
    for key, statement_text in quoted.items():
        assert flat(statement_text) in text, key
    for point in kazan.briefing.summary:  # every point shows the statements behind it
        for ref in point.statements:
            assert kazan.statement[ref].key in text


def test_each_quoted_statement_links_to_its_source_entry_and_back(kazan, brief, quoted):
    every = links(brief)
    assert every and all(line for *_, line in every), "a link points at an empty spot"
    last = len(PdfReader(io.BytesIO(brief)).pages) - 1
    for key in quoted:
        to_source = [(t, line) for p, under, t, line in every if key in under and key in line]
        assert any(t == last for t, _ in to_source), f"{key}: no link from the quotation to its source entry"


def test_briefing_point_keys_link_to_the_statements(kazan, brief, quoted):
    key = kazan.statement[kazan.briefing.summary[0].statements[0]].key
    hits = [line for page, under, _, line in links(brief) if page == 0 and key in under]
    assert hits and flat(kazan.statement[key].text)[:30] in hits[0]


def test_metadata_outline_and_language(kazan, brief):
    reader = PdfReader(io.BytesIO(brief))
    meta = reader.metadata
    assert meta.title == kazan.metadata.title
    assert meta.author == "Ara Tadevosyan"
    assert "Briefing note" in meta.subject
    assert "OSCE Minsk Group" in meta["/Keywords"]
    assert meta.creator == "kazan-export"
    assert meta["/CreationDate"].startswith("D:20231114221320")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    top = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert top == [f"{n} {title}" for n, title in enumerate(SECTIONS, start=1)]
    actors = next(item for item in reader.outline if isinstance(item, list))
    assert any("Nalbandian" in a["/Title"] for a in actors)


def test_footer_numbers_pages_and_cites_the_source(tmp_path, brief):
    pdftotext = need_tool("pdftotext")
    path = tmp_path / "brief.pdf"
    path.write_bytes(brief)
    pages = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    total = len(PdfReader(io.BytesIO(brief)).pages)
    for n in range(1, total + 1):
        assert f"Page {n} of {total}" in pages
    assert pages.count("Ara Tadevosyan, “Meeting in Kazan: Hopes and failure”") >= total


def test_qpdf_check_passes(tmp_path, brief, kazan):
    qpdf = need_tool("qpdf")
    for name, data in (("brief.pdf", brief), ("full.pdf", render(kazan, full=True))):
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_every_font_is_embedded_and_subset(tmp_path, brief, harbour):
    pdffonts = need_tool("pdffonts")
    for name, data in (("brief.pdf", brief), ("harbour.pdf", render(harbour, full=True))):
        path = tmp_path / name
        path.write_bytes(data)
        out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            fields = row.split()
            assert fields[-5] == "yes" and fields[-4] == "yes", row  # emb, sub
            assert "DejaVu" in fields[0], row


def test_same_bytes_with_source_date_epoch_in_process_and_across_processes(tmp_path, kazan, brief):
    assert render(kazan) == brief
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"b{n}.pdf"
        subprocess.run([sys.executable, "-m", "kazan_export", "pdf", "-o", str(out)], env=env, check=True,
                       capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == brief


def test_markup_like_text_prints_literally(harbour):
    point = dataclasses.replace(harbour.briefing.summary[0], text="S&P 500, a < b and <b>not bold</b> & co.")
    article = dataclasses.replace(harbour, briefing=dataclasses.replace(harbour.briefing, summary=(point,)))
    text = text_of(render(article))
    assert "S&P 500, a < b and <b>not bold</b> & co." in text
    full = text_of(render(harbour, full=True))
    assert "S&P 500 <b>bonus</b> pool" in full


def test_unicode_names_survive(harbour):
    text = text_of(render(harbour))
    for word in ("Čelić", "Məmmədova", "Əliyeva", "Հայաստան", "Россия"):
        assert word in text
    full = text_of(render(harbour, full=True))
    assert "Photos by Лена Смирнова." in full and "via Ledger Daily" in full
    nothing = harbour.statement["st-mammadova-nothing"]
    assert flat(nothing.text) in text  # the Armenian and Cyrillic quote, exactly
    assert "“Nothing is agreed" in text


def _long_article(harbour, words: int = 2600):
    """Return the harbour article with one statement several pages long, with a very long URL."""
    url = "https://example.org/" + "very-long-path-segment/" * 30
    words_part = " ".join(f"word{n % 97}" for n in range(words))
    body = f"{words_part} see {url} end"
    para = dataclasses.replace(harbour.paragraphs["p5"], text=f"Məmmədova said that {body}")
    sections = tuple(dataclasses.replace(s, paragraphs=tuple(para if p.id == "p5" else p for p in s.paragraphs))
                     for s in harbour.sections)
    statement = dataclasses.replace(harbour.statement["st-mammadova-wait"], text=body)
    statements = tuple(statement if s.id == statement.id else s for s in harbour.statements)
    return dataclasses.replace(harbour, sections=sections, statements=statements), words_part, url


def test_a_statement_longer_than_a_page_splits_across_pages(harbour):
    article, words, url = _long_article(harbour)
    data = render(article, selection=Selection(speaker="Məmmədova"))
    assert len(PdfReader(io.BytesIO(data)).pages) >= 4
    for text in (text_of(data), text_of(render(article, full=True))):
        assert words + " see" in text  # the words, exactly, over several pages
        assert url in re.sub(r"\s+", "", text)  # the URL wraps, with no character lost


def test_full_article_has_every_paragraph_and_numbered_notes_with_links_both_ways(kazan):
    data = render(kazan, full=True)
    text = text_of(data)
    cuts: dict[str, set[int]] = {}  # note numbers stand after a statement and its closing marks
    for s in kazan.statements:  # (or after the statement that quotes it)
        last = locate(kazan, s)[-1]
        para, end = kazan.paragraphs[last.paragraph].text, last.end
        while end < len(para) and para[end] in "”’»\"'.,;:":
            end += 1
        cuts.setdefault(last.paragraph, set()).add(end)
    for p in kazan.paragraphs.values():
        bounds = [0, *sorted(cuts.get(p.id, ())), len(p.text)]
        for lo, hi in zip(bounds, bounds[1:]):
            piece = flat(p.text[lo:hi]).strip()
            assert piece in text, (p.id, piece)
    for p in (*kazan.byline, *kazan.closing):
        assert flat(p.text) in text
    every = links(data)
    numbered = {int(m.group(1)): line for *_, line in every if (m := re.match(r"(\d+)\.", line))}
    assert sorted(numbered) == list(range(1, len(kazan.statements) + 1))  # each mark leads to its note
    for n, s in enumerate(kazan.statements, start=1):
        assert numbered[n].startswith(f"{n}.{kazan.speaker_names(s)}")
    backs = [line for _, under, _, line in every if "↩" in under]
    assert len(backs) == len(kazan.statements)  # and each note back to the place in the text
    for s, line in zip(kazan.statements, backs):  # a statement quoted inside another: after that one
        around = [s, *(o for o in kazan.statements if o is not s and s.text in o.text)]
        assert any(flat(o.text).split()[-1] in flat(line) for o in around), (s.key, line)
    first = kazan.statements[0]
    assert "Notes" in text and first.key in text


def test_full_article_keeps_a_statement_whole_when_another_is_quoted_inside_it(kazan):
    text = text_of(render(kazan, full=True))
    nested = [(o, s) for o in kazan.statements for s in kazan.statements if o is not s and s.text in o.text]
    assert nested  # Sargsyan recalls what Medvedev and Aliyev said
    for outer, _ in nested:
        assert flat(outer.text) in text, outer.key


def test_full_article_of_harbour_keeps_markup_and_quotes(harbour):
    text = text_of(render(harbour, full=True))
    assert "ARTICLE" in text and "Harbour talks: a deal in Čelić?" in text
    for s in harbour.statements:
        assert s.key in text
    assert "date not stated" in text and "about March 2019" in text


def test_letter_paper(kazan):
    reader = PdfReader(io.BytesIO(render(kazan, paper="letter")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = PdfReader(io.BytesIO(render(kazan))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_timeline_graphic_and_table_show_uncertain_dates(kazan, brief):
    text = text_of(brief)
    assert "c. 2016" in text and "c. 2020" in text  # the graphic
    assert "about 2016" in text and "about 2020" in text  # the table
    for event in kazan.timeline:
        assert flat(event.label) in text or event.label.split()[0] in text


def test_cli_pdf_with_speaker_focuses_the_brief(tmp_path, kazan):
    out = tmp_path / "lavrov.pdf"
    result = CliRunner().invoke(app, ["pdf", "-o", str(out), "--speaker", "Lavrov"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text = text_of(data)
    assert "Focus: statements by Lavrov" in text
    chosen = select(kazan, Selection(speaker="Lavrov"))
    assert chosen
    for s in chosen:
        assert flat(s.text) in text, s.key
    others = [s for s in kazan.statements if s not in chosen and len(s.text) > 80]
    assert not any(flat(s.text) in text for s in others)


def test_cli_pdf_full_and_letter_and_bad_folder(tmp_path):
    runner = CliRunner()
    out = tmp_path / "full.pdf"
    result = runner.invoke(app, ["pdf", "--full", "--paper", "letter", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert round(float(PdfReader(out).pages[0].mediabox.width)) == 612
    missing = tmp_path / "no-such-folder" / "x.pdf"
    result = runner.invoke(app, ["pdf", "-o", str(missing)])
    assert result.exit_code == 1
    assert not missing.parent.exists()


def test_selection_matching_nothing_says_so(kazan):
    text = text_of(render(kazan, selection=Selection(speaker="Nobody-at-all")))
    assert "No statement matches the selection." in text


def test_an_article_without_briefing_or_timeline_still_renders(harbour):
    from kazan_export.model import Briefing

    article = dataclasses.replace(harbour, briefing=Briefing(), timeline=())
    text = text_of(render(article))
    assert "No summary given." in text and "The source records no timeline." in text
    # a new article (just ingested) has no briefing yet: the brief quotes the article's own
    # statements and says why, instead of an empty shell (found in a user trial)
    assert "The briefing points cite no statements." not in text
    assert "briefing cites no statements yet" in text
    for s in harbour.statements:
        assert flat(s.text) in text, s.key


def _with_paragraph(harbour, text: str):
    """Return the harbour article with paragraph p5 replaced by ``text`` (no statement in it)."""
    para = dataclasses.replace(harbour.paragraphs["p5"], text=text)
    sections = tuple(dataclasses.replace(s, paragraphs=tuple(para if p.id == "p5" else p for p in s.paragraphs))
                     for s in harbour.sections)
    kept = tuple(s for s in harbour.statements if "p5" not in s.anchor.paragraphs)
    return dataclasses.replace(harbour, sections=sections, statements=kept)


def test_arabic_letters_are_joined_and_extract_as_the_source_text(harbour):
    """Joined (contextual) forms are drawn, diacritics kept, and NFKC gives back the letters."""
    import unicodedata
    import warnings

    words = "السلامُ عليكم لا"
    article = _with_paragraph(harbour, f"He wrote «{words}» on the wall.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no glyph is missing: DejaVu Sans has the joined forms
        text = text_of(render(article, full=True))
    forms = {ch for ch in text if "\ufb50" <= ch <= "\ufeff"}
    assert {"\ufedf", "\ufefb"} <= forms, forms  # initial lam; the lam-alef ligature of «لا»
    assert "\u064f" in text  # the damma is kept, not deleted
    letters = [ch for ch in unicodedata.normalize("NFKC", text) if "\u0600" <= ch <= "\u06ff"]
    assert sorted(letters) == sorted(ch for ch in words if ch != " ")


def test_arabic_stays_unjoined_when_a_joined_form_cannot_be_drawn():
    from kazan_export.writers.pdf.bidi import join_arabic

    assert join_arabic("سلام", lambda ch: True) != "سلام"
    assert join_arabic("سلام", lambda ch: False) == "سلام"
    assert join_arabic("Россия", lambda ch: False) == "Россия"


@pytest.mark.parametrize("logical, shown", [
    ("سلامٌ", "مٌالس"),                      # the tanween stays on the mim
    ("שָׁלוֹם", "םוֹלשָׁ"),                      # the points stay on their letters
    ("a \u202en\u0303x שלום", None),  # under an override: the invariants below
    ("می\u200cخواهم شَ\u200d x\xad y\ufeff", None),  # zero-width (non-)joiners, soft hyphen, BOM
])
def test_right_to_left_text_keeps_each_mark_after_its_letter(logical, shown):
    """Bidi rule L3: reportlab draws left to right, so a mark must follow its base letter."""
    import unicodedata

    from kazan_export.writers.pdf.bidi import visual

    out = visual(logical)
    if shown is not None:
        assert out == shown
    for i, ch in enumerate(out):  # no mark opens the text or follows a space
        if unicodedata.category(ch) == "Mn":
            assert i > 0 and not out[i - 1].isspace(), (out, i)
    assert sorted(out) == sorted(logical)  # nothing lost, nothing added


LONG_WORDS = ["Čelić" * 40, "Հայաստանի" * 25, "Москва" * 30, "a\u0301" * 200, "क्षत्रिय" * 20,
              "\U0001F469\u200d\U0001F4BB" * 30, "\U0001F44D\U0001F3FD" * 30, "\U0001F1E6\U0001F1F2" * 30,
              "\u1100\u1161\u11a8" * 40]


@pytest.mark.parametrize("word", LONG_WORDS, ids=range(len(LONG_WORDS)))
def test_a_long_word_is_broken_between_user_perceived_characters(word):
    """(#14) The timeline's hard wrap never breaks inside a grapheme cluster (a letter and its
    marks, a conjunct, jamo of one syllable, an emoji sequence, a flag)."""
    import regex

    from kazan_export.writers.pdf.timeline import hard_wrap

    pieces = hard_wrap(word, "Helvetica", 9, 40)
    assert len(pieces) > 1 and "".join(pieces) == word
    ends, at = set(), 0
    for cluster in regex.findall(r"\X", word):
        at += len(cluster)
        ends.add(at)
    cuts = [sum(len(p) for p in pieces[:i]) for i in range(1, len(pieces))]
    assert set(cuts) <= ends, [p[:3] for p in pieces]


@pytest.mark.parametrize("word", LONG_WORDS[:4])
def test_a_long_unbreakable_word_in_a_timeline_label_stays_in_its_box(harbour, word):
    """(#14) A label word wider than the label's box is broken between characters (never
    before a combining mark): every line of the graphic is within its box and the page, and
    every character is drawn."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kazan_export.model import Event
    from kazan_export.writers.pdf.doc import make_styles
    from kazan_export.writers.pdf.fonts import fonts_for
    from kazan_export.writers.pdf.timeline import Timeline

    layout = load_layout()
    fonts = fonts_for(layout)
    events = [Event(id=f"ev{i}", date=f"201{i}", label=f"Talks {word} end") for i in range(3)]
    width = 400.0
    drawing = Timeline(layout, fonts, make_styles(layout, fonts)).drawing(events, width)
    strings = [s for s in drawing.getContents() if isinstance(s, String)]
    label_w = layout.mm("timeline", "label_width")
    labels = [s for s in strings if s.textAnchor == "middle"]  # the legend is anchored at its start
    for s in labels:
        w = stringWidth(s.text, s.fontName, s.fontSize)
        assert w <= label_w + 0.01, (s.text, w, label_w)
        assert s.x - w / 2 >= -0.01 and s.x + w / 2 <= width + 0.01, (s.text, s.x, w)
        assert not s.text or not unicodedata.combining(s.text[0]), repr(s.text)  # see the test above
    drawn = "".join(s.text for s in labels).replace(" ", "")
    assert drawn.count(word) == 3
    data = render(dataclasses.replace(harbour, timeline=tuple(events)))
    whole = re.sub(r"\s+", "", text_of(data))  # the table breaks the word over its lines too
    assert whole.count(f"Talks{word}end") == 3 + 3  # the graphic's labels and the table's


def test_the_full_article_prints_the_lines_above_the_text_that_say_more_once():
    """The full-article PDF states authors and date in its band; a front line that says no more
    ("By Nora Lind") is not printed again, one that says more ("Published … | Updated …") is."""
    from kazan_export.readers.text import read_text

    article = read_text("Port deal stalls\n\nBy Nora Lind\n\nPublished 12 March 2025 | Updated 13 March 2025\n\n"
                        "Talks on the docks stalled on Tuesday.\n\nThe union will meet again.\n".encode(), name="port.txt")
    text = " ".join(text_of(render_pdf(article, full=True), furniture=True).split())
    assert "Published 12 March 2025 | Updated 13 March 2025" in text
    assert text.count("By Nora Lind") == 0 and text.count("Nora Lind") >= 1
