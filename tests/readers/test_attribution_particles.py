"""Names with particles in ingest ("Jan van der Berg", "Khalid al-Hashimi", "Ana de la Cruz"):
the particles belong to the family name, a name with one is what an apposition describes, and
an apposition's role stops at its comma. (A fifth blind trial: "Jonas van Dijk" had family "Dijk"
and given "Jonas van", and "Deputy Speaker Ana de la Cruz" became a person "Cruz".)"""

from __future__ import annotations

import pytest

from readers.test_attribution import run


@pytest.mark.parametrize(("name", "family", "given"), [
    ("Jan van der Berg", "van der Berg", "Jan"), ("Ana de la Cruz", "de la Cruz", "Ana"),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig"), ("Khalid al-Hashimi", "al-Hashimi", "Khalid"),
    ("Van Morrison", "Morrison", "Van"), ("John Smith", "Smith", "John"), ("Jan Van Eyck", "Van Eyck", "Jan")])
def test_particles_before_the_last_word_are_the_family_name_s(name, family, given):
    """"Jan van der Berg" was family "Berg", given "Jan van der": cited "Berg, J. v. d."."""
    out, pairs = run(f"“We will not sign,” said {name}, the port’s director.", "The vote is next week.")
    (_, who), = pairs
    assert (who.name, who.family, who.given) == (name, family, given)


def test_a_name_with_particles_said_again_is_the_same_person():
    """A later "Van der Berg said" (capitalised at the sentence's start) and "van der Berg" alone
    are the person named in full before, not new people called "Berg"."""
    out, pairs = run("“We will not sign,” said Jan van der Berg, the port’s director.",
                          "Van der Berg said the offer was too low.",
                          "“It is over,” van der Berg added.")
    assert {e.name for _, e in pairs} == {"Jan van der Berg"}
    assert [e.family for e in out.entities if e.kind == "person"] == ["van der Berg"]


@pytest.mark.parametrize("name", ["Khalid al-Hashimi", "Omar el-Sayed", "Ana de la Cruz"])
def test_an_apposition_describes_a_name_with_particles(name):
    """"Khalid al-Hashimi, a shipping executive, said …" gave the words to an unnamed "A shipping
    executive": a name word with a particle and a hyphen was not taken for part of a name."""
    _, pairs = run("Talks collapsed on Monday.", f"{name}, a shipping executive, said the final offer was fair.")
    assert [(e.name, e.kind, e.roles) for _, e in pairs] == [(name, "person", ("shipping executive",))]


def test_an_apposition_s_role_stops_at_its_comma():
    """"said Jan van der Berg, the port's director, at a press briefing on Tuesday" gave him the
    role "port's director, at a press briefing on Tuesday"."""
    _, pairs = run("“We will not sign,” said Ivo Novak, the port’s director, at a press briefing on Tuesday.",
                   "The vote is next week.")
    (_, who), = pairs
    assert who.roles == ("port’s director",)


@pytest.mark.parametrize(("subject", "name", "given", "family"), [
    ("Opposition spokesman Jonas van Dijk", "Jonas van Dijk", "Jonas", "van Dijk"),
    ("marine ecologist Maren van der Berg", "Maren van der Berg", "Maren", "van der Berg"),
    ("Deputy Speaker Ana de la Cruz", "Ana de la Cruz", "Ana", "de la Cruz"),
    ("Water Minister Farid al-Nouri", "Farid al-Nouri", "Farid", "al-Nouri")])
def test_a_family_name_keeps_its_particles(subject, name, given, family):
    _, pairs = run(f"“Nobody voted for this,” {subject} said.", "The talks go on.")
    (_, who), = pairs
    assert (who.name, who.given, who.family) == (name, given, family)


def test_the_family_name_alone_later_is_the_same_person():
    out, pairs = run("“Nobody voted for this,” opposition spokesman Jonas van Dijk said.",
                     "Jonas van Dijk called the bill “a licence to sell the rivers”.",
                     "“Nobody was even asked,” Mr van Dijk said.")
    assert len({who.id for _, who in pairs}) == 1 and len(out.entities) == 1
    assert any("spokesman" in r for r in pairs[0][1].roles)
