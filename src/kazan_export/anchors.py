"""Find where a statement's text stands in the body: computed and verified, never typed in."""

from __future__ import annotations

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
                          f"{context}; copy it exactly from the paragraph")
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
