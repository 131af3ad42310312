"""Long paragraphs split across pages in linear time and print the same lines (#14)."""

from __future__ import annotations

import io
import random

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kazan_export.writers.pdf.paragraph import LinearParagraph

WORDS = "the harbour <b>council</b> mayor agreement summer vote city deal talks frank".split()


def _text(n_words: int) -> str:
    rng = random.Random(n_words)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def _pages(kind: type, markup: str, style: ParagraphStyle) -> list[str]:
    from pypdf import PdfReader

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([kind(markup, style), kind("After.", style)])
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


@pytest.mark.parametrize("align", [0, 4])  # left, justified
def test_same_pages_as_reportlab(align: int) -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=9.6, leading=13, alignment=align,
                           firstLineIndent=12)
    markup = _text(6000)  # about eight pages
    ours, theirs = _pages(LinearParagraph, markup, style), _pages(Paragraph, markup, style)
    assert len(ours) == len(theirs) > 5
    for mine, reference in zip(ours, theirs):  # the same words on the same lines of each page
        assert [line.rstrip() for line in mine.splitlines()] == [line.rstrip() for line in reference.splitlines()]


def test_the_rest_is_not_broken_into_lines_again(monkeypatch) -> None:
    calls = []
    original = Paragraph.breakLines

    def counting(self, width):  # noqa: ANN001, ANN202
        calls.append(len(self.frags))
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=9.6, leading=13)
    _pages(LinearParagraph, _text(12000), style)
    pages = len(calls)
    words = sum(calls)
    # reportlab breaks each page's first part again (a page of words), never the whole rest:
    # the words broken in all stay a small multiple of the paragraph's, not pages times it
    assert words < 4 * 12000, (pages, words)
