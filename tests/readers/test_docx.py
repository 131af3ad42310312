"""The DOCX reader: a document made here with python-docx, reopened as a draft article."""

from __future__ import annotations

import io

import docx
import pytest

from kazan_export.errors import SourceError
from kazan_export.readers.docx import read_docx

from conftest import only_problem

LEAD = "The harbour board of Čelić approved the new berths on Monday, after two years of talks with the city."
QUOTE = "“We will start building in May,” the board’s chair, Ivo Novak, said."
LATER = "The city council still has to approve the loan for the second phase of the work."


def make_docx(*, title_style: bool = True, author: str | None = "Leyla Əliyeva; Anna Petrosyan",
              language: str | None = "en-GB") -> bytes:
    document = docx.Document()
    if title_style:
        document.add_paragraph("Harbour berths approved", style="Title")
    else:
        document.add_paragraph("Harbour berths approved")
    document.add_paragraph(LEAD)
    document.add_paragraph("")  # empty paragraphs are left out
    document.add_paragraph(QUOTE)
    document.add_heading("What the council says", level=1)
    p = document.add_paragraph(LATER)
    p.add_run().add_break()
    p.add_run("A vote is expected\tin April.")
    document.add_heading("Costs", level=2)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "The first phase costs €12 million."
    table.cell(0, 1).text = "The second phase costs €20 million."
    document.add_paragraph("Leyla Əliyeva and Anna Petrosyan")
    document.add_paragraph("© 2024 Northern Ledger. All rights reserved.")
    if author is not None:
        document.core_properties.author = author
    if language is not None:
        document.core_properties.language = language
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_styles_give_title_and_headings_and_core_properties_the_authors():
    article = read_docx(make_docx(), name="berths.docx")
    assert article.text_lines() == [
        "Harbour berths approved", LEAD, QUOTE, "What the council says", LATER,
        "A vote is expected in April.", "Costs", "The first phase costs €12 million.",
        "The second phase costs €20 million.", "Leyla Əliyeva and Anna Petrosyan",
        "© 2024 Northern Ledger. All rights reserved.",
    ]
    assert article.metadata.title == "Harbour berths approved"
    assert [s.heading.text for s in article.sections if s.heading] == ["What the council says", "Costs"]
    assert [p.text for p in article.byline] == ["Leyla Əliyeva and Anna Petrosyan"]
    assert [p.text for p in article.closing] == ["© 2024 Northern Ledger. All rights reserved."]
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Leyla", "Əliyeva"), ("Anna", "Petrosyan")]
    assert article.metadata.language == "en-GB"
    assert article.metadata.published is None  # the file's creation date is not the publication date


def test_without_title_style_or_author_the_first_paragraph_is_the_title_and_the_byline_names_authors():
    article = read_docx(make_docx(title_style=False, author=None, language=None), name="plain.docx")
    assert article.metadata.title == "Harbour berths approved"
    # python-docx's template says "python-docx" as the author: not taken; the byline is
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Leyla", "Əliyeva"), ("Anna", "Petrosyan")]
    assert article.metadata.language == "und"


@pytest.mark.parametrize("raw, message", [
    (b"PK\x03\x04 not really a zip", "is not a readable DOCX file"),
    (b"plain text, not a package", "is not a DOCX file"),
])
def test_bad_docx_is_one_clear_problem(raw, message):
    assert message in only_problem(read_docx, raw, "bad.docx").message


def test_an_empty_document_is_refused():
    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(SourceError, match="has no text"):
        read_docx(out.getvalue(), name="empty.docx")
