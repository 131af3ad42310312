"""Names in scripts citeproc-js does not treat as Latin, given to pandoc so that it prints them
as citeproc-js does (citeproc_names); the judge test is
test_citation_judges::test_names_in_every_script_are_printed_as_citeproc_js_prints_them."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import need_tool
from kazan_export.commands.cite import cite
from kazan_export.writers.citeproc_names import pandoc_name
from kazan_export.writers.citeproc_punctuation import protect, restore
from kazan_export.writers.csl import csl_items


@pytest.mark.parametrize("name", [
    {"family": "Novak", "given": "Ivo"}, {"family": "Лавров", "given": "Сергей"},
    {"family": "Παπαδόπουλος", "given": "Γιώργος"}, {"family": "王"}, {"literal": "Port Authority"},
    {"family": "Məmmədova", "given": "Aynur"}, {"family": "O’Neil", "given": "J. R."},
])
def test_names_both_print_alike_are_given_as_they_are(name):
    assert pandoc_name(name) is name


@pytest.mark.parametrize("given", ["Աննա Մարիա", "小明", "Anna", "أحمد محمد", "Қасым-Жомарт", "S & s", "?!"])
@pytest.mark.parametrize("family", ["Պետրոսյան", "Petrosyan", "الخطيب"])
def test_a_coded_name_comes_back_as_it_was(family, given):
    """Printed whole (as pandoc prints an all-lower-case word), every coded part is the text
    it stands for; a final mark is left for the style's punctuation to be joined with."""
    coded = pandoc_name({"family": family, "given": given})["given"]
    assert restore(f"{family} {coded}, 2019").replace("  ", " ") in (f"{family} {given}, 2019", f"{family}  {given}, 2019")


def test_the_export_keeps_the_names_as_the_source_has_them(harbour):
    """Only pandoc gets the coded forms: the CSL-JSON export (Zotero imports it) keeps
    family and given names as they are."""
    entities = tuple(dataclasses.replace(e, family="Պետրոսյան", given="Աննա") if e.id == "novak" else e
                     for e in harbour.entities)
    article = dataclasses.replace(harbour, entities=entities)
    items = csl_items(article)
    assert {"family": "Պետրոսյան", "given": "Աննա"} in [n for i in items for n in i.get("author", [])]
    assert protect(items)[1]["author"] != items[1]["author"]  # what pandoc gets


def test_cite_prints_an_armenian_name_in_full_and_keeps_the_users_own_marks(harbour):
    from kazan_export.model import Author

    need_tool("pandoc")
    title = "Talks 𝐚𝐚𝐚𝐚𝐚 𝑎𝑎 𝐀"  # the letters the coded names are made of, in the user's own text
    metadata = dataclasses.replace(harbour.metadata, title=title, authors=(Author("Պետրոսյան", "Աննա"),))
    text = cite(dataclasses.replace(harbour, metadata=metadata), "st-novak-sign", style="apa")
    assert "ՊետրոսյանԱննա. (2019, March). Talks 𝐚𝐚𝐚𝐚𝐚 𝑎𝑎 𝐀. Northern" in text  # pandoc alone: "ՊետրոսյանԱ."
