"""An inverted cue inside a sentence with a participle after it ("…, the World Food Agency said in
a statement, adding that …"): a fifth blind trial gave the added clause to "A second convoy" (the
sentence's first words) and lost the clause before the cue."""

from __future__ import annotations

import pytest

from readers.test_attribution import run


@pytest.mark.parametrize("cue", ["the World Food Agency said", "the World Food Agency said in a statement"])
def test_both_clauses_are_the_inverted_cues_subjects(cue):
    _, pairs = run(f"A second convoy was expected on Thursday, {cue}, adding that fighting near the bridge "
                   "had delayed it twice.", "The talks go on.")
    assert [(s.kind, s.text, who.name) for s, who in pairs] == [
        ("reported", "A second convoy was expected on Thursday", "World Food Agency"),
        ("reported", "fighting near the bridge had delayed it twice.", "World Food Agency")]


def test_the_participle_after_a_quotations_cue_is_still_the_cues_subject():
    _, pairs = run("“We will go on,” Ivo Novak said, adding that the talks would resume.", "The talks go on.")
    assert [(s.kind, who.name) for s, who in pairs] == [("direct", "Ivo Novak"), ("reported", "Ivo Novak")]


def test_a_participle_after_a_clause_that_names_nobody_speaking_is_the_subjects():
    _, pairs = run("Mayor Elena Varos defended her plan on Tuesday, telling the meeting that the tower would "
                   "bring jobs.", "The talks go on.")
    assert [(s.text, who.name) for s, who in pairs] == [("the tower would bring jobs.", "Elena Varos")]
