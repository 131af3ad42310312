"""The Markdown reader: text as a reader sees it, headings, front matter."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kazan_export.errors import SourceError
from kazan_export.readers.source import check
from kazan_export.readers.markdown import read_markdown
from kazan_export.writers.yaml import render_yaml

from conftest import FIXTURES, only_problem

INGEST = FIXTURES / "ingest"


def test_fixture_text_headings_byline_closing_and_front_matter():
    path = INGEST / "council-vote.md"
    article = read_markdown(path.read_bytes(), name=str(path))
    assert article.text_lines() == (INGEST / "council-vote.expected.txt").read_text(encoding="utf-8").splitlines()
    m = article.metadata
    assert m.title == "Council vote postponed"
    assert [(a.given, a.family) for a in m.authors] == [("Anna", "Petrosyan"), ("Ivo", "Novak")]
    assert (m.publisher, m.published, m.url, m.language) == (
        "Northern Ledger", "2019-04-02", "https://ledger.example.org/2019/04/council-vote", "en")
    assert m.keywords == ("ports", "council")
    assert [s.heading.text for s in article.sections if s.heading] == ["Reactions"]
    assert [p.text for p in article.byline] == ["Anna Petrosyan"]
    assert [p.text for p in article.closing] == ["© 2019 Northern Ledger. All rights reserved."]


def test_inline_markup_is_what_a_reader_sees():
    text = ("Setext title\n============\n\nA *b* **c** [d](http://e) `f` &copy; \\# g <span>h</span>\n"
            "soft break  \nhard break\n\n# Heading\n\n1. item one\n2. item two\n")
    article = read_markdown(text, name="inline.md")
    assert article.text_lines() == ["Setext title", "A b c d f © # g h soft break", "hard break",
                                    "Heading", "item one", "item two"]


def test_without_a_heading_the_first_paragraph_is_the_title_unless_front_matter_gives_one():
    plain = read_markdown("A plain title\n\nThe first paragraph of it.\n", name="a.md")
    assert plain.metadata.title == "A plain title"
    assert plain.text_lines() == ["A plain title", "The first paragraph of it."]
    fronted = read_markdown("---\ntitle: From the front matter\n---\nThe first paragraph.\n\nThe second.\n", name="b.md")
    assert fronted.metadata.title == "From the front matter"
    assert fronted.text_lines() == ["From the front matter", "The first paragraph.", "The second."]


def test_a_thematic_break_is_not_front_matter():
    article = read_markdown("---\n\n# Title\n\nText of the article.\n", name="c.md")
    assert article.metadata.title == "Title"


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty"),
    (b"    only code\n", "has no article text"),
    (b"\xff\xd8\xff\xe0\0\x10JFIF", "is a binary file"),
])
def test_bad_markdown_is_one_clear_problem(raw, message):
    assert message in only_problem(read_markdown, raw, "bad.md").message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab é#*_`[]()<>!\\&;-=>\n\t|~") + ["&amp;", "  \n", "\n\n", "\ufeff", "“"]),
                min_size=1, max_size=60).map("".join))
def test_any_markdown_gives_a_draft_that_validates(tmp_path_factory, text):
    try:
        article = read_markdown(text, name="any.md")
    except SourceError as exc:
        assert len(exc.problems) == 1
        return
    path = tmp_path_factory.mktemp("md") / "draft.yaml"
    path.write_text(render_yaml(article), encoding="utf-8")
    loaded, problems = check(path)
    assert loaded is not None, [str(p) for p in problems]
    assert loaded.text_lines() == article.text_lines()


def test_an_impossible_front_matter_date_stays_unknown():
    article = read_markdown("---\ndate: '2019-02-30'\ntags: [' ', ports, ports]\n---\n# T\n\nText.\n", name="d.md")
    assert article.metadata.published is None
    assert article.metadata.keywords == ("ports",)
