"""The attribution engine on the shapes issue #13 names: single quotation marks as the main
marks, quotations inside quotations, weekdays against the article's own date, pronouns after
a sentence about someone, "according to" with no speech verb, short ids for long names."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kazan_export.model import Article, Metadata, Paragraph, Section
from kazan_export.readers.attribution import attribute
from kazan_export.readers.attribution.dates import Anchor, DateReader
from kazan_export.readers.attribution.quotes import find_quotes, main_marks
from kazan_export.readers.attribution.rules import load_rules


def article(*paragraphs: str, published: str | None = None) -> Article:
    body = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(paragraphs, start=1))
    return Article("made-up", Metadata("Made up", (), "Nobody", "en", published=published), (Section("lead", None, body),))


def run(*paragraphs: str, published: str | None = None):  # noqa: ANN201
    out = attribute(article(*paragraphs, published=published))
    return [(s, out.entity[s.speakers[0]]) for s in out.statements]


def texts(pairs, kind="direct"):  # noqa: ANN001, ANN201
    return [s.text for s, _ in pairs if s.kind == kind]


# --- single quotation marks as the main marks ---------------------------------------------
def test_british_single_marks_are_the_main_marks_and_apostrophes_stay_in_the_words():
    pairs = run("‘We have been patient for two years and we can’t wait any longer,’ said Maureen Okafor, "
                "the secretary of the Dock Workers’ Union. ‘Our members’ rents are due on Friday.’",
                "‘The company made £40 million last year,’ she said.")
    assert texts(pairs) == ["We have been patient for two years and we can’t wait any longer,",
                            "Our members’ rents are due on Friday.", "The company made £40 million last year,"]
    assert {who.name for _, who in pairs} == {"Maureen Okafor"}


def test_straight_single_marks_with_straight_apostrophes():
    pairs = run("'Today it's a forty-minute hike from the car park,' said Dr Anna Lindqvist. "
                "'You don't hear the ice any more.'")
    assert texts(pairs) == ["Today it's a forty-minute hike from the car park,", "You don't hear the ice any more."]
    assert all(who.family == "Lindqvist" for _, who in pairs)


def test_an_article_quoting_in_double_marks_keeps_single_ones_nested():
    rules = load_rules("en")
    paras = ["“They say: tell us finally ‘yes’ or ‘no’, and hurry up,” the president said.",
             "“We will not sign the ‘final’ draft this year,” the minister said."]
    assert not main_marks(paras, rules).single
    assert [q.text for q in find_quotes(paras, rules, main_marks(paras, rules))][0].startswith("They say")
    british = ["‘We will not sign the “final” draft this year,’ the minister said.", "It’s late, she’s tired."]
    assert main_marks(british, rules).single


# --- quotations inside quotations ---------------------------------------------------------
def test_a_quotation_inside_a_quotation_has_its_own_speaker_and_an_earlier_date():
    pairs = run("Chief Executive Daniel Hale was not available on Tuesday.",
                "‘When Mr Hale stood up and told us “we are a business, not a charity”, that was the moment "
                "people decided to walk,’ Ms Maureen Okafor said.", published="2025-03-13")
    by_text = {s.text: (s, who) for s, who in pairs}
    outer, outer_who = by_text["When Mr Hale stood up and told us “we are a business, not a charity”, that was the "
                               "moment people decided to walk,"]
    inner, inner_who = by_text["we are a business, not a charity"]
    assert outer_who.family == "Okafor" and inner_who.name == "Daniel Hale"
    assert outer.date == "2025-03-11?" and inner.date == "../2025-03-11"
    assert any("inside a quotation" in b for b in inner.review.basis)


def test_i_inside_a_quotation_is_its_speaker_and_words_taken_up_are_their_speakers():
    british = run("‘At half-time I told them, “Nobody remembers the team that gave up,” and they proved it,’ "
                  "said manager Colin Brady.")
    assert {s.text: w.name for s, w in british}["Nobody remembers the team that gave up,"] == "Colin Brady"
    pairs = run("“We came here ready to sign,” Foreign Minister Irena Kostova said.",
                "“When the minister says ‘we came ready to sign,’ she means her own draft,” said Tomas Lerch.")
    who = {s.text: w.name for s, w in pairs}
    assert who["we came ready to sign,"] == "Irena Kostova"
    assert who["When the minister says ‘we came ready to sign,’ she means her own draft,"] == "Tomas Lerch"


def test_an_inner_quotation_with_no_speech_verb_is_no_statement():
    pairs = run("“We read ‘The Old Man and the Sea’ at school, and it changed everything,” said Ellen Marsh.")
    assert texts(pairs) == ["We read ‘The Old Man and the Sea’ at school, and it changed everything,"]


# --- weekdays and the article's date ------------------------------------------------------
def test_weekdays_count_back_from_the_published_date():
    pairs = run("The union said on Tuesday that the strike would go on until the spring.",
                "The port operator, Alder Harbour Holdings, said last Thursday that its offer was final.",
                published="2025-03-13")  # a Thursday
    dates = [s.date for s, _ in pairs]
    assert dates == ["2025-03-11", "2025-03-06"]
    assert "before the article's date" in " ".join(pairs[0][0].review.basis)


def test_weekdays_stay_unknown_without_a_stated_date():
    pairs = run("The union said on Tuesday that the strike would go on until the spring.")
    assert [s.date for s, _ in pairs] == [None]


def test_a_dateline_paragraph_is_the_articles_date():
    pairs = run("Friday, October 10, 2025",
                "Talks ended on Thursday. “We came ready to sign,” Foreign Minister Irena Kostova said.")
    assert [s.date for s, _ in pairs] == ["2025-10-09"]


def test_a_weekday_in_a_sentence_about_the_future_is_not_placed():
    reader = DateReader(load_rules("en"))
    anchor = Anchor(today=dt.date(2025, 6, 12))
    assert reader.read("The commission will present its findings on Friday.", anchor, lead=True) is None
    assert reader.read("The commission presented its findings on Monday.", anchor, lead=True).edtf == "2025-06-09"
    assert reader.dateline("Saturday 3 May 2025") == dt.date(2025, 5, 3)
    assert reader.dateline("Saturday 3 May") is None  # no year: no date
    assert reader.dateline("Harrow Vale beat Dunmore on 3 May 2025") is None


def test_a_month_without_a_year_is_the_latest_such_month_before_the_articles_date():
    reader = DateReader(load_rules("en"))
    assert reader.read("He stood up in January and told us.", Anchor(today=dt.date(2025, 3, 13)), lead=True).edtf == "2025-01"
    assert reader.read("They met in November.", Anchor(today=dt.date(2025, 1, 10)), lead=True).edtf == "2024-11"
    assert reader.read("The mediators will try again in November.", Anchor(today=dt.date(2025, 10, 10)), lead=True) is None
    assert reader.read("They met in November.", Anchor(), lead=True) is None  # no article date: unknown
    pairs = run("‘When Mr Daniel Hale stood up in January and told us “we are a business, not a charity”, people "
                "decided to walk,’ Ms Maureen Okafor said.", published="2025-03-13")
    assert {s.text: s.date for s, _ in pairs}["we are a business, not a charity"] == "2025-01"


def test_an_undated_statement_of_a_dated_article_is_no_later_than_its_date():
    pairs = run("“We will not be rushed,” Foreign Minister Pavel Drach said.", published="2025-10-10")
    assert [s.date for s, _ in pairs] == ["../2025-10-10"]


# --- speakers -----------------------------------------------------------------------------
def test_a_pronoun_after_a_sentence_about_someone_means_them():
    pairs = run("“We came here ready to sign,” Velmarian Foreign Minister Irena Kostova said.",
                "Her Ostrovan counterpart, Foreign Minister Pavel Drach, rejected the charge. "
                "“Nobody signs a treaty that would leave our farmers without water,” he said.")
    assert [who.name for _, who in pairs] == ["Irena Kostova", "Pavel Drach"]


def test_a_pronoun_after_a_sentence_about_nobody_keeps_the_speaker():
    pairs = run("“We came here ready to sign,” Velmarian Foreign Minister Irena Kostova said.",
                "The talks ended late. “Nobody should doubt that we wanted a treaty,” she said.")
    assert [who.name for _, who in pairs] == ["Irena Kostova", "Irena Kostova"]


def test_according_to_without_a_speech_verb_at_either_end_of_a_sentence():
    pairs = run("According to police, the men entered the shop shortly after 3 p.m. and fled in a grey van.",
                "The glacier has lost a fifth of its ice in ten years, according to a report published by the "
                "International Commission for the Protection of Alpine and Arctic Glaciers and Snowfields.")
    reported = [(s.text, who) for s, who in pairs if s.kind == "reported"]
    assert reported[0][0].startswith("the men entered the shop") and reported[0][1].name.lower() == "police"
    assert reported[1][0] == "The glacier has lost a fifth of its ice in ten years"
    assert reported[1][1].kind == "organisation" and reported[1][1].name.startswith("International Commission")


def test_long_group_and_organisation_names_get_short_ids_and_keys():
    out = attribute(article("The International Commission for the Protection of Alpine and Arctic Glaciers and "
                            "Snowfields said that the glacier had lost a fifth of its ice.",
                            "The report's authors said that summer temperatures had risen by 1.8C since 1990."))
    ids = {e.name: e.id for e in out.entities}
    assert ids["International Commission for the Protection of Alpine and Arctic Glaciers and Snowfields"] == \
        "international-commission-protection"
    assert ids["The report's authors"] == "report-authors"
    # whole words, never a name cut off at 40 characters ("…-for-the-protect")
    assert [s.key for s in out.statements] == ["internationalcommissionprotectionGlacierLostFifth",
                                               "reportauthorsSummerTemperaturesRisen"]


def test_a_description_then_a_name_after_the_quotation():
    pairs = run("‘Nobody told us anything. We sat in the car for three hours,’ said one lorry driver, Tom Reyes, "
                "who was due on the ferry.")
    (st, who), = pairs
    assert who.name == "Tom Reyes" and "lorry driver" in who.roles


def test_adding_that_after_a_quotation_is_the_same_speakers_reported_statement():
    pairs = run("A spokesman for the company rejected that figure. ‘Profit is not cash in the bank,’ he said, "
                "adding that the company would wait for the union to suspend the action.")
    (d, dw), (r, rw) = pairs
    assert d.kind == "direct" and r.kind == "reported"
    assert r.text.startswith("the company would wait") and dw.id == rw.id and dw.kind == "anonymous"


# --- end to end ---------------------------------------------------------------------------
def test_ingest_of_a_british_story_with_a_published_date(tmp_path):
    import subprocess
    import sys

    import yaml

    story = tmp_path / "strike.txt"
    story.write_text("Dock workers strike at Port Alder\n\n"
                     "Hundreds of dock workers walked out on Tuesday after the pay talks collapsed.\n\n"
                     "‘We have been patient for two years and we can’t wait any longer,’ said Maureen Okafor, "
                     "the secretary of the Dock Workers’ Union.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "ingest", str(story), "--language", "en",
                           "--published", "2025-03-13", "-o", "-"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    draft = yaml.safe_load(proc.stdout)
    (st,) = draft["statements"]
    assert st["text"] == "We have been patient for two years and we can’t wait any longer,"
    assert st["kind"] == "direct" and st["date"] == "2025-03-11?"
    assert any("2025-03-11" in b for b in st["review"]["basis"])
    assert [p["name"] for p in draft["people"]] == ["Maureen Okafor"]
