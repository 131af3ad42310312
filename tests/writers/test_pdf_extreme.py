"""Any layout the layout checks accept renders, and nothing is lost (#14).

Generated layouts push paper, margins, type sizes, spacing, band, table and timeline settings
to the edges the checks allow (tiny and huge pages, type a quarter of the page high); the
source is as long as ``validate`` allows where it limits (a 400-character title, a
1,000-character citation, 500-character timeline labels) and longer than a page where it does
not (statements and paragraphs several pages long, a timeline event citing every statement).
The brief and the full PDF must render, and poppler's ``pdftotext``, reading the text area
of every page, must find every statement's text, every timeline label, the title, the
citation and the section headings.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import need_tool
from kazan_export.errors import TemplateError
from kazan_export.readers.source import load
from kazan_export.writers.pdf import render_pdf
from kazan_export.writers.pdf.brief import SECTIONS
from kazan_export.writers.pdf.layout import POINTS_PER_MM, load_layout

from strategies import to_yaml

WORDS = ("harbour", "Čelić", "Məmmədova", "ferry", "tariff", "quay", "lighthouse", "négociation",
         "Петросян", "breakwater", "customs", "dredging")
STATEMENTS = 12


def _words(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 5) % len(WORDS)] for i in range(n))


def _cut(text: str, limit: int) -> str:
    return text[:limit].rstrip()


@lru_cache(maxsize=None)
def extreme_source(folder: Path) -> Path:
    """Write a source as long as validate allows in its short fields, and long elsewhere."""
    sentences = [f"Speaker {n} said that clause {n} of the accord holds for {_words(12 + n % 5, n)} ({n})."
                 for n in range(STATEMENTS)]
    sentences[3] = "Speaker 3 said " + " ".join(f"{_words(10, i)} ({i})." for i in range(40))  # pages long
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, STATEMENTS, 4)]
    paragraphs.append("A very long word follows: " + "Ŭ" * 400 + " and a long URL https://example.org/"
                      + "a-b" * 150 + " to end it.")
    statements = []
    for n, text in enumerate(sentences):
        p = next(i for i, para in enumerate(paragraphs) if text in para)
        statements.append({"id": f"st{n}", "key": f"speaker{n}x2019", "speakers": [f"e{n % 3}"],
                           "kind": "reported", "text": text, "anchor": {"paragraphs": [f"p{p}"]},
                           "date": f"2019-03-{n % 28 + 1:02d}", "occasion": _cut("Press briefing " * 30, 300),
                           "via": _cut("Coastal Radio " * 30, 300)})
    data = {
        "schema": 1, "id": "extreme",
        "metadata": {
            "title": _cut("Harbour talks and the Čelić accord, " * 20, 400),
            "authors": [{"family": _cut("Əliyeva-" * 12, 90), "given": _cut("Leyla " * 16, 90)}, {"family": "Novak"}],
            "publisher": _cut("Northern Ledger Publishing " * 20, 300),
            "series": _cut("Coastal Affairs " * 30, 300), "container": _cut("The Quarterly Review " * 20, 300),
            "language": "en", "published": "2019-03", "url": "https://example.org/" + "x" * 300,
            "coverage": "unknown", "keywords": "none",
            "citation": _cut("Əliyeva, L. and Novak (2019), Harbour talks, Northern Ledger, pages 1 to 9; " * 20, 1000),
            "rights": _cut("© Northern Ledger. All rights reserved. " * 30, 1000),
        },
        "body": [{"id": "s1", "heading": {"id": "h1", "text": _words(80, 1)},
                  "paragraphs": [{"id": f"p{i}", "text": t} for i, t in enumerate(paragraphs)]}],
        "people": [{"id": f"e{i}", "name": _cut(f"Speaker {i} " + _words(40, i), 200), "kind": "person",
                    "roles": [_cut("Mayor of Čelić " * 30, 300)]} for i in range(3)],
        "statements": statements,
        "timeline": [{"id": f"ev{i}", "date": f"2019-0{i + 1}", "label": _cut(f"Event {i} " + _words(120, i), 500),
                      "statements": [s["id"] for s in statements]} for i in range(3)],
        "briefing": {"summary": [{"text": _words(200, 2), "statements": [s["id"] for s in statements]}],
                     "background": [{"text": _words(60, 3), "paragraphs": ["p0"]}]},
    }
    path = folder / "extreme.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


@st.composite
def layouts(draw) -> str:  # noqa: ANN001
    """Return a layout file (TOML) at the edges of what the layout checks accept."""
    small = st.floats(50.0, 400.0)
    width, height = draw(st.one_of(st.tuples(small, small), st.tuples(st.floats(50, 5000), st.floats(50, 5000))))
    wide, high = width - 30.0, height - 30.0  # what margins may take, each way
    lr = [draw(st.floats(0.0, min(wide / 2, 1000.0))) for _ in range(2)]
    top, bottom = (draw(st.floats(min(10.0, high / 2), min(high / 2, 1000.0))) for _ in range(2))
    text_w, text_h = (width - sum(lr)) * POINTS_PER_MM, (height - top - bottom) * POINTS_PER_MM
    line = min(draw(st.floats(0.05, 1.0)) * text_h / 4, 1000.0)  # a line with its spacing, up to the most allowed
    size = max(1.0, min(line, text_w / 4) * draw(st.floats(0.3, 1.0)))
    pad = min((text_h / 4 - line) / 2 * draw(st.floats(0.0, 1.0)), text_w * 0.16 / 4)
    lines = [f"[paper]\na4 = [{width!r}, {height!r}]\n",
             f"[margins]\nleft = {lr[0]!r}\nright = {lr[1]!r}\ntop = {top!r}\nbottom = {bottom!r}\n",
             "[brief]\nmax_pages = 10000\nquote_chars = 10000000\n",  # every statement quoted, in one pass
             f"[header]\nrunning_offset = {top * 0.5!r}\nband_padding = {line / 6 / POINTS_PER_MM!r}\n"
             f"band_gap = {line / 6 / POINTS_PER_MM!r}\n",
             f"[footer]\noffset = {bottom * 0.3!r}\npage_label_width = {draw(st.floats(0, 1000))!r}\n",
             f"[table]\npadding_pt = {pad * 0.999!r}\n",
             f"[timeline]\nrows = {draw(st.integers(1, 20))}\nlabel_pt = {size!r}\nlabel_leading_pt = {size * 1.2!r}\n"
             f"marker_radius_pt = {draw(st.floats(1, 200))!r}\nrow_gap_pt = {draw(st.floats(0, 300))!r}\n"
             f"label_width = {draw(st.floats(1, 1000))!r}\n"]
    margin = {"running": top * POINTS_PER_MM / 2, "footer": (bottom * POINTS_PER_MM * 0.7 - 3.4) * 0.99}
    margin["footer_right"] = margin["footer"]
    for name in ("body", "bullet", "quote", "attribution", "h1", "h2", "note", "entry", "cell", "cell_head",
                 "band_label", "band_title", "band_line", "running", "footer", "footer_right", "meta", "small"):
        leading = max(1.0, min(line * draw(st.floats(0.4, 0.7)), margin.get(name, line)))
        spare = (line - leading) / 2
        lines.append(f"[styles.{name}]\nsize_pt = {max(1.0, min(size, leading))!r}\nleading_pt = {leading!r}\n"
                     f"space_before_pt = {spare!r}\nspace_after_pt = {spare!r}\n")
    return "".join(lines)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _body_text(pdf: Path, layout: Path) -> str:
    """Return the text that pdftotext reads inside every page's text area, in drawing order."""
    lay = load_layout(layout)
    width, height = lay.paper("a4")
    left, top = lay.mm("margins", "left"), lay.mm("margins", "top")
    inner_w, inner_h = width - left - lay.mm("margins", "right"), height - top - lay.mm("margins", "bottom")
    crop = [str(round(v)) for v in (left - 1, top - 1, inner_w + 2, inner_h + 2)]
    out = subprocess.run([need_tool("pdftotext"), "-raw", "-x", crop[0], "-y", crop[1], "-W", crop[2],
                          "-H", crop[3], str(pdf), "-"], capture_output=True, check=True, timeout=300)
    return _squash(out.stdout.decode("utf-8"))


# found by this test: 19 pt type on a 50 mm wide page (the table header was taller than the
# page: now a list), with the footer's line in a 10 mm margin
NARROW = ("[paper]\na4 = [50.0, 260.0]\n[margins]\nleft = 0.0\nright = 0.0\ntop = 10.0\nbottom = 10.0\n"
          "[brief]\nmax_pages = 10000\nquote_chars = 10000000\n[header]\nrunning_offset = 8.0\n[footer]\n"
          "offset = 2.0\n[table]\npadding_pt = 0.0\n[timeline]\nlabel_pt = 19.0\nlabel_leading_pt = 23.0\n"
          + "".join(f"[styles.{n}]\nsize_pt = 19.0\nleading_pt = 60.0\nspace_before_pt = 30.0\nspace_after_pt = 30.0\n"
                    for n in ("body", "quote", "attribution", "h1", "h2", "cell", "cell_head", "band_title", "entry"))
          + "".join(f"[styles.{n}]\nsize_pt = 12.0\nleading_pt = 14.0\n" for n in ("running", "footer", "footer_right")))


# found by this test: 27.7 pt type in a 40 mm column; "Speaker", the first word of a quotation,
# is wider than the quotation's indented column and ran past the margin: reportlab wraps no word
# that begins with an inline anchor (the link's destination is now set by the paragraph)
COLUMN = ("[paper]\na4 = [72.0, 3062.6]\n[margins]\nleft = 15.64\nright = 15.73\ntop = 10.0\nbottom = 10.0\n"
          "[brief]\nmax_pages = 10000\nquote_chars = 10000000\n[header]\nrunning_offset = 5.0\n"
          "band_padding = 58.8\nband_gap = 58.8\n[footer]\noffset = 3.0\npage_label_width = 0.0\n"
          "[table]\npadding_pt = 0.0\n[timeline]\nrows = 1\nlabel_pt = 27.67\nlabel_leading_pt = 33.2\n"
          "label_width = 1.0\n"
          + "".join(f"[styles.{n}]\nsize_pt = 27.67\nleading_pt = 480.0\nspace_before_pt = 260.0\n"
                    f"space_after_pt = 260.0\n" for n in ("body", "quote", "attribution", "note", "h1", "h2"))
          + "".join(f"[styles.{n}]\nsize_pt = 12.0\nleading_pt = 14.0\n" for n in ("running", "footer", "footer_right")))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layouts())
@example(NARROW).via("found by hypothesis")
@example(COLUMN).via("found by hypothesis")
def test_any_accepted_layout_renders_brief_and_full_with_nothing_lost(tmp_path_factory, layout_text):
    folder = tmp_path_factory.mktemp("extreme")
    layout = folder / "layout.toml"
    layout.write_text(layout_text, encoding="utf-8")
    try:
        load_layout(layout).paper("a4")
    except TemplateError as exc:  # the draw went past the edge: the refusal is one clear line
        assert "\n" not in str(exc) and str(exc)
        event(f"refused: {str(exc).split(':')[0]}")
        return
    article = load(extreme_source(tmp_path_factory.getbasetemp()))
    for full in (False, True):
        pdf = folder / ("full.pdf" if full else "brief.pdf")
        pdf.write_bytes(render_pdf(article, full=full, layout=layout))
        text = _body_text(pdf, layout)
        wanted = [s.text for s in article.statements] + [article.metadata.title, article.metadata.citation]
        wanted += ["Notes", "How to cite"] if full else [e.label for e in article.timeline] + list(SECTIONS)
        event(f"rendered {'full' if full else 'brief'}")
        lost = [w[:60] for w in wanted if _squash(w) not in text]
        assert not lost, f"{'full' if full else 'brief'}: not found: {lost}"


def _many_paragraphs(folder: Path, n: int) -> Path:
    """Write a source of ``n`` one-statement paragraphs and an event citing every statement."""
    paragraphs = [{"id": f"p{i}", "text": f"Novak said that clause {i} holds."} for i in range(n)]
    statements = [{"id": f"st{i}", "key": f"novak{i}", "speakers": ["novak"], "kind": "reported",
                   "text": f"clause {i} holds", "anchor": {"paragraphs": [f"p{i}"]}, "date": "2019-03-04"}
                  for i in range(n)]
    data = {"schema": 1, "id": "many", "metadata": {
                "title": "Many", "authors": [{"family": "Doe"}], "publisher": "Ledger", "language": "en",
                "published": "2019-03", "url": "unknown", "coverage": "unknown", "keywords": "none"},
            "body": [{"id": "s1", "heading": None, "paragraphs": paragraphs}],
            "people": [{"id": "novak", "name": "Ivo Novak", "kind": "person"}],
            "statements": statements,
            "timeline": [{"id": "ev", "date": "2019-03-04", "label": "The accord",
                          "statements": [s["id"] for s in statements]}]}
    path = folder / "many.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def test_a_timeline_row_taller_than_the_page_splits_across_pages(tmp_path):
    """An event citing 1,200 statements: its "Sources (¶)" cell is about three pages long."""
    article = load(_many_paragraphs(tmp_path, 1200))
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_pdf(article))
    layout = Path(load_layout().folder) / "pdf-layout.toml"
    text = _body_text(pdf, layout).replace(_squash("Date Event Sources (¶)"), "")  # the repeated header row
    assert _squash("¶ " + ", ".join(str(i + 1) for i in range(1200))) in text
    pages = []
    for pattern in (r"¶\s1,\s2,\s3,", r"1198,\s1199,\s1200"):  # the cell starts and ends on different pages
        pages.append([p for p in range(1, 40) if re.search(pattern, subprocess.run(
            [need_tool("pdftotext"), "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
            text=True).stdout)])
    assert len(pages[0]) == 1 and len(pages[1]) == 1 and pages[1][0] > pages[0][0], pages
