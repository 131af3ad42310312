"""Read a Markdown article (UTF-8) into a draft :class:`~kazan_export.model.Article`.

Parsed with markdown-it-py (CommonMark; already installed with rich): Markdown's inline
rules (emphasis, links, escapes, entities, code spans) have enough corner cases that a small
hand-written parser would get "the text as a reader sees it" wrong. ATX (``#``) and setext
headings are headings; the first block is the title if it is a heading, or if there is no
front-matter title; paragraphs, list items and quotations are paragraphs. Paragraph text is
what a reader sees: emphasis marks, link targets, images and inline HTML are left out,
escapes and entities resolved, a soft line break is a space and a hard one (two spaces or
``\\`` at the end of a line) starts a new paragraph. Code blocks and HTML blocks are left out.
A YAML front matter block (``---`` … ``---``) gives title, author(s), date (a YAML date or one
in words, "14 March 2025"), publisher, url, language and keywords when it states them.
"""

from __future__ import annotations

import datetime as dt
import re

from kazan_export.model import Article
from kazan_export.readers.bylines import author_of
from kazan_export.readers.draft import Block, Found, assemble, read_published
from kazan_export.readers.inputs import clean, decode_text, fail

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def _front_matter(text: str, found: Found) -> tuple[str, int]:
    """Fill ``found`` from a YAML front matter block; return the rest of the text and how many
    lines the block took."""
    match = _FRONT.match(text)
    if not match:
        return text, 0
    import yaml

    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return text, 0  # not front matter after all: a thematic break and text
    if not isinstance(data, dict):
        return text, 0
    data = {str(k).lower(): v for k, v in data.items()}

    def text_of(*keys: str) -> str | None:
        for key in keys:
            value = data.get(key)
            if isinstance(value, (str, int, float)) and str(value).strip():
                return clean(str(value))
        return None

    found.title = found.title or text_of("title")
    if not found.authors:
        names = data.get("authors", data.get("author"))
        names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
        found.authors = tuple(author_of(clean(n)) for n in names if isinstance(n, str) and n.strip())
    found.publisher = found.publisher or text_of("publisher", "site", "site_name", "sitename", "publication")
    language = text_of("lang", "language")
    if not found.language and language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language):
        found.language = language.split("-")[0].lower() + language[len(language.split("-")[0]):]
    date = data.get("date", data.get("published"))
    if not found.published and isinstance(date, (dt.date, str)):  # "2025-03-14", "14 March 2025"
        found.published = read_published(date.isoformat() if isinstance(date, dt.date) else date, found.language)
    url = text_of("url", "link", "canonical_url")
    if not found.url and url and re.match(r"^https?://\S+$", url):
        found.url = url
    tags = data.get("keywords", data.get("tags"))
    if not found.keywords and isinstance(tags, list):
        found.keywords = tuple(clean(str(t)) for t in tags if str(t).strip())
    return text[match.end():], match[0].count("\n")


def _inline_texts(token) -> list[str]:  # noqa: ANN001
    """Return what a reader sees of an inline token: one text per run between hard breaks."""
    parts: list[list[str]] = [[]]
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts[-1].append(child.content)
        elif child.type == "softbreak":
            parts[-1].append(" ")
        elif child.type == "hardbreak":
            parts.append([])
        # images, inline HTML, emphasis and link marks: not text a reader sees
    return [t for t in (clean("".join(p)) for p in parts) if t]


def read_markdown(raw: bytes | str, *, name: str = "<markdown>", found: Found | None = None) -> Article:
    """Return the draft article of the Markdown text ``raw`` (bytes must be UTF-8).

    Raises :class:`~kazan_export.errors.SourceError` for binary, non-UTF-8 or empty input.
    """
    raw = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    text = decode_text(raw, name, "Markdown text")
    found = found or Found()
    given_title = found.title
    body, offset = _front_matter(text, found)
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    blocks: list[Block] = []
    kind = "paragraph"
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            kind = "heading"
        elif token.type == "paragraph_open":
            kind = "paragraph"
        elif token.type == "inline":
            line = token.map[0] + 1 + offset if token.map else 0
            blocks.extend(Block(kind, t, line) for t in _inline_texts(token))
    if not blocks:
        raise fail(name, "has no article text (only code, HTML or front matter?); give the article's Markdown")
    if blocks[0].kind == "heading" or not found.title:
        blocks[0] = Block("title", blocks[0].text, blocks[0].line)
        if not given_title:
            found.title = None  # the heading as printed, not the front matter's title
    return assemble(blocks, found, name=name)
