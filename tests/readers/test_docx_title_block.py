"""A DOCX's title block: the Title, Author and Date paragraphs pandoc writes for a Markdown
document's YAML ``title``, ``author`` and ``date`` are the article's title, authors and published
date, not text (found in a user trial: ``pandoc -o x.docx`` from Markdown kept the authors and the
date as the first paragraphs). The DOCX files are made by pandoc itself, as the user made theirs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from kazan_export.errors import RenderError
from kazan_export.readers.docx import read_docx
from kazan_export.readers.markdown import read_markdown
from kazan_export.readers.source import check

BODY = """
Grain prices in Aktau rose again this week, as the port’s new silos stayed empty.

## At the port

“Prices will keep rising through the winter,” said a trader in Aktau.
"""
LINES = ["Grain prices in Aktau rose again this week, as the port’s new silos stayed empty.", "At the port",
         "“Prices will keep rising through the winter,” said a trader in Aktau."]


def pandoc() -> str:
    from kazan_export.writers.citeproc_pandoc import pandoc_executable

    try:
        return pandoc_executable()
    except RenderError:
        pytest.skip("pandoc is not installed")


def pandoc_docx(tmp_path: Path, front: str, body: str = BODY) -> Path:
    """Return a DOCX made by ``pandoc x.md -o x.docx`` of a Markdown file with this front matter."""
    source, out = tmp_path / "x.md", tmp_path / "x.docx"
    source.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    subprocess.run([pandoc(), str(source), "-o", str(out)], check=True, capture_output=True, timeout=60)
    return out


@pytest.mark.parametrize(("date", "published"), [
    ("14 March 2025", "2025-03-14"), ("2025-03-14", "2025-03-14"), ("Friday, March 14, 2025", "2025-03-14"),
    ("March 2025", "2025-03"), ("2025", "2025"),
])
def test_pandocs_title_authors_and_date_are_the_articles_not_its_text(tmp_path, date, published):
    path = pandoc_docx(tmp_path, f'title: "Grain prices rise in Aktau"\nauthor:\n  - Leyla Əliyeva\n'
                                 f'  - "Petrosyan, Anna"\ndate: "{date}"')
    article = read_docx(path.read_bytes(), name="x.docx")
    assert article.metadata.title == "Grain prices rise in Aktau"
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Leyla", "Əliyeva"), ("Anna", "Petrosyan")]
    assert article.metadata.published == published
    assert article.text_lines() == ["Grain prices rise in Aktau", *LINES]


def test_a_date_that_is_no_date_stays_text_and_a_subtitle_is_still_a_heading(tmp_path):
    path = pandoc_docx(tmp_path, 'title: "Grain prices rise"\nsubtitle: "Traders expect more"\n'
                                 'author: Aigerim Nurlanova\ndate: "Spring, a year after the drought"')
    article = read_docx(path.read_bytes(), name="x.docx")
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Aigerim", "Nurlanova")]
    assert article.metadata.published is None  # unknown, never guessed
    assert article.text_lines() == ["Grain prices rise", "Traders expect more", "Spring, a year after the drought", *LINES]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kazan_export", *map(str, args)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_ingest_of_a_pandoc_docx_writes_a_draft_with_its_authors_and_date(tmp_path):
    path = pandoc_docx(tmp_path, 'title: "Grain prices rise in Aktau"\nauthor: [Leyla Əliyeva, Anna Petrosyan]\n'
                                 'date: 14 March 2025\nlang: en')
    out = cli("ingest", path, "-o", tmp_path / "x.yaml")
    assert out.returncode == 0, out.stderr
    article, problems = check(tmp_path / "x.yaml")
    assert article is not None and not [p for p in problems if p.severity == "error"]
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Leyla", "Əliyeva"), ("Anna", "Petrosyan")]
    assert (article.metadata.published, article.metadata.language) == ("2025-03-14", "en")
    assert article.text_lines() == ["Grain prices rise in Aktau", *LINES]
    # the statement's date is bounded by the article's date, read from the Date paragraph
    assert [s.date for s in article.statements] == ["../2025-03-14"]


def test_what_the_user_gives_stands_and_the_paragraphs_that_say_otherwise_stay_text(tmp_path):
    path = pandoc_docx(tmp_path, 'title: "Grain prices rise in Aktau"\nauthor: Leyla Əliyeva\ndate: 14 March 2025')
    out = cli("ingest", path, "-o", tmp_path / "x.yaml", "--author", "Anna Petrosyan", "--published", "unknown")
    assert out.returncode == 0, out.stderr
    article, _ = check(tmp_path / "x.yaml")
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Anna", "Petrosyan")]
    assert article.metadata.published is None
    assert article.text_lines() == ["Grain prices rise in Aktau", "Leyla Əliyeva", "14 March 2025", *LINES]
    out = cli("ingest", path, "-o", tmp_path / "y.yaml", "--published", "2025-03-14")
    article, _ = check(tmp_path / "y.yaml")  # the same date as the paragraph's: it is the metadata
    assert article.metadata.published == "2025-03-14"
    assert article.text_lines() == ["Grain prices rise in Aktau", *LINES]


def test_author_and_date_styles_after_the_title_block_are_text():
    document = docx.Document()
    for name in ("Author", "Date"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Harbour berths approved", style="Title")
    document.add_paragraph("By Ivo Novak and Ana Kovač", style="Author")
    document.add_paragraph("The harbour board approved the new berths after two years of talks.")
    document.add_paragraph("5 May 2024", style="Date")  # a letter's date inside the article
    document.add_paragraph("Ana Kovač", style="Author")
    out = io.BytesIO()
    document.save(out)
    article = read_docx(out.getvalue(), name="berths.docx")
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Ivo", "Novak"), ("Ana", "Kovač")]
    assert article.metadata.published is None
    assert article.text_lines()[1:] == ["The harbour board approved the new berths after two years of talks.",
                                        "5 May 2024", "Ana Kovač"]


def test_a_markdown_front_matter_date_in_words_is_read_too():
    article = read_markdown(f"---\ntitle: Grain prices rise\ndate: 14 March 2025\n---\n{BODY}", name="x.md")
    assert article.metadata.published == "2025-03-14"
