"""The ``review`` record of a statement proposed by ingest: schema, loader, one warning."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from kazan_export.readers.source import check
from kazan_export.model import Review

GOOD = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
PROPOSED = ("    occasion: Press briefing\n    review:\n      status: proposed\n      confidence: 0.75\n"
            "      cue: Novak said\n      basis: [\"speaker: named subject 'Novak' (p2)\", \"date: 'On 4 March' (p2)\"]\n")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "article.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_review_is_read_into_the_model(tmp_path):
    article, problems = check(write(tmp_path, GOOD.replace("    occasion: Press briefing\n", PROPOSED, 1)))
    assert article is not None
    st = article.statement["st-novak-sign"]
    assert st.review == Review("proposed", 0.75, "Novak said",
                               ("speaker: named subject 'Novak' (p2)", "date: 'On 4 March' (p2)"))
    assert all(s.review is None for s in article.statements if s.id != "st-novak-sign")


def test_proposed_statements_give_one_warning_with_the_count(tmp_path):
    text = GOOD.replace("    occasion: Press briefing\n", PROPOSED, 1)
    article, problems = check(write(tmp_path, text))
    warnings = [str(p) for p in problems if "still proposed" in p.message]
    assert len(warnings) == 1 and problems[0].severity == "warning"
    total = len(article.statements)
    assert f"1 of {total} statements are still proposed by ingest" in warnings[0]
    assert "review.status: confirmed" in warnings[0]


def test_confirmed_statements_do_not_warn(tmp_path):
    text = GOOD.replace("    occasion: Press briefing\n", PROPOSED.replace("proposed", "confirmed"), 1)
    article, problems = check(write(tmp_path, text))
    assert article is not None and article.statement["st-novak-sign"].review.status == "confirmed"
    assert problems == []


def test_bad_review_is_a_schema_error(tmp_path):
    text = GOOD.replace("    occasion: Press briefing\n",
                        PROPOSED.replace("proposed", "guessed").replace("0.75", "1.5"), 1)
    article, problems = check(write(tmp_path, text))
    messages = "\n".join(p.message for p in problems)
    assert article is None
    assert "'guessed'; it must be one of: proposed, confirmed" in messages
    assert "confidence" in messages
