"""The plain-text reader: layout detection, title, headings, byline and closing lines, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kazan_export.errors import SourceError
from kazan_export.readers.source import check
from kazan_export.readers.draft import Block, byline_names, find_tail, is_closing, looks_like_heading, trim
from kazan_export.readers.text import read_text, wrapped
from kazan_export.writers.yaml import render_yaml

from conftest import FIXTURES, SEED, only_problem

INGEST = FIXTURES / "ingest"


def lines_of(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_kazan_seed_has_the_bundled_sources_structure(kazan):
    article = read_text(SEED.read_bytes(), name=str(SEED))
    assert article.text_lines() == lines_of(SEED)
    assert article.text_lines() == kazan.text_lines()
    assert article.metadata.title == kazan.metadata.title
    assert [s.heading.text if s.heading else None for s in article.sections] == \
           [s.heading.text if s.heading else None for s in kazan.sections]
    assert [[p.text for p in s.paragraphs] for s in article.sections] == \
           [[p.text for p in s.paragraphs] for s in kazan.sections]
    assert list(article.paragraphs) == list(kazan.paragraphs)  # p01 … p63, as the bundled source
    assert [p.text for p in article.byline] == [p.text for p in kazan.byline]
    assert [p.text for p in article.closing] == [p.text for p in kazan.closing]
    assert [(a.family, a.given) for a in article.metadata.authors] == [("Tadevosyan", "Ara")]
    assert article.statements == () and article.entities == ()
    # what the text does not state stays unknown
    m = article.metadata
    assert (m.publisher, m.published, m.url, m.language) == (None, None, None, "und")
    assert m.rights == "«Modern History» - is the special project of the Mediamax media company. All rights reserved."


def test_blank_line_paragraphs_wrapped_over_lines_are_joined():
    path = INGEST / "ferry-strike.txt"
    article = read_text(path.read_bytes(), name=str(path))
    assert article.text_lines() == (INGEST / "ferry-strike.expected.txt").read_text(encoding="utf-8").splitlines()
    assert [s.heading.text for s in article.sections if s.heading] == ["Talks at the ministry", "What comes next"]
    # the "By …" line under the title is kept above the text (not its first paragraph), and names the authors
    assert [p.text for p in article.front] == ["By Marta Quintana and Jonas Berg"]
    assert article.sections[0].paragraphs[0].text.startswith("Crews on the island ferries walked out")
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Marta", "Quintana"), ("Jonas", "Berg")]
    assert [p.text for p in article.closing] == ["Photos by Nils Ek.", "© 2024 Northern Ledger. All rights reserved."]
    assert article.metadata.credits == (("photos", "Photos by Nils Ek."),)
    assert article.metadata.rights == "© 2024 Northern Ledger. All rights reserved."


def test_one_paragraph_per_line_without_blank_lines():
    text = ("A quiet week in Tarn\n"
            "The river rose by two metres on Sunday, the water board said in a statement on its website.\n"
            "Flooded roads\n"
            "Three roads were closed near the old bridge, and the ferry did not run for most of the day.\n"
            "Residents said the water had not been this high since the spring of 1998 or even earlier.\n")
    article = read_text(text, name="tarn.txt")
    assert article.metadata.title == "A quiet week in Tarn"
    assert [len(s.paragraphs) for s in article.sections] == [1, 2]
    assert article.sections[1].heading.text == "Flooded roads"
    assert article.text_lines() == text.splitlines()


def test_crlf_and_bom_and_surrounding_spaces():
    text = "\ufeffTitle of it\r\n\r\n  First paragraph, with spaces around it.  \r\n\r\nSecond one.\r\n"
    article = read_text(text.encode("utf-8"), name="crlf.txt")
    assert article.metadata.title == "Title of it"
    assert [p.text for p in article.paragraphs.values()] == ["First paragraph, with spaces around it.", "Second one."]


@pytest.mark.parametrize("line, heading", [
    ("Talks at the ministry", True),
    ("“Say ‘yes’ or ‘no’”", True),
    ("The address said:", False),
    ("He left.", False),
    ("What now?", False),  # final punctuation: a paragraph
    ("and then they left", False),  # starts in lower case
    ("x" * 130, False),
])
def test_heading_rule(line, heading):
    assert looks_like_heading(line) is heading


def test_byline_and_closing_are_found_by_their_form_not_by_kazan_wording():
    assert byline_names("By Jane Doe") == ["Jane Doe"]
    assert byline_names("by Jane Doe, staff writer") == ["Jane Doe"]
    assert byline_names("Leyla Əliyeva and Anna Petrosyan") == ["Leyla Əliyeva", "Anna Petrosyan"]
    assert byline_names("By our correspondent") == []
    assert byline_names("By Reuters") == []  # a byline, but not a person's name
    assert byline_names("By the numbers") is None
    assert byline_names("Di Maio wins") is None
    assert byline_names("von Anna Schmidt") == ["Anna Schmidt"]
    assert byline_names("Pressure from Moscow") is None
    assert byline_names("The meeting ended.") is None
    for line in ("© 2020 Example Media", "Copyright 2019 The Ledger", "All rights reserved.",
                 "Photo: Jane Doe/Agency", "Additional reporting by Tom Ray", "This article was first published in 2019."):
        assert is_closing(line), line
    assert not is_closing("The photographer said the picture was staged.")
    blocks = [Block("paragraph", t) for t in ("A long paragraph of the article that says something.",
                                              "Another paragraph.", "Jane Doe", "Illustrations by Tom Ray.",
                                              "The Weekly is published by Example Media.")]
    tail = find_tail(blocks)
    assert (tail.byline, tail.closing) == (2, 3)


def test_an_article_ending_in_a_name_heading_keeps_its_paragraphs():
    text = ("Portraits\n\nAn introduction to the people of the town, in their own words.\n\n"
            "Ivo Novak\n\nThe baker has worked here for forty years and says little about it.\n")
    article = read_text(text, name="portraits.txt")
    assert [s.heading.text for s in article.sections if s.heading] == ["Ivo Novak"]
    assert article.byline == () and article.closing == ()


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty"),
    (b"  \n\n\t\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "is a binary file"),
    ("Titre\n\nUn paragraphe en français.\n".encode("latin-1") + b"\xe9t\xe9\n", "is not UTF-8"),
    ("Title\n\nText.\n".encode("utf-16"), "is UTF-16"),
    (b"Only a title\n", "has no article text"),
])
def test_bad_input_is_one_clear_problem(raw, message):
    problem = only_problem(read_text, raw, "bad.txt")
    assert message in problem.message
    assert "\n" not in str(problem)


def test_not_utf8_names_the_line_and_column():
    raw = "Title\n\nGood line.\n\nCafé".encode("utf-8")[:-2] + b"\xe9 au lait.\n"
    problem = only_problem(read_text, raw, "latin.txt")
    assert (problem.line, problem.column) == (5, 4)
    assert str(problem).startswith("latin.txt:5:4: is not UTF-8 text; re-save the file as UTF-8")


def test_control_characters_are_refused_with_their_place():
    problem = only_problem(read_text, "Title\n\nA bell \x07 rings.\n".encode("utf-8"), "bell.txt")
    assert (problem.line, problem.column) == (3, 8) and "U+0007" in problem.message


def test_page_breaks_and_unicode_line_separators_separate_paragraphs():
    article = read_text("Title\nOne.\x0cTwo.\u2028Three.\x85Four.\n\ufeff\n", name="ff.txt")
    assert [p.text for p in article.paragraphs.values()] == ["One.", "Two.", "Three.", "Four."]


LINE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=2, max_size=8), st.booleans())
def test_any_text_gives_a_draft_that_validates_and_reads_back(tmp_path_factory, lines, blank):
    """Whatever the lines, the draft validates and `text` gives back every paragraph."""
    raw = ("\n\n" if blank else "\n").join(lines) + "\n"
    try:
        article = read_text(raw.encode("utf-8", "surrogatepass"), name="any.txt")
    except SourceError as exc:  # empty, control characters, no paragraph: refused, with a reason
        assert len(exc.problems) == 1
        return
    groups: list[list[tuple[int, str]]] = [[]]
    for line in raw.splitlines():
        if trim(line):
            groups[-1].append((0, trim(line)))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    if wrapped(groups):  # the layout decision is tested above; here: nothing lost either way
        expected = [" ".join(line for _, line in g) for g in groups]
    else:
        expected = [line for g in groups for _, line in g]
    assert article.text_lines() == expected
    path = tmp_path_factory.mktemp("any") / "draft.yaml"
    path.write_text(render_yaml(article), encoding="utf-8")
    loaded, problems = check(path)
    assert loaded is not None, [str(p) for p in problems]
    assert loaded.text_lines() == article.text_lines()


@pytest.mark.parametrize("title", ["LPT0", "Con", "nul", "COM9"])
def test_a_title_windows_cannot_name_a_file_after_gives_an_id_it_can(tmp_path, title):
    """Outputs are named after the article id: a draft never proposes one validate refuses."""
    article = read_text(f"{title}\n\nThe first paragraph of the story.\n\nThe second one.\n".encode(), name="con.txt")
    assert article.id == f"{title.lower()}-article"
    path = tmp_path / "draft.yaml"
    path.write_text(render_yaml(article), encoding="utf-8")
    loaded, problems = check(path)
    assert loaded is not None and loaded.id == article.id, [str(p) for p in problems]


def test_titles_and_headings_in_other_scripts_get_transliterated_ids():
    raw = "Переговоры в Баку\n\nПервый день\n\nДелегации прибыли утром и начали работу.\n".encode()
    article = read_text(raw, name="baku.txt")
    assert article.id == "peregovory-v-baku"
    assert [s.heading.id for s in article.sections if s.heading] == ["h-pervyy-den"]


@pytest.mark.parametrize("dateline, published", [
    ("Baku, Friday, March 14, 2025", "2025-03-14"),
    ("Friday, October 10, 2025", "2025-10-10"),
    ("Saturday 3 May 2025", "2025-05-03"),
    ("Aktau, Kazakhstan, 3 May 2025", "2025-05-03"),
    ("NEW YORK — March 3, 2024", "2024-03-03"),
    ("Rio de Janeiro, 3 May 2025", "2025-05-03"),
    ("Baku, Friday, March 14", None),  # no year: the article's date stays unknown
    ("BAKU (Reuters) —", None),
])
def test_a_dateline_under_the_title_is_text_and_gives_the_articles_date(dateline, published):
    for top in ("", "By Nigar Həsənova\n\n"):
        raw = f"Ferry talks stall\n\n{top}{dateline}\n\nTalks ended on Thursday without a deal.\n".encode()
        article = read_text(raw, name="ferry.txt")
        assert [s.heading for s in article.sections] == [None]
        assert dateline in article.text_lines()
        assert article.metadata.published == published


def test_an_agency_dateline_starting_the_first_paragraph_gives_its_date():
    article = read_text("Ferry talks stall\n\nBAKU, March 14, 2025 (Reuters) — Talks ended on Thursday.\n"
                        .encode(), name="ferry.txt")
    assert article.metadata.published == "2025-03-14"


@pytest.mark.parametrize("line", ["Reactions", "Talks in Baku, March 2025", "The minister, March 14, 2025"])
def test_a_heading_that_is_no_dateline_stays_a_heading(line):
    article = read_text(f"Ferry talks stall\n\n{line}\n\nTalks ended on Thursday without a deal.\n".encode(),
                        name="ferry.txt")
    assert [s.heading.text for s in article.sections if s.heading] == [line]
    assert article.metadata.published is None


@pytest.mark.parametrize("lines, published", [
    (["Published 12 March 2025"], "2025-03-12"),
    (["Posted on: 2025-03-12 10:30"], "2025-03-12"),
    (["Published: March 12, 2025, 9:15 a.m. EST"], "2025-03-12"),
    (["Published 12 March 2025 | Updated 13 March 2025"], "2025-03-12"),
    (["Updated 13 March 2025", "Published 12 March 2025"], "2025-03-12"),
    (["Last updated March 14, 2025, 10:30 GMT"], None),  # updated is not when it was published
    (["Posted 2 May 2024"], "2024-05-02"),
])
def test_a_published_line_under_the_title_is_text_and_gives_the_articles_date(lines, published):
    """"Published 12 March 2025" under the byline (as a page copied from the web has it) was
    made a heading, and the article's date stayed unknown."""
    for top in ("", "By Nora Lind\n\n"):
        raw = f"Port deal stalls\n\n{top}" + "".join(f"{line}\n\n" for line in lines) + \
              "Talks on the docks stalled on Tuesday.\n\nThe union will meet again.\n"
        article = read_text(raw.encode(), name="port.txt")
        assert [s.heading for s in article.sections] == [None]
        assert [p.text for p in article.front] == ([top.strip()] if top else []) + lines
        assert next(iter(article.paragraphs.values())).text == "Talks on the docks stalled on Tuesday."
        assert article.metadata.published == published


@pytest.mark.parametrize("line", ["Published by the Valmere Trust", "Updated rules for 2025"])
def test_a_label_without_a_date_is_no_date_line(line):
    article = read_text(f"Port deal stalls\n\n{line}\n\nTalks on the docks stalled on Tuesday.\n".encode(),
                        name="port.txt")
    assert article.metadata.published is None


def test_a_date_after_the_text_has_started_is_text():
    article = read_text(b"Port deal stalls\n\nThe board wrote to the union.\n\n12 March 2025\n\nDear members,\n",
                        name="port.txt")
    assert article.metadata.published is None and "12 March 2025" in article.text_lines()


def test_the_lines_above_the_text_are_kept_and_not_numbered_with_it(tmp_path):
    """A "By …" line, a date line and a dateline on its own line stand between the title and
    the text: they are the source's ``front``, kept as printed and in reading order, and the
    text's first paragraph is paragraph 1 (the first a reader counts, as a pinpoint "para. 1"
    says), where they once were the body's first three paragraphs."""
    from kazan_export.readers.source import load

    raw = ("Port deal stalls\n\nBy Nora Lind\n\nPublished 12 March 2025\n\nValmere, Wednesday, March 12, 2025\n\n"
           "Talks on the docks stalled on Tuesday.\n\nThe union will meet again, a spokesperson said.\n")
    article = read_text(raw.encode(), name="port.txt")
    assert [p.text for p in article.front] == ["By Nora Lind", "Published 12 March 2025",
                                               "Valmere, Wednesday, March 12, 2025"]
    first = next(iter(article.paragraphs.values()))
    assert first.text == "Talks on the docks stalled on Tuesday." and article.paragraph_number[first.id] == 1
    assert article.text_lines() == [line for line in raw.splitlines() if line]
    assert article.metadata.published == "2025-03-12"
    path = tmp_path / "port.yaml"
    path.write_text(render_yaml(article), encoding="utf-8")
    back = load(path)
    assert back.front == article.front and back.text_lines() == article.text_lines()


@pytest.mark.parametrize("lead", ["The government will keep the docks in public hands, the minister said.",
                                  "Talks on the docks stalled on Tuesday."])
def test_a_by_line_or_a_date_line_below_a_first_paragraph_is_no_heading(lead):
    """A standfirst above the "By …" and "Published …" lines (as many news pages have it) keeps
    them out of `front`; they stay text, as before, but were made headings and the authors the
    "By …" line names were lost."""
    raw = (f"Minister rules out sale of docks\n\n{lead}\n\nBy Nora Lind\n\nPublished 12 March 2025\n\n"
           "The minister said on Tuesday that the docks would stay.\n\nThe union welcomed it.\n")
    article = read_text(raw.encode(), name="docks.txt")
    assert [s.heading for s in article.sections] == [None]
    assert [p.text for p in article.sections[0].paragraphs][1:3] == ["By Nora Lind", "Published 12 March 2025"]
    assert [(a.given, a.family) for a in article.metadata.authors] == [("Nora", "Lind")]
    assert article.text_lines() == [line for line in raw.splitlines() if line]


def test_a_fifth_date_line_is_no_heading():
    raw = ("Port deal stalls\n\nPublished 12 March 2025\n\n" + "".join(f"Updated {d} March 2025\n\n" for d in (13, 14, 15, 16))
           + "Talks on the docks stalled on Tuesday.\n\nThe union will meet again.\n")
    article = read_text(raw.encode(), name="port.txt")
    assert [s.heading for s in article.sections] == [None]
    assert article.metadata.published == "2025-03-12"
    assert article.text_lines() == [line for line in raw.splitlines() if line]
