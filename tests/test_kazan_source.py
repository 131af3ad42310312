"""The bundled Kazan source is complete and faithful to the supplied article."""

from __future__ import annotations

import re

from conftest import SEED

from kazan_export.anchors import locate


def seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_text_reproduces_every_seed_paragraph_in_order(kazan):
    assert kazan.text_lines() == seed_lines()


def test_every_statement_is_found_verbatim_in_its_anchored_paragraphs(kazan):
    for st in kazan.statements:
        spans = locate(kazan, st)
        recovered = "\n".join(kazan.paragraphs[s.paragraph].text[s.start:s.end] for s in spans)
        assert recovered == st.text


def test_every_double_quotation_in_the_body_is_covered_by_a_statement_or_is_a_name(kazan):
    # Words in quotation marks that are names, not statements.
    names = {"Madrid proposals", "April war", "44-day war", "Kommersant", "Sasun", "Moscow News",
             "velvet revolution", "G8", "Kazan document",
             "an expert familiar with the preparations for the talks"}
    covered: dict[str, list[tuple[int, int]]] = {}
    for st in kazan.statements:
        for s in locate(kazan, st):
            covered.setdefault(s.paragraph, []).append((s.start, s.end))
    for pid, p in kazan.paragraphs.items():
        for m in re.finditer(r"“([^“”]+)”?", p.text):
            inner = m.group(1).strip(" ,.")
            if inner in names:
                continue
            start, end = m.start(1), m.end(1)
            assert any(a <= start + 1 and end - 1 <= b for a, b in covered.get(pid, [])), (
                f"{pid}: quotation not attributed: {m.group(0)[:60]}")


def test_unknown_metadata_is_recorded_as_unknown_not_guessed(kazan):
    m = kazan.metadata
    assert m.published is None and m.url is None
    assert m.title == "Meeting in Kazan: Hopes and failure"
    assert [a.name for a in m.authors] == ["Ara Tadevosyan"]
    assert m.publisher == "Mediamax" and m.series == "Modern History"


def test_name_variants_the_article_uses_are_registered(kazan):
    nalbandian = kazan.entity["nalbandian"]
    assert nalbandian.name == "Edward Nalbandian" and "Nalbandyan" in nalbandian.variants
    assert "Juppe" in kazan.entity["juppe"].variants and kazan.entity["juppe"].name == "Alain Juppé"
    kinds = {e.kind for e in kazan.entities}
    assert kinds == {"person", "organisation", "group", "anonymous"}


def test_ambiguous_attributions_are_resolved_by_reading(kazan):
    st = kazan.statement
    # "the diplomat said" closes Fassier's account of the cycles of proposals
    assert st["st-fassier-third-cycle"].speakers == ("fassier",)
    # "He, in particular, said" refers to Hasanov, dated "10 days before" the meeting
    assert st["st-hasanov-refugees"].speakers == ("hasanov",)
    assert st["st-hasanov-refugees"].date == "2011-06-14~"
    # "the ANC leader" is Ter-Petrosyan
    assert st["st-terpetrosyan-all-this-then"].speakers == ("ter-petrosyan",)
    # Nalbandian endorses a quotation that Sahakian made
    assert st["st-sahakian-no-breakthrough"].speakers == ("sahakian",)
    assert st["st-sahakian-no-breakthrough"].date is None


def test_multi_paragraph_quotations_are_one_statement(kazan):
    lavrov = kazan.statement["st-lavrov-kazan-document"]
    assert lavrov.anchor.paragraphs == ("p60", "p61", "p62") and lavrov.text.count("\n") == 2
    assert lavrov.date == "2018-04" and lavrov.kind == "direct"
    assert kazan.statement["st-sargsyan-finish-line"].via == "RIA Novosti"


def test_headings_that_repeat_a_quotation_are_linked(kazan):
    repeats = {s.heading.text: s.heading.repeats for s in kazan.sections if s.heading and s.heading.repeats}
    assert repeats["“Say ‘yes’ or ‘no’”"] == "st-sargsyan-yes-or-no"
    assert repeats["“Next task will be the return of refugees to Armenia”"] == "st-hasanov-refugees"


def test_citation_keys_are_unique_and_bibtex_safe(kazan):
    keys = [s.key for s in kazan.statements]
    assert len(set(keys)) == len(keys) == 70
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_:+.-]*", k) for k in keys)


def test_outlets_are_those_the_article_names(kazan):
    vias = {s.via for s in kazan.statements if s.via}
    assert vias == {"TASS", "Kommersant", "RIA Novosti", "Moscow News", "Euronews"}
