"""When an ingested article says it appeared: its dateline and its "Published …" lines.

:func:`~kazan_export.readers.draft.assemble` asks :func:`top_dateline` and :func:`top_dates`
which lines at the top of the body date the article; the DOCX and Markdown readers read a
stated date of publication (document properties, front matter) with :func:`read_published`.
A date the input does not state stays unknown (``None``).
"""

from __future__ import annotations

import re
from typing import Protocol

from kazan_export.readers.bylines import date_line, is_top_byline

UNKNOWN_LANGUAGE = "und"  # BCP 47 "undetermined": the input does not say


class Line(Protocol):
    """What these functions read of a block (:class:`~kazan_export.readers.draft.Block`)."""

    kind: str
    text: str


def top_dateline(body: list[Line], language: str):  # noqa: ANN201 - (index, Dateline) or (None, None)
    """Return the index and the reading of the article's dateline: the first block of the body
    (or the one after a "By …" line) when it is a dateline ("Baku, Friday, March 14, 2025",
    "Friday, October 10, 2025", "BAKU (Reuters) — …", read with the language's date words), else
    ``(None, None)``. Its date, when it has a year, is the article's date if nothing else gives one."""
    first = next((i for i, b in enumerate(body[:2]) if not (i == 0 and is_top_byline(b.text))), None)
    if first is None or body[first].kind != "paragraph" or not re.search(r"\d|\(", body[first].text[:120]):
        return None, None
    from kazan_export.readers.attribution.dates import dateline_reader  # only for a line that may be one

    reader = dateline_reader(language)
    found = reader.read_dateline(body[first].text) if reader else None
    return (first, found) if found else (None, None)


def top_dates(body: list[Line], language: str | None) -> tuple[set[int], str | None]:
    """Return the indexes of the lines at the top of the body (among the first four, with only
    a "By …" line between them and the title) that say when the article appeared (:func:`date_line`: "Published 12
    March 2025", "Updated …", a date alone), and the EDTF date of publication they state: a
    "Published" line's, else a date alone's; an "Updated" date is not when it was published.
    :func:`assemble` keeps these lines, with a "By …" line, in the article's ``front``."""
    dated: dict[int, tuple[str, str]] = {}
    for i, b in enumerate(body[:4]):
        if b.kind == "paragraph" and is_top_byline(b.text):
            continue
        line = date_line(b.text) if b.kind == "paragraph" else None
        edtf = read_published(line[1], language) if line else None
        if not edtf:
            break  # the text has started: a date in it is no date line ("5 May 2024" over a letter)
        dated[i] = (line[0], edtf)
    stated = next((d for want in ("published", "") for kind, d in dated.values() if kind == want), None)
    return set(dated), stated


def is_labelled_date(text: str, language: str | None) -> bool:
    """Return whether ``text`` is a "Published …"/"Updated …" line with a date (:func:`date_line`)."""
    line = date_line(text)
    return bool(line and line[0] and read_published(line[1], language))


_ISO_DATE = re.compile(r"^([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)(?:[T ][0-9:.+Z-]*)?$")


def read_published(text: str, language: str | None) -> str | None:
    """Return the EDTF of a date the input states as the article's ("2025-03-14", a time after
    it dropped; "14 March 2025", "Friday, March 14, 2025", "March 2025", read with the
    language's month names), else None: a line that says more than a date is no date."""
    text = " ".join(text.split()).strip(" .")
    iso = _ISO_DATE.match(text)
    if iso:
        return edtf_or_none(iso[1])
    from kazan_export.readers.attribution.dates import dateline_reader  # only for a line that may be one

    reader = dateline_reader(language or UNKNOWN_LANGUAGE)
    if reader is None or not re.search(r"\d", text):
        return None
    found = reader.read_dateline(text)
    if found and found.whole and found.place is None and found.date:
        return found.date.isoformat()
    month = reader.my.fullmatch(text)
    return f"{int(month['y']):04d}-{reader.month_no[month['m'].lower()]:02d}" if month else None


def edtf_or_none(text: str | None) -> str | None:
    """Return ``text`` if it is a date the schema allows (2019-02-30 is not), else None: unknown."""
    from kazan_export.dates import parse_edtf

    if text is None:
        return None
    try:
        parse_edtf(text)
    except ValueError:
        return None
    return text
