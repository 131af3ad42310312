"""Validation reports every problem with file:line:column, in plain words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import FIXTURES

from kazan_export import citations as c
from kazan_export.readers.source import check, load
from kazan_export.errors import SourceError

GOOD = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "article.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    article, problems = check(write(tmp_path, text))
    assert article is None
    return [str(p) for p in problems if p.severity == "error"]


def test_fixture_is_valid_without_warnings():
    article, problems = check(FIXTURES / "harbour-talks.yaml")
    assert article is not None and problems == []


def test_a_key_naming_a_year_the_date_does_not_give_is_a_warning(tmp_path):
    text = GOOD.replace("date: 2019-03-04", "date: unknown", 1).replace("date: 2019-03~", "date: 2018-12", 1)
    article, problems = check(write(tmp_path, text))
    assert article is not None
    warned = {p.message.split("'")[1]: p for p in problems if "names the year" in p.message}
    assert set(warned) == {"novakSignHarbourAgreement2019", "officialAlmostDone2019"}
    assert warned["novakSignHarbourAgreement2019"].line == line_of(text, "key: novakSignHarbourAgreement2019")
    assert all(p.severity == "warning" for p in warned.values())
    assert "(unknown) does not give" in warned["novakSignHarbourAgreement2019"].message
    assert "(2018-12) does not give" in warned["officialAlmostDone2019"].message
    # #12: "by 4 March 2019" gives no year (styles print n.d.), so suggest_key proposes none and a
    # stored …2019 is warned about; a closed interval gives each of its years
    open_ended = GOOD.replace("date: 2019-03-04", "date: ../2019-03-04", 1)
    warned = [p.message for p in check(write(tmp_path, open_ended))[1] if "names the year" in p.message]
    assert len(warned) == 1 and "novakSignHarbourAgreement2019" in warned[0] and "(../2019-03-04)" in warned[0]
    closed = GOOD.replace("date: 2019-03-04", "date: 2018-12/2019-03", 1)
    assert not [p for p in check(write(tmp_path, closed))[1] if "names the year" in p.message]


def test_suggest_key_and_validate_agree_on_the_year_a_date_gives(harbour):
    """#12: suggest_key takes a year only from a date that gives one; validate accepts it."""
    from kazan_export.readers.checks import _key_year

    novak = harbour.statement["st-novak-sign"]
    for date, year in (("2019-03-04", "2019"), ("2019-03~", "2019"), ("2018-12/2019-03", "2018"),
                       ("../2019-03-04", ""), ("2019-03-04/..", ""), (None, "")):
        st = dataclasses.replace(novak, date=date)
        key = c.suggest_key(harbour, st)
        assert key == "novakSignHarbourAgreement" + year, (date, key)
        assert _key_year(key, date) is None, date  # what suggest_key proposes, validate accepts
        assert (_key_year("novakSignHarbourAgreement2019", date) is None) == (year != ""), date


def test_all_problems_are_reported_not_just_the_first(tmp_path):
    bad = (GOOD.replace("    speakers: [novak]", "    speeker: [novak]")
               .replace("date: 2019-03-04", "date: 2019-02-30")
               .replace("kind: reported", "kind: hearsay"))
    found = problems_of(tmp_path, bad)
    text = "\n".join(found)
    assert f":{line_of(bad, 'speeker')}:5: unknown key 'speeker'" in text and "did you mean 'speakers'" in text
    assert "kind: hearsay" in bad and "'hearsay'; it must be one of: direct, reported" in text
    assert "is missing the required field 'speakers'" in text
    assert len(found) >= 3
    assert all(p.startswith(str(tmp_path / "article.yaml") + ":") for p in found)


def test_integrity_problems_point_at_the_offending_value(tmp_path):
    bad = (GOOD.replace("speakers: [novak]", "speakers: [nowak]")
               .replace("text: \"almost done.\"", "text: \"almost finished.\"")
               .replace("date: 2019-03-04", "date: 2019-02-30")
               .replace("statements: [st-novak-sign]\nbriefing:", "statements: [st-nope]\nbriefing:"))
    found = "\n".join(problems_of(tmp_path, bad))
    assert f":{line_of(bad, '[nowak]')}:" in found and "'nowak' is not a known people id; did you mean 'novak'?" in found
    assert "text of statement 'st-official-done' is not found verbatim in p4" in found
    assert f":{line_of(bad, '2019-02-30')}:" in found and "February 2019 has 28 days" in found
    assert "'st-nope' is not a known statement id" in found


def test_duplicate_ids_and_keys(tmp_path):
    bad = GOOD.replace("id: st-port-frank", "id: st-novak-sign").replace("key: officialAlmostDone2019", "key: novakSignHarbourAgreement2019")
    found = "\n".join(problems_of(tmp_path, bad))
    assert "duplicate statements id 'st-novak-sign'" in found
    assert "duplicate citation key id 'novakSignHarbourAgreement2019'" in found


def test_ambiguous_anchor_asks_for_a_prefix(tmp_path):
    bad = GOOD.replace('text: "almost done."', 'text: "the"')
    found = "\n".join(problems_of(tmp_path, bad))
    assert "occurs 2 times in p4; add a prefix or suffix" in found
    fixed = bad.replace("anchor: {paragraphs: [p4]}", "anchor: {paragraphs: [p4], prefix: 'that '}")
    assert check(write(tmp_path, fixed))[0] is not None


def test_unsupported_timeline_event_and_missing_recommended_metadata(tmp_path):
    bad = GOOD.replace("    paragraphs: [p1]\n  - id: ev-novak", "  - id: ev-novak").replace("  series: Coastal Affairs\n", "")
    article, problems = check(write(tmp_path, bad))
    text = "\n".join(map(str, problems))
    assert "timeline event 'ev-meeting' is not supported" in text
    assert "warning: metadata has no 'series'" in text


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfes\x00c\x00", "UTF-16"),
    (b"title: caf\xe9\n", "is not UTF-8"),
    (b"a: [1, 2\n", "YAML syntax error"),
    (b"a: &x [1]\nb: *x\n", "aliases"),
    (b"a: 1\na: 2\n", "appears twice"),
    (b"a: !!python/object:os.system x\n", "tag"),
])
def test_unreadable_sources_get_one_clear_line(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load(path)
    assert len(info.value.problems) == 1 and message in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(SourceError, match="is a folder"):
        load(tmp_path)


def test_a_statement_cannot_cross_a_section_heading(tmp_path):
    bad = (GOOD.replace('text: "almost done."', 'text: "the deal was “almost done.”\\nDoubts\\nMayor"')
               .replace("anchor: {paragraphs: [p4]}", "anchor: {paragraphs: [p4, p5]}"))
    found = "\n".join(problems_of(tmp_path, bad))
    assert "anchor of statement 'st-official-done' crosses a section heading" in found


def test_the_schema_is_a_valid_draft_2020_12_schema():
    import jsonschema  # the reference implementation judges the schema file itself

    from kazan_export.readers.checks import schema

    jsonschema.Draft202012Validator.check_schema(schema())


def test_a_problem_is_always_one_line():
    from kazan_export.errors import Problem

    text = str(Problem("a\nb.yaml", 3, 4, "id is not valid ('x\n\u2028y\x85\x1c'); tab\tstays"))
    assert text.splitlines() == [text]
    assert text == "a\\nb.yaml:3:4: id is not valid ('x\\n\\u2028y\\x85\\x1c'); tab\tstays"


def test_schema_verdict_agrees_with_the_reference_validator_on_the_bad_cases():
    """jsonschema-rs does the work; Python's jsonschema judges it on every shape mutation."""
    import jsonschema

    from kazan_export.readers.checks import check_schema, schema
    from kazan_export.readers.positions import parse_yaml

    reference = jsonschema.Draft202012Validator(schema())
    good, _ = parse_yaml(GOOD.encode(), "x")
    mutants = [
        {**good, "schema": 2}, {**good, "id": 3}, {**good, "extra": 1},
        {**good, "metadata": {**good["metadata"], "title": " "}},
        {**good, "metadata": {**good["metadata"], "authors": []}},
        {**good, "body": [{**good["body"][0], "heading": "text"}]},
        {**good, "body": [{**good["body"][0], "heading": {"id": "h"}}]},
        {**good, "people": [{**good["people"][0], "kind": "company"}]},
        {**good, "people": [{**good["people"][0], "variants": ["a", "a"]}]},
        {**good, "statements": [{k: v for k, v in good["statements"][0].items() if k != "key"}]},
        {**good, "statements": [{**good["statements"][0], "date": "March 4"}]},
    ]
    assert check_schema(good, {}, "x") == [] and reference.is_valid(good)
    for mutant in mutants:
        assert check_schema(mutant, {}, "x") and not reference.is_valid(mutant), mutant


@pytest.mark.parametrize("blank", ["", " ", "\ufeff ", "\u3000\u2028"])
def test_text_of_only_white_space_is_refused_as_json_schema_defines_it(tmp_path, blank):
    """The schema's "\\S" is an ECMA-262 pattern: U+FEFF is white space there (not in Python)."""
    import json

    found = problems_of(tmp_path, GOOD.replace('text: "almost done."', f"text: {json.dumps(blank)}"))
    assert len(found) == 1 and "is empty or only white space" in found[0], found


def test_text_with_a_python_only_space_is_text():
    from kazan_export.readers.checks import check_schema
    from kazan_export.readers.positions import parse_yaml

    data, marks = parse_yaml(GOOD.replace('text: "almost done."', 'text: "\\x85"').encode(), "x")
    assert check_schema(data, marks, "x") == []


@pytest.mark.parametrize("text, line", [
    ("x: " + "[" * 60000 + "]" * 60000 + "\n", 1),
    ("x:\n" + "".join("  " * i + "- \n" for i in range(1, 2000)), 101),
])
def test_too_deep_nesting_is_our_message_whichever_parser_refuses_first(monkeypatch, text, line):
    """libyaml (bundled with PyYAML 6.0.4 and later) has a nesting limit of its own and may
    refuse before our count does; the user gets the same line either way. Both layers are
    exercised here whatever PyYAML is installed: once as it is, once with libyaml made to
    refuse every deep input as 6.0.4 does."""
    import yaml

    from kazan_export.readers.positions import parse_yaml

    def problems() -> list:
        with pytest.raises(SourceError) as caught:
            parse_yaml(text.encode(), "deep.yaml")
        return [(p.line, p.message) for p in caught.value.problems]

    expected = [(line, "YAML is nested more than 100 levels deep; a source is not nested like this")]
    assert problems() == expected
    real_parse = yaml.parse

    def libyaml_with_a_limit(stream, Loader=yaml.Loader):  # noqa: N803  (PyYAML's own name)
        if Loader is not yaml.SafeLoader:  # the C loader
            raise yaml.YAMLError("exceeded maximum nesting depth")
        return real_parse(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "parse", libyaml_with_a_limit)
    assert problems() == expected


def test_a_syntax_error_that_libyaml_finds_is_still_reported_as_such():
    from kazan_export.readers.positions import parse_yaml

    with pytest.raises(SourceError) as caught:
        parse_yaml(b"a: [1\nb: 2\n", "bad.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 2 and "YAML syntax error" in problem.message
