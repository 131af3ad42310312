"""'last week', 'last month', 'last year' are placed from the article's date (a fifth blind trial:
they were not read at all, and the quotations after them kept an older running date)."""

from __future__ import annotations

import pytest

from readers.test_attribution_reported import _dated


@pytest.mark.parametrize(("phrase", "edtf"), [
    ("last week", "2025-09-01/2025-09-07"),  # published Friday 2025-09-12: Monday to Sunday before
    ("last month", "2025-08"),
    ("last year", "2024")])
def test_a_last_period_is_the_one_before_the_articles_date(phrase, edtf):
    dates = _dated("The bypass was opened in 2009.",
                   f"“New roads fill up,” Professor Ingrid Sol told reporters {phrase}.", published="2025-09-12")
    assert dates == [("p2", edtf)]


def test_last_week_in_january_is_in_the_year_before():
    dates = _dated("“New roads fill up,” Professor Ingrid Sol told reporters last week.", published="2025-01-03")
    assert dates == [("p1", "2024-12-23/2024-12-29")]
    dates = _dated("“New roads fill up,” Professor Ingrid Sol told reporters last month.", published="2025-01-03")
    assert dates == [("p1", "2024-12")]


def test_without_the_articles_date_a_last_period_is_not_placed():
    dates = _dated("“New roads fill up,” Professor Ingrid Sol told reporters last month.", published=None)
    assert dates == [("p1", None)]


def test_a_later_weekday_beside_a_background_date_is_when_the_news_happened():
    """"… on Monday rejected calls … over the crush on November 22": the quotations after it were
    dated November 22 (the crush), not the Monday of the news conference (a fifth blind trial)."""
    dates = _dated("Commissioner Rosa Okafor on Monday rejected calls for her resignation over the crush on "
                   "November 22, in which 31 people were injured.",
                   "“I am not going anywhere,” Okafor told a news conference.", published="2025-12-02")
    assert [(p, d.rstrip("?")) for p, d in dates] == [("p2", "2025-12-01")]


@pytest.mark.parametrize("lead", ["On Monday, November 24, the commissioner met the families.",
                                  "On Monday the commissioner recalled the crush of November 24, 2024."])
def test_a_weekday_that_names_the_date_or_falls_before_it_leaves_the_date(lead):
    dates = _dated(lead, "“I am not going anywhere,” Commissioner Rosa Okafor said.", published="2025-12-02")
    assert [(p, d.rstrip("?")) for p, d in dates] == [("p2", "2025-11-24" if "2024" not in lead else "2025-12-01")]
