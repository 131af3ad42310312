"""Find where a statement's text stands in the body: computed and verified, never typed in."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from kazan_export.model import Article, Statement


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters ``[start, end)`` inside one paragraph's text."""

    paragraph: str
    start: int
    end: int


class AnchorError(ValueError):
    """The statement's text is not found, or found more than once, at its anchor."""


def locate(article: Article, statement: Statement) -> tuple[Span, ...]:
    """Return the spans of ``statement.text`` in its anchored paragraphs, one per paragraph.

    Raises :class:`AnchorError` (with a plain message) if the text is missing or ambiguous,
    or if the anchor names paragraphs the text does not reach.
    """
    anchor = statement.anchor
    texts = [article.paragraphs[pid].text for pid in anchor.paragraphs]
    joined = "\n".join(texts)
    hits, i = [], joined.find(statement.text)
    while i >= 0:
        before_ok = anchor.prefix is None or joined[:i].endswith(anchor.prefix)
        after_ok = anchor.suffix is None or joined[i + len(statement.text):].startswith(anchor.suffix)
        if before_ok and after_ok:
            hits.append(i)
        i = joined.find(statement.text, i + 1)
    where = " + ".join(anchor.paragraphs)
    if not hits:
        context = " with the given prefix/suffix" if anchor.prefix or anchor.suffix else ""
        raise AnchorError(f"text of statement '{statement.id}' is not found verbatim in {where}"
                          f"{context}; copy it exactly from the paragraph"
                          f"{'' if statement.text in joined else closest(statement.text, joined)}")
    if len(hits) > 1:
        raise AnchorError(f"text of statement '{statement.id}' occurs {len(hits)} times in {where};"
                          " add a prefix or suffix to say which")
    start, end, spans, offset = hits[0], hits[0] + len(statement.text), [], 0
    for pid, text in zip(anchor.paragraphs, texts):
        lo, hi = max(start, offset), min(end, offset + len(text))
        if lo < hi or (lo == hi == start and start <= offset + len(text)):
            spans.append(Span(pid, lo - offset, hi - offset))
        offset += len(text) + 1
    reached = [s.paragraph for s in spans]
    if reached != list(anchor.paragraphs):
        extra = [p for p in anchor.paragraphs if p not in reached]
        raise AnchorError(f"anchor of statement '{statement.id}' lists {', '.join(extra)}, which its"
                          " text does not reach; remove it from the anchor")
    return tuple(spans)


_WORD = re.compile(r"\w+|[^\w\s]")
CONTEXT_WORDS = 4  # words (and marks) shown on each side of the first difference
SLACK_WORDS = 3  # words looked at beyond the aligned passage, for words added or left out
MAX_COMPARED = 4_000_000  # words × words: beyond, difflib would take seconds


def closest(text: str, joined: str) -> str:
    """Return "; closest: “…” (the paragraph has “a” where the text has “b”)" for the passage
    of ``joined`` nearest to ``text`` (difflib, word by word), or "" if none resembles it.

    The message is one line: the passage around the first difference, and that difference.
    """
    ours, theirs = list(_WORD.finditer(text)), list(_WORD.finditer(joined))
    words, printed_words = [m.group() for m in ours], [m.group() for m in theirs]
    if not words or len(words) * len(printed_words) > MAX_COMPARED:
        return ""
    match = difflib.SequenceMatcher(None, printed_words, words, autojunk=False).find_longest_match(
        0, len(printed_words), 0, len(words))
    if match.size == 0:
        return ""
    lo = max(0, match.a - match.b - SLACK_WORDS)
    hi = min(len(theirs), match.a + len(words) - match.b + SLACK_WORDS)
    ops = difflib.SequenceMatcher(None, words, printed_words[lo:hi], autojunk=False).get_opcodes()
    while ops and ops[0][0] == "insert":  # words of the paragraph before the passage
        ops.pop(0)
    while ops and ops[-1][0] == "insert":  # and after it
        ops.pop()
    first, last = lo + ops[0][3], lo + ops[-1][4]  # the passage, in words of the paragraph
    diff = next((op for op in ops if op[0] != "equal"), None)
    if diff is None:  # the same words, other spacing or line breaks
        return f"; closest: “{_one_line(joined[theirs[first].start():theirs[last - 1].end()])}” (differs in spacing or line breaks)"
    _, i1, i2, j1, j2 = diff
    j1, j2 = lo + j1, lo + j2
    a, b = max(first, j1 - CONTEXT_WORDS), min(last, max(j2, j1 + 1) + CONTEXT_WORDS)
    shown = ("… " if a > first else "") + _one_line(joined[theirs[a].start():theirs[b - 1].end()]) + (
        " …" if b < last else "")
    said = text[ours[i1].start():ours[i2 - 1].end()] if i2 > i1 else ""
    printed = joined[theirs[j1].start():theirs[j2 - 1].end()] if j2 > j1 else ""
    said = f"“{_one_line(said)}”" if said else "nothing"
    printed = f"“{_one_line(printed)}”" if printed else "nothing"
    return f"; closest: “{shown}” (the paragraph has {printed} where the text has {said})"


def _one_line(text: str) -> str:
    return " ".join(text.split())
