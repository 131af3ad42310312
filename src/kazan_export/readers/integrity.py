"""Check the integrity of a source's model: what the JSON Schema cannot say.

:func:`check_integrity` reports duplicate ids, references to unknown ids (with a "did you
mean"), anchors that do not find their text (or cut a character, or hold the quotation's own
marks), invalid dates, unsupported timeline events and briefing points as errors; keys that
name a year the date does not give, missing recommended metadata, a language left ``und`` and
statements still proposed by ``ingest`` as warnings. Every problem has the file, line and column of its value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from typing import Any, Iterable

from kazan_export.anchors import AnchorError, locate
from kazan_export.citations import date_years
from kazan_export.dates import parse_edtf
from kazan_export.errors import Problem
from kazan_export.model import Article
from kazan_export.outputs import windows_reserved
from kazan_export.readers.limits import id_length_problem
from kazan_export.readers.positions import Marks, position

MAX_HINTS = 50  # "did you mean …?" for at most this many unknown references
RECOMMENDED = ("series", "rights", "coverage", "keywords")


def check_integrity(article: Article, marks: Marks) -> list[Problem]:
    """Return errors (unique ids, references, anchors, dates, support) and warnings."""
    file, problems = article.source, []

    def report(path: tuple, message: str, severity: str = "error") -> None:
        problems.append(Problem(file, *position(marks, path), message, severity))

    if windows_reserved(article.id):  # output names come from the article id (#14)
        report(("id",), f"article id '{article.id}' is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, "
                        f"LPT0-9), where its output files cannot be made; choose another id, such as '{article.id}-article'")
    # ids are unique within each registry; body ids share one namespace
    body_ids = [(("body", i, "id"), s.id) for i, s in enumerate(article.sections)]
    for i, s in enumerate(article.sections):
        if s.heading:
            body_ids.append((("body", i, "heading", "id"), s.heading.id))
        body_ids += [(("body", i, "paragraphs", j, "id"), p.id) for j, p in enumerate(s.paragraphs)]
    body_ids += [((part, j, "id"), p.id) for part in ("front", "byline", "closing")
                 for j, p in enumerate(getattr(article, part))]
    groups = {
        "body": body_ids,
        "people": [(("people", i, "id"), e.id) for i, e in enumerate(article.entities)],
        "statements": [(("statements", i, "id"), s.id) for i, s in enumerate(article.statements)],
        "citation key": [(("statements", i, "key"), s.key) for i, s in enumerate(article.statements)],
        "timeline": [(("timeline", i, "id"), e.id) for i, e in enumerate(article.timeline)],
    }
    for kind, items in groups.items():
        counts = Counter(v for _, v in items)
        seen: set[str] = set()
        for path, value in items:
            if counts[value] > 1 and value in seen:
                report(path, f"duplicate {kind} id '{value}'; ids must be unique")
            seen.add(value)
    for path, value in [(("id",), article.id), *(item for items in groups.values() for item in items)]:
        too_long = id_length_problem(path, value)  # (#14) they name files, anchors and entries
        if too_long:
            report(path, too_long)

    paragraphs, people, statements = article.paragraphs, article.entity, {s.id for s in article.statements}
    order = {pid: n for n, pid in enumerate(paragraphs)}
    section_of = {p.id: s.id for s in article.sections for p in s.paragraphs}

    hints_left = [MAX_HINTS]  # difflib is slow over thousands of ids: suggest for the first ones

    def refs(path: tuple, ids: Iterable[str], known: Any, what: str) -> None:
        for j, ref in enumerate(ids):
            if ref not in known:
                guess = difflib.get_close_matches(ref, list(known), n=1) if hints_left[0] > 0 else []
                hints_left[0] -= 1
                hint = f"; did you mean '{guess[0]}'?" if guess else ""
                report((*path, j), f"'{ref}' is not a known {what} id{hint}")

    for i, e in enumerate(article.entities):
        refs(("people", i, "members"), e.members, people, "people")
        if e.kind == "anonymous" and not e.description:
            report(("people", i), f"anonymous source '{e.id}' needs a description: how the article describes it")
    for i, s in enumerate(article.sections):
        if s.heading and s.heading.repeats and s.heading.repeats not in statements:
            report(("body", i, "heading", "repeats"), f"'{s.heading.repeats}' is not a known statement id")
    for i, st in enumerate(article.statements):
        refs(("statements", i, "speakers"), st.speakers, people, "people")
        refs(("statements", i, "anchor", "paragraphs"), st.anchor.paragraphs, paragraphs, "paragraph")
        _check_date(report, ("statements", i, "date"), st.date)
        stale = _key_year(st.key, st.date)
        if stale:
            report(("statements", i, "key"), stale, "warning")
        if all(p in paragraphs for p in st.anchor.paragraphs):
            idx = [order[p] for p in st.anchor.paragraphs]
            if idx != list(range(idx[0], idx[0] + len(idx))):
                report(("statements", i, "anchor", "paragraphs"),
                       f"anchor of statement '{st.id}' must list consecutive paragraphs in reading order")
            elif len({section_of[p] for p in st.anchor.paragraphs}) > 1:
                report(("statements", i, "anchor", "paragraphs"),
                       f"anchor of statement '{st.id}' crosses a section heading; a statement's "
                       "paragraphs must stand in one section")
            else:
                try:
                    spans = locate(article, st)
                    cut = _cuts_a_character(article, st, spans) or _own_quotation_marks(article, st, spans)
                except AnchorError as exc:
                    cut = str(exc)
                if cut:
                    report(("statements", i, "text"), cut)
    for i, ev in enumerate(article.timeline):
        _check_date(report, ("timeline", i, "date"), ev.date)
        refs(("timeline", i, "paragraphs"), ev.paragraphs, paragraphs, "paragraph")
        refs(("timeline", i, "statements"), ev.statements, statements, "statement")
        if not ev.paragraphs and not ev.statements:
            report(("timeline", i), f"timeline event '{ev.id}' is not supported; list the paragraphs or statements it comes from")
    for part in ("summary", "background", "outcome", "aftermath"):
        for j, point in enumerate(getattr(article.briefing, part)):
            path = ("briefing", part, j)
            refs((*path, "paragraphs"), point.paragraphs, paragraphs, "paragraph")
            refs((*path, "statements"), point.statements, statements, "statement")
            if not point.paragraphs and not point.statements:
                report(path, f"briefing {part} point {j + 1} is not supported; list the paragraphs or statements it comes from")
    for field in ("published", "url", "coverage"):
        value = getattr(article.metadata, field)
        if field != "url" and value is not None:
            _check_date(report, ("metadata", field), value)
    _check_recommended(report, article)
    if not article.metadata.language_known:
        report(("metadata", "language"), f"metadata.language is '{article.metadata.language}' (undetermined); "
               "set it to the article's language as a BCP 47 code, e.g. en, pl or tr", "warning")
    if not article.statements:
        report(("statements",), "the source has no statements; nothing can be cited", "warning")
    proposed = [i for i, st in enumerate(article.statements) if st.review and st.review.status == "proposed"]
    if proposed:
        report(("statements", proposed[0], "review"),
               f"{len(proposed)} of {len(article.statements)} statements are still proposed by ingest; "
               "confirm each by setting review.status: confirmed or deleting review", "warning")
    return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def _check_recommended(report: Any, article: Article) -> None:
    """Warn about each recommended metadata field that is neither given nor recorded as not given."""
    m, recorded = article.metadata, dict(article.metadata.not_given)
    for field in RECOMMENDED:
        if not getattr(m, field) and field not in recorded:
            report(("metadata",), f"metadata has no '{field}'; add it if the article gives it, or write "
                   f"'{field}: none' (the article has none) or '{field}: unknown' (it does not say)", "warning")


OPENING = "“„«‹‘‚「『\"‟"  # marks that open a quotation, in the languages sources are written in
CLOSING = "”“»«›‹’‘」』\""  # marks that close one (“ closes in German, « in Danish)


def _own_quotation_marks(article: Article, st: Any, spans: tuple) -> str | None:
    """Return a problem if a direct statement's text starts or ends with the quotation marks
    that enclose it in the paragraph (they belong to the paragraph), else None.

    A mark that is not the outer one (a quotation that opens with a quotation of its own,
    “‘Madrid principles’ are …”) follows or precedes the outer mark, which the paragraph keeps.
    """
    if st.kind != "direct":
        return None
    first, last = spans[0], spans[-1]
    before = article.paragraphs[first.paragraph].text[:first.start].rstrip()[-1:]
    after = article.paragraphs[last.paragraph].text[last.end:].lstrip()[:1]
    opens = st.text[0] in OPENING and (before == "" or before not in OPENING + CLOSING)
    closes = st.text[-1] in CLOSING and st.text[-1] not in "’‘" and (after == "" or after not in CLOSING + OPENING)
    if not (opens or closes):
        return None
    marks = " and ".join(m for m, hit in ((f"starts with {st.text[0]}", opens), (f"ends with {st.text[-1]}", closes)) if hit)
    return (f"text of direct statement '{st.id}' {marks}: the quotation marks around a quotation belong "
            "to the paragraph, not to the statement; remove them from text (outputs add their own)")


def joins(ch: str) -> bool:
    """Return True if ``ch`` belongs to the character before it (a combining mark, ZWJ)."""
    return ch == "\u200d" or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _cuts_a_character(article: Article, st: Any, spans: tuple) -> str | None:
    """Return a problem if the statement's text starts or ends inside a user-perceived
    character (before a combining mark or a zero-width joiner), else None."""
    text, last = st.text, spans[-1]
    after = article.paragraphs[last.paragraph].text[last.end:last.end + 1]
    if text.endswith("\u200d"):
        after = "\u200d"
    for ch, where in ((text[0], "starts"), (after, "ends")):
        if ch and joins(ch):
            name = unicodedata.name(ch, "")
            return (f"text of statement '{st.id}' {where} inside a character: U+{ord(ch):04X} {name} "
                    "belongs to the letter or symbol before it; move the boundary")
    return None


def _check_date(report: Any, path: tuple, value: str | None) -> None:
    if value is None:
        return
    try:
        parse_edtf(value)
    except ValueError as exc:
        report(path, f"invalid date: {exc}")


_KEY_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _key_year(key: str, date: str | None) -> str | None:
    """Return a warning if the key names a year (four digits) that the statement's date does not
    give (an undated statement keyed ``…2019``, or ``…2010`` for 2011), else None."""
    years = {int(y) for y in _KEY_YEAR.findall(key)}
    if not years:
        return None
    try:
        known = set(date_years(date))  # as suggest_key takes it: an open interval gives no year
    except ValueError:
        return None  # the date itself is reported
    if years & known:
        return None
    return (f"key '{key}' names the year {min(years)}, which the statement's date ({date or 'unknown'}) "
            "does not give; keys are never recomputed: change it only if it has not been cited yet")
