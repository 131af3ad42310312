"""What users type for `cite` (statement ids and keys) and `suggest --speaker` (people ids):
case and accents aside, and a "did you mean" naming the closest when it names nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FIXTURES
from kazan_export.citations import CitationError
from kazan_export.commands.cite import find_statement
from kazan_export.readers.source import load

CASPIAN = FIXTURES / "caspian-names.yaml"  # Məmmədov, Əliyev, Лавров, Սարգսյան, ids as ingest makes them


@pytest.fixture(scope="module")
def caspian():
    return load(CASPIAN)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kazan_export", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_cite_takes_an_id_or_key_whatever_its_case_and_accents(caspian, kazan):
    assert find_statement(kazan, "lavrovanothermeetingset2018").key == "lavrovAnotherMeetingSet2018"
    assert find_statement(kazan, "ST-JUPPÉ-ADDITIONAL-PROPOSALS").id == "st-juppe-additional-proposals"
    assert find_statement(caspian, "memmedovnewferrysail2025").id == "st-memmedov-ferry-will-sail"


@pytest.mark.parametrize("ref, hint", [
    ("st-lavrov-kazan-documnt", "did you mean 'st-lavrov-kazan-document'?"),  # one near-certain guess
    ("lavrovAnotherMeting2018", "did you mean 'lavrovAnotherMeetingSet2018'?"),
    ("st-lavrov", "did you mean 'st-lavrov-deterrent' or 'st-lavrov-cannot-say'?"),
    ("lavrov", "it names Sergey Lavrov (lavrov), whose statements are st-lavrov-conveyed-proposals, "
               "st-lavrov-deterrent, st-lavrov-cannot-say and st-lavrov-kazan-document "
               "(`kazan-export quotes --speaker lavrov` lists them)"),
    ("Serzh Sargsyan", "it names Serzh Sargsyan (sargsyan), whose statements are st-sargsyan-expecting-progress, "
                       "st-sargsyan-difficult-convince, st-sargsyan-clear-final-answer, st-sargsyan-yes-or-no, "
                       "st-sargsyan-not-too-high and 3 more (`kazan-export quotes --speaker 'Serzh Sargsyan'` lists them)"),
    ("xyzzy", "`kazan-export quotes` lists them"),
])
def test_an_unknown_statement_names_the_closest_ids_or_the_speakers_statements(kazan, ref, hint):
    with pytest.raises(CitationError) as caught:
        find_statement(kazan, ref)
    assert str(caught.value) == f"no statement has the id or key '{ref}'; {hint}"


def test_cite_of_a_speakers_name_in_another_script(caspian):
    with pytest.raises(CitationError, match="'mammadov'; it names Rauf Məmmədov \\(memmedov\\), whose "
                                            "statements are st-memmedov-ferry-will-sail "):
        find_statement(caspian, "mammadov")


def test_cite_on_the_command_line_is_one_line_and_exit_1():
    proc = cli("cite", "st-lavrov-kazan-documnt", "--style", "bibtex")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == ("error: no statement has the id or key 'st-lavrov-kazan-documnt'; did you mean "
                           "'st-lavrov-kazan-document'?\n")


def test_suggest_names_the_id_of_a_speaker_given_by_name():
    harbour = FIXTURES / "harbour-talks.yaml"
    for typed in ("Məmmədova", "Aynur Mammadova", "mamedova"):
        proc = cli("suggest", str(harbour), "--text", "x", "--speaker", typed)
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr == (f"{harbour}:1:1: --speaker '{typed}' is not a known people id; did you mean "
                               "'mammadova' (Aynur Məmmədova)?\n"), typed
