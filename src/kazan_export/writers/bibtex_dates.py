"""The date fields of a BibTeX or biblatex entry, from an EDTF date (or None: not stated)."""

from __future__ import annotations

from kazan_export.dates import EdtfInterval, parse_edtf

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
UNKNOWN_YEAR = "n.d."  # classic BibTeX: apalike insists on a year; "no date" is the honest one


def _era_year(year: int) -> str:
    """Return a ``year`` for BibTeX: EDTF's year 0 is 1 BC ("1~BC", as CSL prints it), which
    BibTeX's styles printed "0" and natbib's numbers mode could not read ("0{\\natexlab{a}}":
    LaTeX stopped)."""
    return str(year) if year > 0 else f"{1 - year}~BC"


def bibtex_date(text: str | None) -> list[tuple[str, str]]:
    """Return ``year``/``month``/``day`` fields; ``n.d.`` for unknown or open-ended dates."""
    d = None if text is None else parse_edtf(text)
    if isinstance(d, EdtfInterval):
        if d.start and d.end:
            start, end = _era_year(d.start.year), _era_year(d.end.year)
            return [("year", start if start == end else f"{start}--{end}")]
        return [("year", UNKNOWN_YEAR)]
    if d is None:
        return [("year", UNKNOWN_YEAR)]
    fields = [("year", _era_year(d.year))]
    if d.month:
        fields.append(("month", MONTHS[d.month - 1]))
    if d.day:
        fields.append(("day", str(d.day)))
    return fields


def biblatex_date(text: str | None) -> list[tuple[str, str]]:
    """Return the ``date`` field; for an unknown or open-ended date (``../2011-06-24`` would
    print as "–2011") ``year = {n.d.}``, the "no date" that biblatex-chicago's manual puts
    there: it prints no "n.d." of its own in notes, nor for a ``@misc`` in author-date, and
    the other styles print the same "n.d." they print for no date at all."""
    d = None if text is None else parse_edtf(text)
    if d is None or (isinstance(d, EdtfInterval) and not (d.start and d.end)):
        return [("year", UNKNOWN_YEAR)]
    return [("date", text)]
