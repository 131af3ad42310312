"""Dates with their precision and uncertainty, in the EDTF subset the schema allows.

A statement's date is an Extended Date/Time Format (ISO 8601-2, level 0 and the level-1
qualifiers) string, or ``None`` when the article does not state it. Supported forms:

- ``2011``, ``2011-06``, ``2011-06-24`` (year, month or day precision);
- a trailing qualifier: ``?`` uncertain, ``~`` approximate, ``%`` both (``2011-06-14~``);
- intervals ``2005/2006``, with an open end ``../2011-06-23`` or ``2011-07/..``.

Everything here is pure and cheap to import: light commands use it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[?~%])?$")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """One calendar date with day, month or year precision and EDTF qualifiers."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    @property
    def precision(self) -> str:
        """Return ``"day"``, ``"month"`` or ``"year"``."""
        return "day" if self.day else "month" if self.month else "year"

    def parts(self) -> list[int]:
        """Return ``[year, month, day]`` truncated to the precision (CSL ``date-parts``)."""
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def iso(self) -> str:
        """Return the date without qualifiers (``2011-06``), as biblatex's ``date`` wants."""
        return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(self.parts()))

    def earliest(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year or 4, month)[1]
        return (self.year, month, day)

    def describe(self) -> str:
        """Return the date in words: ``24 June 2011``, ``about 14 June 2011``, ``2011 (uncertain)``."""
        text = " ".join(
            str(p) for p in (self.day, MONTHS[self.month - 1] if self.month else None, self.year)
            if p is not None  # year 0 is a year
        )
        if self.approximate:
            text = "about " + text
        if self.uncertain:
            text += " (uncertain)"
        return text


@dataclass(frozen=True, slots=True)
class EdtfInterval:
    """An interval between two dates; ``None`` at an end means open (``..``) or unknown."""

    start: EdtfDate | None
    end: EdtfDate | None

    def describe(self) -> str:
        """Return the interval in words: ``2005 to 2006``, ``before 23 June 2011``."""
        if self.start is None and self.end is not None:
            return "by " + self.end.describe()
        if self.end is None and self.start is not None:
            return "from " + self.start.describe()
        return f"{self.start.describe()} to {self.end.describe()}"  # type: ignore[union-attr]

    def earliest(self) -> tuple[int, int, int]:
        return self.start.earliest() if self.start else (0, 1, 1)

    def latest(self) -> tuple[int, int, int]:
        return self.end.latest() if self.end else (9999, 12, 31)


Edtf = EdtfDate | EdtfInterval


def _parse_date(text: str) -> EdtfDate:
    m = _DATE.match(text)
    if not m:
        raise ValueError(
            f"'{text}' is not a supported EDTF date; write YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ? (uncertain), ~ (approximate) or % (both)"
        )
    year, month, day = int(m["y"]), m["m"] and int(m["m"]), m["d"] and int(m["d"])
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month:02d}; months run from 01 to 12")
    if day is not None and not 1 <= day <= calendar.monthrange(year or 4, month)[1]:
        raise ValueError(f"'{text}' is not a day of the calendar ({MONTHS[month - 1]} {year} has "
                         f"{calendar.monthrange(year or 4, month)[1]} days)")
    q = m["q"] or ""
    return EdtfDate(year, month or None, day or None, uncertain=q in "?%" and bool(q),
                    approximate=q in "~%" and bool(q))


def parse_edtf(text: str) -> Edtf:
    """Return the parsed date or interval; raise ``ValueError`` with a plain message if invalid."""
    if not isinstance(text, str):
        raise ValueError(f"a date must be a string, not {type(text).__name__}")
    text = text.strip()
    if "/" not in text:
        return _parse_date(text)
    left, _, right = text.partition("/")
    start = None if left in ("", "..") else _parse_date(left)
    end = None if right in ("", "..") else _parse_date(right)
    if start is None and end is None:
        raise ValueError(f"'{text}' is an interval with neither end known")
    if start and end and start.earliest() > end.latest():
        raise ValueError(f"'{text}' ends before it starts")
    return EdtfInterval(start, end)


def describe_date(text: str | None) -> str:
    """Return an EDTF string in words for readers, or ``"date not stated"`` for ``None``."""
    return "date not stated" if text is None else parse_edtf(text).describe()


def sort_key(text: str | None) -> tuple[int, tuple[int, int, int]]:
    """Return a key that orders dated items chronologically and undated ones last."""
    if text is None:
        return (1, (0, 0, 0))
    d = parse_edtf(text)
    if isinstance(d, EdtfInterval) and d.start is None:
        return (0, d.end.earliest())  # "by 24 June 2011" sorts with 24 June 2011
    return (0, d.earliest())


def overlaps(text: str | None, start: str | None, end: str | None) -> bool:
    """Return True if the date ``text`` may fall within ``start``..``end`` (either may be None).

    An unknown date never matches a range that has an end.
    """
    if start is None and end is None:
        return True
    if text is None:
        return False
    d = parse_edtf(text)
    if start is not None and d.latest() < parse_edtf(start).earliest():
        return False
    if end is not None and d.earliest() > parse_edtf(end).latest():
        return False
    return True


def year_of(text: str | None) -> int | None:
    """Return the (first) year of a date, or None when unknown or open at the start."""
    if text is None:
        return None
    d = parse_edtf(text)
    d = d.start if isinstance(d, EdtfInterval) else d
    return d.year if d else None
