"""The attribution engine's shortcuts for long paragraphs give what the plain computations give.

A paragraph of a thousand quotations made ``ingest`` take minutes: for each quotation the engine
folded the whole text before it, found every sentence of the text after it, masked a copy of
the paragraph and scanned every draft so far (#13). Each shortcut that replaced those is checked
here against the plain computation it stands for, on made-up texts with the characters that
make folding and sentence ends tricky (combining marks, other white space, ’, Σ, abbreviations,
the invisible separator of masked quotations). How long it takes is measured, not tested:
``benchmarks/bench_long_quotes.py``.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kazan_export.model import Article, Metadata, Paragraph, Section
from kazan_export.readers.attribution import attribute
from kazan_export.readers.attribution.cues import SENTENCE_END, first_sentence_end, patterns, sentences
from kazan_export.readers.attribution.dates import Anchor, DateReader
from kazan_export.readers.attribution.dating import ParagraphDates
from kazan_export.readers.attribution.direct import _folded_first_word
from kazan_export.readers.attribution.drafts import Draft, Spans
from kazan_export.readers.attribution.engine import Engine
from kazan_export.readers.attribution.rules import load_rules
from kazan_export.readers.attribution.words import fold

RULES = load_rules("en")
PATS = patterns(RULES)
PIECES = ["Dr.", "U.S.", "e.g.", "said", "Σ", "ΟΔΟΣ", "e\u0301", "\u0301", "’", "'s", "“", "”", "\u2063",
          ".", "?", "!", "…", ",", " ", "  ", "\u00a0", "\u3000", "\n", "The", "Mr", "known", "as",
          "called", "In", "June", "2011", "Lavrov", "told", "reporters", "that", "a", "of"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def article(*paragraphs: str) -> Article:
    body = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(paragraphs, start=1))
    return Article("made-up", Metadata("Made up", (), "Nobody", "en"), (Section("lead", None, body),))


def sentences_as_before(text: str) -> list[tuple[int, int]]:
    """The sentence spans as the engine found them before #13: the word before each sentence end
    taken from the whole text before it."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        word = text[:m.start() + 1].split()[-1].lower() if text[:m.start() + 1].split() else ""
        if word in PATS.abbreviations or re.fullmatch(r"[a-z]\.", word) or re.fullmatch(r"(?:[a-z]\.){2,}", word):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@settings(max_examples=300)
@given(TEXTS, st.integers(0, 60))
def test_sentences_and_the_first_sentence_after_a_point_are_as_before(text, start):
    assert sentences(text, PATS) == sentences_as_before(text)
    start = min(start, len(text))
    assert first_sentence_end(text, start, PATS) == start + sentences_as_before(text[start:])[0][1]


@settings(max_examples=300)
@given(TEXTS, st.integers(0, 60), st.integers(1, 64))
@example("He was known as" + " " * 30 + "\u0301" * 3, 60, 4)  # only white space is left of the window
def test_the_folded_words_before_and_after_a_quotation_are_those_of_the_whole_text(text, at, window):
    quotations = Engine(article("Some text."), RULES).quotations
    end = min(at, len(text))
    whole = fold(text[:end].rstrip())
    tail = quotations._folded_before(text, end, window)  # a small window: the cut is tried too
    assert whole.endswith(tail) and whole.split()[-1:] == tail.split()[-1:]
    assert [whole.endswith(w) for w in quotations.name_before] == [tail.endswith(w) for w in quotations.name_before]
    after = fold(text[end:].lstrip())
    assert _folded_first_word(text, end) == (re.split(r"[\s,.;:!?]+", after, maxsplit=1)[0] if after else "")


@settings(max_examples=200)
@given(TEXTS, st.integers(0, 60))
def test_the_sentence_of_a_position_is_the_first_that_holds_it_or_ends_there(text, pos):
    quotations = Engine(article(text or "x"), RULES).quotations
    text = text or "x"
    expected = next(((a, b) for a, b in sentences(text, PATS) if a <= pos < b or pos == b), (0, len(text)))
    assert quotations.sentence_of(0, pos) == expected


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40), st.integers(0, 12)), max_size=30),
       st.integers(0, 2), st.integers(0, 40), st.integers(1, 12))
@example([(0, 5, 3)], 0, 2, 3)  # a draft that starts where the span ends
@example([(0, 2, 3)], 0, 5, 3)  # one that ends where it starts
@example([(1, 2, 0)], 1, 1, 3)  # an empty one inside it
def test_a_span_overlaps_a_draft_exactly_when_one_of_the_same_paragraph_crosses_it(drafts, n, start, width):
    made = [Draft(p, p if k % 5 else p + 1, s, "direct", "x" * w, None, None, 0.5, None, [])
            for k, (p, s, w) in enumerate(drafts)]
    spans = Spans()
    for d in made:
        spans.add(d)
    end = start + width
    assert spans.overlaps(n, start, end) == any(
        o.para == n and o.last == n and o.start < end and start < o.start + len(o.text) for o in made)


def test_each_statement_gets_the_date_of_the_latest_dated_sentence_before_it():
    masked = "On June 3, 2011 the talks began. Nothing was said. On June 5 they ended. Then more."
    sents = sentences(masked, PATS)
    anchor = Anchor(year=2011)
    dates = ParagraphDates(0, masked, sents, anchor, DateReader(RULES))
    assert [dates(a)[0] for a, _ in sents] == ["2011-06-03", "2011-06-03", "2011-06-05", "2011-06-05"]
    assert dates(len(masked) - 1)[1] == "date: 'June 5' (p01)"


def test_a_paragraph_of_many_quotations_is_attributed_as_one_of_a_few():
    """The drafts of a long paragraph are those of its sentences on their own: the shortcuts
    (an index of the drafts, a sentence found by bisection, a folded window) lose nothing."""
    sentences_ = [f"“The council would wait {k} weeks for the vote,” said Mayor Jana Novak." if k % 2 else
                  f"Novak said that the port would open berth {k} in June." for k in range(1, 301)]
    long = attribute(article("Harbour talks went on.", " ".join(sentences_)))
    assert [s.text for s in long.statements] == [
        s.text for k in range(0, 300, 30) for s in attribute(article("Harbour talks went on.", " ".join(sentences_[k:k + 30]))).statements]
    assert len(long.statements) == 300 and {long.entity[s.speakers[0]].name for s in long.statements} == {"Jana Novak"}
