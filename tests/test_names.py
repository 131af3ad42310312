"""What users type: --speaker in any script and without accents (an exact match first, and a
word when it names nobody or several), --contains as a find box."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from conftest import FIXTURES
from kazan_export.errors import KazanWarning
from kazan_export.names import contains, fold, resolve
from kazan_export.query import Selection, select
from kazan_export.readers.source import load

CASPIAN = FIXTURES / "caspian-names.yaml"  # Məmmədov, Əliyev, Лавров, Սարգսյան, ids as ingest makes them


@pytest.fixture(scope="module")
def caspian():
    return load(CASPIAN)


def chosen(article, **kw) -> tuple[list[str], list[str]]:
    """Return the ids of the selected statements and the warnings the selection gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids = [s.id for s in select(article, Selection(**kw))]
    return ids, [str(w.message) for w in caught if issubclass(w.category, KazanWarning)]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kazan_export", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("typed, statement", [
    ("mammadov", "st-memmedov-ferry-will-sail"),  # ə typed a, as English writes Azerbaijani names
    ("Mammadov", "st-memmedov-ferry-will-sail"),
    ("memmedov", "st-memmedov-ferry-will-sail"),  # the id, and anyascii's romanisation
    ("Məmmədov", "st-memmedov-ferry-will-sail"),
    ("rauf mammadov", "st-memmedov-ferry-will-sail"),
    ("aliyev", "st-eliyev-plan-tariffs"),
    ("Ilham", "st-eliyev-plan-tariffs"),  # İ without its dot
    ("ilham aliyev", "st-eliyev-plan-tariffs"),
    ("lavrov", "st-lavrov-gotovy-podpisat"),  # Лавров
    ("sergei", "st-lavrov-gotovy-podpisat"),  # Сергей, as the press writes it
    ("sergey", "st-lavrov-gotovy-podpisat"),  # and as anyascii does
    ("Лавров", "st-lavrov-gotovy-podpisat"),
    ("hayk", "st-sargsyan-zhamanaky-sparrvowm"),  # Հայկ
    ("mammadova", "st-memmedova-timetable-final"),
])
def test_a_speaker_typed_in_ascii_finds_the_name_in_any_script(caspian, typed, statement):
    ids, notes = chosen(caspian, speaker=typed)
    assert ids == [statement] and notes == []


def test_whole_words_of_a_name_win_over_part_of_one(caspian):
    # Rauf Məmmədov is named 'mammadov'; Leyla Məmmədova only holds it: she is not selected
    assert chosen(caspian, speaker="mammadov") == (["st-memmedov-ferry-will-sail"], [])
    ids, notes = chosen(caspian, speaker="mamm")  # part of both names: both, and said so
    assert ids == ["st-memmedov-ferry-will-sail", "st-memmedova-timetable-final"]
    assert notes == ["--speaker 'mamm' matches 2 speakers: Rauf Məmmədov (memmedov) and Leyla Məmmədova "
                     "(memmedova); all are selected (give an id or a full name for one)"]


def test_an_exact_id_wins_and_the_others_of_that_name_are_reported(caspian):
    for typed in ("sargsyan", "Սարգսյան"):  # the id of Հայկ Սարգսյան; Anna Sargsyan bears the name too
        ids, notes = chosen(caspian, speaker=typed)
        assert ids == ["st-sargsyan-zhamanaky-sparrvowm"]
        assert notes == [f"--speaker '{typed}' selects Հայկ Սարգսյան (sargsyan), whose name or id it is; "
                         "Anna Sargsyan (anna-sargsyan) has it in their name too (give their id to select them)"]
    assert chosen(caspian, speaker="anna-sargsyan") == (["st-anna-sargsyan-we-will-see"], [])
    assert chosen(caspian, speaker="anna sargsyan") == (["st-anna-sargsyan-we-will-see"], [])


def test_a_name_that_matches_nobody_says_so_with_the_closest(caspian, kazan):
    assert chosen(caspian, speaker="mamadov") == ([], [
        "--speaker 'mamadov' names nobody in the article; did you mean Rauf Məmmədov (memmedov) or "
        "Leyla Məmmədova (memmedova)?"])
    assert chosen(kazan, speaker="lavorv") == ([], [
        "--speaker 'lavorv' names nobody in the article; did you mean Sergey Lavrov (lavrov)?"])
    assert chosen(kazan, speaker="zzzz") == ([], ["--speaker 'zzzz' names nobody in the article"])


def test_the_bundled_article_keeps_its_matches(kazan):
    assert chosen(kazan, speaker="ali")[0] == ["st-hasanov-refugees", "st-hasanov-never-renounce"]  # not Aliyev
    ids, notes = chosen(kazan, speaker="kommersant")  # the newspaper, exactly; its source is named
    assert ids == ["st-kommersant-readiness"] and "A source of Kommersant (kommersant-source)" in notes[0]
    assert chosen(kazan, speaker="ter petrosyan") == chosen(kazan, speaker="Ter-Petrosyan") != ([], [])


def test_contains_ignores_case_accents_and_typographic_marks_as_a_find_box(caspian):
    plan = ["st-eliyev-plan-tariffs"]  # “İlham’s plan — the Qələbə route — …”
    for typed in ("ilham's plan", "İLHAM’S", "plan - the", "qelebe", "qalaba", "Qələbə", "plan  —  the"):
        assert chosen(caspian, contains=typed) == (plan, []), typed
    assert chosen(caspian, contains="podpisat") == ([], [])  # other scripts only as written
    assert chosen(caspian, contains="подписать") == (["st-lavrov-gotovy-podpisat"], [])
    assert contains("Lajčák’s “plan”", 'lajcak\'s "plan"') and not contains("Lavrov", "lavrova")
    assert fold("Ǆ  İ–Ł") == "dz i-ł"  # case, marks, dashes and spacing; ł has no accent to drop


def test_resolution_is_by_rank_not_by_order(caspian):
    assert resolve(caspian, "memmedova").chosen == ("memmedova",)  # exact id over the word in memmedov's forms
    assert resolve(caspian, "").chosen == () and resolve(caspian, "’").chosen == ()


def test_the_command_line_reports_on_stderr_and_keeps_stdout_clean():
    proc = cli("quotes", str(CASPIAN), "--speaker", "mammadov", "--format", "json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert [r["speakers"] for r in json.loads(proc.stdout)] == [["Rauf Məmmədov"]]
    proc = cli("quotes", str(CASPIAN), "--speaker", "mamm", "--format", "json")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 2
    assert proc.stderr.startswith("warning: --speaker 'mamm' matches 2 speakers") and proc.stderr.count("\n") == 1
