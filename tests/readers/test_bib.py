"""The bibliography lint catches each kind of problem, and our own output is clean."""

from __future__ import annotations

import warnings

import pytest

from kazan_export.readers.bib import lint_bib, read_bib
from kazan_export.errors import KazanWarning
from kazan_export.writers.bibtex import render_bib

GOOD = """@article{tadevosyanMeetingKazanHopes,
  author = {Tadevosyan, Ara}, title = {Meeting in Kazan}, journaltitle = {Mediamax}, date = {XXXX},
}
@misc{lavrov2018Another, title = {Statement}, date = {2018-04}, related = {tadevosyanMeetingKazanHopes},
}
"""


def _dated(fields: str) -> str:
    """Return GOOD with the @misc entry's ``date = {2018-04}`` replaced by ``fields``."""
    return GOOD.replace("date = {2018-04}", fields)


def _messages(text: str, dialect: str = "biblatex") -> list[str]:
    return [str(p) for p in lint_bib(text, dialect=dialect)]


def test_a_clean_file_has_no_problems():
    assert _messages(GOOD) == []


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_our_output_is_clean(request, which, dialect):
    article = request.getfixturevalue(which)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        text = render_bib(article, dialect=dialect)
    problems = [p for p in lint_bib(text, dialect=dialect) if p.severity == "error"]
    assert problems == []


@pytest.mark.parametrize(("bad", "expected"), [
    (GOOD.replace("lavrov2018Another,", "lavrov2018Another"), "unparsable entry (line 4)"),
    (GOOD.replace("lavrov2018Another", "9lavrov"), "9lavrov: key should start with a letter"),
    (GOOD.replace("lavrov2018Another", "tadevosyanMeetingKazanHopes"), "tadevosyanMeetingKazanHopes: duplicate key"),
    (GOOD.replace("journaltitle = {Mediamax}, ", ""), "@article needs journaltitle"),
    (_dated("note = {x}"), "lavrov2018Another: warning: @misc has no date or year"),
    (_dated("date = {2018-13}"), "date: '2018-13' has month 13"),
    (_dated("date = {April 2018}"), "is not a supported EDTF date"),
    (_dated("year = {2018}, date = {2018-04}"), "both date and year"),
    (_dated("year = {18}"), "year '18' should be four digits"),
    (_dated("year = {2018a}"), "biber wants an integer year"),  # "n.d." is allowed: no date, as the writer says
    (_dated("year = {2018}, month = {Aprl}"), "month 'Aprl' should be jan"),
    (_dated("month = apr, date = {2018}"), "month without a year"),
    (GOOD.replace("related = {tadevosyanMeetingKazanHopes}", "related = {tadevosyan2018}"),
     "related points to 'tadevosyan2018', which is not in the file"),
    (GOOD.replace("related = {tadevosyanMeetingKazanHopes}", "crossref = {nowhere}"),
     "crossref points to 'nowhere'"),
])
def test_lint_catches(bad, expected):
    messages = _messages(bad)
    assert any(expected in m for m in messages), messages


def test_bibtex_dialect_rules():
    text = """@article{a1, author = {N{\\'e}el, Louis}, title = {T}, journal = {J}, year = {n.d.}}
@misc{a2, title = {Čelić}, year = {2019}, month = mar, day = {32}}
@article{a3, author = {X, Y}, title = {T}, year = {2019}}
@misc{a4, title = {T}, year = {1~BC}, month = dec}
"""
    messages = _messages(text, "bibtex")
    assert not any(m.startswith("a1:") for m in messages), messages  # n.d. is an honest year for BibTeX
    assert not any(m.startswith("a4:") and "year" in m for m in messages), messages  # EDTF's year 0, as the writer gives it
    assert "a2: warning: non-ASCII characters for classic BibTeX: ćČ" in messages
    assert "a2: day '32' should be 1 … 31" in messages
    assert "a3: @article needs journal" in messages


def test_read_bib_decodes_latex_for_the_bibtex_dialect_only():
    text = "@misc{k, title = {{\\v{C}}eli{\\'c} {\\&} {\\textasciicircum}}, url = {https://x.org/a%20b_c}}"
    decoded = read_bib(text).entries[0].fields_dict
    assert decoded["title"].value == "Čelić & ^"
    assert decoded["url"].value == "https://x.org/a%20b_c"
    assert read_bib(text, decode=False).entries[0].fields_dict["title"].value.startswith("{\\v{C}}")
