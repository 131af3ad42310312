"""EDTF dates: our small parser agrees with the reference implementation (python-edtf)."""

from __future__ import annotations

import pytest

from kazan_export.dates import describe_date, overlaps, parse_edtf, sort_key

edtf = pytest.importorskip("edtf")

VALID = ["2011", "2011-06", "2011-06-24", "2011-06-14~", "2016~", "2011?", "2011-06%",
         "2005/2006", "../2011-06-23", "2011-07/..", "0000", "9999-12-31", "2000-02-29"]
INVALID = ["2011-02-30", "2011-13", "11-06", "2011-6-1", "June 2011", "2011-00", "1900-02-29", "", "2011/2010"]


@pytest.mark.parametrize("text", VALID)
def test_valid_dates_are_valid_for_the_reference_too(text):
    parse_edtf(text)
    edtf.parse_edtf(text)


@pytest.mark.parametrize("text", INVALID)
def test_invalid_dates_are_refused_with_a_plain_message(text):
    with pytest.raises(ValueError) as info:
        parse_edtf(text)
    assert text in str(info.value) or "ends before" in str(info.value) or text == ""


@pytest.mark.parametrize("text, words", [
    ("2011-06-24", "24 June 2011"), ("2016-11", "November 2016"), ("2011-06-14~", "about 14 June 2011"),
    ("2011?", "2011 (uncertain)"), ("../2011-06-24", "by 24 June 2011"), ("2005/2006", "2005 to 2006"),
    (None, "date not stated"), ("0000", "0"), ("0000-01-01", "1 January 0"),
])
def test_dates_read_as_words_with_their_precision(text, words):
    assert describe_date(text) == words


def test_ranges_and_ordering():
    assert overlaps("2011-06", "2011-06-24", None)  # month overlaps a day inside it
    assert not overlaps("2011-05", "2011-06", None)
    assert not overlaps(None, "2011", None) and overlaps(None, None, None)
    assert overlaps("../2011-06-24", None, "2011-01")
    assert sorted(["2016~", None, "2011-06", "2011"], key=sort_key) == ["2011", "2011-06", "2016~", None]
