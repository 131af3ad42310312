"""Read a Word document (DOCX) into a draft :class:`~kazan_export.model.Article`, with python-docx.

python-docx is imported here only, when a DOCX is ingested. Paragraphs in the ``Title``
style give the title (else the first paragraph is, as in plain text); ``Heading 1``
to ``Heading 9`` (and the ``Subtitle`` style) give headings; every other non-empty paragraph,
list items and table cells included, is a paragraph, in document order. A line break inside
a Word paragraph starts a new paragraph; tabs become spaces. The title block's ``Author`` and
``Date`` paragraphs (as pandoc writes a Markdown document's YAML ``author`` and ``date``) give
the authors and the publication date, and are then no text. Else the core properties give the
author when it is set (python-docx's own template writes "python-docx" as the author, which is
not taken); they give the language and keywords. The core ``created`` date is when the file was made, not when
the article was published: it is not taken as the publication date.
"""

from __future__ import annotations

import io
import re

from kazan_export.model import Article
from kazan_export.readers.bylines import author_of, byline_names
from kazan_export.readers.draft import Block, Found, assemble, read_published
from kazan_export.readers.inputs import fail

_PLACEHOLDER_AUTHORS = {"python-docx", "author", "user", "admin", "administrator", "microsoft office user",
                        "unknown", "windows user"}
_HEADING = re.compile(r"^(?:heading\s*[1-9]|subtitle)$", re.IGNORECASE)
_FRONT = ("title", "subtitle", "author", "date")  # the styles of a title block (pandoc writes them)


def _style_name(paragraph) -> str:  # noqa: ANN001
    style = paragraph.style
    while style is not None:  # a custom style based on "Heading 2" counts as a heading
        if style.name and (style.name.lower() in _FRONT or _HEADING.match(style.name)):
            return style.name.lower()
        style = style.base_style
    return ""


def _title_block(blocks: list[Block], meta: Found) -> list[Block]:
    """Return ``blocks`` as the article's title, headings and paragraphs, after the ``author``
    and ``date`` blocks of the title block (the Title, Subtitle, Author and Date paragraphs it
    starts with: pandoc writes a Markdown document's ``author`` list and ``date`` so) have
    given ``meta`` its authors and publication date. What the user gave stands (even as
    unknown): a paragraph that says otherwise stays in the text, as does a date that cannot be
    read and either style after the title block."""
    end = next((i for i, b in enumerate(blocks) if b.kind not in _FRONT), len(blocks))
    # "Jane Roe", "Roe, Jane", "By Jane Roe and John Smith"; "By our correspondent" names no one
    names = {i: [b.text] if byline_names(b.text) is None else byline_names(b.text)
             for i, b in enumerate(blocks[:end]) if b.kind == "author"}
    authors = tuple(author_of(n) for found in names.values() for n in found)
    dates = {i: read_published(b.text, meta.language) for i, b in enumerate(blocks[:end]) if b.kind == "date"}
    if authors and not meta.authors and "authors" not in meta.given:
        meta.authors = authors
    published = next((d for d in dates.values() if d), None)
    if published and not meta.published and "published" not in meta.given:
        meta.published = published
    out = []
    for i, b in enumerate(blocks):
        if i < end and ((b.kind == "author" and names[i] and meta.authors == authors)
                        or (b.kind == "date" and dates[i] is not None and dates[i] == meta.published)):
            continue  # now metadata
        kind = {"subtitle": "heading", "author": "paragraph", "date": "paragraph"}.get(b.kind, b.kind)
        out.append(Block(kind, b.text, b.line))
    return out


def _paragraphs(document):  # noqa: ANN001, ANN202
    """Yield the document's paragraphs in order, those inside tables included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(container):  # noqa: ANN001, ANN202
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                for row in item.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell appears once per column
                            seen.add(id(cell._tc))
                            yield from walk(cell)

    yield from walk(document)


def read_docx(raw: bytes, *, name: str = "<docx>", found: Found | None = None) -> Article:
    """Return the draft article of the DOCX file ``raw``.

    Raises :class:`~kazan_export.errors.SourceError` if it is not a Word document or holds no text.
    """
    import zipfile

    if not raw.startswith(b"PK"):
        raise fail(name, "is not a DOCX file (a DOCX is a zip package); give --from text, html or "
                         "markdown for other files")
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise fail(name, f"is not a readable DOCX file ({exc}); re-save it from Word or LibreOffice") from None
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise fail(name, f"is not a readable DOCX file ({type(exc).__name__}); re-save it from Word "
                         "or LibreOffice") from None
    blocks: list[Block] = []
    for paragraph in _paragraphs(document):
        style = _style_name(paragraph)
        kind = style if style in _FRONT else "heading" if style else "paragraph"
        for text in re.split(r"\n", paragraph.text.replace("\t", " ")):
            text = text.strip()
            if text:
                if kind == "title" and blocks:  # a second Title paragraph is a heading
                    kind = "subtitle"
                blocks.append(Block(kind, text))
                if kind == "title":
                    kind = "subtitle"  # a title broken over lines: the rest are headings
    meta = found or Found()
    core = document.core_properties
    language = (core.language or "").strip()
    if not meta.language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language):
        meta.language = language.split("-")[0].lower() + language[len(language.split("-")[0]):]
    blocks = _title_block(blocks, meta)
    if blocks and blocks[0].kind != "title":  # no Title style: the first paragraph, as in text
        blocks[0] = Block("title", blocks[0].text)
    author = (core.author or "").strip()
    if not meta.authors and author and author.lower() not in _PLACEHOLDER_AUTHORS:
        meta.authors = tuple(author_of(a.strip()) for a in re.split(r"\s*;\s*", author) if a.strip())
    if not meta.keywords and core.keywords and core.keywords.strip():
        meta.keywords = tuple(k.strip() for k in re.split(r"[;,]", core.keywords) if k.strip())
    if not blocks:
        raise fail(name, "has no text (an empty document?); give a DOCX that holds the article")
    return assemble(blocks, meta, name=name)
