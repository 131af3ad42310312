"""Names, bylines, closing lines and plain-text headings: what a line of an article is.

:func:`byline_names` reads a byline ("By A B and C D", a line of names) into the authors'
names; :func:`author_of` makes an :class:`~kazan_export.model.Author` of a name as printed;
:func:`is_closing` tells a closing line (copyright and rights notices, credits, "first
published"), :func:`date_line` a line that says when the article was published or updated
("Published 12 March 2025", "Updated: March 14, 2025, 10:30 GMT"), and :func:`looks_like_heading`
a heading in plain text (a short line without final punctuation).
"""

from __future__ import annotations

import re

from kazan_export.model import Author

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


# "Published 12 March 2025", "Posted on: …", "Updated …" (the web's labels, in a few languages)
_DATE_LABEL = re.compile(
    r"^(?:(?P<published>(?:first\s+)?published|posted|publié|veröffentlicht|opublikowano|опубликовано"
    r"|yayınlanma(?:\s+tarihi)?)|(?P<updated>(?:last\s+)?updated|modified|mis\s+à\s+jour|aktualisiert"
    r"|обновлено|güncelleme|zaktualizowano))\b\s*(?:on\b|le\b|am\b)?\s*:?\s*", re.IGNORECASE)
# a time after the date: "10:30", ", 10.30 am GMT", "| 14:05 (UTC+4)", "at 9:15 p.m. EST"
_TIME = re.compile(r"(?:\s*[,|·•–—-]\s*|\s+at\s+|\s+)\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
                   r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+−-]\s*\d{1,2}(?::?\d{2})?)?\)?)?\s*$", re.IGNORECASE)


def date_line(text: str) -> tuple[str, str] | None:
    """Return ``(label, date)`` for a short line that says when the article appeared: label
    ``"published"`` ("Published 12 March 2025", "Posted on: 2025-03-12 10:30"), ``"updated"``
    ("Last updated March 14, 2025, 10:30 GMT") or ``""`` (a date alone), the date's words with
    any time after them left out; None for a line that cannot be one (long, or no digit). Whether
    the words are a date is the caller's to read (:func:`kazan_export.readers.published.read_published`)."""
    text = " ".join(text.split())
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return None
    first = re.split(r"\s+[|·•]\s+", text)[0]  # "Published 12 March 2025 | Updated 13 March"
    label = _DATE_LABEL.match(first)
    kind = "" if label is None else "published" if label["published"] else "updated"
    rest = first[label.end():] if label else first
    return kind, _TIME.sub("", rest).strip(" ,.")


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
    start = family_start(words, _PARTICLES)
    return Author(family=" ".join(words[start:]), given=" ".join(words[:start]) or None)


def family_start(words: list[str], particles: set[str] | frozenset[str]) -> int:
    """Return where the family name of a personal name's ``words`` starts: its last word with the
    ``particles`` before it ("Jan van der Berg": "van der Berg"; Flemish "Jan Van Eyck": "Van
    Eyck"), or the whole name
    where a capitalised particle starts it with another after it ("Van der Berg", at a sentence's
    start); "Van Morrison" keeps "Van" as the given name. (The attribution registry splits the
    names it finds by the same rule, with its rules' particles.)"""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in particles:
        start -= 1
    if start == 1 and len(words) > 2 and words[0].lower() in particles:
        start = 0
    return start



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

