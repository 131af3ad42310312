"""`readers/positions.py`: YAML syntax errors said where the user fixes them."""

from __future__ import annotations

import pytest

from kazan_export.errors import SourceError
from kazan_export.readers.positions import parse_yaml


def _problem(text: str):  # noqa: ANN202
    with pytest.raises(SourceError) as caught:
        parse_yaml(text.encode("utf-8"), "a.yaml")
    (problem,) = caught.value.problems
    return problem.line, problem.column, problem.message


def test_a_quotation_left_open_to_the_end_is_reported_where_it_opens():
    line, column, message = _problem('schema: 1\nid: x\nmetadata:\n  title: "Hopes and\n  language: en\nbody: []\n')
    assert (line, column) == (4, 10) and "never closed" in message


def test_a_quotation_left_open_before_another_is_reported_where_it_opens():
    text = 'schema: 1\nmetadata:\n  title: "Hopes and failure\n  series: Modern\n  rights: "© Mediamax"\n'
    line, column, message = _problem(text)
    assert (line, column) == (3, 10) and "closing quote missing" in message and "line 5" in message


def test_a_tab_is_named():
    line, column, message = _problem("schema: 1\nmetadata:\n\ttitle: x\n")
    assert line == 3 and "tab character" in message and "spaces" in message


def test_other_syntax_errors_are_said_as_the_parser_says_them():
    line, _, message = _problem("schema: 1\nkeywords: [a, b}\n")
    assert line == 2 and message.startswith("YAML syntax error: ") and "fix the YAML" in message
