"""Who the subject of a cue is: participle cues, restrictive relative clauses, a clause after an
inverted-looking "said", organisations named with "its", and cues that name someone the engine
cannot resolve (trial9: five new articles)."""

from __future__ import annotations

import pytest

from readers.test_attribution import run


@pytest.mark.parametrize("verb", ["defended her plan on Tuesday", "spoke at the town hall", "met the council"])
def test_a_participle_cue_has_the_sentence_subject(verb):
    """"Mayor Elena Varos defended her plan on Tuesday, telling a meeting that …" made an unnamed
    speaker called "Mayor Elena Varos defended her plan on Tuesday": the participle's subject
    is the subject of the sentence's own verb."""
    _, pairs = run(f"Mayor Elena Varos {verb}, telling a packed meeting that the project would bring 800 jobs.",
                   "The vote is next week.")
    (st, who), = pairs
    assert (who.name, who.kind, st.text) == ("Elena Varos", "person", "the project would bring 800 jobs.")


@pytest.mark.parametrize(("subject", "name"), [
    ("A Western diplomat who attended the signing", "A Western diplomat"),
    ("A senior executive at a European utility that buys gas", "A senior executive at a European utility")])
def test_a_restrictive_relative_clause_is_part_of_the_subject(subject, name):
    """"A Western diplomat who attended the signing said …" took "attended the signing" for the
    subject: nothing resolved, and a quotation in the sentence went to the speaker before."""
    _, pairs = run("“We lost three weeks,” said Jonas Feld, the firm’s chief.",
                   f"{subject} said the two sides had been much closer than they admitted for a week.")
    assert [(s.anchor.paragraphs, e.name) for s, e in pairs][-1] == (("p2",), name)


def test_a_that_clause_after_the_verb_is_no_relative_clause():
    _, pairs = run("He said that officials told him the plan had failed.", "The vote is next week.")
    assert all(e.name != "He said that officials" for _, e in pairs)


def test_a_clause_after_said_is_what_was_said_not_an_inverted_speaker():
    """"An opposition MP, Clara Weiss, said the governing party had protected Salle for too long."
    was read as "…, said <speaker>": the statement "An opposition MP, Clara Weiss" by Salle."""
    _, pairs = run("Viktor Salle denied the charges.",
                   "An opposition MP, Clara Weiss, said the governing party had protected Salle for too long.")
    (st, who), = pairs
    assert (who.name, st.text) == ("Clara Weiss", "the governing party had protected Salle for too long.")


def test_its_and_an_organisation_word_name_an_organisation():
    """"Its foreign ministry said on Tuesday it “does not comment …”" gave the quotation to the
    official quoted before (the subject named no one the engine knew)."""
    _, pairs = run("A senior official in the Lorvanian energy ministry said the talks had stalled.",
                   "Its foreign ministry said on Tuesday it “does not comment on speculation,” and a "
                   "spokeswoman declined to comment.")
    assert [(s.kind, e.name, e.kind) for s, e in pairs][-1] == ("direct", "Foreign ministry", "organisation")


def test_a_cue_naming_someone_unknown_is_not_the_latest_speaker():
    """A quotation whose own cue names a speaker the engine cannot resolve ("she said", no woman
    named before) was given to the latest speaker, a man: a wrong speaker is worse than none."""
    _, pairs = run("“The plan is sound and we will build it,” said Mr. Ivo Novak, the mayor.",
                   "“We were never consulted about any of this,” she said.")
    (_, first), (_, second) = pairs
    assert first.name == "Ivo Novak" and second.name != "Ivo Novak"


def test_an_unidentified_speaker_is_no_antecedent():
    """The stand-in for a speaker nobody names is not what a later "they" or "he" means."""
    _, pairs = run("The hall was full. “We were never consulted about any of this, not once.”",
                   "They said after the meeting that they would ask for an independent survey.")
    (st, who), = pairs
    assert st.kind == "direct" and who.name == "Unidentified speaker"


# --- dates in a dated article --------------------------------------------------------------
def dated(*paragraphs: str, published: str = "2025-06-04"):  # noqa: ANN201
    import dataclasses

    from kazan_export.readers.attribution import attribute
    from readers.test_attribution import article

    art = article(*paragraphs)
    art = dataclasses.replace(art, metadata=dataclasses.replace(art.metadata, published=published))
    out = attribute(art)
    return [(s.text, s.date) for s in out.statements]


@pytest.mark.parametrize("background", ["Reiner has led the campaign against the tower since January.",
                                        "The dispute began in late January when the ships were stopped.",
                                        "The plan was first shown to the council in March 2024."])
def test_a_month_in_a_sentence_nobody_speaks_in_dates_nothing_after_it(background):
    """"has led the campaign since January" moved the running date: every quotation after it, said
    at the meeting on Tuesday, was dated 2025-01."""
    dates = dated("Mayor Elena Varos spoke to the town hall meeting on Tuesday.", background,
                  "“They were built for fishing boats, not for skyscrapers,” Reiner said.")
    assert dates == [("They were built for fishing boats, not for skyscrapers,", "2025-06-03?")]


def test_a_month_in_what_was_said_does_not_date_the_saying():
    """"she said the height had been cut after a consultation in March" was dated 2025-03: March
    is in what she said, not when she said it."""
    dates = dated("Mayor Elena Varos spoke to the town hall meeting on Tuesday.",
                  "She said the height had already been cut to 30 storeys after a consultation in March.")
    assert dates == [("the height had already been cut to 30 storeys after a consultation in March.", "2025-06-03?")]


def test_as_early_as_a_weekday_is_to_come():
    dates = dated("Mayor Elena Varos spoke to the town hall meeting on Tuesday.",
                  "Varos said the first ships could leave as early as Thursday, escorted by the navy.")
    assert dates == [("the first ships could leave as early as Thursday, escorted by the navy.", "2025-06-03?")]


# --- what a "that" belongs to, and an organisation described after its name ----------------
def test_a_that_after_a_participle_clause_is_not_the_speech_verbs():
    """"…, officials said, ending a six-week blockade that had stranded dozens of ships." proposed
    "had stranded dozens of ships." as what the officials said: the "that" is the blockade's."""
    _, pairs = run("The corridor will reopen, officials from both sides said, ending a blockade that had "
                   "stranded dozens of ships.", "The talks go on.")
    assert not [s for s, _ in pairs if s.text.startswith("had stranded")]


def test_a_that_after_a_clause_of_its_own_is_not_the_speech_verbs():
    """"Greenwatch Nordic said the fine showed that the regulator was weak" proposed only "the
    regulator was weak": the "that" is "showed"'s, and the whole clause was said."""
    _, pairs = run("Greenwatch Nordic said the fine showed that the regulator was weak.", "The talks go on.")
    (st, _), = pairs
    assert st.text == "the fine showed that the regulator was weak."


def test_citing_between_the_verb_and_that_keeps_the_that():
    _, pairs = run("The newspaper reported, citing a source in the ministry, that the deal had collapsed.",
                   "The talks go on.")
    assert [s.text for s, _ in pairs] == ["the deal had collapsed."]


@pytest.mark.parametrize("desc", ["a campaign group", "an environmental group", "the state oil company"])
def test_a_name_described_as_an_organisation_is_that_organisation(desc):
    """"Greenwatch Nordic, a campaign group, said …" gave the statement to an organisation called
    "Campaign group"."""
    _, pairs = run(f"Greenwatch Nordic, {desc}, said the fine was far too small for a company of its size.",
                   "The talks go on.")
    (_, who), = pairs
    assert (who.name, who.kind) == ("Greenwatch Nordic", "organisation")


def test_a_person_described_by_a_role_is_still_the_person():
    _, pairs = run("Erik Dahle, the company’s spokesman, said the fine was far too small for its size.",
                   "The talks go on.")
    (_, who), = pairs
    assert (who.name, who.kind) == ("Erik Dahle", "person")
