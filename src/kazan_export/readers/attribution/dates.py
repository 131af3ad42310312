"""Dates: read date phrases into EDTF, keeping a running anchor through the article.

"On June 14" takes its year from the nearest explicit year before it; "the same day" repeats
the anchor; "10 days before the meeting" counts from the date the meeting was given;
"ahead of the meeting" is ``../DATE``; "5 years after" is approximate (``2016~``). What the
text does not say stays ``None`` (unknown): nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kazan_export.readers.attribution.rules import Rules, _alt


@dataclass
class Found:
    """A date read from a sentence: its EDTF, the words it rests on, and whether it is exact."""

    edtf: str
    words: str
    exact: bool  # a calendar date the sentence gives (not an inference)


@dataclass
class Anchor:
    """The running date context."""

    year: int | None = None
    date: str | None = None  # the current EDTF anchor
    day: dt.date | None = None  # the current anchor as a calendar day, when it is one
    events: dict[str, tuple[str, dt.date | None]] = field(default_factory=dict)  # event word -> date
    today: dt.date | None = None  # the date the article states for itself (weekdays count back from it)


@dataclass(frozen=True)
class Dateline:
    """An article's dateline: where (``place``) and when (``date``, None without a year) it was
    filed, the agency it names, whether it is a line of its own (``whole``) and where it ends."""

    place: str | None
    date: dt.date | None
    agency: str | None
    whole: bool
    end: int


@lru_cache(maxsize=8)
def dateline_reader(language: str) -> DateReader | None:
    """Return the date reader of ``language``'s rules (the default ones for ``und``), or None if
    the language has none."""
    from kazan_export.errors import KazanError
    from kazan_export.readers.attribution.rules import load_rules

    try:
        return DateReader(load_rules(language))
    except KazanError:
        return None


class DateReader:
    def __init__(self, rules: Rules):
        self.rules = rules
        months = [m.lower() for m in rules.get("dates", "months")]
        self.month_no = {m: i + 1 for i, m in enumerate(months)}
        for a in rules.get("dates", "month_abbreviations"):
            a = a.lower()
            for m, n in list(self.month_no.items()):
                if m.startswith(a.rstrip(".")):
                    self.month_no.setdefault(a, n)
        mon = _alt(self.month_no)
        self.md = re.compile(rf"\b(?P<m>{mon})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:1[5-9]|20)\d\d)\b)?", re.I)
        self.dm = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{mon})\b(?:,?\s+(?P<y>(?:1[5-9]|20)\d\d)\b)?", re.I)
        self.my = re.compile(rf"\b(?:in\s+)?(?P<m>{mon})\s+(?:of\s+)?(?P<y>(?:1[5-9]|20)\d\d)\b", re.I)
        self.year_lead = re.compile(r"^\W*(?:in|by|since|during)\s+(?P<y>(?:1[5-9]|20)\d\d)\b", re.I)
        self.same = re.compile(rf"\b(?:{_alt(rules.get('dates', 'same_day'))})\b", re.I)
        units = {k.lower(): v for k, v in rules.get("dates", "units", {}).items()}
        self.units = units
        nums = {k.lower(): v for k, v in rules.get("dates", "numbers", {}).items()}
        self.nums = nums
        num = rf"(?P<n>\d+(?:\.\d+)?|{_alt(nums)})"
        events = [e.lower() for e in rules.get("dates", "events")]
        self.events = events
        ev = _alt(events)
        self.relative = re.compile(
            rf"\b{num}\s+(?P<u>{_alt(units)})\s+(?P<dir>{_alt(rules.get('dates', 'before'))}|{_alt(rules.get('dates', 'after'))})\b(?P<what>[^,.;]{{0,60}})", re.I)
        self.before = re.compile(rf"\b(?:{_alt(rules.get('dates', 'before'))})\s+(?:the\s+|this\s+|that\s+)?(?:[\w-]+\s+){{0,2}}(?P<e>{ev})\b", re.I)
        self.before_words = [b.lower() for b in rules.get("dates", "before")]
        self.ev_re = re.compile(rf"\b(?P<e>{ev})\b", re.I)
        parts = _alt(rules.get("dates", "parts_of_day"))
        days = [w.lower() for w in rules.get("dates", "weekdays")]
        self.weekday_no = {w: i for i, w in enumerate(days)}
        self.weekday = re.compile(rf"\b(?:(?P<last>{_alt(rules.get('dates', 'last_week') or ['(?!)'])})\s+)?(?P<w>{_alt(days)})\b", re.I) \
            if days else None
        periods = rules.get("dates", "last_periods") or {}
        self.period_of = {w.lower(): v for w, v in periods.items()}
        self.last_period = re.compile(rf"\b(?:{_alt(rules.get('dates', 'last_week') or ['(?!)'])})\s+(?P<p>{_alt(self.period_of) or '(?!)'})\b", re.I)
        self.month_only = re.compile(rf"\b(?:in|since|during|early|late)\s+(?:{_alt(['early', 'mid', 'late'])}[\s-]+)?(?P<m>{mon})\b(?!\s*\d)", re.I)
        self.future = re.compile(rf"\b(?:{_alt(rules.get('dates', 'future') or ['(?!)'])})\b", re.I)
        day_month = f"{self.md.pattern}|{self.dm.pattern.replace('(?P<d>', '(?P<d2>').replace('(?P<m>', '(?P<m2>').replace('(?P<y>', '(?P<y2>')}"
        weekday = rf"(?:(?:{_alt(days) or '(?!)'})\W+)?"
        # a dateline: "[PLACE, ][Weekday, ]date" alone on its line ("Baku, Friday, March 14,
        # 2025", "Saturday 3 May 2025"), or "PLACE[, date] (Agency) —" before the first words
        word = rf"(?!(?:{_alt(days) or '(?!)'}|{mon})\b)[^\W\d_][\w.’'-]*"  # no weekday or month
        place = rf"(?P<place>{word}(?:\s+{word}){{0,3}}(?:,\s+{word}(?:\s+{word}){{0,2}})?)"
        self.dateline_re = re.compile(rf"^\W*(?:{place}\s*(?:,|\s[—–-])\s*)?{weekday}(?:{day_month})\W*$", re.I)
        self.agency_re = re.compile(rf"^{place}(?:\s*,\s*{weekday}(?:{day_month}))?\s*\((?P<agency>[^()]{{1,40}})\)\s*[—–-]+(?:\s+|$)", re.I)
        self.caps_re = re.compile(rf"^{place}(?:\s*,\s*{weekday}(?:{day_month}))?\s+[—–-]+\s+", re.I)  # "VALMERE — "
        self.same_event = re.compile(rf"\b(?:(?:the\s+same|that|this|these|those)|(?:the\s+(?:{parts})\s+of\s+the))\s+(?P<e>{ev})\b", re.I)

    def dateline(self, text: str) -> dt.date | None:
        """Return the date a dateline gives ("Friday, October 10, 2025", "Saturday 3 May 2025",
        "Baku, Friday, March 14, 2025", "BAKU, March 14, 2025 (Reuters) — …"), or None (not a
        dateline, or no year)."""
        found = self.read_dateline(text)
        return found.date if found else None

    def lead_end(self, text: str) -> int:
        """Return where a dateline that begins a paragraph's text ends, else 0: "BAKU, March 14,
        2025 (Reuters) — ", or a place in capitals and a dash ("VALMERE — ", "NEW YORK, May 2 — ");
        "Baku — talks …" is text."""
        found = self.read_dateline(text)
        if found and not found.whole:
            return found.end
        m = self.caps_re.match(text)
        return m.end() if m and m.group("place").isupper() else 0

    def read_dateline(self, text: str) -> Dateline | None:
        """Return the dateline ``text`` is (``whole``: the line holds nothing else) or begins
        with ("BAKU (Reuters) — Talks …", "Baku, March 14 (AP) – …"), or None. A place is one to
        four capitalised words, with a region after a comma ("Aktau, Kazakhstan"); a weekday or a
        month is no place."""
        text = text.strip()
        m = self.dateline_re.match(text) if len(text) <= 80 else None
        whole = m is not None
        m = m or self.agency_re.match(text)
        if not m:
            return None
        place = m.group("place")
        if place is not None:
            words = re.findall(r"[^\W\d_][\w.’'-]*", place)
            inner = words[1:-1]  # "Rio de Janeiro", "Newcastle upon Tyne": short lower-case links inside
            if not all(w[0].isupper() or (w in inner and len(w) <= 4) for w in words):
                return None
        d, mon, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("m") else (m.group("d2"), m.group("m2"), m.group("y2"))
        day = None
        if y:
            try:
                day = dt.date(int(y), self.month_no[mon.lower()], int(d))
            except ValueError:
                day = None
        agency = m.groupdict().get("agency")
        return Dateline(place, day, agency, whole or m.end() >= len(text), m.end() if not whole else len(text))

    def _weekday(self, sentence: str, anchor: Anchor) -> Found | None:
        """"On Tuesday" in an article dated Thursday 2025-03-13 is 2025-03-11: the latest such day
        on or before the article's date ("last Tuesday": before it). Without the article's date,
        or in a sentence about what is to come ("will", "next"), the day is not placed."""
        if self.weekday is None or anchor.today is None:
            return None
        m = self.weekday.search(sentence)
        if not m or self.future.search(sentence[:m.start()]) or self.future.search(sentence[m.end():m.end() + 12]):
            return None
        back = (anchor.today.weekday() - self.weekday_no[m.group("w").lower()]) % 7
        if back == 0 and m.group("last"):
            back = 7
        d = anchor.today - dt.timedelta(days=back)
        anchor.year, anchor.day, anchor.date = d.year, d, d.isoformat()
        return Found(d.isoformat(), f"{m.group(0)}' before the article's date '{anchor.today.isoformat()}", True)

    def _later_weekday(self, sentence: str, m: re.Match, d: dt.date, anchor: Anchor) -> Found | None:
        """"The commissioner on Monday rejected calls … over the crush on November 22": a weekday
        apart from the calendar date (not "Monday, March 3") that falls after it is when the
        sentence's news happened; the earlier date is background and dates nothing after it."""
        w = self.weekday.search(sentence) if self.weekday is not None and anchor.today is not None else None
        if w is None or m.start() - 3 <= w.end() <= m.start() or m.start() <= w.start() < m.end():
            return None
        year, day = anchor.year, anchor.day
        found = self._weekday(sentence, anchor)
        if found is None or anchor.day is None or anchor.day <= d:
            anchor.year, anchor.day, anchor.date = year, day, d.isoformat()
            return None
        return found

    def _month(self, sentence: str, anchor: Anchor) -> Found | None:
        """"In January" in an article dated 2025-03-13 is 2025-01 (in one dated 2025-01-10,
        "in November" is 2024-11: the latest such month on or before the article's date).
        Without the article's date, or about what is to come, the month is not placed."""
        if anchor.today is None:
            return None
        m = self.month_only.search(sentence)
        if not m or self.future.search(sentence):
            return None
        month = self.month_no[m.group("m").lower()]
        year = anchor.today.year if month <= anchor.today.month else anchor.today.year - 1
        anchor.year, anchor.day, anchor.date = year, None, f"{year:04d}-{month:02d}"
        return Found(anchor.date, f"{m.group(0)}' before the article's date '{anchor.today.isoformat()}", True)

    def _last_period(self, sentence: str, anchor: Anchor) -> Found | None:
        """"Last week" in an article dated Friday 2025-09-12 is 2025-09-01/2025-09-07 (Monday to
        Sunday of the week before), "last month" 2025-08, "last year" 2024. Without the article's
        date they are not placed."""
        m = self.last_period.search(sentence) if anchor.today is not None else None
        if not m:
            return None
        today, period = anchor.today, self.period_of[m.group("p").lower()]
        if period == "week":
            monday = today - dt.timedelta(days=today.weekday() + 7)
            edtf, anchor.year = f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", monday.year
        elif period == "month":
            first = today.replace(day=1) - dt.timedelta(days=1)
            edtf, anchor.year = f"{first.year:04d}-{first.month:02d}", first.year
        else:
            edtf, anchor.year = f"{today.year - 1:04d}", today.year - 1
        anchor.day, anchor.date = None, edtf
        return Found(edtf, f"{m.group(0)}' before the article's date '{today.isoformat()}", True)

    def _year(self, y: str | None, anchor: Anchor) -> int | None:
        return int(y) if y else anchor.year

    def read(self, sentence: str, anchor: Anchor, *, lead: bool) -> Found | None:
        """Return the date ``sentence`` states (updating ``anchor``), or None.

        ``lead``: the sentence is where a date phrase sets the scene (the first sentences of a
        paragraph); a date inside a quotation is never read (the caller masks quotations).
        """
        best: Found | None = None
        m = self.md.search(sentence) or self.dm.search(sentence)
        if m:
            year = self._year(m.group("y"), anchor)
            month, day = self.month_no[m.group("m").lower()], int(m.group("d"))
            if year is not None:
                try:
                    d = dt.date(year, month, day)
                except ValueError:
                    d = None
                if d:
                    anchor.year, anchor.day, anchor.date = year, d, d.isoformat()
                    best = Found(d.isoformat(), m.group(0), True)
                    best = self._later_weekday(sentence, m, d, anchor) or best
        if best is None:
            m = self.my.search(sentence)
            if m:
                year, month = int(m.group("y")), self.month_no[m.group("m").lower()]
                anchor.year, anchor.day, anchor.date = year, None, f"{year:04d}-{month:02d}"
                best = Found(anchor.date, m.group(0), True)
        if best is None and lead:
            m = self.year_lead.search(sentence)
            if m:
                year = int(m.group("y"))
                anchor.year, anchor.day, anchor.date = year, None, f"{year:04d}"
                best = Found(anchor.date, m.group(0), True)
        if best is None:
            best = self._weekday(sentence, anchor)
        if best is None:
            best = self._month(sentence, anchor)
        if best is None:
            best = self._last_period(sentence, anchor)
        if best is None and self.same.search(sentence) and anchor.date:
            best = Found(anchor.date, self.same.search(sentence).group(0), True)
        if best is None:
            m = self.relative.search(sentence)
            if m:
                best = self._relative(m, anchor)
        if best is None:
            m = self.before.search(sentence)
            if m and m.group("e").lower() in anchor.events:
                edtf, day = anchor.events[m.group("e").lower()]
                best = Found(f"../{edtf}" if "/" not in edtf else edtf, m.group(0), False)
                anchor.date, anchor.day = best.edtf, None
        if best is None:
            m = self.same_event.search(sentence)
            if m and m.group("e").lower() in anchor.events:
                edtf, day = anchor.events[m.group("e").lower()]
                best = Found(edtf, m.group(0), True)
                anchor.date, anchor.day = edtf, day
        if best is not None and best.exact and "/" not in best.edtf:
            for e in self.ev_re.finditer(sentence):  # "On June 24 Kazan hosted a meeting": the meeting's date
                anchor.events.setdefault(e.group("e").lower(), (best.edtf, anchor.day))
        return best

    def _relative(self, m: re.Match, anchor: Anchor) -> Found | None:
        n_text, unit, direction, what = m.group("n").lower(), m.group("u").lower(), m.group("dir").lower(), m.group("what")
        n = float(n_text) if n_text[0].isdigit() else self.nums.get(n_text, 0)
        days = n * self.units[unit]
        ref_edtf, ref_day = None, None
        e = self.ev_re.search(what)
        if e and e.group("e").lower() in anchor.events:
            ref_edtf, ref_day = anchor.events[e.group("e").lower()]
        elif anchor.events:  # the article's first dated occasion is what "N years after" counts from
            ref_edtf, ref_day = next(iter(anchor.events.values()))
        if ref_edtf is None:
            return None
        sign = -1 if direction in self.before_words else 1
        if self.units[unit] >= 365:
            year = int(ref_edtf[:4]) + sign * int(round(n))
            anchor.year, anchor.day, anchor.date = year, None, f"{year:04d}~"
            return Found(anchor.date, m.group(0).strip(), False)
        if ref_day is None:
            return None
        d = ref_day + dt.timedelta(days=sign * days)
        anchor.year, anchor.day, anchor.date = d.year, d, f"{d.isoformat()}~"
        return Found(anchor.date, m.group(0).strip(), False)
