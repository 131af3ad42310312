"""What the handout says, apart from the article itself: footnote texts, excerpts, the
recommended citation, where footnote marks go, and the check for text Word cannot store.

Pure functions of the model (no python-docx): :mod:`.docx` lays them out.
"""

from __future__ import annotations

import re

from kazan_export.anchors import AnchorError, locate
from kazan_export.dates import describe_date, year_of
from kazan_export.errors import RenderError
from kazan_export.model import Article, Statement
from kazan_export.text_rules import problem

_CLOSERS, _PUNCT = "”’»›\"'", ".,;:!?…"
EXCERPT = 140


_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])|(?<=[_:+.-])")
BREAK_OPPORTUNITY = "\u200b"  # zero width space: a line may break here, nothing is shown


def breakable_key(key: str) -> str:
    """Return ``key`` with a break opportunity at each change of case or of letters and digits
    (``lavrov​Another​Meeting​Set​2018``), so a narrow table column never breaks it mid-word."""
    return _CASE_CHANGE.sub(BREAK_OPPORTUNITY, key)


def check_text(article: Article) -> None:
    """Raise :class:`RenderError` naming the first text that holds a control character.

    The rule is :mod:`kazan_export.text_rules`' (``validate`` refuses the same characters);
    this check stays for articles built in memory.
    """
    meta = article.metadata
    fields: list[tuple[str, str | None]] = []
    for st in article.statements:
        fields.append((f"statement '{st.id}' (text, paragraph {', '.join(st.anchor.paragraphs)})", st.text))
        fields += [(f"statement '{st.id}' ({name})", getattr(st, name))
                   for name in ("key", "occasion", "place", "via", "role", "note")]
    for section in article.sections:
        if section.heading:
            fields.append((f"heading '{section.heading.id}'", section.heading.text))
        fields += [(f"paragraph '{p.id}'", p.text) for p in section.paragraphs]
    fields += [(f"paragraph '{p.id}'", p.text) for p in (*article.byline, *article.closing)]
    fields += [(f"entity '{e.id}' ({what})", text) for e in article.entities
               for what, text in (("name", e.name), *(("role", r) for r in e.roles))]
    fields += [(f"timeline event '{e.id}'", e.label) for e in article.timeline]
    fields += [(f"metadata.{k}", getattr(meta, k)) for k in
               ("title", "publisher", "series", "container", "rights", "citation", "url", "language")]
    fields += [("metadata.authors", a.name) for a in meta.authors]
    fields += [("metadata.keywords", k) for k in meta.keywords]
    fields += [(f"metadata.credits.{label}", text) for label, text in meta.credits]
    for where, text in fields:
        message = problem(where, text or "")
        if message:
            raise RenderError(message)


def note_positions(article: Article, statements) -> dict[str, list[tuple[int, Statement]]]:
    """Return, per paragraph id, where footnote marks go: after the quoted words and the
    closing quotation mark and punctuation that directly follow them."""
    marks: dict[str, list[tuple[int, Statement]]] = {}
    for st in statements:
        try:
            last = locate(article, st)[-1]
        except AnchorError as exc:
            raise RenderError(str(exc)) from None
        text, end = article.paragraphs[last.paragraph].text, last.end
        allowed = _CLOSERS + _PUNCT if st.kind == "direct" else _PUNCT
        while end < len(text) and text[end] in allowed:
            end += 1
        marks.setdefault(last.paragraph, []).append((end, st))
    for spots in marks.values():
        spots.sort(key=lambda spot: spot[0])  # stable: reading order of statements at one spot
    return marks


def excerpt(text: str) -> str:
    """Return ``text`` on one line, cut at a word boundary after :data:`EXCERPT` characters."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def recommended_citation(article: Article) -> str:
    """Return the article's own recommended citation, or one built from its metadata
    (``n.d.`` and "URL not stated" where the article does not say)."""
    meta = article.metadata
    if meta.citation:
        return meta.citation
    names = [f"{a.family}, {a.given}" if i == 0 and a.given else a.name for i, a in enumerate(meta.authors)]
    authors = (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]) if names else None
    year = year_of(meta.published) if meta.published else None
    where = ". ".join(x for x in (meta.series, meta.container, meta.publisher) if x)
    url = meta.url or "URL not stated"
    title = meta.title if meta.title[-1:] in "?!." else meta.title + "."
    when = f"{year}." if year else "n.d."
    head = f"{authors}. “{title}”" if authors else f"“{title}”"  # no author stated: title first
    return f"{head} {where + ', ' if where else ''}{when} {url}."


def note_text(article: Article, st: Statement) -> list[tuple[str, str]]:
    """Return the footnote of a statement as (text, style name) segments."""
    who = article.speaker_names(st)
    role = article.role_of(st)
    if role:
        who += f", {role}"
    when = describe_date(st.date)
    occasion = st.occasion or "occasion not stated"
    if st.place and st.place.casefold() not in occasion.casefold():
        occasion += f", {st.place}"
    out = [("Quoted:" if st.kind == "direct" else "Reported:", "Note Label"),
           (f" {who} — {occasion}, {when}", "")]
    if st.via:
        out.append((f"; reported by {st.via}", ""))
    out.append((". ", ""))
    if st.note:
        out.append((st.note.rstrip() + " ", ""))
    heading = article.repeated_in.get(st.id)
    if heading is not None:
        out.append((f"The heading {heading.text} repeats these words. ", ""))
    out += [("Key: ", ""), (st.key, "Citation Key")]
    return out
