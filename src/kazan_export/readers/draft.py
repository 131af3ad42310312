"""What the article readers share: reading the input, ids, and building a draft Article.

A reader turns its input into a list of :class:`Block` (title, heading or paragraph, in
reading order) and a :class:`Found` (the metadata the input states). :func:`assemble` then
finds the byline and the closing lines at the end (credits, copyright notices), gives every
paragraph, heading and section an id, and returns an :class:`~kazan_export.model.Article`
with no statements. What the input does not state stays unknown (``None``, no authors).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kazan_export.errors import Problem, SourceError
from kazan_export.model import Article, Author, Heading, Metadata, Paragraph, Section
from kazan_export.outputs import windows_reserved

# Control characters no output can hold (the DOCX writer refuses them); tab, the line breaks
# and the characters Python and Unicode count as line or page breaks are not among them.
CONTROL = re.compile("[\x01-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
MAX_INPUT_BYTES = 20 * 1024 * 1024  # a saved web page with inline scripts and images can be large
UNKNOWN_LANGUAGE = "und"  # BCP 47 "undetermined": the input does not say


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


def fail(name: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    """Return the error for an input that cannot be ingested, as ``name:line:column: message``."""
    return SourceError([Problem(name, line, column, message)])


def read_input(path: Path) -> bytes:
    """Return the bytes of the article at ``path``; raise :class:`SourceError` if unreadable."""
    name = str(path)
    if not path.exists():
        raise fail(name, "no such file; give the path of the article to ingest")
    if path.is_dir():
        raise fail(name, "is a folder, not an article; give the path of a file inside it")
    if not path.is_file():
        raise fail(name, "is not a regular file (a pipe, device or socket); save the article to a file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise fail(name, f"cannot read the file ({exc.strerror}); check its permissions") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise fail(name, f"file is too large (more than {MAX_INPUT_BYTES // 2**20} MB) to be one article")
    if not raw.strip():
        raise fail(name, "is empty; give a file that holds the article's text")
    return raw


def decode_text(raw: bytes, name: str, what: str = "text", *, controls: bool = True) -> str:
    """Return ``raw`` decoded as UTF-8 (a byte-order mark is dropped); refuse binary or other
    encodings with the line and column of the first bad byte, and (if ``controls``) control
    characters, which no output can hold."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(name, f"is UTF-16 {what}; re-save the file as UTF-8")
    if b"\0" in raw:
        raise fail(name, f"is a binary file, not {what}; give a text, HTML, DOCX or Markdown article "
                         "(or --from to name its format)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise fail(name, f"is not UTF-8 {what}; re-save the file as UTF-8", line, column) from None
    if not trim(text):
        raise fail(name, "is empty; give a file that holds the article's text")
    bad = CONTROL.search(text) if controls else None
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise fail(name, f"contains the control character U+{ord(bad[0]):04X}, which no output can hold; "
                         f"remove it (or check that this is the right file)", line, column)
    return text


def trim(text: str) -> str:
    """Return ``text`` without white space or byte-order marks around it (the schema counts
    U+FEFF as white space)."""
    return re.sub(r"^[\s\ufeff]+|[\s\ufeff]+$", "", text)


# --- ids -----------------------------------------------------------------------------------

_FOLD = str.maketrans({"ə": "e", "Ə": "E", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i",
                       "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})


def slug(text: str, max_words: int = 8, max_chars: int = 60) -> str:
    """Return a lower-case ASCII id made of the first words of ``text`` (``""`` if none)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("’", ""))
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


# --- names, bylines and closing lines --------------------------------------------------------

_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "al",
              "el", "bin", "ibn", "ter", "ten", "dos", "das", "do", "y", "e", "zu", "af", "st."}
_NAME_WORD = re.compile(r"^(?:[^\W\d_][.]?|[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*\.?)$")
_BY = re.compile(r"^(by|от|von|par|por|di)\s+(\S.*)$", re.IGNORECASE)
_NAMELESS = ("our ", "staff ", "a ")  # "By our correspondent", "By staff reporters", "By a …"
_AND = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*;\s*)")

_CLOSING = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|\bcreative commons\b"
    r"|^(?:photos?|photographs?|images?|pictures?|illustrations?|graphics?|video|cover(?: photo)?|"
    r"map|infographics?)\s*(?:by|:|credits?\b|courtesy\b)"
    r"|^(?:photo|image|picture)\s+credits?\b|^credits?\s*:|^(?:additional\s+)?reporting\s+by\b"
    r"|^(?:edited|written|translated|compiled|produced)\s+by\b|^(?:editing|translation)\s*(?:by|:)"
    r"|\b(?:partner|sponsor)s?\s+of\s+(?:the|this)\s+(?:project|series|article|publication)\b"
    r"|^(?:this\s+(?:article|story|chapter|piece|report)\s+(?:was|is|first|originally)\b)"
    r"|^(?:originally|first)\s+published\b|^(?:reprinted|republished)\b",
    re.IGNORECASE,
)


def is_name(text: str) -> bool:
    """Return True if ``text`` reads as a personal name: 2–5 capitalised words (particles and
    initials allowed), no digits, no final punctuation."""
    words = text.split()
    if not 2 <= len(words) <= 5 or text[-1:] in ",;:!?" or len(text) > 60:
        return False
    for i, word in enumerate(words):
        if i and word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
    return any(len(w.rstrip(".")) > 1 for w in words)  # not just initials


def name_list(text: str) -> list[str] | None:
    """Return the names in an author line ("A B", "A B and C D", "A B, C D & E F"), or None if
    any part is not a personal name."""
    parts = [p.strip() for p in _AND.split(text.strip()) if p.strip()]
    if not parts or len(parts) > 8:
        return None
    return parts if all(is_name(p) for p in parts) else None


def byline_names(text: str) -> list[str] | None:
    """Return the authors named by a byline ("By A B", or a line of names), None if it is not one.

    A "By …" line that names nobody ("By our correspondent", "By staff reporters") is a byline
    with no names: ``[]``; "By the numbers" is not a byline, nor "Di Maio wins" (the words for
    "by" in other languages need names after them).
    """
    text = text.strip()
    match = _BY.match(text)
    if match and len(text) <= 120 and text[-1:] not in ".!?:;":
        rest = re.split(r"\s+[|·•–—-]\s+|,\s+(?=(?:staff|senior|chief|special|[a-z]))", match[2])[0]
        names = name_list(rest)
        if names:
            return names
        if match[1].lower() == "by" and (rest[:1].isupper() or rest.lower().startswith(_NAMELESS)):
            return []
    return name_list(text)


def is_top_byline(text: str) -> bool:
    """Return True for a "By …" line (never a heading; kept in the body where it stands)."""
    return bool(_BY.match(text.strip())) and byline_names(text) is not None


def is_closing(text: str) -> bool:
    """Return True for a closing line: copyright and rights notices, credits, "first published"."""
    return len(text) <= 400 and bool(_CLOSING.search(text))


def author_of(name: str) -> Author:
    """Return the Author for a name as printed: "Given Family" or "Family, Given"; lower-case
    particles before the last word belong to the family name (Ludwig van Beethoven)."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = (x.strip() for x in name.partition(","))
        return Author(family=family, given=given or None)
    words = name.split()
    if len(words) == 1:
        return Author(family=words[0])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Author(family=" ".join(words[start:]), given=" ".join(words[:start]))


# --- headings in plain text -------------------------------------------------------------------

_CLOSERS = "”’\"'»›)]}"
FINAL_PUNCTUATION = ".,;:!?…"


def looks_like_heading(text: str) -> bool:
    """Return True for a short line without final punctuation: a heading in plain text."""
    if len(text) > 120 or len(text.split()) > 16 or "\n" in text:
        return False
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] in FINAL_PUNCTUATION:
        return False
    first = next((c for c in text if c.isalnum()), "")
    return bool(first) and not first.islower()


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
    if guess_headings:
        body = [Block("heading", b.text, b.line)
                if b.kind == "paragraph" and i + 1 < len(body) and looks_like_heading(b.text)
                and not is_top_byline(b.text) else b
                for i, b in enumerate(body)]
    if not any(b.kind == "paragraph" for b in body):
        raise fail(name, "has no article text (no paragraphs were found); check that this is the article")
    authors = found.authors
    if not authors:
        named = byline_names(byline.text) if byline else None
        if not named:  # a "By …" line near the top (kept in the body, where it stands)
            named = next((byline_names(b.text) for b in body[:3]
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

    byline_paras = (Paragraph(ids.new("byline"), byline.text),) if byline else ()
    closing_paras = tuple(Paragraph(ids.new(f"closing-{k}"), b.text) for k, b in enumerate(closing, 1))
    rights = next((b.text for b in closing if re.search(r"©|\bcopyright\b|\ball rights reserved\b",
                                                         b.text, re.IGNORECASE)), None)
    credits = tuple((label, b.text) for label, b in _credit_labels(closing))
    metadata = Metadata(
        title=trim(title), authors=authors, publisher=found.publisher,
        language=found.language or UNKNOWN_LANGUAGE, rights=rights, credits=credits,
        published=_edtf_or_none(found.published), url=found.url,
        keywords=tuple(dict.fromkeys(k for k in found.keywords if trim(k))),
    )
    return Article(id=article_id(title, name), metadata=metadata, sections=tuple(sections),
                   byline=byline_paras, closing=closing_paras, source=name)


def _edtf_or_none(text: str | None) -> str | None:
    """Return ``text`` if it is a date the schema allows (2019-02-30 is not), else None: unknown."""
    from kazan_export.dates import parse_edtf

    if text is None:
        return None
    try:
        parse_edtf(text)
    except ValueError:
        return None
    return text


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


def clean(text: str) -> str:
    """Return ``text`` with runs of HTML white space (line breaks included) made one space and
    trimmed, as a reader sees a paragraph of a web page or a Markdown file (no-break spaces
    inside it stay); control characters are dropped."""
    return trim(re.sub(r"[ \t\n\r\f\v\x1c-\x1e\x85\u2028\u2029]+", " ", CONTROL.sub("", text)))
