"""Drafts: the statements the attribution engine proposes, while it proposes them.

A :class:`Draft` is a statement under construction (where it is, its words, its speaker, date,
confidence and the notes it rests on). :func:`push` keeps the list of recent speakers that
pronouns and role nouns resolve against; :func:`tidy` trims a finished draft's text to whole
user-perceived characters before it becomes a :class:`~kazan_export.model.Statement`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from functools import lru_cache

from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.integrity import CLOSING, OPENING, joins


@dataclass
class Draft:
    """A statement being proposed."""

    para: int  # first paragraph index
    last: int
    start: int  # offset in the first paragraph
    kind: str
    text: str
    speaker: Record | None
    date: str | None
    confidence: float
    cue: str | None
    basis: list[str]
    via: str | None = None
    place: str | None = None
    occasion: str | None = None
    role: str | None = None
    others: tuple[Record, ...] = ()  # the other speakers ("A and B said": B)


class Spans:
    """Where the one-paragraph drafts of each paragraph stand, to tell at once whether a span
    overlaps one of them (a scan of all the drafts took time quadratic in their number)."""

    def __init__(self) -> None:
        self.starts: dict[int, list[int]] = {}  # paragraph -> the drafts' starts, sorted
        self.ends: dict[int, list[int]] = {}  # paragraph -> their ends, sorted

    def add(self, d: Draft) -> None:
        """Note ``d`` if it stands in one paragraph."""
        if d.para == d.last:
            insort(self.starts.setdefault(d.para, []), d.start)
            insort(self.ends.setdefault(d.para, []), d.start + len(d.text))

    def overlaps(self, n: int, start: int, end: int) -> bool:
        """Return True if a draft of paragraph ``n`` alone starts before ``end`` and ends after
        ``start`` (``start < end``): of the drafts that start before ``end``, some do not end
        by ``start`` (a draft that ends by ``start`` starts before ``end`` too)."""
        before_end = bisect_left(self.starts.get(n, []), end)
        ended = bisect_right(self.ends.get(n, []), start)
        return before_end > ended


def push(recent: list[Record], r: Record | None) -> None:
    """Make ``r`` the latest speaker of ``recent`` (the section's speakers, latest first)."""
    if r is None:
        return
    if r in recent:
        recent.remove(r)
    recent.insert(0, r)


@lru_cache(maxsize=64)
def _breaks(text: str) -> list[int]:
    """Return where ``text`` has line breaks (remembered: the drafts of a long paragraph each
    counted them from its start, in time quadratic in its length)."""
    return [m.start() for m in re.finditer("\n", text)]


def tidy(d: Draft, texts: list[str]) -> bool:
    """Trim white space off a draft's text and keep user-perceived characters whole (a combining
    mark or a zero-width joiner stays with its letter); return False if nothing is left."""
    joined = "\n".join(texts[d.para:d.last + 1])
    start = d.start
    end = start + len(d.text)
    if joined[start:end] != d.text:
        return bool(d.text.strip())
    # a direct quotation's own outer marks belong to the paragraph (the source checks refuse a
    # text that starts or ends with one); apostrophes may end a word, so they stay
    opening = OPENING if d.kind == "direct" else ""
    closing = CLOSING.replace("’", "").replace("‘", "") if d.kind == "direct" else ""
    while start < end and (joined[start].isspace() or joins(joined[start]) or joined[start] in opening):
        start += 1
    while end > start and (joined[end - 1].isspace() or joined[end - 1] == "\u200d"
                           or joined[end - 1] in closing):
        end -= 1
    while start < end < len(joined) and joins(joined[end]):
        end += 1
    if start >= end or not joined[start:end].strip():
        return False
    breaks = _breaks(joined)
    first = d.para + bisect_left(breaks, start)  # the line breaks before start: paragraphs on
    last = d.para + bisect_left(breaks, end)
    offset = len("\n".join(texts[d.para:first])) + (1 if first > d.para else 0)
    d.text, d.start, d.para, d.last = joined[start:end], start - offset, first, last
    return True
