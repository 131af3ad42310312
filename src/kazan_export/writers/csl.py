"""CSL-JSON for the article and every statement, for Zotero, pandoc --citeproc and CSL processors.

Types: the article is ``article-newspaper``; a statement is ``interview`` (given to an outlet
or in an interview) or ``speech``. Dates keep their precision (``date-parts`` cut to year or
month); approximate or uncertain dates set ``circa``; open-ended intervals ("by 24 June 2011")
have no CSL form and, like unknown dates, are omitted and described in ``note`` (``accessed``
is never invented). Our ids and the "quoted in" relation go
into ``custom``, which the CSL-JSON schema allows. Pure and cheap to import.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable

from kazan_export import citations as c
from kazan_export.dates import EdtfDate, EdtfInterval, parse_edtf
from kazan_export.errors import KazanWarning
from kazan_export.model import Article, Entity, Statement


def csl_name(entity: Entity) -> dict:
    """Return the CSL name of a speaker: ``family``/``given`` for persons, ``literal`` otherwise."""
    if entity.kind == "person" and entity.family:
        return {"family": entity.family, **({"given": entity.given} if entity.given else {})}
    return {"literal": entity.name}


def csl_date(text: str | None) -> dict | None:
    """Return a CSL date object for an EDTF string, or None when unknown or open-ended."""
    if text is None:
        return None
    d = parse_edtf(text)
    if isinstance(d, EdtfDate):
        out: dict = {"date-parts": [d.parts()]}
        if d.approximate or d.uncertain:
            out["circa"] = True
        return out
    if isinstance(d, EdtfInterval) and d.start and d.end:
        out = {"date-parts": [d.start.parts(), d.end.parts()]}
        if any(x.approximate or x.uncertain for x in (d.start, d.end)):
            out["circa"] = True
        return out
    return None  # open-ended ("by 24 June 2011"): CSL has no form for it; the note says it


def article_item(article: Article) -> dict:
    """Return the CSL-JSON item of the article itself."""
    m = article.metadata
    item: dict = {
        "id": c.article_key(article),
        "type": "article-newspaper",
        "title": m.title,
        "author": [{"family": a.family, **({"given": a.given} if a.given else {})} for a in m.authors],
        "container-title": m.container or m.publisher,
        "publisher": m.publisher,
        "language": m.language,
    }
    for key in ("author", "container-title", "publisher"):  # unknown: left out, never "unknown"
        if not item[key]:
            del item[key]
    if m.series:
        item["collection-title"] = m.series
    issued = csl_date(m.published)
    if issued:
        item["issued"] = issued
    if m.url:
        item["URL"] = m.url
    notes = [n for n in (c.date_note(m.published, what="Publication date"),
                         None if m.url else "Web address not stated in the source") if n]
    if notes:
        item["note"] = "; ".join(notes)
    if m.keywords:
        item["keyword"] = ", ".join(m.keywords)
    item["custom"] = {"kazan-article-id": article.id}
    return item


def statement_item(article: Article, statement: Statement) -> dict:
    """Return the CSL-JSON item of one statement, quoted in the article."""
    item: dict = {"id": statement.key, "type": c.kind_of(statement), "title": c.title(article, statement)}
    names = [csl_name(e) for e in c.authors(article, statement)]
    if names:
        item["author"] = names
    issued = csl_date(statement.date)
    if issued:
        item["issued"] = issued
    if statement.place:
        item["event-place"] = statement.place
    if statement.via:
        item["container-title"] = statement.via
    item["language"] = article.metadata.language
    item["abstract"] = c.excerpt(statement)
    notes = [n for n in (c.date_note(statement.date), statement.note) if n]
    if notes:
        item["note"] = "; ".join(notes)
    item["custom"] = {
        "kazan-statement-id": statement.id,
        "kazan-article-id": article.id,
        "quoted-in": c.article_key(article),
        "paragraphs": list(statement.anchor.paragraphs),
        "paragraph-number": c.pinpoint(article, statement),
        "kind": statement.kind,
        "occasion": statement.occasion,  # the title already says it (no "event": it would print twice)
        "edtf": statement.date,
    }
    return item


def csl_items(article: Article, statements: Iterable[Statement] | None = None) -> list[dict]:
    """Return the CSL-JSON items: the article first, then each statement in reading order."""
    chosen = article.statements if statements is None else tuple(statements)
    return [article_item(article), *(statement_item(article, s) for s in chosen)]


# CSL-JSON's rich-text markup: processors print <i>x</i> in italics and drop the tags.
_MARKUP = re.compile(r"</?(i|b|sup|sub|span)\b[^>]*>", re.IGNORECASE)
_PRINTED = ("title", "container-title", "collection-title", "publisher", "event-place")


def render_csl(article: Article, *, statements: Iterable[Statement] | None = None) -> str:
    """Return CSL-JSON text (UTF-8, 2-space indent) for the article and its statements.

    Warns (:class:`KazanWarning`) when a printed field contains text that CSL processors
    read as formatting markup (``<b>…</b>``): CSL-JSON has no way to escape it.
    """
    items = csl_items(article, statements)
    for item in items:
        texts = [item.get(k, "") for k in _PRINTED] + [n.get("literal", "") for n in item.get("author", [])]
        found = sorted({m.group(0) for t in texts for m in _MARKUP.finditer(t)})
        if found:
            warnings.warn(f"CSL-JSON item {item['id']}: {' '.join(found)} will be read as formatting by "
                          "CSL processors (CSL-JSON cannot escape it)", KazanWarning, stacklevel=2)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
