"""What the article readers share: building a draft Article from blocks, with ids.

A reader reads its input (:mod:`.inputs`) and turns it into a list of :class:`Block` (title,
heading or paragraph, in reading order) and a :class:`Found` (the metadata the input states).
:func:`assemble` then finds the byline and the closing lines at the end (credits, copyright
notices: :mod:`.bylines` tells them), gives every paragraph, heading and section an id, and
returns an :class:`~kazan_export.model.Article` with no statements. What the input does not
state stays unknown (``None``, no authors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kazan_export.citations import transliterate
from kazan_export.model import Article, Author, Heading, Metadata, Paragraph, Section
from kazan_export.outputs import windows_reserved
from kazan_export.readers.bylines import (
    author_of, byline_names, is_closing, is_top_byline, looks_like_heading,
)
from kazan_export.readers.inputs import fail, read_input, trim
from kazan_export.readers.published import (
    UNKNOWN_LANGUAGE, edtf_or_none, is_labelled_date, read_published, top_dateline, top_dates,
)

# what the readers take from here; the line helpers and the input readers are re-exported
__all__ = ["Block", "Found", "Ids", "Tail", "UNKNOWN_LANGUAGE", "article_id", "assemble", "byline_names",
           "find_tail", "is_closing", "looks_like_heading", "read_input", "read_published", "slug", "trim"]



@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the article in reading order: a ``title``, ``heading`` or ``paragraph``."""

    kind: str
    text: str
    line: int = 0  # 1-based line in the input where known, else 0


@dataclass(slots=True)
class Found:
    """Metadata the input states; ``None`` / empty where it does not."""

    title: str | None = None
    authors: tuple[Author, ...] = ()
    publisher: str | None = None
    published: str | None = None  # EDTF
    url: str | None = None
    language: str | None = None
    keywords: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    # the fields the user gave, "unknown" included ("--published unknown"): the input's own
    # value of them is not taken (a DOCX's Date paragraph then stays in the text)
    given: frozenset[str] = frozenset()



# --- ids -----------------------------------------------------------------------------------

def slug(text: str, max_words: int = 8, max_chars: int = 60) -> str:
    """Return a lower-case ASCII id made of the first words of ``text``, transliterated from any
    script (``""`` if none)."""
    ascii_text = transliterate(text.replace("’", "'").replace("'", ""))
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    out = ""
    for word in words[:max_words]:
        if out and len(out) + 1 + len(word) > max_chars:
            break
        out = f"{out}-{word}" if out else word[:max_chars]
    return out


class Ids:
    """Hands out unique ids in one namespace (paragraphs, headings and sections share one)."""

    def __init__(self, taken: tuple[str, ...] = ()):
        self.taken = set(taken)

    def new(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


# --- assembling ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Tail:
    """Where the byline and the closing lines start in a list of body blocks."""

    byline: int | None  # index of the byline block at the end, if any
    closing: int  # index of the first closing block (len(blocks) if none)


def find_tail(blocks: list[Block]) -> Tail:
    """Return where the byline and closing lines at the end of ``blocks`` stand.

    A byline at the end is a "By …" line or a line of personal names, with at least one
    paragraph before it, followed by nothing or by a closing line (credits, a copyright
    notice): every line after it is closing matter (at most ten short paragraphs). Without
    such a byline, the closing lines are the last paragraphs from the first closing line on.
    """
    n = len(blocks)
    for i in range(n - 1, max(0, n - 12), -1):
        after = blocks[i + 1:]
        if (len(after) <= 10 and all(b.kind == "paragraph" and len(b.text) <= 400 for b in after)
                and (not after or is_closing(after[0].text))
                and blocks[i].kind in ("paragraph", "heading") and byline_names(blocks[i].text) is not None
                and any(b.kind == "paragraph" for b in blocks[:i])):
            return Tail(i, i + 1)
    for i in range(max(1, n - 8), n):
        rest = blocks[i:]
        if is_closing(blocks[i].text) and all(b.kind == "paragraph" and len(b.text) <= 300 for b in rest):
            if any(b.kind == "paragraph" for b in blocks[:i]):
                before = blocks[i - 1]
                if (i - 1 > 0 and before.kind in ("paragraph", "heading")
                        and byline_names(before.text) is not None):
                    return Tail(i - 1, i)
                return Tail(None, i)
    return Tail(None, n)


def assemble(blocks: list[Block], found: Found, *, name: str, guess_headings: bool = False) -> Article:
    """Return the draft article of ``blocks`` (reading order) and ``found`` metadata.

    The first block is the title if its kind is ``title``, unless ``found.title`` (given by the
    user) says otherwise: that block then stays in the text as the first paragraph. With
    ``guess_headings``, paragraphs that :func:`looks_like_heading` become headings (plain
    text). Raises :class:`SourceError` if there is no article text.
    """
    blocks = [Block(b.kind, trim(b.text), b.line) for b in blocks if trim(b.text)]
    title = found.title
    if blocks and blocks[0].kind == "title":
        first = blocks.pop(0)
        if title and title.strip() != first.text:  # a title given by the user: no text is lost
            blocks.insert(0, Block("paragraph", first.text, first.line))
        else:
            title = first.text
    if not title or not trim(title):
        raise fail(name, "has no title; give one with --title")
    tail = find_tail(blocks)
    body, closing = blocks[: tail.closing], blocks[tail.closing:]
    byline = body.pop() if tail.byline is not None else None
    top, dateline = top_dateline(body, found.language or UNKNOWN_LANGUAGE)
    dated, stated = top_dates(body, found.language)
    # the lines between the title and the text: "By …", date lines, a dateline on its own line
    lead = 0
    while lead < min(len(body) - 1, 4) and body[lead].kind == "paragraph":
        if not (is_top_byline(body[lead].text) or lead in dated):
            _, line = (top, dateline) if lead == top else top_dateline(body[lead:lead + 1], found.language or UNKNOWN_LANGUAGE)
            if line is None or not line.whole:
                break
            top, dateline = lead, dateline or line  # "By …", "Published …", then "Valmere, Wednesday, …"
        lead += 1
    front, body = body[:lead], body[lead:]
    top = top - lead if top is not None and top >= lead else None
    if guess_headings:  # a dateline starting the text ("BAKU (Reuters) — …") is text, never a heading,
        # nor a "By …" or a "Published …"/"Updated …" line the front did not take (after a standfirst)
        body = [Block("heading", b.text, b.line)
                if b.kind == "paragraph" and i + 1 < len(body) and looks_like_heading(b.text) and i != top
                and not is_top_byline(b.text) and not is_labelled_date(b.text, found.language) else b
                for i, b in enumerate(body)]
    published = found.published or stated or (dateline.date.isoformat() if dateline and dateline.date else None)
    if not any(b.kind == "paragraph" for b in body):
        raise fail(name, "has no article text (no paragraphs were found); check that this is the article")
    authors = found.authors
    if not authors:
        named = byline_names(byline.text) if byline else None
        if not named:  # a "By …" line above the text, or under a first paragraph (a standfirst)
            named = next((byline_names(b.text) for b in [*front, *body[:2]]
                          if b.kind == "paragraph" and is_top_byline(b.text)), None)
        authors = tuple(author_of(n) for n in named or ())

    ids = Ids(("lead",))
    paragraphs = sum(b.kind == "paragraph" for b in body)
    width = max(2, len(str(paragraphs)))
    sections: list[Section] = []
    heading: Heading | None = None
    current: list[Paragraph] = []
    section_id, number = "lead", 0

    def close() -> None:
        if heading is not None or current:
            sections.append(Section(section_id, heading, tuple(current)))

    for block in body:
        if block.kind == "heading":
            close()
            base = slug(block.text, max_words=5, max_chars=40) or f"section-{len(sections) + 1}"
            section_id = ids.new(base)
            heading, current = Heading(ids.new(f"h-{base}"), block.text), []
        else:
            number += 1
            current.append(Paragraph(ids.new(f"p{number:0{width}d}"), block.text))
    close()

    front_paras = tuple(Paragraph(ids.new(f"front-{k}"), b.text) for k, b in enumerate(front, 1))
    byline_paras = (Paragraph(ids.new("byline"), byline.text),) if byline else ()
    closing_paras = tuple(Paragraph(ids.new(f"closing-{k}"), b.text) for k, b in enumerate(closing, 1))
    rights = next((b.text for b in closing if re.search(r"©|\bcopyright\b|\ball rights reserved\b",
                                                         b.text, re.IGNORECASE)), None)
    credits = tuple((label, b.text) for label, b in _credit_labels(closing))
    metadata = Metadata(
        title=trim(title), authors=authors, publisher=found.publisher,
        language=found.language or UNKNOWN_LANGUAGE, rights=rights, credits=credits,
        published=edtf_or_none(published), url=found.url,
        keywords=tuple(dict.fromkeys(k for k in found.keywords if trim(k))),
    )
    return Article(id=article_id(title, name), metadata=metadata, sections=tuple(sections),
                   front=front_paras, byline=byline_paras, closing=closing_paras, source=name)


def _credit_labels(closing: list[Block]):  # noqa: ANN202
    labels: set[str] = set()
    for b in closing:
        match = re.match(r"(photos?|photographs?|images?|pictures?|illustrations?|video|graphics?|maps?)\b",
                         b.text, re.IGNORECASE)
        if match:
            label = match[1].lower()
            label = {"photo": "photos", "photograph": "photos", "photographs": "photos",
                     "image": "images", "picture": "pictures", "illustration": "illustrations",
                     "graphic": "graphics", "map": "maps"}.get(label, label)
            if label not in labels:
                labels.add(label)
                yield label, b


def article_id(title: str, name: str) -> str:
    """Return the article's id: a slug of its title, else of the file name, else ``article``;
    a name Windows cannot give a file (``con``, ``lpt0``: outputs are named after the id) gets
    ``-article`` after it."""
    found = slug(title) or slug(Path(name).stem) or "article"
    return f"{found}-article" if windows_reserved(found) else found
