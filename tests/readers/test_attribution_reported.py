"""Reported speech: short bare clauses, organisations named by what they are, datelines, and
weekdays of what is to come (a user trial's article, #12 and #13)."""

from __future__ import annotations

import dataclasses

import pytest

from kazan_export.readers.attribution import attribute
from readers.test_attribution import article, run


@pytest.mark.parametrize(("subject", "name", "kind"), [
    ("Petrosyan", "Petrosyan", "person"), ("The ministry", "Ministry", "organisation"),
    ("Officials", "Officials", "anonymous"), ("The City Council", "City Council", "organisation")])
@pytest.mark.parametrize("clause", ["the cost would double.", "the talks had failed.", "the minister was wrong.",
                                    "the plan failed.", "output fell sharply."])
def test_a_short_bare_clause_with_a_verb_is_what_was_said(subject, name, kind, clause):
    """"Petrosyan said the cost would double." was no statement: a bare clause of four words
    or fewer was taken for an inverted speaker ("said the minister."); one with a finite verb
    is what was said."""
    _, pairs = run(f"{subject} said {clause}", "The talks go on.")
    (st, who), = pairs
    assert (st.kind, st.text, who.name, who.kind) == ("reported", clause, name, kind)


@pytest.mark.parametrize("text", ["The talks failed, said the minister.", "Petrosyan said the minister.",
                                  "The talks failed, said the tired minister.", "Petrosyan said the tired minister.",
                                  "Petrosyan said so on Monday."])
def test_a_short_phrase_without_a_verb_is_no_clause(text):
    _, pairs = run(text, "The talks go on.")
    assert not [s for s, _ in pairs if s.text.rstrip(".") in ("the minister", "the tired minister", "so on Monday")]


@pytest.mark.parametrize(("phrase", "name"), [("the city council", "City council"),
                                              ("the state oil company", "State oil company"),
                                              ("the regional government", "Regional government")])
def test_an_organisation_named_by_what_it_is_is_new_unless_named_before(phrase, name):
    """"…, according to the city council." found no speaker (only "the council", one word, was
    read); it is an organisation of its own, not the organisation named last (the ministry)."""
    _, pairs = run("The Ministry of Transport said it was committed to the project.",
                   f"The firm signed the contract despite warnings that the cost would double, according to {phrase}.")
    speakers = [(s.anchor.paragraphs, e.name, e.kind) for s, e in pairs]
    assert (("p1",), "Ministry of Transport", "organisation") in speakers
    assert (("p2",), name, "organisation") in speakers, speakers


def test_a_modified_reference_takes_up_the_organisation_of_that_head_named_before():
    _, pairs = run("The Valmere City Council voted on Monday to sell the docks.",
                   "The sale will close in May, the city council said.")
    (st, who), = pairs
    assert who.name == "Valmere City Council" and st.text == "The sale will close in May"


@pytest.mark.parametrize("dateline", ["VALMERE — ", "NEW YORK, March 11 — ", "BAKU, March 11, 2025 (Reuters) — ",
                                      "VALMERE (AP) — "])
def test_a_dateline_is_not_part_of_what_was_said(dateline):
    _, pairs = run(f"{dateline}Talks on the docks stalled on Tuesday, officials said.", "The talks go on.")
    (st, who), = pairs
    assert st.text == "Talks on the docks stalled on Tuesday" and who.name == "Officials"


def test_a_capitalised_word_and_a_dash_is_no_dateline():
    _, pairs = run("Valmere — the port city — stalled the talks on Tuesday, officials said.", "The talks go on.")
    (st, _), = pairs
    assert st.text.startswith("Valmere — the port city")


def _dated(*paragraphs: str, published: str):  # noqa: ANN202
    made = article(*paragraphs)
    out = attribute(dataclasses.replace(made, metadata=dataclasses.replace(made.metadata, published=published)))
    return [(s.anchor.paragraphs[0], s.date) for s in out.statements]


@pytest.mark.parametrize("future", ["they would meet on Thursday", "they were due to meet on Thursday",
                                    "they will meet on Thursday"])
def test_a_weekday_of_what_is_to_come_dates_nothing(future):
    """"…agreed they would meet on Thursday" in an article of Wednesday 12 March 2025 moved the
    running date to the Thursday before (6 March), and the quotations after it were dated so."""
    dates = _dated("Mayor Jana Novak met union leaders on Monday.", f"The two sides agreed {future} again.",
                   "“There is no deal without the union,” said a Western diplomat.", published="2025-03-12")
    assert dates == [("p3", "2025-03-10?")]


@pytest.mark.parametrize(("sentence", "name"), [
    ("The Dravian agriculture ministry said in a statement that the ban would stay.", "Dravian agriculture ministry"),
    ("The regulator said in its decision that the fine was fair.", "Regulator"),
    ("The competition watchdog said the merger would be examined.", "Competition watchdog")])
def test_bodies_named_by_what_they_do_or_where_they_are_speak(sentence, name):
    """A trial's misses: a place adjective before the words of what the body is ("the Dravian
    agriculture ministry"), and bodies named by their work ("the regulator")."""
    _, pairs = run(sentence, "The talks go on.")
    (st, who), = pairs
    assert (who.name, who.kind, st.kind) == (name, "organisation", "reported")


def test_an_organisation_called_by_what_it_is_is_taken_up_by_those_words_later():
    """"Nordvik Petroleum, the state oil company, said …" then "The state oil company said …":
    the second is Nordvik Petroleum (a trial found a new organisation "State oil company")."""
    _, pairs = run("Nordvik Petroleum, the state oil company, said on Monday that output would fall.",
                   "The talks went on for hours.", "The state oil company said later that prices would rise.")
    assert [(s.anchor.paragraphs, e.name) for s, e in pairs] == [(("p1",), "Nordvik Petroleum"),
                                                                 (("p3",), "Nordvik Petroleum")]


@pytest.mark.parametrize(("sentence", "name"), [
    ("The governments of Lorvania and Estmark have insisted that the deal stands.",
     "The governments of Lorvania and Estmark"),
    ("Both sides said that the deal stands.", "Both sides"),
    ("The two companies said that the deal stands.", "The two companies")])
def test_governments_sides_and_companies_speak_as_a_group(sentence, name):
    """"The governments of Lorvania and Estmark have insisted that …" was given to a person
    "Estmark" (a trial)."""
    _, pairs = run(sentence, "The talks go on.")
    (st, who), = pairs
    assert (who.name, who.kind) == (name, "group")


@pytest.mark.parametrize("text", ["Nobody said anything was wrong.", "Nobody has said the port would close.",
                                  "Few said they were happy.", "No one said the deal was off.",
                                  "None said the talks had failed because of the weather in March.",
                                  "Nobody said the talks had failed because of the weather in March."])
def test_a_subject_that_names_nobody_is_no_speaker(text):
    """"Nobody said anything was wrong." proposed a statement of a person "Nobody" (the short
    bare clauses made it common; a longer clause had it before): what nobody said was said by no one."""
    _, pairs = run(text, "The talks go on.")
    assert pairs == []


@pytest.mark.parametrize("sentence", ["Asked whether it was over, Holm said it was.",
                                      "Pressed on the cost, the minister said nothing.",
                                      "The report that Holm said was false has been withdrawn."])
def test_a_question_put_and_a_relative_said_are_not_what_was_said(sentence):
    """A review found "Asked whether it was over" proposed as Holm's words, and "was false has
    been withdrawn." as what Holm said."""
    _, pairs = run(sentence, "The talks go on.")
    assert pairs == []


def test_the_answer_after_a_question_put_is_still_found():
    _, pairs = run("Asked about the talks, Holm said that the deal was close.", "The talks go on.")
    (st, who), = pairs
    assert (st.text, who.name) == ("the deal was close.", "Holm")


@pytest.mark.parametrize(("sentence", "name"), [
    ("France and Germany said that the deal stands.", "France and Germany"),
    ("Lorvania and Estmark have insisted that the deal stands.", "Lorvania and Estmark")])
def test_two_names_joined_by_and_speak_together(sentence, name):
    """"France and Germany said that …" was Germany's alone, and "Lorvania and Estmark" a
    person "Estmark" (a trial): the two speak together, a group the reviewer may split."""
    _, pairs = run(sentence, "The talks go on.")
    (st, who), = pairs
    assert (who.name, who.kind) == (name, "group")


@pytest.mark.parametrize(("subject", "names"), [
    ("Rauf Mammadov and Ivo Novak", ["Rauf Mammadov", "Ivo Novak"]),
    ("Greens leader Sanna Holt and independent deputy Karim Bensaid", ["Sanna Holt", "Karim Bensaid"])])
def test_two_people_joined_by_and_are_two_speakers_of_one_statement(subject, names):
    """"Rauf Mammadov and Ivo Novak said" was one group speaker, and with a role before each name
    ("… Sanna Holt and independent deputy Karim Bensaid said") the second person's alone (a fifth
    blind trial): the statement has both people as its speakers, each with their own role."""
    out, pairs = run(f"{subject} said that the deal stands.", "The talks go on.")
    (st, _), = pairs
    assert [out.entity[i].name for i in st.speakers] == names
    assert all(out.entity[i].kind == "person" for i in st.speakers)


def test_an_organisation_with_and_in_its_name_is_one_organisation():
    _, pairs = run("The Department of Health and Social Care said that the deal stands.", "The talks go on.")
    (st, who), = pairs
    assert (who.name, who.kind) == ("Department of Health and Social Care", "organisation")


@pytest.mark.parametrize(("subject", "name"), [
    ("the Assembly's press office", "Assembly's press office"),
    ("Russia's foreign ministry", "Russia's foreign ministry")])
def test_an_organisation_of_a_named_one_speaks(subject, name):
    """"…, the Assembly's press office said on Friday." proposed nothing (a fifth blind trial): a
    named possessor and an organisation's head word are an organisation; a role is still a role."""
    _, pairs = run(f"The bill now goes to the Senate, {subject} said on Friday.", "The talks go on.")
    (st, who), = pairs
    assert (st.text, who.name, who.kind) == ("The bill now goes to the Senate", name, "organisation")


def test_a_named_possessor_before_a_role_is_no_organisation():
    _, pairs = run("Sergey Lavrov met the envoy.", "Russia's foreign minister said that the talks would go on.")
    assert all(who.kind != "organisation" for _, who in pairs)


@pytest.mark.parametrize("quoted", [False, True])
def test_two_bare_cues_joined_by_while_are_two_statements(quoted):
    """"Marta Ölund said farmers … had waited for irrigation, while Deputy Piotr Zawadzki said the
    contracts would be audited." gave Zawadzki the whole first clause, cue included, as a trailing
    cue "…, while Deputy Piotr Zawadzki said" (a fifth blind trial)."""
    waited = 'had waited "far too long" for irrigation' if quoted else "had waited for irrigation"
    _, pairs = run(f"Marta Ölund said farmers in the south {waited}, while Deputy Piotr Zawadzki said the "
                   "private contracts would be audited.", "The talks go on.")
    assert [(s.text, who.name) for s, who in pairs if s.kind == "reported"] == [
        (f"farmers in the south {waited}", "Marta Ölund"),
        ("the private contracts would be audited.", "Piotr Zawadzki")]
