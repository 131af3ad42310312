"""The engine measured on the Kazan gold source and the development set: drafts validate, and
quality does not fall below floors set a few points under what was measured (docs/ingest.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kazan_export.readers.source import check, load
from kazan_export.readers.attribution import attribute
from kazan_export.readers.attribution.score import Scores, items, read_devset, score, score_items, strip, total

DEVSET = Path(__file__).resolve().parent.parent / "fixtures" / "devset"


@pytest.fixture(scope="module")
def kazan_gold():
    return load()


@pytest.fixture(scope="module")
def kazan_draft(kazan_gold):
    return attribute(strip(kazan_gold))


@pytest.fixture(scope="module")
def devset():
    return [(d, attribute(d.article)) for d in read_devset(DEVSET)]


def assert_floors(s: Scores, *, recall: float, precision: float, speaker: float, date: float,
                  reported: float) -> None:
    """Assert that each figure of ``s`` reaches its floor; a failure shows the statements behind it."""
    assert s.direct_recall >= recall, s.misses
    assert s.direct_precision >= precision, s.extra
    assert s.speaker_accuracy >= speaker, s.wrong
    assert s.date_accuracy >= date, s.wrong
    assert s.reported_recall >= reported, s.misses


def _write(tmp_path: Path, article) -> Path:  # noqa: ANN001
    yaml_writer = pytest.importorskip("kazan_export.writers.yaml")
    path = tmp_path / f"{article.id}.yaml"
    path.write_text(yaml_writer.render_yaml(article), encoding="utf-8")
    return path


def test_the_kazan_draft_passes_validate(tmp_path, kazan_draft):
    path = _write(tmp_path, kazan_draft)
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "validate", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() + proc.stdout.splitlines() if "still proposed" in ln]
    assert len(warnings) == 1
    assert f"{len(kazan_draft.statements)} of {len(kazan_draft.statements)} statements" in warnings[0]


def test_every_devset_draft_loads_without_errors(tmp_path, devset):
    for d, draft in devset:
        article, problems = check(_write(tmp_path, draft))
        assert article is not None, (d.name, [str(p) for p in problems if p.severity == "error"])
        assert len(article.statements) == len(draft.statements)


def test_every_proposal_says_what_it_rests_on(kazan_draft):
    for st in kazan_draft.statements:
        assert st.review is not None and st.review.status == "proposed"
        assert 0 < st.review.confidence <= 1
        assert any(b.startswith("speaker:") for b in st.review.basis), st.id
        if st.date is not None:
            assert any(b.startswith("date:") for b in st.review.basis), st.id


def test_kazan_quality_floor(kazan_gold, kazan_draft):
    s = score(kazan_draft, kazan_gold)
    # measured 97 % / 97 % / 100 % / 97 % / 81 % (docs/ingest.md, ## Accuracy)
    assert_floors(s, recall=0.92, precision=0.90, speaker=0.92, date=0.88, reported=0.75)


def test_heldout_quality_floor():
    drafts = [(d, attribute(d.article)) for sub in ("heldout", "heldout2") for d in read_devset(DEVSET / sub)]
    s = total(score_items(items(draft), d.gold, draft) for d, draft in drafts)
    # measured now 93 % / 100 % / 100 % / 100 % / 86 %; the first, blind runs are in docs/ingest.md
    assert s.gold_direct >= 14 and s.gold_reported >= 14
    assert_floors(s, recall=0.85, precision=0.90, speaker=0.85, date=0.85, reported=0.70)


def test_the_kazan_text_through_the_text_reader_scores_the_same(kazan_gold):
    text_reader = pytest.importorskip("kazan_export.readers.text")
    seed = Path(__file__).resolve().parent.parent / "fixtures" / "meeting-in-kazan.txt"
    article = text_reader.read_text(seed.read_bytes(), name=seed.name)
    assert [p.text for p in article.paragraphs.values()] == [p.text for p in kazan_gold.paragraphs.values()]
    s = score_items(items(attribute(article)), items(kazan_gold))
    assert s.direct_recall >= 0.92 and s.speaker_accuracy >= 0.92 and s.reported_recall >= 0.70


def test_devset_quality_floor(devset):
    s = total(score_items(items(draft), d.gold, draft) for d, draft in devset)
    # measured 100 % / 100 % / 100 % / 100 % / 100 % on the development set (docs/ingest.md)
    assert s.gold_direct >= 12 and s.gold_reported >= 11
    assert_floors(s, recall=0.90, precision=0.90, speaker=0.90, date=0.90, reported=0.80)


def test_heldout3_quality_floor(tmp_path):
    """The six fictional articles of different shapes (devset/heldout3): first blind run 49 % of
    direct quotations found, 56 % right speaker (docs/ingest.md); floors a few points under now."""
    drafts = [(d, attribute(d.article)) for d in read_devset(DEVSET / "heldout3")]
    s = total(score_items(items(draft), d.gold, draft) for d, draft in drafts)
    # measured now 100 % / 92 % / 100 % / 100 % / 88 %
    assert s.gold_direct >= 37 and s.gold_reported >= 24
    assert_floors(s, recall=0.95, precision=0.88, speaker=0.92, date=0.92, reported=0.80)
    for d, draft in drafts:  # every draft is a valid source
        article, problems = check(_write(tmp_path, draft))
        assert article is not None, (d.name, [str(p) for p in problems if p.severity == "error"])
