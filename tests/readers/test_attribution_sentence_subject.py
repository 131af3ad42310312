"""A quotation with no cue in a sentence whose subject is a person named there is that person's
(a fifth blind trial: "The opposition spokesman, Jonas van Dijk, called the bill “…”" went to the
minister quoted before, and so did the "he said" after it)."""

from __future__ import annotations

import pytest

from readers.test_attribution import run

BEFORE = "“We are asking you to choose,” Water Minister Farid al-Nouri said."


@pytest.mark.parametrize("sentence", [
    "The opposition spokesman on the environment, Jonas van Dijk, called the bill “a licence to sell the rivers”.",
    "Jonas van Dijk called the bill “a licence to sell the rivers”."])
def test_the_named_subject_of_the_sentence_speaks(sentence):
    _, pairs = run(BEFORE, sentence + " Private operators, he said, would be allowed to bid for thirty years.")
    got = [(s.text, who.name) for s, who in pairs if s.anchor.paragraphs[0] == "p2"]
    assert got == [("a licence to sell the rivers", "Jonas van Dijk"),
                   ("would be allowed to bid for thirty years.", "Jonas van Dijk")]


def test_a_name_that_is_no_subject_leaves_the_latest_speaker():
    _, pairs = run(BEFORE, "The bill went to the committee of Jonas van Dijk, and it called the bill “a licence to build the dams at last”.")
    assert [who.name for s, who in pairs if s.anchor.paragraphs[0] == "p2"] == ["Farid al-Nouri"]


@pytest.mark.parametrize("name", ["Deputy Foreign Minister Oskar Renn", "Oskar Renn"])
def test_who_said_is_the_name_before_it_not_the_sentences_first_name(name):
    """"The Karsan delegation is led by Oskar Renn, who said that …" gave "Karsan" (a fifth blind
    trial): the relative pronoun takes up the name right before it."""
    _, pairs = run(f"The Karsan delegation is led by {name}, who said that his government wanted a ceasefire "
                   "that holds.", "The talks go on.")
    assert [(s.kind, who.name) for s, who in pairs] == [("reported", "Oskar Renn")]
