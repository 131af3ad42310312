"""Quoted words inside a reported clause that goes on after them are part of a reported statement
(a fifth blind trial: "said the bill would “end forty years of neglect” of the reservoirs" gave a
direct statement of the four quoted words only, and the clause was lost)."""

from __future__ import annotations

import pytest

from readers.test_attribution import run


@pytest.mark.parametrize("sentence", [
    'Water Minister Farid al-Nouri said the bill would "end forty years of neglect" of the reservoirs.',
    "Judge Helena Markov told the court that Viktor Salle had “sold the keys of the port to the highest "
    "bidder” over a period of at least four years."])
def test_quoted_words_inside_a_reported_clause_are_part_of_it(sentence):
    _, pairs = run(sentence, "The talks go on.")
    (st, _), = pairs
    assert st.kind == "reported"
    quoted = sentence[sentence.index(next(c for c in sentence if c in "\"“")):]
    assert quoted.split()[0] in st.text and st.text.endswith(sentence.split()[-1])


@pytest.mark.parametrize(("sentence", "words"), [
    ("Sasun Mikaelyan said the settlement “is in the hands of the Russians”.", "is in the hands of the Russians"),
    ("Bernard Fassier said that “it was not Russia, but some other country” that helped Azerbaijan.",
     "it was not Russia, but some other country")])
def test_quoted_words_that_end_or_start_the_clause_stay_a_direct_statement(sentence, words):
    _, pairs = run(sentence, "The talks go on.")
    assert [(s.kind, s.text) for s, _ in pairs if s.kind == "direct"] == [("direct", words)]


def test_a_quotation_followed_by_and_that_is_part_of_the_reported_clause():
    """"Okafor replied that it had been “handed to the inquiry first”, and that it would be published
    on Friday." gave a direct statement of the quoted words (a fifth blind trial)."""
    _, pairs = run('Rosa Okafor replied that it had been "handed to the independent inquiry first, as the law '
                   'requires", and that it would be published in full on Friday.', "The talks go on.")
    (st, who), = pairs
    assert (st.kind, who.name) == ("reported", "Rosa Okafor")
    assert st.text.startswith("it had been \"handed") and st.text.endswith("published in full on Friday.")


def test_and_that_with_a_verb_after_it_is_a_clause_of_its_own():
    _, pairs = run('Pavel Horak said the channel work "stopped well before the die-off began", and that is '
                   "true for the main channel.", "The talks go on.")
    assert [(s.kind, s.text) for s, _ in pairs] == [("direct", "stopped well before the die-off began")]
