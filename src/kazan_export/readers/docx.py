"""Read a Word document (DOCX) into a draft :class:`~kazan_export.model.Article`, with python-docx.

python-docx is imported here only, when a DOCX is ingested. Paragraphs in the ``Title``
style give the title (else the first paragraph is, as in plain text); ``Heading 1``
to ``Heading 9`` (and the ``Subtitle`` style) give headings; every other non-empty paragraph,
list items and table cells included, is a paragraph, in document order. A line break inside
a Word paragraph starts a new paragraph; tabs become spaces. The core properties give the
author, language and keywords when they are set (python-docx's own template writes
"python-docx" as the author, which is not taken). The core ``created`` date is when the file was made, not when
the article was published: it is not taken as the publication date.
"""

from __future__ import annotations

import io
import re

from kazan_export.model import Article
from kazan_export.readers.bylines import author_of
from kazan_export.readers.draft import Block, Found, assemble
from kazan_export.readers.inputs import fail

_PLACEHOLDER_AUTHORS = {"python-docx", "author", "user", "admin", "administrator", "microsoft office user",
                        "unknown", "windows user"}
_HEADING = re.compile(r"^(?:heading\s*[1-9]|subtitle)$", re.IGNORECASE)


def _style_name(paragraph) -> str:  # noqa: ANN001
    style = paragraph.style
    while style is not None:  # a custom style based on "Heading 2" counts as a heading
        if style.name and (style.name.lower() == "title" or _HEADING.match(style.name)):
            return style.name.lower()
        style = style.base_style
    return ""


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
        kind = "title" if style == "title" else "heading" if style else "paragraph"
        for text in re.split(r"\n", paragraph.text.replace("\t", " ")):
            text = text.strip()
            if text:
                if kind == "title" and blocks:  # a second Title paragraph is a heading
                    kind = "heading"
                blocks.append(Block(kind, text))
                if kind == "title":
                    kind = "heading"  # a title broken over lines: the rest are headings
    meta = found or Found()
    core = document.core_properties
    if blocks and blocks[0].kind != "title":  # no Title style: the first paragraph, as in text
        blocks[0] = Block("title", blocks[0].text)
    author = (core.author or "").strip()
    if not meta.authors and author and author.lower() not in _PLACEHOLDER_AUTHORS:
        meta.authors = tuple(author_of(a.strip()) for a in re.split(r"\s*;\s*", author) if a.strip())
    language = (core.language or "").strip()
    if not meta.language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language):
        meta.language = language.split("-")[0].lower() + language[len(language.split("-")[0]):]
    if not meta.keywords and core.keywords and core.keywords.strip():
        meta.keywords = tuple(k.strip() for k in re.split(r"[;,]", core.keywords) if k.strip())
    if not blocks:
        raise fail(name, "has no text (an empty document?); give a DOCX that holds the article")
    return assemble(blocks, meta, name=name)
