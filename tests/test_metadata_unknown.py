"""`authors: unknown` and `publisher: unknown` are recordable, and every writer still renders
without printing "unknown" (or "None") as a name. Citing anonymous works properly is issue #12.10."""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile

import pytest

from kazan_export import citations

from kazan_export.commands.cite import cite
from kazan_export.readers.source import check, load
from kazan_export.writers.bibtex import render_bib
from kazan_export.writers.csl import render_csl

from conftest import FIXTURES

STYLES = ("apa", "chicago-author-date", "chicago-notes", "mla", "bibtex", "csl-json")


def _source(tmp_path, authors: str = "authors: unknown", publisher: str = "publisher: unknown"):
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    text = re.sub(r"  authors:\n(    - .*\n)+", f"  {authors}\n", text, count=1)
    text = re.sub(r"  publisher: .*\n", f"  {publisher}\n", text, count=1)
    path = tmp_path / "anonymous.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def anonymous(tmp_path):
    return load(_source(tmp_path))


def test_unknown_authors_and_publisher_load_as_empty_and_none(tmp_path):
    article, problems = check(_source(tmp_path))
    assert article is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.severity == "error"]
    assert article.metadata.authors == ()
    assert article.metadata.publisher is None
    named = load(FIXTURES / "harbour-talks.yaml").metadata
    assert named.publisher == "Northern Ledger" and len(named.authors) == 2


@pytest.mark.parametrize("authors, message", [
    ("authors: someone", "metadata.authors is not valid ('someone')"),
    ("authors: []", "metadata.authors needs at least 1 item(s)"),
    ("authors: {family: X}", "metadata.authors must be text or a list, not a mapping"),
    ("authors:\n    - {given: Ann}", "metadata.authors[1] is missing the required field 'family'"),
])
def test_other_author_values_are_still_refused(tmp_path, authors, message):
    article, problems = check(_source(tmp_path, authors=authors))
    assert article is None
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def _no_unknown_name(text: str) -> None:
    assert "unknown" not in text.lower()
    assert "None" not in text


def test_bib_and_csl_leave_unknown_fields_out(anonymous):
    for dialect in ("bibtex", "biblatex"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bib = render_bib(anonymous, dialect=dialect)
        # with no outlet stated the article is a @misc (a journal article needs a journal)
        key = citations.article_key(anonymous)
        article_entry = bib.split("{" + key + ",", 1)[1].split("\n}\n", 1)[0]
        assert "author =" not in article_entry and "publisher =" not in article_entry
        assert "journal" not in article_entry
        _no_unknown_name(bib)
    items = json.loads(render_csl(anonymous))
    assert "author" not in items[0] and "publisher" not in items[0] and "container-title" not in items[0]
    assert items[0]["title"] == anonymous.metadata.title
    _no_unknown_name(json.dumps(items, ensure_ascii=False))


@pytest.mark.parametrize("style", STYLES)
def test_cite_renders_every_style(anonymous, style):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = cite(anonymous, anonymous.statements[0].id, style=style)
    assert anonymous.metadata.title.split(":")[0] in text or "Harbour" in text
    _no_unknown_name(text)


def test_docx_has_no_byline_for_unknown_authors(anonymous):
    from kazan_export.writers.docx import render_docx

    data = render_docx(anonymous)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    words = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    assert "Harbour talks" in words
    assert not re.search(r"\bBy\b", words.split("Harbour talks", 2)[1][:200])
    _no_unknown_name(words)
    assert "unknown" not in core.lower()


@pytest.mark.parametrize("full", [False, True])
def test_pdf_renders_without_an_unknown_author(anonymous, full):
    from pypdf import PdfReader

    from kazan_export.writers.pdf import render_pdf

    data = render_pdf(anonymous, full=full)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Harbour" in text
    assert "unknown" not in text.lower()
    assert reader.metadata.get("/Author") in (None, "", "(anonymous)")  # ReportLab's own default
