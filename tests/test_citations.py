"""Citation keys, titles, excerpts and `cite`: pure helpers and the real command."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from kazan_export import citations as c
from kazan_export.commands.cite import cite
from kazan_export.model import Entity
from kazan_export.readers.bib import read_bib
from kazan_export.writers.bibtex import render_bib
from kazan_export.writers.csl import render_csl


def test_suggest_key_reproduces_every_stored_kazan_key(kazan):
    taken: set[str] = set()
    for statement in kazan.statements:
        key = c.suggest_key(kazan, statement, taken)
        taken.add(key)
        assert key == statement.key


def test_suggest_key_follows_auth_shorttitle_year(harbour):
    novak = harbour.statement["st-novak-sign"]
    assert c.suggest_key(harbour, novak) == "novakSignHarbourAgreement2019"  # "we will" are function words
    port = harbour.statement["st-port-frank"]
    assert c.suggest_key(harbour, port) == "portauthorityConstructiveFrank"  # no year when the date is unknown
    assert c.KEY_PATTERN.match(c.suggest_key(harbour, harbour.statement["st-mammadova-nothing"]))


@pytest.mark.parametrize("given, family, auth", [
    ("Хасан", "Абдуллаев", "abdullaev"),  # Cyrillic
    ("Հայկ", "Սարգսյան", "sargsyan"),  # Armenian
    ("ნინო", "ბერიძე", "beridze"),  # Georgian
    ("Ελένη", "Καραμανλή", "karamanli"),  # Greek
    ("Elçin", "Məmmədova", "memmedova"),  # Latin with letters NFKD does not decompose
])
def test_a_person_named_in_any_script_is_keyed_by_the_transliterated_family_name(harbour, given, family, auth):
    """Better BibTeX transliterates names for keys; a named person never gets ``anon``."""
    person = Entity("x", f"{given} {family}", "person", family, given)
    article = dataclasses.replace(harbour, entities=(*harbour.entities, person))
    st = dataclasses.replace(harbour.statement["st-novak-sign"], speakers=("x",))
    key = c.suggest_key(article, st)
    assert key == f"{auth}SignHarbourAgreement2019" and c.KEY_PATTERN.match(key)
    assert c.author_key(article, st) == auth


def test_a_statement_in_another_script_gets_a_transliterated_short_title(harbour):
    st = dataclasses.replace(harbour.statement["st-novak-sign"], text="Ժամանակը սպառվում է,", date=None)
    assert c.suggest_key(harbour, st) == "novakZhamanakySparrvowmE"


def test_transliteration_leaves_symbols_to_be_dropped():
    assert c.ascii_fold("£40 bn, €5 — Straße") == "40bn5Strasse"  # not "GBP40", "EUR5"
    assert c.transliterate("Хасан, «да»") == "Khasan, «da»"


def test_suggest_key_adds_a_letter_on_a_clash(harbour):
    novak = harbour.statement["st-novak-sign"]
    base = c.suggest_key(harbour, novak)
    assert c.suggest_key(harbour, novak, {base}) == base + "a"
    assert c.suggest_key(harbour, novak, {base, base + "a"}) == base + "b"


def _reordered_with_new(article):
    """The article with its statements reversed and a new statement added."""
    first = article.statements[0]
    new = dataclasses.replace(first, id="st-new", key=c.suggest_key(article, first, {s.key for s in article.statements}))
    return dataclasses.replace(article, statements=(new, *reversed(article.statements)))


@pytest.mark.filterwarnings("ignore::kazan_export.errors.KazanWarning")
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_keys_are_stable_when_statements_are_added_or_reordered(harbour, dialect):
    before = {e.key: e for e in read_bib(render_bib(harbour, dialect=dialect)).entries}
    changed = _reordered_with_new(harbour)
    after = {e.key: e for e in read_bib(render_bib(changed, dialect=dialect)).entries}
    assert set(before) <= set(after) and len(after) == len(before) + 1
    for key, entry in before.items():  # the same key still names the same entry, unchanged
        assert [(f.key, f.value) for f in after[key].fields] == [(f.key, f.value) for f in entry.fields]
        assert {f: after[key].fields_dict[f].value for f in ("title", "titleaddon") if f in entry.fields_dict} == {
            f: entry.fields_dict[f].value for f in ("title", "titleaddon") if f in entry.fields_dict}
    assert changed.statements[0].key not in before


def test_a_new_statement_like_an_old_one_gets_a_suffix_not_the_old_key(kazan):
    changed = _reordered_with_new(kazan)
    assert changed.statements[0].key == kazan.statements[0].key + "a"
    keys = [e.key for e in read_bib(render_bib(changed, dialect="biblatex")).entries]
    assert keys[2:] == [s.key for s in reversed(kazan.statements)]


def test_csl_ids_are_the_stored_keys_in_any_order(harbour):
    changed = _reordered_with_new(harbour)
    ids = {i["custom"].get("statement-id"): i["id"] for i in json.loads(render_csl(changed))}
    assert all(ids[s.id] == s.key for s in harbour.statements)


def test_titles_say_what_the_statement_is(kazan, harbour):
    titles = {s.key: c.title(kazan, s) for s in kazan.statements}
    assert titles["terpetrosyanIdeaHoldingReferendum"] == "Interview with Moscow News"
    assert titles["bradtkeCurrentVersionBasic2011"] == (
        "Statement at a hearing on Nagorno-Karabakh at the European Parliament Foreign Affairs Committee")
    assert titles["sargsyanConditionsAntiarmenianMoods2011"] == "Statement at the PACE session"
    assert titles["tassexpertPresidentsAzerbaijanRussia2011"] == (
        "Statement to TASS by an expert familiar with the preparations for the talks")
    assert titles["kommersantYerevanBakuPrinciple2011"] == "Report in Kommersant"
    assert c.title(harbour, harbour.statement["st-novak-sign"]) == "Statement at a press briefing"
    assert c.title(harbour, harbour.statement["st-mammadova-wait"]) == "Statement"  # #12: no "Reported statement"


def test_anonymous_sources_are_not_authors(harbour):
    official = harbour.statement["st-official-done"]
    assert c.authors(harbour, official) == ()
    assert "official close to the talks" in c.title(harbour, official)
    assert [e.name for e in c.authors(harbour, harbour.statement["st-port-frank"])] == ["Port Authority"]


def test_excerpt_and_pinpoint(kazan, harbour):
    multi = harbour.statement["st-mammadova-nothing"]
    assert c.excerpt(multi) == multi.text.replace("\n", " ")
    assert c.pinpoint(harbour, multi) == "6–7"
    long = max(kazan.statements, key=lambda s: len(s.text.split()))
    assert c.excerpt(long).endswith(" …") and len(c.excerpt(long).split()) == c.EXCERPT_WORDS + 1
    assert long.text.startswith(c.excerpt(long)[:-2])


def test_dates_are_described_never_invented(harbour):
    assert c.date_note(None) == "Date not stated in the source"
    # #12: no "Date: …" label, which Zotero reads as the date itself
    assert c.date_note("2019-03~") == "Dated about March 2019"
    assert c.date_note("../2011-06-24") == "Dated by 24 June 2011"
    assert c.date_note("2019-03-04") is None
    assert c.date_note("2019-03~", circa=True) is None  # CSL's circa says it; not twice
    assert c.date_note("../2011-06-24", circa=True) == "Dated by 24 June 2011"
    assert c.date_note(None, what="Publication date", circa=True) == "Publication date not stated in the source"


def test_genre_and_event_come_from_the_occasion(kazan, harbour):
    import dataclasses

    st = kazan.statement["st-fassier-new-concept"]
    assert (c.genre(kazan, st), c.event_title(st)) == (
        "Statement", "Hearing on Nagorno-Karabakh at the European Parliament Foreign Affairs Committee")
    st = kazan.statement["st-cochairs-political-will"]
    assert (c.genre(kazan, st), c.event_title(st)) == ("Joint statement", "G8 summit in Deauville")
    st = kazan.statement["st-sargsyan-finish-line"]  # "Interview with RIA Novosti", via RIA Novosti
    assert (c.genre(kazan, st), c.event_title(st), c.work_type(kazan, st)) == ("Interview", None, "published")
    assert c.work_type(kazan, kazan.statement["st-kommersant-readiness"]) == "report"
    assert c.genre(kazan, kazan.statement["st-kommersant-readiness"]) == "Report"
    base = harbour.statement["st-novak-sign"]
    for occasion, genre, event, title in [
        ("Memoir", "Memoir", None, "Memoir"),
        ("Response to a question about the talks", "Response to a question about the talks", None,
         "Response to a question about the talks"),
        ("the annual harbour forum", "Statement", "Annual harbour forum", "Statement at the annual harbour forum"),
        ("Speech at the Port Council", "Speech", "Port Council", "Speech at the Port Council"),
        ("Press briefing", "Statement", "Press briefing", "Statement at a press briefing"),
    ]:
        st = dataclasses.replace(base, occasion=occasion)
        assert (c.genre(harbour, st), c.event_title(st), c.title(harbour, st)) == (genre, event, title), occasion


def test_vague_collectives_are_not_authors(kazan, harbour):
    community = kazan.statement["st-intl-community-yes-or-no"]  # a group with no members
    assert c.authors(kazan, community) == ()
    assert c.title(kazan, community) == "Statement by international community"
    cochairs = kazan.statement["st-cochairs-political-will"]  # a group whose members are named
    assert [e.id for e in c.authors(kazan, cochairs)] == ["cochair-presidents"]
    assert c.is_named(harbour.entity["mayors"])  # "The mayors of Čelić and Mərdəkan", members named


def test_an_article_with_no_stated_author_or_publisher(harbour):
    import dataclasses

    anonymous = dataclasses.replace(harbour, metadata=dataclasses.replace(
        harbour.metadata, authors=(), publisher=None, container=None, series=None))
    st = anonymous.statement["st-novak-sign"]
    assert c.article_byline(anonymous) is None and c.article_outlet(anonymous) is None
    assert c.article_key(anonymous) == "harbourTalksDeal2019"
    assert c.quoted_in(anonymous, st) == "Quoted in “Harbour talks: a deal in Čelić?,” March 2019, para. 2"
    assert "unknown" not in c.quoted_in(anonymous, st).lower()


def test_inner_quotes_of_a_quoted_title_become_single():
    assert c.quote_title("Two weeks after the “April war”") == "“Two weeks after the ‘April war’”"
    assert c.quote_title('The "deal"') == "“The ‘deal’”"


@pytest.mark.parametrize(("title", "quoted"), [
    ("Harbour talks: a deal in Čelić?", "“Harbour talks: a deal in Čelić?,”"),  # ? keeps the comma
    ("Deal done!", "“Deal done!,”"),
    ("Two weeks after the “April war”", "“Two weeks after the ‘April war,’”"),  # inside both quotes
    ("Who won the “April war?”", "“Who won the ‘April war?,’”"),
    ('A "deal"', "“A ‘deal,’”"),
    ("Talks 'go'", "“Talks ‘go,’”"),
    ("The mayors’", "“The mayors’,”"),  # an apostrophe, not a closing quote
    ("Talks, part 1,", "“Talks, part 1,”"),  # a repeated mark once
    ("Why? (Part 2)", "“Why? (Part 2),”"),
    ("Meeting in Kazan: Hopes and failure", "“Meeting in Kazan: Hopes and failure,”"),
])
def test_a_quoted_title_takes_the_comma_as_the_styles_give_it(title, quoted):
    """#12: the "Quoted in …" sentence quotes the title as CSL styles (citeproc-js, CMOS 17
    §6.119) do: the comma inside the quotation marks, kept after "?" or "!"."""
    assert c.quote_title(title, then=",") == quoted


def test_the_quoted_in_sentence_keeps_the_comma_after_a_question_mark(harbour):
    sentence = c.quoted_in(harbour, harbour.statement["st-novak-sign"])
    assert "“Harbour talks: a deal in Čelić?,” Northern Ledger, Coastal Affairs series, March 2019, para. 2" in sentence, sentence


@pytest.mark.parametrize(("text", "after", "joined"), [
    ("Čelić?", ",", "Čelić?,"), ("Čelić?", ".", "Čelić?"), ("Čelić?", ":", "Čelić?"), ("Čelić!", ";", "Čelić!;"),
    ("U.S.", ",", "U.S.,"), ("part 1,", ",", "part 1,"), ("Talks:", ".", "Talks:"), ("Talks", ",", "Talks,"),
])
def test_punctuation_is_joined_by_citeproc_js_table(text, after, joined):
    assert c.join_punctuation(text, after) == joined


def test_unknown_statement_is_a_clear_error(harbour):
    with pytest.raises(c.CitationError, match="did you mean 'novakSignHarbourAgreement2019'"):
        cite(harbour, "novakSignHarbourAgrement2019", style="bibtex")
    with pytest.raises(c.CitationError, match="unknown citation style"):
        cite(harbour, "st-novak-sign", style="harvard")


@pytest.mark.filterwarnings("ignore::kazan_export.errors.KazanWarning")
def test_cite_bibtex_and_csl_json_by_id_or_key(harbour):
    by_id = cite(harbour, "st-port-frank", style="bibtex")
    assert by_id == cite(harbour, "portauthorityConstructiveFrank", style="bibtex")
    keys = [e.key for e in read_bib(by_id).entries]
    assert keys == [c.article_key(harbour), "portauthorityConstructiveFrank"]
    items = json.loads(cite(harbour, "st-port-frank", style="csl-json"))
    assert [i["id"] for i in items] == [c.article_key(harbour), "portauthorityConstructiveFrank"]


def test_cite_command_is_light_and_prints_the_entry(tmp_path):
    code = ("import sys; from kazan_export.cli import main\n"
            "sys.argv=['kazan-export','cite','lavrovAnotherMeetingSet2018','--style','bibtex']\n"
            "try: main()\nexcept SystemExit: pass\n"
            "heavy=[m for m in ('docx','reportlab','lxml','citeproc') if m in sys.modules]\n"
            "sys.stderr.write('HEAVY=%s' % heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY=[]" in proc.stderr, proc.stderr[-400:]
    assert "@misc{lavrovAnotherMeetingSet2018," in proc.stdout
    assert "Quoted in Ara Tadevosyan" in proc.stdout


def test_cite_command_reports_unknown_statement():
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "cite", "nobody2011"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: no statement has the id or key 'nobody2011'")


@pytest.mark.parametrize("text, expected", [
    ("Meeting in Kazan: Hopes and failure", "Meeting in Kazan: Hopes and Failure"),
    ("Harbour talks: a deal in Čelić?", "Harbour Talks: A Deal in Čelić?"),
    ("the “April war” and iPhone's US-made sales: of the people", "The “April War” and iPhone's US-Made Sales: Of the People"),
    ("an end-to-end e-mail about the talks after the war", "An End-to-End e-Mail about the Talks after the War"),
    ("over the top. and then — the end", "Over the Top. and Then — the End"),  # "." starts no sentence
    ("minister rules out sale amid protests without a deal", "Minister Rules out Sale amid Protests without a Deal"),
    ("one (the two) three ‘the’ x 5-year-old", "One (the Two) Three ‘the’ x 5-Year-Old"),
    ("what it is for", "What It Is For"),  # the last word is capitalised, stop word or not
])
def test_title_case_is_the_csl_processors_english_title_case(text, expected):
    """#12 point 11: the .bib titles are cased as citeproc-js (Zotero) and `cite` print
    text-case="title": one list of words kept lower-case ("out", "amid", "without"), where the
    .bib once had the CSL specification's shorter list (tests/test_titlecase.py judges it)."""
    assert c.title_case(text) == expected


def test_the_quoted_in_sentence_gives_the_article_date_it_states(harbour, kazan):
    """The pointer to the article is a full citation of it, its date included when the article
    states one (a user trial: the .bib and RIS sentences left it out); an unknown date is left
    out, as the styles' "n.d." says it."""
    st = harbour.statements[0]
    assert ", March 2019, para. 2" in c.quoted_in(harbour, st)
    undated = dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, published=None))
    assert c.quoted_in(undated, st).endswith("Coastal Affairs series, para. 2")
    assert "n.d." not in c.quoted_in(kazan, kazan.statements[0])


def test_a_plural_event_is_not_a_one(harbour):
    """'Statement at a pipeline talks in Tbilisi' (RIS TI, a BibTeX or CSL title) was found on
    a new article: an event named by a plural noun takes "the", a singular one "a"/"an"."""
    import dataclasses

    base = harbour.statement["st-novak-sign"]
    for occasion, title in [
        ("Pipeline talks in Tbilisi", "Statement at the pipeline talks in Tbilisi"),
        ("Hearings on the budget", "Statement at the hearings on the budget"),
        ("Informal consultations in Geneva", "Statement at the informal consultations in Geneva"),
        ("Negotiations", "Statement at the negotiations"),
        ("Congress of the party", "Statement at a congress of the party"),  # -ss: singular
        ("Annual conference", "Statement at an annual conference"),
        ("Press briefing", "Statement at a press briefing"),
    ]:
        st = dataclasses.replace(base, occasion=occasion)
        assert c.title(harbour, st) == title, occasion


def test_particle_names_are_people_s_names_with_lower_case_words(harbour):
    """Only people's and authors' names with a lower-case word among capitalised ones are kept
    from title case; a group's or body's name is title words, a lone capitalised name needs nothing."""
    import dataclasses

    from kazan_export.model import Author

    people = {"novak": ("van der Berg", "Jan"), "mammadova": ("al-Hāshimī", "Khalid")}
    entities = tuple(dataclasses.replace(e, family=people[e.id][0], given=people[e.id][1],
                                         name=f"{people[e.id][1]} {people[e.id][0]}") if e.id in people else e
                     for e in harbour.entities)
    article = dataclasses.replace(harbour, entities=entities, metadata=dataclasses.replace(
        harbour.metadata, authors=(Author("de la Cruz", "Ana"), Author("Smith", "Ann"))))
    names = c.particle_names(article)
    assert set(names) == {"Jan van der Berg", "Ana de la Cruz", "Khalid al-Hāshimī", "van der Berg", "de la Cruz",
                          "al-Hāshimī"}
    assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)
    assert c.particle_names(harbour) == ()  # "The mayors of Čelić and Mərdəkan" is a group's
