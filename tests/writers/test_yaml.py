"""The YAML source writer: load → render_yaml → load gives an equal model; any text survives
quoting; the output is readable (schema key order, UTF-8 kept, one line per text)."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kazan_export.errors import SourceError
from kazan_export.readers.source import check, load
from kazan_export.text_rules import forbidden_character
from kazan_export.model import Anchor, Article, Entity, Metadata, Paragraph, Review, Section, Statement
from kazan_export.writers.yaml import draft_header, quote, render_yaml, word

from conftest import FIXTURES


def reload(tmp_path, text: str, name: str = "draft.yaml") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    article, problems = check(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert article is not None and not errors, errors
    return article


def same(a: Article, b: Article) -> bool:
    return dataclasses.replace(a, source="") == dataclasses.replace(b, source="")


def test_kazan_round_trips_to_an_equal_model(tmp_path, kazan):
    text = render_yaml(kazan)
    assert same(reload(tmp_path, text), kazan)
    assert render_yaml(reload(tmp_path, text)) == text  # stable


def test_harbour_round_trips_to_an_equal_model(tmp_path, harbour):
    assert same(reload(tmp_path, render_yaml(harbour)), harbour)


def test_layout_follows_the_bundled_source(kazan):
    text = render_yaml(kazan, header=draft_header("meeting-in-kazan.txt"))
    lines = text.splitlines()
    assert lines[0].startswith("# Draft source made by `kazan-export ingest` from meeting-in-kazan.txt")
    top = [line.split(":")[0] for line in lines if line[:1].isalpha()]
    assert top == ["schema", "id", "metadata", "body", "byline", "closing", "people", "statements",
                   "timeline", "briefing"]
    meta = [line.split(":")[0].strip() for line in lines[lines.index("metadata:") + 1: lines.index("body:")]
            if line.startswith("  ") and not line.startswith("    ")]
    assert meta == ["title", "authors", "publisher", "series", "language", "rights", "credits",
                    "published", "url", "coverage", "keywords"]
    assert '    heading: {id: h-yes-or-no, text: "“Say ‘yes’ or ‘no’”", repeats: st-sargsyan-yes-or-no}' in lines
    assert "«Modern History»" in text and "\\u" not in text  # UTF-8 kept, not escaped


def test_unknowns_are_written_as_unknown(tmp_path):
    article = Article(
        id="anon", metadata=Metadata(title="A title", authors=(), publisher=None, language="und"),
        sections=(Section("lead", None, (Paragraph("p1", "Text."),)),),
    )
    text = render_yaml(article)
    for line in ("  authors: unknown", "  publisher: unknown", "  published: unknown", "  url: unknown",
                 "people: []", "statements: []"):
        assert line in text.splitlines()
    assert same(reload(tmp_path, text), article)


def test_review_records_round_trip(tmp_path, harbour):
    reviewed = tuple(
        dataclasses.replace(s, review=Review("proposed", 0.75, cue="Mayor Ivo Novak said",
                                             basis=("speaker: named subject 'Ivo Novak' (p2)", "date: 'on March 4' (p2)")))
        if i == 0 else dataclasses.replace(s, review=Review("confirmed", 1.0)) if i == 1 else s
        for i, s in enumerate(harbour.statements)
    )
    article = dataclasses.replace(harbour, statements=reviewed)
    text = render_yaml(article)
    assert "    review:\n      status: proposed\n      confidence: 0.75\n      cue: \"Mayor Ivo Novak said\"\n" in text
    assert same(reload(tmp_path, text), article)


# Texts that YAML would read as something else, or refuse, if they were not quoted with care.
AWKWARD = ["- a leading dash", "key: value", "# not a comment", "yes", "No", "null", "~", "0x1F", "1e3",
           "2011-06-24", "@at", "`tick", "|", ">", "*alias", "&anchor", "!tag", "%directive", "'single'",
           '"double"', "back\\slash", "tab\there", "line\nbreak", "cr\rhere", " lead and trail ",
           "nbsp\u00a0inside", "nel\x85here", "ls\u2028ps\u2029", "bom\ufeffinside", "bell\x07", "del\x7f",
           "c1\x9b", "émoji 🙂 «ru» Հայ ع", "\u200d zwj", "[flow]", "{map}", "a, b", "?", "...", "---"]


def test_awkward_texts_survive_quoting_and_the_loader(tmp_path):
    # the source format refuses control characters (text_rules); those texts are checked for
    # their quoting alone, in test_refused_characters_are_quoted_and_then_refused_by_validate
    paragraphs = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(AWKWARD)
                       if t.strip() and forbidden_character(t) is None)
    article = Article(
        id="awkward",
        metadata=Metadata(title="- Title: # with specials", authors=(), publisher="yes", language="no"),
        sections=(Section("lead", None, paragraphs),),
        entities=(Entity("null", "No Name", "person", family="Name", given="No"),),
        statements=(Statement("st-1", "nameSaid", ("null",), "direct", paragraphs[0].text,
                              Anchor((paragraphs[0].id,)), None,
                              review=Review("proposed", 0.5, cue="- said:", basis=("# b",))),),
    )
    text = render_yaml(article)
    assert same(reload(tmp_path, text), article)
    assert yaml.safe_load(text)["metadata"]["language"] == "no"


def test_refused_characters_are_quoted_and_then_refused_by_validate(tmp_path):
    refused = [t for t in AWKWARD if forbidden_character(t) is not None]
    assert len(refused) >= 4  # bell, del, C1, NEL: the cases the quoting must still escape
    for t in refused:
        assert yaml.safe_load(f"k: {quote(t)}\n") == {"k": t}
    paragraphs = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(refused))
    article = Article(id="refused", metadata=Metadata(title="T", authors=(), publisher=None, language="en"),
                      sections=(Section("lead", None, paragraphs),))
    path = tmp_path / "refused.yaml"
    path.write_text(render_yaml(article), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load(path)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == len(refused) and all("character" in m for m in messages), messages


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40))
def test_quote_reads_back_as_the_same_text(text):
    assert yaml.load(f"k: {quote(text)}\n", Loader=yaml.SafeLoader) == {"k": text}
    assert yaml.load(f"k: {quote(text)}\n", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == {"k": text}
    assert "\n" not in quote(text)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,12}", fullmatch=True))
def test_plain_words_read_back_as_text(text):
    assert yaml.safe_load(f"k: {word(text)}\n") == {"k": text}


def test_bundled_fixture_loads_the_same_after_any_render(tmp_path):
    harbour = load(FIXTURES / "harbour-talks.yaml")
    text = render_yaml(harbour, header="made in a test\nsecond line")
    assert text.startswith("# made in a test\n# second line\nschema: 1\n")
    assert same(reload(tmp_path, text), harbour)
