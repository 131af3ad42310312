"""English title case as citeproc-js prints it (:mod:`kazan_export.titlecase`), #12."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import need_tool
from kazan_export.titlecase import title_case

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
    """title_case gives what citeproc-js 2.4.63 prints (the judge in $KAZAN_JUDGES): the case of
    the .bib titles and, through nocase marks, of `cite`."""
    need_tool("node")
    judges = Path(os.environ.get("KAZAN_JUDGES") or "/nonexistent")
    if not (judges / "citeproc-js" / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js is not installed in $KAZAN_JUDGES/citeproc-js")
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(TITLES, ensure_ascii=False), encoding="utf-8")
    harness = Path(__file__).parent / "judges" / "citeproc_title_case.js"
    theirs = json.loads(subprocess.run(["node", str(harness), str(judges), str(path)], capture_output=True,
                                       text=True, check=True, encoding="utf-8").stdout)
    ours = [re.sub(r"<[^>]+>", "", title_case(t)) for t in TITLES]
    assert ours == theirs
    assert ours != [re.sub(r"<[^>]+>", "", t) for t in TITLES]  # title case changed them: the test can fail


NAMES = ("Jan van der Berg", "van der Berg", "al-Hāshimī", "bin Salman")
NAMED = ["Talks with van der Berg and al-Hāshimī end in a deal", "van der Berg: talks are over",
         "Why did bin Salman go? al-Hāshimī asks", "Jan van der Berg and the mayors of Čelić",
         "“bin Salman” and van der Bergen are not van der Berg", "Van der Berg’s plan: talks with Van der Berg"]


def test_names_with_particles_keep_their_case_but_a_title_s_first_capital() -> None:
    """Title case leaves a person's particles as written (citeproc-js printed "van Der Berg" and
    "Bin Salman"); where a title's first word is capitalised, a name's first is too (CMOS 8.5)."""
    cased = [title_case(t, NAMES) for t in NAMED]
    assert cased == ["Talks with van der Berg and al-Hāshimī End in a Deal", "Van der Berg: Talks Are Over",
                     "Why Did bin Salman Go? Al-Hāshimī Asks", "Jan van der Berg and the Mayors of Čelić",
                     "“Bin Salman” and van Der Bergen Are Not van der Berg",
                     # the source's capital V (a hunt: "Van Der Berg’s Plan", the name not found)
                     "Van der Berg’s Plan: Talks with Van der Berg"]
    assert [title_case(t) for t in NAMED] != cased  # without the names, citeproc-js's case differs


def test_nocase_marks_make_citeproc_js_print_names_as_the_bib_has_them(tmp_path: Path) -> None:
    """The CSL-JSON marks a name's words nocase (:func:`citeproc_case.nocase_names`); citeproc-js
    (Zotero's engine) title-cases the marked title into what the .bib stores (title_case with
    the names)."""
    from kazan_export.writers.citeproc_case import nocase_names

    need_tool("node")
    judges = Path(os.environ.get("KAZAN_JUDGES") or "/nonexistent")
    if not (judges / "citeproc-js" / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js is not installed in $KAZAN_JUDGES/citeproc-js")
    marked = [nocase_names(t, NAMES) for t in NAMED]
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(marked, ensure_ascii=False), encoding="utf-8")
    harness = Path(__file__).parent / "judges" / "citeproc_title_case.js"
    theirs = json.loads(subprocess.run(["node", str(harness), str(judges), str(path)], capture_output=True,
                                       text=True, check=True, encoding="utf-8").stdout)
    assert theirs == [title_case(t, NAMES) for t in NAMED]
