"""CSL-JSON: schema-valid, honest dates, our ids in custom; formatted citations equal pandoc's."""

from __future__ import annotations

import json
import subprocess
from collections import Counter

import jsonschema
import pytest

from conftest import need_tool
from kazan_export import citations as c
from kazan_export.commands.cite import cite
from kazan_export.writers import citeproc
from kazan_export.writers.csl import csl_date, render_csl

# CSL-JSON item schema, written from the CSL 1.0.2 specification (item types, name and date
# variables, standard and number variables); unknown keys are refused as in csl-data.json.
CSL_TYPES = """article article-journal article-magazine article-newspaper bill book broadcast chapter
classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic
hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet
paper-conference patent performance periodical personal_communication post post-weblog regulation
report review review-book software song speech standard thesis treaty webpage""".split()
NAME_VARS = """author chair collection-editor compiler composer container-author contributor curator
director editor editorial-director executive-producer guest host interviewer illustrator narrator
organizer original-author performer producer recipient reviewed-author script-writer series-creator
translator""".split()
DATE_VARS = "accessed available-date event-date issued original-date submitted".split()
TEXT_VARS = """abstract annote archive archive_collection archive_location archive-place authority
call-number chapter-number citation-key citation-label citation-number collection-number
collection-title container-title container-title-short dimensions division DOI edition event
event-title event-place first-reference-note-number genre ISBN ISSN issue jurisdiction keyword
language license locator medium note number number-of-pages number-of-volumes original-publisher
original-publisher-place original-title page page-first part-number part-title PMCID PMID printing
publisher publisher-place references reviewed-genre reviewed-title scale section source status
supplement-number title title-short URL version volume volume-title year-suffix""".split()
NAME = {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
    k: {"type": "string"} for k in ("family", "given", "dropping-particle", "non-dropping-particle",
                                    "suffix", "literal")}}
DATE = {"type": "object", "additionalProperties": False, "properties": {
    "date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                   "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}}},
    "circa": {"type": "boolean"}, "literal": {"type": "string"}, "season": {"type": ["string", "integer"]},
    "raw": {"type": "string"}, "edtf": {"type": "string"}}}
SCHEMA = {"type": "array", "items": {
    "type": "object", "required": ["id", "type"], "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "type": {"enum": CSL_TYPES}, "custom": {"type": "object"},
                   **{k: {"type": "array", "items": NAME} for k in NAME_VARS},
                   **{k: DATE for k in DATE_VARS},
                   **{k: {"type": ["string", "number"]} for k in TEXT_VARS}}}}


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_csl_json_is_schema_valid(request, which):
    article = request.getfixturevalue(which)
    items = json.loads(render_csl(article))
    jsonschema.validate(items, SCHEMA)
    assert len(items) == len(article.statements) + 1
    assert len({i["id"] for i in items}) == len(items)


def test_a_bad_item_fails_the_schema():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "speech", "speaker": "me"}], SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "quote"}], SCHEMA)


def test_types_names_and_custom_ids(harbour):
    items = {i["id"]: i for i in json.loads(render_csl(harbour))}
    article = items[c.article_key(harbour)]
    assert article["type"] == "article-newspaper" and article["publisher"] == "Northern Ledger"
    assert article["collection-title"] == "Coastal Affairs"
    assert article["author"] == [{"family": "Əliyeva", "given": "Leyla"}, {"family": "Petrosyan", "given": "Anna"}]
    novak = items["novakSignHarbourAgreement2019"]
    assert novak["type"] == "speech" and novak["title"] == "Statement at a press briefing"
    assert novak["author"] == [{"family": "Novak", "given": "Ivo"}]
    assert novak["custom"]["kazan-statement-id"] == "st-novak-sign"
    assert novak["custom"]["quoted-in"] == c.article_key(harbour)
    assert novak["custom"]["paragraph-number"] == "2"
    assert items["portauthorityConstructiveFrank"]["author"] == [{"literal": "Port Authority"}]
    official = items["officialAlmostDone2019"]
    assert official["type"] == "interview" and "author" not in official
    assert official["container-title"] == "Ledger Daily"


def test_dates_keep_their_precision_and_are_never_invented(harbour, kazan):
    assert csl_date("2019-03-04") == {"date-parts": [[2019, 3, 4]]}
    assert csl_date("2019-03") == {"date-parts": [[2019, 3]]}
    assert csl_date("2016~") == {"date-parts": [[2016]], "circa": True}
    assert csl_date("2011-06-14?") == {"date-parts": [[2011, 6, 14]], "circa": True}
    assert csl_date("2005/2006") == {"date-parts": [[2005], [2006]]}
    assert csl_date("../2011-06-24") is None and csl_date(None) is None
    for article in (harbour, kazan):
        for item in json.loads(render_csl(article)):
            assert "accessed" not in item
            edtf = item["custom"].get("edtf")
            if item["id"] != c.article_key(article) and (edtf is None or edtf.startswith("..")):
                assert "issued" not in item and c.date_note(edtf) in item["note"]
    kazan_item = json.loads(render_csl(kazan))[0]
    assert "issued" not in kazan_item and "URL" not in kazan_item
    assert kazan_item["note"] == "Publication date not stated in the source; Web address not stated in the source"


def _pandoc_bibliography(tmp_path, article, style: str, pandoc: str) -> list[str]:
    """Return every bibliography entry that pandoc --citeproc prints over the CSL-JSON export."""
    (tmp_path / "refs.json").write_text(render_csl(article), encoding="utf-8")
    proc = subprocess.run([pandoc, "--citeproc", f"--csl={citeproc.style_path(style)}",
                           "--bibliography=refs.json", "--to=plain", "--wrap=none"], cwd=tmp_path,
                          input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    return [p.strip() for p in proc.stdout.split("\n\n") if p.strip()]


# Statements of every sort: organisations, groups, anonymous sources, several by one speaker,
# approximate, uncertain, open-ended and unknown dates, interviews.
KAZAN_SAMPLE = ("cochairpresidentsFurtherDelayNk2011", "sahakianBreakthroughReachedSettlement",
                "fassierThusTodayNeared2011", "tassexpertPresidentsAzerbaijanRussia2011",
                "russianmfaMeetingKazanMeant2011", "kremlinsourceRussianPresidentDeeply2011",
                "whitehousePresidentObamaTold2011", "hasanovAfterLiberationTerritories2011",
                "sargsyanSeemed2011Everyone2016", "lavrovAnotherMeetingSet2018")


MLA_SAME_AUTHOR = "\u2014\u2014\u2014"


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "mla"])
@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_every_statement_entry_equals_pandocs(tmp_path, request, which, style):
    """The reference is plain `pandoc --citeproc` over the whole export, run by the same pandoc
    that `cite` runs (pandoc 2.17's locale writes MLA's "Jun." where pandoc 3 writes "June")."""
    need_tool("pandoc")
    article = request.getfixturevalue(which)
    reference = _pandoc_bibliography(tmp_path, article, style, citeproc.pandoc_executable())
    assert len(reference) == len(article.statements) + 1
    ours = citeproc.format_entries(article, style)
    assert sorted(ours) == sorted(s.key for s in article.statements)
    for key, entry in ours.items():
        assert entry in reference, (key, entry)
    # one entry per statement (MLA prints no date for a speech, so quotes from one speech have
    # identical entries: the counts must match too)
    assert sum((Counter(ours.values()) - Counter(reference)).values()) == 0
    sample = [s.key for s in article.statements] if which == "harbour" else KAZAN_SAMPLE
    for key in sample:  # `cite` prints the same entry as the whole bibliography ...
        entry = cite(article, key, style=style).split("\n")[0]
        if ours[key].startswith(MLA_SAME_AUTHOR):  # ... naming the author MLA's list replaces with ———
            assert not entry.startswith(MLA_SAME_AUTHOR) and entry.endswith(ours[key][len(MLA_SAME_AUTHOR):]), key
        else:
            assert entry == ours[key], key
    if style == "mla" and which == "kazan":
        assert any(e.startswith(MLA_SAME_AUTHOR) for e in ours.values())  # the case above was met


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_the_systems_pandoc_agrees_for_apa(tmp_path, request, which):
    article = request.getfixturevalue(which)
    reference = _pandoc_bibliography(tmp_path, article, "apa", need_tool("pandoc"))
    assert set(citeproc.format_entries(article, "apa").values()) <= set(reference)


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "mla"])
def test_cite_adds_the_quoted_in_citation(harbour, style):
    lines = cite(harbour, "st-mammadova-nothing", style=style).split("\n")
    assert len(lines) == 2
    expected = {"apa": "(Məmmədova, 2019b, as cited in Əliyeva & Petrosyan, 2019, paras. 6–7)",
                "chicago-author-date": "(Məmmədova 2019b, quoted in Əliyeva and Petrosyan 2019, paras. 6–7)",
                "mla": "(qtd. in Əliyeva and Petrosyan, pars. 6–7)"}
    assert lines[1] == expected[style]


def test_chicago_notes_gives_the_note_with_quoted_in(harbour, kazan):
    need_tool("pandoc")
    assert cite(harbour, "st-port-frank", style="chicago-notes") == (
        "Port Authority, “Statement,” n.d., quoted in Leyla Əliyeva and Anna Petrosyan, "
        "“Harbour Talks: A Deal in Čelić?” Northern Ledger, Coastal Affairs, March 2019, para. 3.")
    note = cite(kazan, "lavrovAnotherMeetingSet2018", style="chicago-notes")
    assert note == ("Sergey Lavrov, “Statement,” April 2018, quoted in Ara Tadevosyan, “Meeting in Kazan: "
                    "Hopes and Failure,” Mediamax, Modern History, n.d., paras. 60–62.")
    # organisation-authored items are not dropped (citeproc-py 0.11.1 dropped them)
    white_house = cite(kazan, "whitehousePresidentObamaTold2011", style="chicago-notes")
    assert white_house.startswith("White House, “White House Statement,” n.d., quoted in Ara Tadevosyan")


def test_cite_command_prints_a_formatted_citation():
    need_tool("pandoc")
    proc = subprocess.run(["kazan-export", "cite", "lavrovAnotherMeetingSet2018", "--style", "apa"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("Lavrov, S. (2018, April). Statement.\n"
                           "(Lavrov, 2018, as cited in Tadevosyan, n.d., paras. 60–62)\n")


def test_markup_like_text_is_warned_about(harbour):
    import dataclasses

    from kazan_export.errors import KazanWarning

    novak = dataclasses.replace(harbour.statements[0], occasion="Interview with <b>Bold</b> TV")
    article = dataclasses.replace(harbour, statements=(novak,))
    with pytest.warns(KazanWarning, match=r"novakSignHarbourAgreement2019: </b> <b> will be read as formatting"):
        render_csl(article)


def test_csl_command_writes_the_export(tmp_path, kazan):
    out = tmp_path / "kazan.json"
    proc = subprocess.run(["kazan-export", "csl", "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, SCHEMA)
    assert [i["id"] for i in items] == [c.article_key(kazan), *(s.key for s in kazan.statements)]


def test_golden_csl_json(harbour):
    """Regenerate with KAZAN_REGENERATE_GOLDEN=1 python -m pytest tests/writers/test_csl.py -k golden."""
    import os
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "golden" / "harbour-csl.json"
    text = render_csl(harbour)
    if os.environ.get("KAZAN_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
