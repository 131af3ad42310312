"""RIS for EndNote, RefWorks, Citavi, Mendeley and Zotero: one record for the article, one per statement.

The article is a ``NEWS`` record; a statement is ``GEN`` (generic: RIS has no type for a
spoken statement, and every reader maps ``GEN`` to its generic type), with what it is
(:func:`citations.genre`: "Statement", "Interview", "Memoir") in ``M3`` (type of work), the
outlet it was given to, else the event it was made at, in ``T2``, the place in ``CY``.
Dates keep their precision: ``PY`` is the year, ``DA`` ``YYYY/MM/DD/`` cut to what is known;
an approximate or uncertain date is written as known and its qualifier said in a note, and an
unknown or open-ended date ("by 24 June 2011") has no ``PY``/``DA`` at all, only the note.
``N1`` carries the "Quoted in …" sentence with the paragraph pinpoint (RIS has no relation
field), ``AB`` the excerpt, ``KW`` the article's keywords, ``ID`` the citation key. Records are
written with rispy; every value is one line (line breaks and control characters become
spaces), since a RIS reader takes each line for a tag. Pure and cheap to import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kazan_export import citations as c
from kazan_export.dates import EdtfDate, EdtfInterval, parse_edtf
from kazan_export.model import Article, Entity, Statement

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


_BREAKS = re.compile(r"[ \t\n\r\x0b\x0c]+")


def one_line(text: str) -> str:
    """Return ``text`` as one RIS line: every run of ASCII white space, line or paragraph
    separator and control character is one space, and the ends are stripped of white space
    (RIS readers trim a line: citation-js and rispy do). Other spaces within are the writer's
    own and kept: a no-break space ("Novi\u00a0Sad"), a thin or narrow one."""
    return _BREAKS.sub(" ", _INVISIBLE.sub(" ", unicodedata.normalize("NFC", text))).strip()


def ris_name(entity: Entity) -> str:
    """Return an author as RIS writes it: ``Family, Given`` for a person; an organisation's
    or group's name with a trailing comma, which EndNote and RefWorks read as a corporate
    author (one name, not split into given and family names)."""
    if entity.kind == "person" and entity.family:
        return f"{entity.family}, {entity.given}" if entity.given else f"{entity.family},"
    return f"{entity.name},"


def ris_date(text: str | None) -> dict[str, str]:
    """Return the ``year`` (PY) and ``date`` (DA) of an EDTF date, only as far as it is known.

    An interval gives its year only when both ends fall in one year; an open-ended or unknown
    date gives nothing (the note says what is known).
    """
    if text is None:
        return {}
    d = parse_edtf(text)
    if isinstance(d, EdtfInterval):
        if d.start and d.end and d.start.year == d.end.year:
            return {"year": f"{d.start.year:04d}"}
        return {}
    assert isinstance(d, EdtfDate)
    out = {"year": f"{d.year:04d}"}
    if d.month:
        out["date"] = f"{d.year:04d}/{d.month:02d}/{f'{d.day:02d}' if d.day else ''}/"
    return out


def _notes(*notes: str | None) -> list[str]:
    return [n for n in (one_line(x) for x in notes if x) if n]


def article_record(article: Article) -> dict:
    """Return the rispy record (tag names as rispy spells them) of the article itself."""
    m = article.metadata
    record: dict = {"type_of_reference": "NEWS", "id": c.article_key(article)}
    if m.authors:
        record["authors"] = [one_line(f"{a.family}, {a.given}" if a.given else f"{a.family},") for a in m.authors]
    record["title"] = one_line(m.title)
    outlet = c.article_outlet(article)
    if outlet:
        record["secondary_title"] = one_line(outlet)
    if m.series:
        record["section"] = one_line(m.series)
    if m.publisher:
        record["publisher"] = one_line(m.publisher)
    record.update(ris_date(m.published))
    if m.url:
        record["urls"] = [m.url]
    record["language"] = m.language
    if m.keywords:
        record["keywords"] = [one_line(k) for k in m.keywords]
    notes = _notes(c.date_note(m.published, what="Publication date"),
                   None if m.url else "Web address not stated in the source")
    if notes:
        record["notes"] = ["; ".join(notes)]
    return record


def statement_record(article: Article, statement: Statement) -> dict:
    """Return the rispy record of one statement, quoted in the article."""
    record: dict = {"type_of_reference": "GEN", "id": statement.key}
    names = [ris_name(e) for e in c.authors(article, statement)]
    if names:
        record["authors"] = [one_line(n) for n in names]
    record["title"] = one_line(c.title(article, statement))
    record["type_of_work"] = one_line(c.genre(article, statement))
    outlet = statement.via or c.event_title(statement)  # given to an outlet, or made at an event
    if outlet:
        record["secondary_title"] = one_line(outlet)
    if statement.place:
        record["place_published"] = one_line(statement.place)
    record.update(ris_date(statement.date))
    record["abstract"] = one_line(c.excerpt(statement))
    record["language"] = article.metadata.language
    sentences = _notes(c.quoted_in(article, statement), c.date_note(statement.date), statement.note)
    record["notes"] = [". ".join(s.rstrip(".") for s in sentences) + "."]
    return record


def ris_records(article: Article, statements: Iterable[Statement] | None = None) -> list[dict]:
    """Return the records: the article first, then each statement in reading order."""
    chosen = article.statements if statements is None else tuple(statements)
    return [article_record(article), *(statement_record(article, s) for s in chosen)]


def render_ris(article: Article, *, statements: Iterable[Statement] | None = None) -> str:
    """Return the RIS text (UTF-8, one blank line between records) of the article and its statements."""
    import rispy

    class _Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:  # rispy numbers records ("1."); RIS has no such line
            return ""

    return rispy.dumps(ris_records(article, statements), implementation=_Writer)
