"""Dating statements: the article's own date, and the date a statement gets in its paragraph.

:mod:`.dates` reads date phrases; this module applies them. :func:`article_anchor` starts the
running anchor from the article's stated publication date ("On June 14" in an article of 2011
is of 2011; "on Tuesday" counts back from its day). :class:`ParagraphDates` reads each
sentence's date phrase (before any "that": the date of the saying, not of what is said) and
gives a statement at a position the latest one before it, else the running anchor of an
earlier paragraph (marked uncertain, ``?``), else "no later than the article's date", else
unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

from kazan_export.readers.attribution.dates import Anchor, DateReader


def article_anchor(published: str | None) -> Anchor:
    """Return the running date anchor an article published on ``published`` (EDTF) starts with."""
    anchor = Anchor()
    year = re.match(r"(\d{4})", published or "")
    if year:  # "On June 14" in an article published in 2011: the year is the article's
        anchor.year = int(year.group(1))
    day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", published or "")
    if day:  # the article's stated date: "on Tuesday" counts back from it
        anchor.today = dt.date(*map(int, day.groups()))
    return anchor


class ParagraphDates:
    """The dates of one paragraph's sentences, read in order (the anchor moves on with them)."""

    def __init__(self, n: int, masked: str, sents: list[tuple[int, int]], anchor: Anchor, reader: DateReader,
                 verb: re.Pattern | None = None, adverbial: re.Pattern | None = None):
        self.n, self.anchor = n, anchor
        self.inherited = anchor.date  # the anchor the paragraph starts with
        self.starts = [a for a, _ in sents]
        # for each sentence, the (EDTF, words) of the latest sentence up to it that is dated (a
        # sentence with no date phrase of its own has the paragraph's date so far)
        self.latest: list[tuple[str | None, str | None]] = []
        para_date, para_basis, best = None, None, (None, None)
        for (a, b) in sents:
            cut = masked[a:b]
            tm = re.search(r"\bthat\s", cut)
            said = verb.search(cut) if verb else None
            region = cut[:tm.start()] if tm else cut
            if said and not tm and "\u2063" not in cut:  # "she said the height was cut in March": March is what she said
                t = adverbial.match(cut, said.end()) if adverbial else None
                if len(cut[t.end() if t else said.end():].split()) >= 4:
                    region = cut[:t.end() if t else said.end()]
            before = (anchor.year, anchor.day, anchor.date)
            found = reader.read(region, anchor, lead=True)
            if found and anchor.today and verb and not said and "\u2063" not in cut and not re.search(r"\d{4}-\d\d-\d\d", found.edtf):
                # in a dated article, a month or a year in a sentence nobody speaks in is background
                # ("The dispute began in late January", "has led the campaign since January"): it
                # dates neither the statements after it nor the running anchor
                anchor.year, anchor.day, anchor.date = before
                found = None
            if found:
                para_date, para_basis = found.edtf, found.words
            if para_date:
                best = (para_date, para_basis)
            self.latest.append(best)

    def __call__(self, pos: int) -> tuple[str | None, str | None]:
        """Return the date of a statement at ``pos`` in the paragraph, and the note it rests on."""
        n = self.n
        i = bisect_right(self.starts, pos) - 1  # the last sentence starting at or before pos
        best = self.latest[i] if i >= 0 else (None, None)
        if best[0]:
            return best[0], f"date: '{best[1]}' (p{n + 1:02d})"
        inherited = self.inherited
        if inherited:
            d = inherited if re.search(r"[?~%/]", inherited) else inherited + "?"
            return d, f"date: running anchor {inherited} from an earlier paragraph, not restated (p{n + 1:02d})"
        if self.anchor.today:  # said by the time the article appeared
            return f"../{self.anchor.today.isoformat()}", \
                f"date: not stated; no later than the article's date {self.anchor.today.isoformat()} (p{n + 1:02d})"
        return None, None
