"""Read a ``.bib`` file back and check it the way JabRef's integrity checks do.

:func:`read_bib` parses with bibtexparser v2 (through :mod:`kazan_export.bibfile`) and decodes LaTeX to
Unicode with pylatexenc (:mod:`kazan_export.latex`; URLs are left alone).
:func:`lint_bib` reports: unparsable blocks and duplicate keys, key syntax, required fields per
entry type, ``year``/``month``/``day``/``date`` formats, dangling ``crossref``/``xref``/``related``
references, and non-ASCII text in the ``bibtex`` dialect. A biblatex entry without a date is a
warning, not an error: biber's data model wants one, but an undated work has none, and the
styles print their own "n.d." for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kazan_export import bibfile
from kazan_export.citations import KEY_PATTERN
from kazan_export.dates import parse_edtf
from kazan_export.latex import decode_latex

VERBATIM = frozenset({"url", "doi", "eprint", "file", "date", "urldate", "eventdate", "origdate", "related",
                      "crossref", "xref", "ids"})  # not LaTeX text: never decoded
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# a year of four digits, or one before the era as the classic writer gives EDTF's year 0 ("1~BC")
_ONE_YEAR = r"(?:\d{4}|\d{1,4}~BC)"
YEAR = re.compile(rf"^({_ONE_YEAR}(--{_ONE_YEAR})?|n\.d\.)$")
# Required fields per type: a tuple entry means "one of these".
REQUIRED = {
    "bibtex": {
        "article": ("author", "title", "journal", "year"),
        "book": (("author", "editor"), "title", "publisher", "year"),
        "misc": ("title",),
        "online": ("title", "url"),
    },
    "biblatex": {
        "article": ("author", "title", "journaltitle", ("date", "year")),
        "book": ("author", "title", ("date", "year")),
        "misc": ("title", ("date", "year")),
        "unpublished": (("title", "titleaddon"), ("date", "year")),  # an untitled statement: titleaddon
        "online": ("title", ("url", "doi", "eprint"), ("date", "year")),
    },
}


@dataclass(frozen=True, slots=True)
class BibProblem:
    """One problem in a bibliography: the entry key (or ``"-"``), a message, a severity."""

    key: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.key}: {'' if self.severity == 'error' else 'warning: '}{self.message}"


def read_bib(text: str, *, decode: bool = True):  # noqa: ANN201
    """Return the parsed ``bibtexparser.Library``; with ``decode`` (the default) every field but
    URLs is LaTeX-decoded to the Unicode text it prints (both dialects escape LaTeX's specials)."""
    library = bibfile.parse(text)
    if decode:
        for entry in library.entries:
            for field in entry.fields:
                if field.key.lower() not in VERBATIM and isinstance(field.value, str):
                    field.value = decode_latex(field.value)
    return library


def _check_dates(key: str, fields: dict[str, str], dialect: str) -> list[BibProblem]:
    out = []
    year, month, day, date = (fields.get(f) for f in ("year", "month", "day", "date"))
    if year is not None and not YEAR.match(year):
        out.append(BibProblem(key, f"year '{year}' should be four digits (or 1~BC), a range 2005--2006 or n.d."))
    if dialect == "biblatex" and year is not None and not year.isdigit() and year != "n.d.":  # "no date", as
        # biblatex-chicago's manual has it (biber warns that it is no integer: it is none)
        out.append(BibProblem(key, f"biber wants an integer year, not '{year}'; use date"))
    if month is not None and month.lower() not in MONTHS and not (month.isdigit() and 1 <= int(month) <= 12):
        out.append(BibProblem(key, f"month '{month}' should be jan … dec or 1 … 12"))
    if month is not None and year is None:
        out.append(BibProblem(key, "month without a year"))
    if day is not None and not (day.isdigit() and 1 <= int(day) <= 31):
        out.append(BibProblem(key, f"day '{day}' should be 1 … 31"))
    if date is not None and date != "XXXX":
        try:
            parse_edtf(date)
        except ValueError as exc:
            out.append(BibProblem(key, f"date: {exc}"))
    if date is not None and year is not None:
        out.append(BibProblem(key, "both date and year; biber keeps only one"))
    return out


def lint_bib(text: str, *, dialect: str = "biblatex") -> list[BibProblem]:
    """Return every problem found in a ``.bib`` text (empty when it is clean)."""
    library = read_bib(text, decode=False)  # raw values: formats are checked as written
    problems = []
    for block in library.failed_blocks:
        key = getattr(block, "key", "-")
        what = "duplicate key" if bibfile.is_duplicate(block) else "unparsable entry"
        problems.append(BibProblem(key, f"{what} (line {block.start_line + 1})"))
    keys = {e.key for e in library.entries}
    for entry in library.entries:
        key, kind = entry.key, entry.entry_type.lower()
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        if not KEY_PATTERN.match(key):
            problems.append(BibProblem(key, "key should start with a letter and use only A-Z a-z 0-9 _ : + . -"))
        for need in REQUIRED[dialect].get(kind, ("title",)):
            options = need if isinstance(need, tuple) else (need,)
            if any(fields.get(o, "").strip() for o in options):
                continue
            if options == ("date", "year"):  # an undated work: biblatex styles print "n.d."
                problems.append(BibProblem(key, f"@{kind} has no date or year (styles print n.d.)", "warning"))
            else:
                problems.append(BibProblem(key, f"@{kind} needs {' or '.join(options)}"))
        problems += _check_dates(key, fields, dialect)
        for ref_field in ("crossref", "xref", "related"):
            for target in filter(None, (t.strip() for t in fields.get(ref_field, "").split(","))):
                if target not in keys:
                    problems.append(BibProblem(key, f"{ref_field} points to '{target}', which is not in the file"))
        if dialect == "bibtex":
            odd = sorted({ch for v in fields.values() for ch in v if not ch.isascii()})
            if odd:
                problems.append(BibProblem(key, f"non-ASCII characters for classic BibTeX: {''.join(odd)}", "warning"))
    return problems
