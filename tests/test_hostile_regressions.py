"""Regression tests for hostile-input failures that the properties in test_hostile.py allow for.

The PDF property compares text without invisible format characters (zero-width space, BOM,
direction marks), because reportlab treats some of them as white space. These tests pin
down exactly what is lost, so that a fix shows up as a passing test.
"""

from __future__ import annotations

import io

import pytest

from strategies import minimal
from test_hostile import load_data, pdf_body_text, render


@pytest.mark.parametrize("paragraph, statement", [
    ("Then\n\u200bwe will sign.", "\u200bwe will sign."),  # found by hypothesis
    ("We will\u200b\nsign.", "We will\u200b\nsign."),
    ("We \u200bwill sign.", "We \u200bwill sign."),
])
def test_pdf_keeps_zero_width_space_next_to_a_break(paragraph: str, statement: str) -> None:
    """A zero-width space (a legitimate line-break hint in URLs and Thai) stays in the text."""
    from kazan_export.writers.pdf import render_pdf

    article = load_data(minimal(paragraph, statement))
    out, _ = render(render_pdf, article, full=True)
    text = pdf_body_text(out)
    flat = " ".join(text.split())
    assert " ".join(statement.split()) in flat, f"{statement!r} not in {flat[:200]!r}"


def test_docx_long_core_property_is_not_a_crash() -> None:
    """A title longer than Word's 255-character core property renders (found by hypothesis)."""
    from docx import Document

    from kazan_export.writers.docx import render_docx

    article = load_data(minimal(title="T" * 256, series="S" * 300))
    out, _ = render(render_docx, article)
    doc = Document(io.BytesIO(out))
    assert any(p.text == "T" * 256 for p in doc.paragraphs), "the full title is not in the handout"
