"""Read a saved web page into a draft :class:`~kazan_export.model.Article`, with trafilatura.

trafilatura (imported here only, when a page is ingested) finds the article among the
navigation, advertisements and footer, and keeps its structure: its XML output has the
headings (``<head rend="h2">``), paragraphs, quotations and list items in reading order,
and the page's metadata: title, author, date, site name and address. Nothing is fetched:
the page's HTML is passed as text. The date comes only from the page's markup
(``article:published_time``, JSON-LD, ``<time>``), never from an extensive search of the text
(which would take a copyright year for a publication date); a site name that is only the
web address's host is not taken for the publisher. Paragraph text is as a reader sees it:
the text of the element with runs of white space made one space; a line break (``<br>``)
starts a new paragraph.
"""

from __future__ import annotations

import codecs
import re

from kazan_export.model import Article
from kazan_export.readers.bylines import author_of
from kazan_export.readers.draft import Block, Found, assemble
from kazan_export.readers.inputs import clean, decode_text, fail

_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_URL = re.compile(r"^https?://\S+$")
_EDTF_DAY = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_BLOCKS = {"p": "paragraph", "head": "heading", "item": "paragraph", "cell": "paragraph"}


def _decode(raw: bytes, name: str) -> str:
    """Return the page's text: UTF-8, or the charset its ``<meta charset>`` declares."""
    try:
        return decode_text(raw, name, "HTML", controls=False)  # clean() drops them from the text
    except Exception:
        match = _CHARSET.search(raw[:4096])
        if match and b"\0" not in raw:
            try:
                codec = codecs.lookup(match[1].decode("ascii")).name
            except LookupError:
                codec = None
            if codec and codec != "utf-8":
                try:
                    return raw.decode(codec)
                except UnicodeDecodeError:
                    pass
        raise


def _language(raw: bytes | str) -> str | None:
    head = raw[:8192] if isinstance(raw, bytes) else raw[:8192].encode("utf-8", "replace")
    match = _LANG.search(head)
    if not match:
        return None
    primary, *rest = match[1].decode("ascii").replace("_", "-").split("-")
    return "-".join([primary.lower(), *rest])


def _texts(element) -> list[str]:  # noqa: ANN001
    """Return the text of ``element`` as paragraphs: one per run between line breaks (``<lb/>``)."""
    parts: list[list[str]] = [[element.text or ""]]

    def walk(node) -> None:  # noqa: ANN001
        for child in node:
            if child.tag == "lb":
                parts.append([])
            else:
                parts[-1].append(child.text or "")
                walk(child)
            parts[-1].append(child.tail or "")

    walk(element)
    return [t for t in (clean("".join(p)) for p in parts) if t]


def _blocks(body) -> list[Block]:  # noqa: ANN001
    """Return the headings and paragraphs of trafilatura's XML body, in reading order."""
    blocks: list[Block] = []

    def walk(element) -> None:  # noqa: ANN001
        for child in element:
            kind = _BLOCKS.get(child.tag)
            nested = any(c.tag in _BLOCKS or c.tag in ("list", "quote", "table", "row") for c in child)
            if kind and not (child.tag == "item" and nested):
                if child.tag == "head" and child.get("rend") == "h1":
                    kind = "h1"  # a title if it comes first (see read_html)
                blocks.extend(Block(kind, t) for t in _texts(child))
            elif child.tag in ("list", "quote", "table", "row", "div", "main", "item"):
                if nested or child.tag in ("list", "table", "row", "div", "main"):
                    walk(child)
                else:  # a quotation written without paragraphs
                    blocks.extend(Block("paragraph", t) for t in _texts(child))

    walk(body)
    return blocks


def _only_links(blocks: list[Block], html: str) -> bool:
    """Return True if the little text found is the page's links (a front page, a menu): what
    trafilatura's last-resort fallback returns for a page without an article."""
    text = " ".join(b.text for b in blocks if b.kind == "paragraph")
    if len(blocks) > 4 or len(text) > 1000:
        return False
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001  (unparseable: keep what trafilatura found)
        return False
    rest = text
    for link in sorted({clean(a.text_content()) for a in tree.iter("a")}, key=len, reverse=True):
        if link:
            rest = rest.replace(link, " ")
    return len(re.sub(r"\W+", "", rest)) < 0.15 * max(1, len(re.sub(r"\W+", "", text)))


def read_html(raw: bytes | str, *, name: str = "<html>", found: Found | None = None) -> Article:
    """Return the draft article of the web page ``raw`` (HTML text or bytes; never fetched).

    Raises :class:`~kazan_export.errors.SourceError` for binary or undecodable input and for a
    page in which no article text is found.
    """
    html = _decode(raw, name) if isinstance(raw, bytes) else raw
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_formatting=True, include_comments=False,
        include_tables=True, include_images=False, include_links=False, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "9999-12-31"},
    )
    body = getattr(doc, "body", None) if doc is not None else None
    blocks = _blocks(body) if body is not None else []
    if not any(b.kind == "paragraph" for b in blocks) or _only_links(blocks, html):
        raise fail(name, "has no article text that could be found (a page of links or a script-only "
                         "page?); save the article's own page, or give its text with --from text")
    meta = found or Found()
    page_title = clean(doc.title) if doc.title else None
    first = blocks[0]
    if first.kind == "h1" or (first.kind == "heading" and first.text == page_title):
        blocks[0] = Block("title", first.text)  # the page's own heading: the title as printed
    elif not meta.title:
        meta.title = page_title
    blocks = [Block("heading", b.text) if b.kind == "h1" else b for b in blocks]
    if not meta.authors and doc.author:
        meta.authors = tuple(author_of(a) for a in (clean(x) for x in doc.author.split(";")) if a)
    site = clean(doc.sitename or "")
    if site and not meta.publisher and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", site, re.IGNORECASE):
        meta.publisher = site  # a bare host name (example.org) is a guess from the address, not a name
    if not meta.published and doc.date and _EDTF_DAY.match(doc.date):
        meta.published = doc.date
    if not meta.url and doc.url and _URL.match(doc.url):
        meta.url = doc.url
    meta.language = meta.language or _language(raw)
    if doc.tags and not meta.keywords:
        meta.keywords = tuple(t for t in (clean(x) for x in doc.tags) if t)
    return assemble(blocks, meta, name=name)
