"""Names with particles in a draft's people (a fifth blind trial: "Jonas van Dijk" had family "Dijk"
and given "Jonas van", and "Deputy Speaker Ana de la Cruz" became a person "Cruz" whose role was
"Deputy Speaker Ana")."""

from __future__ import annotations

import pytest

from readers.test_attribution import run


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
