"""An interview printed as a transcript of labelled turns ("Ledger: …?" / "Van der Berg: …"):
a fifth blind trial found none of its answers (1 of 6 direct statements, the one a quotation
inside an answer gave, to the wrong speaker)."""

from __future__ import annotations

from readers.test_attribution import run

INTRO = "Marine ecologist Maren van der Berg has counted seagrass in Oster Bay for eleven years."
TURNS = ("Ledger: What did your survey find?",
         "Van der Berg: We lost about 31 percent of the meadows in two summers.",
         "Ledger: Why now?",
         "Van der Berg: Two hot summers in a row, and the water never cooled down at night.")


def test_each_answer_is_a_direct_statement_of_the_labelled_person():
    _, pairs = run(INTRO, *TURNS)
    got = [(s.anchor.paragraphs[0], s.kind, s.text, who.name) for s, who in pairs]
    assert got == [("p3", "direct", "We lost about 31 percent of the meadows in two summers.", "Maren van der Berg"),
                   ("p5", "direct", "Two hot summers in a row, and the water never cooled down at night.",
                    "Maren van der Berg")]


def test_a_label_nobody_was_introduced_by_is_a_person_of_that_name():
    _, pairs = run("The mayor took our questions.", "Reporter: Will you resign?", "Novak: No. I was elected to finish this.",
                   "Reporter: Not even if the audit is bad?", "Novak: Not even then, and it will not be bad.")
    assert [(s.anchor.paragraphs[0], who.name) for s, who in pairs] == [("p3", "Novak"), ("p5", "Novak")]


def test_a_reported_statement_inside_an_answer_is_still_found():
    _, pairs = run(INTRO, *TURNS[:2], "Ledger: Has the authority called you?",
                   "Van der Berg: Their director, Pavel Horak, called me in August. "
                   "Horak said the authority would share its sediment data.")
    reported = [(s.text, who.name) for s, who in pairs if s.kind == "reported"]
    assert reported == [("the authority would share its sediment data.", "Pavel Horak")]


def test_one_label_or_a_label_used_once_is_no_transcript():
    _, pairs = run("Note: the figures were corrected on Friday.", "The council met on Monday.",
                   "Update: the council met again.", "Note: the vote is next week.")
    assert pairs == []


def test_a_turns_label_is_no_subject_for_a_pronoun_in_the_answer():
    """"Their director, Pavel Horak, called me. He said …" in an answer went to "Northern Ledger"
    (the questions' label "Ledger:", taken as the subject of a sentence)."""
    _, pairs = run(INTRO + " The Northern Ledger spoke to her on Wednesday.", *TURNS[:2],
                   "Ledger: Has anyone from the authority spoken to you?",
                   "Van der Berg: Their director, Pavel Horak, called me in August. He was polite. "
                   "He said they would share their sediment data.")
    reported = [(s.text, who.name) for s, who in pairs if s.kind == "reported"]
    assert reported == [("they would share their sediment data.", "Pavel Horak")]
