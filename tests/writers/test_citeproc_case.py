"""Title case as citeproc-js applies it, followed by pandoc through nocase marks (#12)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import need_tool
from kazan_export.commands.cite import cite
from kazan_export.writers.citeproc_case import citeproc_js_title, nocase_words, style_allows
from kazan_export.writers.citeproc_punctuation import protect

N = '<span class="nocase">'
# Titles with every rule of citeproc-js's title formatter in them
TITLES = ["Minister rules out sale of Valmere docks as port talks collapse",
          "Flood barrier contract awarded amid questions over cost",
          "Pipeline talks stall as envoy says “no deal without Yerevan”",
          "U.S. to leave; talks out-of-court per plan", "Why? out of time: and without",
          "o’clock and the mayors’ plan than ever", "a vs. b: versus the rest", "deal off, says envoy",
          "out-of-court deal", "in-house review", "he said ‘out of here’ and left", "“without” is a word",
          "rock ’n’ roll amid the ruins", "vx the ex", "since when? until then", "plan b for a better life",
          "the end of the line for", "state-of-the-art port per year", "Valmere (out of order) again",
          "between the lines [sic] under fire", "<i>out</i> and about in <b>town</b> amid",
          "a/b testing: till death", "notwithstanding the ruling, upon review", "Rules Out amid OUT",
          "talks <span class=\"nocase\">out of</span> reach", "according to plan, as of today"]


def test_the_title_case_is_citeproc_js_s(tmp_path: Path) -> None:
    """citeproc_js_title gives what citeproc-js 2.4.63 prints (the judge in $KAZAN_JUDGES)."""
    need_tool("node")
    judges = Path(os.environ.get("KAZAN_JUDGES") or "/nonexistent")
    if not (judges / "citeproc-js" / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js is not installed in $KAZAN_JUDGES/citeproc-js")
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(TITLES, ensure_ascii=False), encoding="utf-8")
    harness = Path(__file__).parents[1] / "judges" / "citeproc_title_case.js"
    theirs = json.loads(subprocess.run(["node", str(harness), str(judges), str(path)], capture_output=True,
                                       text=True, check=True, encoding="utf-8").stdout)
    import re
    ours = [re.sub(r"<[^>]+>", "", citeproc_js_title(t)) for t in TITLES]
    assert ours == theirs
    assert ours != [re.sub(r"<[^>]+>", "", t) for t in TITLES]  # title case changed them: the test can fail


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
