"""Speakers named with a title: a title holding "of" before a name ("Minister of Foreign Affairs
Sergey Lavrov"), an organisation's title before a name ("Bank of England Governor Andrew
Bailey"), in every cue shape (found in a user trial: the first gave a person "Affairs Sergey
Lavrov", the second the organisation "Bank")."""

from __future__ import annotations

import pytest

from kazan_export.model import Article, Metadata, Paragraph, Section
from kazan_export.readers.attribution import attribute


def speakers(*paragraphs: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (name, kind, roles) of each statement's speaker, in reading order."""
    body = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(paragraphs, start=1))
    out = attribute(Article("made-up", Metadata("Made up", (), "Nobody", "en"), (Section("lead", None, body),)))
    assert out.statements, "no statement was proposed"
    return [(e.name, e.kind, e.roles) for e in (out.entity[s.speakers[0]] for s in out.statements)]


def shapes(who: str) -> list[str]:
    """The same speaker in four cue shapes: before "that", after a quotation, inverted, a colon."""
    return [f"{who} said that the talks on the new customs rules would continue next week.",
            f"“The talks on the customs rules will continue next week,” {who} said.",
            f"“The talks on the customs rules will continue next week,” said {who}.",
            f"{who} said: “The talks on the customs rules will continue next week.”"]


@pytest.mark.parametrize("title, name", [
    ("Minister of Foreign Affairs", "Sergey Lavrov"),
    ("Minister of Foreign Affairs", "Lavrov"),
    ("Minister of Finance", "Anna Petrova"),
    ("Secretary of State", "Maria Lindqvist"),
    ("Governor of the Central Bank", "Elvira Nabiullina"),
    ("Head of the Delegation", "Pierre Morel"),
    ("Chairman of the Board", "Hans Weber"),
    ("Deputy Minister of Culture and Sport", "Ilkin Aliyev"),
    ("President of Armenia", "Sargsyan"),
])
@pytest.mark.parametrize("shape", range(4))
def test_a_title_with_of_before_a_name_is_the_persons_role(title, name, shape):
    assert speakers(shapes(f"{title} {name}")[shape]) == [(name, "person", (title,))]


@pytest.mark.parametrize("title, name", [
    ("Bank of England Governor", "Andrew Bailey"),
    ("Central Bank of Russia Governor", "Elvira Nabiullina"),
    ("National Security Council Spokesman", "John Kirby"),
    ("Harbour Board chairman", "Ivo Novak"),
    ("Caspian Shipping Company Director", "Leyla Əliyeva"),
])
@pytest.mark.parametrize("shape", range(4))
def test_an_organisations_title_before_a_name_is_the_person(title, name, shape):
    assert speakers(shapes(f"{title} {name}")[shape]) == [(name, "person", (title,))]


def test_the_person_is_one_entry_with_a_later_mention_and_organisations_still_speak():
    said = speakers("Minister of Foreign Affairs Sergey Lavrov said that the talks would continue next week.",
                    "“We will not retreat from the customs rules,” Lavrov added.",
                    "Bank of England Governor Andrew Bailey said that inflation would fall this year.",
                    "“Rates will stay where they are for now,” Bailey said.",
                    "The Bank of England said that rates would stay at five per cent.",
                    "The Council of Ministers said that the budget would be ready in May.",
                    "The Board of Governors said that the loan had been approved in March.")
    assert said == [("Sergey Lavrov", "person", ("Minister of Foreign Affairs",))] * 2 + [
        ("Andrew Bailey", "person", ("Bank of England Governor",))] * 2 + [
        ("Bank of England", "organisation", ()), ("Council of Ministers", "organisation", ()),
        ("Board of Governors", "organisation", ())]


def test_the_object_of_a_titles_of_is_no_person():
    """"President of Armenia said" gave a person "Armenia", "The minister of Lirsk said" one "Lirsk"."""
    said = speakers("President of Armenia said that the talks would continue next week in Geneva.",
                    "The minister of Lirsk said that the talks would continue next week in Geneva.",
                    "The lawyer of Ivo Novak said that the talks would continue next week in Geneva.")
    assert [kind for _, kind, _ in said][:2] == ["anonymous", "anonymous"]
    assert not {"Armenia", "Lirsk"} & {name for name, _, _ in said}
