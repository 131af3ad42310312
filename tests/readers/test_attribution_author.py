""""I" in the article's own words is its author (a fifth blind trial: an op-ed's "as chair of the
transport committee, I told a meeting that …" made a speaker "Chair of the transport committee",
who then took a later "They also say …" of the consultants; "I said in 2009 that …" was lost)."""

from __future__ import annotations

import dataclasses

from kazan_export.model import Author
from kazan_export.readers.attribution import attribute
from readers.test_attribution import article

TEXT = ("In 2009, as chair of the transport committee, I told a public meeting that the bypass would save the town.",
        "I said in 2009 that a road would save Vessel.")


def _run(*paragraphs: str, authors: tuple = ()):  # noqa: ANN202
    made = article(*paragraphs)
    out = attribute(dataclasses.replace(made, metadata=dataclasses.replace(made.metadata, authors=authors)))
    return [(s.text, out.entity[s.speakers[0]]) for s in out.statements]


def test_i_is_the_articles_one_author():
    got = _run(*TEXT, authors=(Author("Brandt", "Helga"),))
    assert [(t, e.name, e.kind) for t, e in got] == [
        ("the bypass would save the town.", "Helga Brandt", "person"),
        ("a road would save Vessel.", "Helga Brandt", "person")]


def test_without_an_author_i_is_the_unnamed_author_never_a_role():
    got = _run(*TEXT)
    assert [(e.name, e.kind) for _, e in got] == [("Author of the article", "anonymous")] * 2


def test_the_author_is_never_what_a_later_pronoun_means():
    got = _run(TEXT[0], "They also say, on page 212, that traffic would return within eight years.")
    assert [e.name for _, e in got] == ["Author of the article"]
