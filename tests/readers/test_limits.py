"""`readers/limits.py`: the lengths a source's fields may have (#14)."""

from __future__ import annotations

from conftest import FIXTURES
from kazan_export.readers.limits import MAX_ID_CHARACTERS
from kazan_export.readers.source import check

HARBOUR = FIXTURES / "harbour-talks.yaml"


def _checked(tmp_path, old: str, new: str):  # noqa: ANN001, ANN202
    text = HARBOUR.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "a.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return check(path)


def test_a_credit_labelled_id_or_key_is_a_credit_not_an_identifier(tmp_path):
    """metadata.credits is an open map of the user's own labels: "key" there names nothing."""
    line = "Key to the map: " + "the harbour, the old town and the ferry piers " * 6
    assert MAX_ID_CHARACTERS < len(line) < 1000
    for label in ("key", "id"):
        article, problems = _checked(tmp_path, '    photos: "Photos by Лена Смирнова."',
                                     f'    photos: "Photos by Лена Смирнова."\n    {label}: "{line}"')
        assert article is not None, [str(p) for p in problems]
        assert dict(article.metadata.credits)[label] == line


def test_every_identifier_of_the_format_is_bounded(tmp_path):
    long = "x" * (MAX_ID_CHARACTERS + 1)
    for old, new in (("id: harbour-talks", f"id: {long}"), ("  - id: st-novak-sign", f"  - id: st-{long}"),
                     ("    key: novakSignHarbourAgreement2019", f"    key: k{long}")):
        article, problems = _checked(tmp_path, old, new)
        assert article is None and any("at most 200 for a" in str(p) for p in problems), [str(p) for p in problems]
