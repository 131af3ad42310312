"""Find quotations: pair opening and closing marks, across paragraphs where a quotation runs on.

A quotation is a run of text between a top-level opening mark and its closing mark. An
article uses one family of marks for its quotations and the other for quotations inside
them: double marks (``“ ”``, ``" "``, ``« »``, ``„ “``) in most, single ones (``‘ ’``,
``' '``) in the British style. :func:`main_marks` tells which from the article itself; with
single marks an ``’`` between letters or before a letter is an apostrophe ("can’t"), and one
after a letter followed by a word ("the workers’ money") closes only if no later mark closes
the quotation. A quotation still open at the end of a paragraph continues into the next one
when that paragraph opens again with a mark (the usual convention) or closes a mark it never
opened; it is then ONE quotation whose text joins the paragraphs with "\\n".
:func:`find_inner` finds the quotations inside a quotation, in the other family of marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kazan_export.readers.attribution.rules import Rules

STRAIGHT = "\"'"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: paragraph indexes ``first..last``, ``start`` (after the opening mark) in the
    first paragraph, ``end`` (at the closing mark) in the last one, and the text between."""

    first: int
    last: int
    start: int
    end: int
    text: str
    closed: bool  # False: the paragraph ended with no closing mark

    @property
    def paragraphs(self) -> range:
        return range(self.first, self.last + 1)


class Marks:
    """One family of quotation marks and how to tell an opening or closing one in a text."""

    def __init__(self, pairs: dict[str, list[str]], single: bool):
        self.pairs = pairs
        self.openers = set(pairs)
        self.closers = {c for cs in pairs.values() for c in cs}
        self.single = single
        chars = "".join(sorted(self.openers | self.closers))
        self.any_mark = re.compile(f"[{re.escape(chars)}]") if chars else re.compile(r"(?!)")

    def opens(self, text: str, i: int) -> bool:
        c = text[i]
        if c not in self.openers:
            return False
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if self.single:
            return (before.isspace() or before in "([{—–-/:“”\"«»") and not after.isspace()
        if c in STRAIGHT:  # a straight mark opens at the start, after a space or an opening bracket
            return i == 0 or before.isspace() or (before in "([{—–-/:" and not after.isspace())
        return True

    def closes(self, text: str, i: int, opener: str) -> bool:
        c = text[i]
        if c not in self.pairs[opener]:
            return False
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if self.single:
            if after.isalnum() or (before.isalnum() and after.isalnum()):
                return False  # an apostrophe: can’t, ’90s
            if c in STRAIGHT and (before.isspace() or before in "([{") and not after.isspace():
                return False  # opens rather than closes
            if before.isalpha() and after.isspace() and text[i + 1:i + 3].strip()[:1].isalpha():
                return not self._closes_later(text, i + 1, opener)  # the workers’ money … ’
            return not before.isspace()
        if c in STRAIGHT:
            return not ((before.isspace() or before in "([{—–-/:") and not after.isspace())
        return True

    def _closes_later(self, text: str, i: int, opener: str) -> bool:
        """Return True if a clear closing mark follows before any opening one."""
        for k in range(i, len(text)):
            if self.opens(text, k):
                return False
            if text[k] in self.pairs[opener]:
                before = text[k - 1]
                after = text[k + 1] if k + 1 < len(text) else " "
                if not after.isalnum() and not before.isspace() and not before.isalnum():
                    return True  # after punctuation: “…,’ she said”
                if not after.isalnum() and not (after.isspace() and text[k + 1:k + 3].strip()[:1].isalpha()):
                    return True
        return False

    def nests(self, c: str, opener: str) -> bool:
        """Return True if ``c`` opens a quotation inside one opened by ``opener`` (same family)."""
        if self.single:
            return False
        return c == opener and c not in STRAIGHT or (c in self.openers and c not in self.pairs[opener] and c not in STRAIGHT)


def marks_of(rules: Rules, single: bool) -> Marks:
    """Return the double (default) or the single family of marks of ``rules``."""
    key = "single_pairs" if single else "pairs"
    return Marks(rules.get("quotes", key, {}), single)


def main_marks(paragraphs: list[str], rules: Rules) -> Marks:
    """Return the family of marks the article quotes with: single marks when more sentences of
    ``min_words`` or more are quoted in them than in double marks (the British style)."""
    least = int(rules.get("quotes", "min_words", 4))
    double, single = marks_of(rules, False), marks_of(rules, True)
    if not single.pairs:
        return double
    if not any(c in t for t in paragraphs for c in single.openers):
        return double
    found = {m.single: [q for q in find_quotes(paragraphs, rules, m) if len(q.text.split()) >= least]
             for m in (double, single)}

    def outer(q: Quote, others: list[Quote]) -> bool:  # not inside a quotation of the other family
        return not any(o.first <= q.first and q.last <= o.last and (o.first < q.first or o.start < q.start)
                       and (q.last < o.last or q.end < o.end) for o in others)

    count = {k: sum(1 for q in qs if outer(q, found[not k])) for k, qs in found.items()}
    return single if count[True] > count[False] else double


def find_quotes(paragraphs: list[str], rules: Rules, marks: Marks | None = None) -> list[Quote]:
    """Return the top-level quotations of ``paragraphs`` (a list of texts), in reading order."""
    marks = marks or marks_of(rules, False)
    pairs, openers = marks.pairs, marks.openers
    out: list[Quote] = []
    pending: tuple[int, int, str] | None = None  # (paragraph, start, opener) of an unclosed quote
    for n, text in enumerate(paragraphs):
        opener: str | None = None
        depth, start, first = 0, 0, n
        i = 0
        if pending is not None:
            p_first, p_start, p_open = pending
            stripped = text.lstrip()
            lead = len(text) - len(stripped)
            if stripped[:1] == p_open or (stripped[:1] in openers and stripped[:1] not in STRAIGHT):
                opener, depth, start, first, i = p_open, 1, p_start, p_first, lead + 1
            elif _closes_before_opening(text, p_open, marks) or _runs_on(paragraphs, n, p_open, marks):
                opener, depth, start, first = p_open, 1, p_start, p_first
            else:  # not continued: the quotation runs to the end of its paragraph
                _emit(out, paragraphs, p_first, n - 1, p_start, len(paragraphs[n - 1]), closed=False)
            pending = None
        for mk in marks.any_mark.finditer(text, i):  # only the marks matter: skip the letters between
            i = mk.start()
            c = text[i]
            if depth == 0:
                if marks.opens(text, i):
                    opener, depth, start, first = c, 1, i + 1, n
            else:
                assert opener is not None
                if marks.closes(text, i, opener):
                    # a closing mark: close one level, or all when no later mark closes the outer one
                    rest = text[i + 1:]
                    if depth == 1 or _ends_quotation(rest, rules):
                        _emit(out, paragraphs, first, n, start, i, closed=True)
                        depth, opener = 0, None
                    else:
                        depth -= 1
                elif marks.nests(c, opener):
                    depth += 1
        if depth > 0 and opener is not None:
            pending = (first, start, opener)
    if pending is not None:
        p_first, p_start, _ = pending
        _emit(out, paragraphs, p_first, len(paragraphs) - 1, p_start, len(paragraphs[-1]), closed=False)
    return out


def find_inner(text: str, rules: Rules, outer: Marks) -> list[tuple[int, int, str]]:
    """Return the quotations inside a quotation's ``text`` as (start, end, text), in the other
    family of marks than ``outer``'s (closed ones only: an unclosed inner mark is no quotation)."""
    inner = marks_of(rules, not outer.single)
    out = []
    for q in find_quotes([text], rules, inner):
        if q.closed and q.text.strip():
            out.append((q.start, q.end, q.text))
    return out


def _ends_quotation(rest: str, rules: Rules) -> bool:
    """Return True if a closing mark followed by ``rest`` ends the whole quotation: the
    paragraph ends, or a speech verb follows within a few words ("…,” the minister said)."""
    if not rest.strip(" ,.;:!?"):
        return True
    head = " ".join(rest.split()[:6])
    m = rules.verb_re.search(head)
    return bool(m) and not any(c in head[:m.start()] for c in ".;:?!")


def _runs_on(paragraphs: list[str], n: int, opener: str, marks: Marks, reach: int = 3) -> bool:
    """Return True if paragraph ``n`` and up to ``reach`` more have no marks until one that
    closes the open quotation (a quotation set off only at its start and end)."""
    for text in paragraphs[n:n + reach + 1]:
        if marks.single:
            if any(marks.opens(text, i) or marks.closes(text, i, opener) for i in range(len(text))):
                return _closes_before_opening(text, opener, marks)
        elif any(c in marks.openers or c in marks.pairs[opener] for c in text):
            return _closes_before_opening(text, opener, marks)
    return False


def _closes_before_opening(text: str, opener: str, marks: Marks) -> bool:
    closing = marks.pairs[opener]
    for i, c in enumerate(text):
        if marks.closes(text, i, opener) if marks.single else c in closing:
            return True
        if c in marks.openers and c not in closing and (not marks.single or marks.opens(text, i)):
            return False
    return False


def _emit(out: list[Quote], paragraphs: list[str], first: int, last: int, start: int, end: int,
          *, closed: bool) -> None:
    if first == last:
        text = paragraphs[first][start:end]
    else:
        parts = [paragraphs[first][start:], *paragraphs[first + 1:last], paragraphs[last][:end]]
        text = "\n".join(parts)
    if text.strip():
        out.append(Quote(first, last, start, end, text, closed))
