"""Title case as citeproc-js applies it, followed by pandoc through nocase marks (#12)."""

from __future__ import annotations

import json

import pytest

from conftest import need_tool
from kazan_export.commands.cite import cite
from kazan_export.writers.citeproc_case import nocase_words, style_allows
from kazan_export.writers.citeproc_punctuation import protect

N = '<span class="nocase">'
@pytest.mark.parametrize(("title", "marked"), [
    ("Minister rules out sale amid protests", f"Minister rules {N}out</span> sale {N}amid</span> protests"),
    ("No deal without Yerevan", f"No deal {N}without</span> Yerevan"),
    ("U.S. to leave", f"U.S. {N}to</span> leave"),  # pandoc starts a sentence after "."
    ("Out of time: out of options", "Out of time: out of options"),  # first, after ":": capitalised
    ("What they fought against", "What they fought against"),  # last: capitalised
    ("Talks Amid a strike", "Talks Amid a strike"),  # a capital: kept by both
    ("Talks out-of-court", "Talks out-of-court"),  # before a hyphen in the first piece: capitalised
    ("Talks stall, out-of-court", f"Talks stall, {N}out</span>-of-court"),
    ("The sea and the port", "The sea and the port"),  # pandoc keeps its own stop words
])
def test_words_citeproc_js_keeps_lower_case_are_marked(title, marked):
    assert nocase_words(title) == marked


def test_only_title_like_fields_and_only_where_the_style_allows():
    item = {"id": "amid-out", "type": "speech", "title": "Talks amid strike.", "genre": "Speech amid cheers",
            "note": "Said amid cheers", "publisher-place": "Out amid"}
    [marked] = protect([item])
    assert f"{N}amid</span>" in marked["title"] and f"{N}amid</span>" in marked["genre"]
    assert marked["id"] == "amid-out" and marked["note"] == item["note"] and "span" not in marked["publisher-place"]
    [plain] = protect([item], nocase=False)
    assert "span" not in json.dumps(plain)
    assert style_allows('<text variable="title" text-case="title"/>')
    assert not style_allows('<text variable="title" text-case="uppercase"/>')
    assert not style_allows("<text variable='title' text-case='capitalize-all'/>")


def _titled(harbour, title):  # noqa: ANN001, ANN202
    import dataclasses

    return dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=title))


@pytest.mark.parametrize("fmt", ["text", "html", "markdown", "rtf"])
def test_no_output_shows_the_marks(harbour, fmt):
    """Chicago title-cases ("Rules out Sale amid"), APA's entry prints the title as written."""
    need_tool("pandoc")
    article = _titled(harbour, "Minister rules out sale amid protests")
    chicago = cite(article, "st-port-frank", style="chicago-notes", fmt=fmt)
    apa = cite(article, "st-port-frank", style="apa", fmt=fmt)
    assert "Minister Rules out Sale amid Protests" in chicago, chicago
    assert "Minister rules out sale amid protests" in apa, apa
    assert "nocase" not in chicago + apa and "<span>out" not in chicago + apa
