"""CSL-JSON for the article and every statement, for Zotero, pandoc --citeproc and CSL processors.

Types follow what a statement is (:func:`kazan_export.citations.work_type`): said at an event or
on an unnamed occasion, ``speech`` (Zotero: Presentation), untitled, with ``genre`` and
``event-title`` so that styles print their bracketed description ("[Statement]. Hearing on
…"); given to an outlet or the outlet's own report, ``article-newspaper`` with the outlet as
``container-title`` (Zotero's Interview type has no field for an outlet); an interview with no
outlet, ``interview``. The article is ``article-newspaper``.

Dates keep their precision (``date-parts`` cut to year or month); approximate and uncertain
dates set ``circa``; open-ended and unknown dates are omitted and described in ``note``.
``note`` holds one sentence per line, none of which starts with a ``Label:`` that Zotero or
citeproc-js would read as a field: the "Quoted in …" pointer with its paragraph, the date that
CSL cannot hold, the place and series where Zotero has no field for them, the source's own note.
Our ids and the relation, for programs that read them, go into ``custom`` (Zotero drops it).
Pure and cheap to import.
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

CSL_TYPES = {"speech": "speech", "interview": "interview", "published": "article-newspaper",
             "report": "article-newspaper"}
# A note line that Zotero's Extra parser (`Label Words: value`) or citeproc-js (`field: value`)
# would read as a field.
FIELD_LINE = re.compile(r"^\s*[A-Za-z][A-Za-z _-]*\s*:")
_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


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
        # both ends to the precision they share: citeproc-js (Zotero's engine) stops on a range
        # such as [[2011], [2012, 3]] ("element mismatch in date range input")
        n = min(len(d.start.parts()), len(d.end.parts()))
        start, end = d.start.parts()[:n], d.end.parts()[:n]
        out = {"date-parts": [start, end] if start != end else [start]}
        if any(x.approximate or x.uncertain for x in (d.start, d.end)):
            out["circa"] = True
        return out
    return None  # open-ended ("by 24 June 2011"): CSL has no form for it; the note says it


def note_lines(*lines: str | None) -> str | None:
    """Return the given sentences as a ``note``, one per line, or None if there are none.

    A sentence that starts like a field label (``Source: …``) is prefixed with "Note." so
    that Zotero and citeproc-js keep it as text instead of reading a field from it.
    """
    kept = []
    for line in lines:
        part = _BREAKS.sub(" ", line or "").strip()  # one sentence, one line: Zotero splits at \n
        if part:
            kept.append(f"Note. {part}" if FIELD_LINE.match(part) else part)
    return "\n".join(kept) or None


def _sentence(text: str | None) -> str | None:
    return text if not text or text[-1:] in ".!?…”’»)" else text + "."


def article_item(article: Article) -> dict:
    """Return the CSL-JSON item of the article itself (no author when the source says unknown)."""
    m = article.metadata
    item: dict = {"id": c.article_key(article), "type": "article-newspaper", "title": m.title}
    if m.authors:
        item["author"] = [{"family": a.family, **({"given": a.given} if a.given else {})} for a in m.authors]
    outlet = c.article_outlet(article)
    if outlet:
        item["container-title"] = outlet
    if m.publisher:
        item["publisher"] = m.publisher
    item["language"] = m.language
    if m.series:
        item["collection-title"] = m.series
    issued = csl_date(m.published)
    if issued:
        item["issued"] = issued
    if m.url:
        item["URL"] = m.url
    note = note_lines(
        m.series and f"Series — {m.series}.",  # Zotero's Newspaper Article has no series field
        m.keywords and "Keywords — " + "; ".join(m.keywords) + ".",  # nor does it import keywords
        _sentence(c.date_note(m.published, what="Publication date", circa=True)),
        None if m.url else "Web address not stated in the source.",
        None if m.authors else "Author not stated in the source.",
        None if m.publisher else "Publisher not stated in the source.")
    if note:
        item["note"] = note
    if m.keywords:
        item["keyword"] = ", ".join(m.keywords)
    item["custom"] = {"article-id": article.id, **({"edtf": m.published} if m.published else {})}
    return item


def statement_item(article: Article, statement: Statement) -> dict:
    """Return the CSL-JSON item of one statement, quoted in the article."""
    work = c.work_type(article, statement)
    item: dict = {"id": statement.key, "type": CSL_TYPES[work]}
    names = [csl_name(e) for e in c.authors(article, statement)]
    others = c.unnamed(article, statement)
    if work == "speech":  # untitled: styles print "[Statement]", "[Statement by a diplomat in Ankara]"
        item["genre"] = c.genre(article, statement) + c.by_unnamed(others)
    elif others or not (asked := c.interviewer(article, statement)):
        item["title"] = c.title(article, statement)  # (an unnamed speaker is named by the title)
    else:  # untitled: the styles print "interview by …" from the interviewer (CMOS 14.213)
        item["interviewer"] = [csl_name(asked)]
    event = c.event_title(statement)
    if event and work == "speech":
        item["event-title"] = event
    if names:
        item["author"] = names
    issued = csl_date(statement.date)
    if issued:
        item["issued"] = issued
    if statement.place:
        item["event-place"] = statement.place
        if work == "speech" and not event:
            # the styles print a speech's event-place only beside its event: at no event, the place
            # stands as where it was given (Zotero's Presentation "place" is both variables)
            item["publisher-place"] = statement.place
    if statement.via:
        item["container-title"] = statement.via
    item["language"] = article.metadata.language
    item["abstract"] = c.excerpt(statement)
    where = [statement.place and work != "speech" and f"Made in {statement.place}.",
             event and work != "speech" and f"Made at {event}."]
    item["note"] = note_lines(
        c.quoted_in(article, statement) + ".", _sentence(c.date_note(statement.date, circa=True)),
        *where, statement.note)
    item["custom"] = {
        "statement-id": statement.id,
        "article-id": article.id,
        "quoted-in": c.article_key(article),
        "paragraphs": list(statement.anchor.paragraphs),
        "paragraph-number": c.pinpoint(article, statement),
        "kind": statement.kind,
        "occasion": statement.occasion,
        "edtf": statement.date,
    }
    return item


def csl_items(article: Article, statements: Iterable[Statement] | None = None) -> list[dict]:
    """Return the CSL-JSON items: the article first, then each statement in reading order, with
    names in their titles kept as written (:func:`with_names_kept`)."""
    return with_names_kept(article, _items(article, statements))


def _items(article: Article, statements: Iterable[Statement] | None) -> list[dict]:
    chosen = article.statements if statements is None else tuple(statements)
    return [article_item(article), *(statement_item(article, s) for s in chosen)]


# the fields a style may title-case that we write (pandoc's and citeproc-js's text-case="title")
_CASED = ("title", "container-title", "collection-title", "event-title", "genre", "publisher")


def with_names_kept(article: Article, items: list[dict]) -> list[dict]:
    """Return the items with each word of a name with particles ("van der Berg", "al-Hāshimī":
    :func:`citations.particle_names`) that title case would change in an English title marked
    ``<span class="nocase">``, which Zotero keeps and citeproc-js and pandoc print as written:
    Chicago and MLA printed "Talks with van Der Berg"."""
    names = c.particle_names(article) if article.metadata.language.lower().startswith("en") else ()
    if not names:
        return items
    from kazan_export.writers.citeproc_case import nocase_names

    return [{k: nocase_names(v, names) if k in _CASED and isinstance(v, str) else v for k, v in item.items()}
            for item in items]


def for_style(items: list[dict], style: str) -> list[dict]:
    """Return the items as a list of entries in ``style`` needs them. MLA (9th ed.)
    dates a speech after the event ("Hearing on …, 15 June 2011, European Parliament"), and
    its CSL style prints that date from ``event-date`` only: a speech gets its ``issued`` date
    there too, so that two statements of one speaker at one event are told apart by their
    dates. Not in the export itself: APA and Chicago would print the date twice."""
    if style != "mla":
        return items
    return [{**item, "event-date": item["issued"]} if item["type"] == "speech" and "issued" in item else item
            for item in items]


# CSL-JSON's rich-text markup: processors print <i>x</i> in italics and drop the tags.
_MARKUP = re.compile(r"</?(i|b|sup|sub|span)\b[^>]*>", re.IGNORECASE)
_PRINTED = ("title", "container-title", "collection-title", "publisher", "event-place", "event-title", "genre")


def render_csl(article: Article, *, statements: Iterable[Statement] | None = None) -> str:
    """Return CSL-JSON text (UTF-8, 2-space indent) for the article and its statements.

    Warns (:class:`KazanWarning`) when a printed field contains text that CSL processors
    read as formatting markup (``<b>…</b>``): CSL-JSON has no way to escape it.
    """
    items = _items(article, statements)
    for item in items:
        texts = [item.get(k, "") for k in _PRINTED] + [n.get("literal", "") for n in item.get("author", [])]
        found = sorted({m.group(0) for t in texts for m in _MARKUP.finditer(t)})
        if found:
            warnings.warn(f"CSL-JSON item {item['id']}: {' '.join(found)} will be read as formatting by "
                          "CSL processors (CSL-JSON cannot escape it)", KazanWarning, stacklevel=2)
    return json.dumps(with_names_kept(article, items), ensure_ascii=False, indent=2) + "\n"
