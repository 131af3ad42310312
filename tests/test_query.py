"""Selecting statements: speaker variants, dates, text, kind."""

from __future__ import annotations

import pytest

from kazan_export.query import Selection, as_record, select


def keys(article, **kw):
    return [s.id for s in select(article, Selection(**kw))]


def test_speaker_matches_any_variant_case_and_accent_insensitively(kazan):
    assert keys(kazan, speaker="nalbandyan") == keys(kazan, speaker="Nalbandian") != []
    assert keys(kazan, speaker="juppe") == ["st-juppe-additional-proposals"]
    assert keys(kazan, speaker="LAJCAK") == ["st-lajcak-clearer-signals"]


def test_lavrov_in_april_2018(kazan):
    assert keys(kazan, speaker="Lavrov", date_from="2018-04", date_to="2018-04") == ["st-lavrov-kazan-document"]


def test_date_range_excludes_undated_and_keeps_overlapping_intervals(kazan):
    chosen = select(kazan, Selection(date_from="2011-06-20", date_to="2011-06-24"))
    assert chosen and all(s.date is not None for s in chosen)
    assert "st-sarkozy-sincerest-wishes" in {s.id for s in chosen}  # "by 24 June 2011"
    assert "st-fassier-new-concept" not in {s.id for s in chosen}  # 15 June


def test_contains_and_kind(kazan):
    assert keys(kazan, contains="KOSOVO") == ["st-fassier-kosovo"]
    assert all(s.kind == "reported" for s in select(kazan, Selection(kind="reported")))
    with pytest.raises(ValueError):
        Selection(kind="hearsay")
    with pytest.raises(ValueError):
        Selection(date_from="April 2018")


def test_record_has_the_documented_fields(kazan):
    record = as_record(kazan, kazan.statement["st-lavrov-kazan-document"])
    assert {"id", "key", "speakers", "kind", "text", "date", "occasion", "via", "paragraphs"} <= set(record)
    assert record["speakers"] == ["Sergey Lavrov"] and record["paragraphs"] == ["p60", "p61", "p62"]


def test_chronological_order_puts_undated_last(kazan):
    chosen = select(kazan, chronological=True)
    assert chosen[0].date == "2011-05-26" and chosen[-1].date is None


def test_selection_says_what_it_selected():
    assert Selection().describe() == "Selected: all statements"
    assert (Selection(speaker="Lavrov", date_from="2018", kind="direct", contains="Kazan").describe()
            == "Selected: direct statements by Lavrov from 2018 containing “Kazan”")


@pytest.mark.parametrize("date_from, date_to", [("2019", "2018"), ("2018-05-02", "2018-05-01"), ("2018-06", "2018-05")])
def test_a_reversed_range_is_refused(date_from, date_to):
    with pytest.raises(ValueError, match=f"--from {date_from} is after --to {date_to}.*swap them"):
        Selection(date_from=date_from, date_to=date_to)


def test_ranges_that_touch_or_nest_are_kept(kazan):
    Selection(date_from="2018-04", date_to="2018")  # April 2018 is within 2018: not reversed
    assert keys(kazan, date_from="2018", date_to="2018-04") == keys(kazan, date_from="2018", date_to="2018-04-30")
