"""Find quotations: pair opening and closing marks, across paragraphs where a quotation runs on.

A quotation is a run of text between a top-level opening mark and its closing mark. Single
quotation marks are only ever nested (’ is also the apostrophe). A quotation still open at the
end of a paragraph continues into the next one when that paragraph opens again with a mark
(the usual convention) or closes a mark it never opened; it is then ONE quotation whose text
joins the paragraphs with "\\n".
"""

from __future__ import annotations

from dataclasses import dataclass

from kazan_export.readers.attribution.rules import Rules


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


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def find_quotes(paragraphs: list[str], rules: Rules) -> list[Quote]:
    """Return the top-level quotations of ``paragraphs`` (a list of texts), in reading order."""
    pairs: dict[str, list[str]] = rules.get("quotes", "pairs", {})
    openers = set(pairs)
    closers = {c for cs in pairs.values() for c in cs}
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
            if stripped[:1] == p_open or (stripped[:1] in openers and stripped[:1] != '"'):
                opener, depth, start, first, i = p_open, 1, p_start, p_first, lead + 1
            elif _closes_before_opening(text, pairs[p_open], openers) or _runs_on(paragraphs, n, pairs[p_open], openers):
                opener, depth, start, first = p_open, 1, p_start, p_first
            else:  # not continued: the quotation runs to the end of its paragraph
                _emit(out, paragraphs, p_first, n - 1, p_start, len(paragraphs[n - 1]), closed=False)
            pending = None
        while i < len(text):
            c = text[i]
            if depth == 0:
                if c in openers and (c != '"' or _is_opening_straight(text, i) or i == 0 or text[i - 1].isspace()):
                    opener, depth, start, first = c, 1, i + 1, n
            else:
                assert opener is not None
                if c in pairs[opener] and (opener != '"' or not _is_opening_straight(text, i)):
                    # a closing mark: close one level, or all when no later mark closes the outer one
                    rest = text[i + 1:]
                    if depth == 1 or _ends_quotation(rest, rules):
                        _emit(out, paragraphs, first, n, start, i, closed=True)
                        depth, opener = 0, None
                    else:
                        depth -= 1
                elif c == opener and c != '"' or (c in openers and c not in pairs[opener] and c != '"'):
                    depth += 1
            i += 1
        if depth > 0 and opener is not None:
            pending = (first, start, opener)
    if pending is not None:
        p_first, p_start, _ = pending
        _emit(out, paragraphs, p_first, len(paragraphs) - 1, p_start, len(paragraphs[-1]), closed=False)
    return out


def _ends_quotation(rest: str, rules: Rules) -> bool:
    """Return True if a closing mark followed by ``rest`` ends the whole quotation: the
    paragraph ends, or a speech verb follows within a few words ("…,” the minister said)."""
    if not rest.strip(" ,.;:!?"):
        return True
    head = " ".join(rest.split()[:6])
    m = rules.verb_re.search(head)
    return bool(m) and not any(c in head[:m.start()] for c in ".;:?!")


def _runs_on(paragraphs: list[str], n: int, closing: list[str], openers: set[str], reach: int = 3) -> bool:
    """Return True if paragraph ``n`` and up to ``reach`` more have no marks until one that
    closes the open quotation (a quotation set off only at its start and end)."""
    marks = openers | set(closing)
    for text in paragraphs[n:n + reach + 1]:
        if any(c in marks for c in text):
            return _closes_before_opening(text, closing, openers)
    return False


def _closes_before_opening(text: str, closing: list[str], openers: set[str]) -> bool:
    for c in text:
        if c in closing:
            return True
        if c in openers and c not in closing:
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
