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
