"""Whatever the paragraphs, the engine returns a draft that passes the integrity checks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kazan_export.model import Article, Heading, Metadata, Paragraph, Section
from kazan_export.readers.attribution import attribute
from kazan_export.readers.checks import check_integrity

WORDS = ["said", "told", "that", "according", "to", "the", "minister", "he", "she", "they", "Novak", "Jana",
         "Dr.", "U.S.", "Ó", "Briain", "White", "House", "Ministry", "a", "source", "in", "On", "June", "14",
         "2011", "the same day", "10 days before the meeting", "ahead of the summit", "stated", "noted",
         "“", "”", '"', "«", "»", "„", "‘", "’", "'", ",", ".", ":", ";", "?", "!", "…", "—", "(", ")",
         "statement", "of", "agrees", "with", "’s", "and", "expressed", "confidence", "In", "April", "2018",
         "\u0301", "\u200d", "e\u0301", "Ter-Petrosyan", "FM", "the diplomat", "an expert familiar with"]

paragraph = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=6), st.booleans())
def test_any_paragraphs_give_a_valid_draft(texts, headed):
    paragraphs = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(texts, start=1))
    half = max(1, len(paragraphs) // 2)
    sections = (Section("lead", None, paragraphs[:half]),)
    if paragraphs[half:]:
        sections += (Section("s2", Heading("h2", "“Heading”") if headed else None, paragraphs[half:]),)
    article = Article("x", Metadata("T", (), "P", "en"), sections)
    out = attribute(article)
    errors = [str(p) for p in check_integrity(out, {}) if p.severity == "error"]
    assert errors == []
    assert [p.text for s in out.sections for p in s.paragraphs] == list(texts)


def test_a_text_that_overlaps_itself_gets_a_prefix():
    """"minister said said said said" gave the statement "said said said", which occurs twice
    (overlapping) in the paragraph: the anchor check refused the draft (a random draw found it)."""
    article = Article("x", Metadata("T", (), "P", "en"), (Section("lead", None, (Paragraph("p1", "minister said said said said"),)),))
    out = attribute(article)
    assert [str(p) for p in check_integrity(out, {}) if p.severity == "error"] == []
