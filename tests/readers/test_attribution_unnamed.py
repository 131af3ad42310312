"""Unnamed speakers described by a noun phrase ("said a trader in Aktau", "said a spokesperson
for the ministry", "one diplomat said"): recorded as the format records unnamed sources — kind
``anonymous``, the article's words as name and description — whatever the noun, and a place in
the description is neither a person nor where the statement was made (found in a user trial:
"…, said a trader in Aktau." had no speaker)."""

from __future__ import annotations

import pytest

from kazan_export.model import Article, Metadata, Paragraph, Section
from kazan_export.readers.attribution import attribute


def run(*paragraphs: str):  # noqa: ANN201
    body = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(paragraphs, start=1))
    return attribute(Article("made-up", Metadata("Made up", (), "Nobody", "en"), (Section("lead", None, body),)))


def said(*paragraphs: str) -> list[tuple[str, str, str | None, str | None]]:
    """Return (kind of statement, speaker kind, speaker description, place) of each statement."""
    out = run(*paragraphs)
    assert out.statements, "no statement was proposed"
    return [(s.kind, out.entity[s.speakers[0]].kind, out.entity[s.speakers[0]].description, s.place)
            for s in out.statements]


@pytest.mark.parametrize("who", ["a trader in Aktau", "a spokesperson for the ministry", "one diplomat",
                                 "a grain merchant at the port of Aktau", "an engineer on the rig",
                                 "a spokeswoman for the Ministry of Energy", "one lorry driver from Baku",
                                 "a source close to the talks"])
@pytest.mark.parametrize("shape", [
    "“Grain prices will keep rising through the winter,” said {who}.",
    "“Grain prices will keep rising through the winter,” {who} said.",
    "Grain prices will keep rising through the winter, said {who}.",
    "Grain prices will keep rising through the winter, {who} said.",
    "{Who} said that grain prices would keep rising through the winter.",
])
def test_a_speaker_described_by_a_noun_phrase_is_an_unnamed_source(who, shape):
    kind = "direct" if shape.startswith("“") else "reported"
    text = shape.format(who=who, Who=who[:1].upper() + who[1:])
    description = who if not shape.startswith("{") else who[:1].upper() + who[1:]
    # "on the rig" is not an occasion of the statement, nor where it was made: the engineer works there
    if "rig" in who and "said {who}" in shape:
        description = "an engineer"
    assert said(text) == [(kind, "anonymous", description, None)]


def test_the_place_in_a_description_is_no_person_and_a_later_mention_is_the_same_source():
    out = run("“Prices will keep rising,” said a trader in Aktau.",
              "Freight rates doubled in March, the trader added.")
    assert [(e.name, e.kind) for e in out.entities] == [("A trader in Aktau", "anonymous")]
    assert [s.speakers for s in out.statements] == [(out.entities[0].id,)] * 2


def test_what_follows_an_inverted_unnamed_speaker_is_still_the_occasion_or_the_time():
    pairs = said("“We will not sign this week,” said a diplomat in an interview with Reuters.",
                 "“We will not sign this week,” said a diplomat at a news conference in Baku.",
                 "“We will not sign this week,” said a diplomat on Tuesday.")
    assert [p[2] for p in pairs] == ["a diplomat"] * 3
    assert pairs[1][3] == "Baku"  # said at a conference in Baku: where it was said


def test_a_determiner_without_a_noun_or_a_time_phrase_is_no_speaker():
    out = run("“It will not happen,” one said.", "A week later, the deal was signed, the company said.")
    assert all(e.description != "A week later" for e in out.entities)


@pytest.mark.parametrize(("text", "kind", "description"), [
    ("Grain prices will keep rising through the winter, said several traders in Aktau.", "group", "several traders in Aktau"),
    ("Several traders in Aktau said that grain prices would keep rising.", "group", "Several traders in Aktau"),
    ("Grain prices will keep rising through the winter, said one of the traders.", "anonymous", "one of the traders"),
    ("Grain prices will keep rising through the winter, one of the traders said.", "anonymous", "one of the traders"),
    ("“Grain prices will keep rising through the winter,” said a 45-year-old trader.", "anonymous", "a 45-year-old trader"),
])
def test_groups_partitives_and_ages_describe_an_unnamed_source(text, kind, description):
    out = run(text)
    assert [(out.entity[s.speakers[0]].kind, out.entity[s.speakers[0]].description, s.place)
            for s in out.statements] == [(kind, description, None)]


@pytest.mark.parametrize("text", [
    "A new law said that grain prices would keep rising through the winter.",
    "A report published on Monday said that grain prices would keep rising through the winter.",
    "In a statement the government said that grain prices would keep rising through the winter.",
])
def test_a_document_or_a_participle_is_no_unnamed_speaker(text):
    out = run(text)
    assert not [e.description for e in out.entities if e.kind in ("anonymous", "group")]
