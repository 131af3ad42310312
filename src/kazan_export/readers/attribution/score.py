"""Measure proposed statements against a hand-made gold standard (the benchmark and the tests).

A statement of several speakers ("A and B said") counts once for each. A proposed statement
*matches* a gold one of the same kind when they stand in the same paragraph(s) and their texts
overlap (one-to-one, largest overlap first). For the matched
ones: the *speaker* is right when the proposed entity's names (name and variants, folded)
share one with the gold speaker's, or the family names agree, or — for organisations, groups
and unnamed sources — one's name is contained in the other's name or description or their
content words overlap by half; the *date* is consistent when both are unknown, or both are
known and the intervals they denote overlap (``2011-06-15?`` is consistent with
``2011-06-15``; ``2011-06-22`` with ``../2011-06-24``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kazan_export.dates import parse_edtf
from kazan_export.model import Article, Entity, Metadata, Paragraph, Section
from kazan_export.readers.attribution.words import fold

GENERIC = frozenset("the a an of in on at for and to some source sources group".split())


@dataclass
class Item:
    kind: str
    paragraphs: tuple[int, ...]  # 0-based indexes in reading order
    spans: dict[int, tuple[int, int]]  # paragraph index -> (start, end)
    text: str
    speaker: Entity
    date: str | None


@dataclass
class Scores:
    """Counts behind the reported figures."""

    gold_direct: int = 0
    found_direct: int = 0
    proposed_direct: int = 0
    matched_proposed_direct: int = 0
    speaker_right: int = 0
    date_consistent: int = 0
    date_exact: int = 0
    gold_reported: int = 0
    found_reported: int = 0
    proposed_reported: int = 0
    reported_speaker_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, other: "Scores") -> "Scores":
        out = Scores()
        for f in dataclasses.fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            setattr(out, f.name, a + b)
        return out

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def direct_recall(self) -> float:
        return self._ratio(self.found_direct, self.gold_direct)

    @property
    def direct_precision(self) -> float:
        return self._ratio(self.matched_proposed_direct, self.proposed_direct)

    @property
    def direct_f1(self) -> float:
        p, r = self.direct_precision, self.direct_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_right, self.found_direct)

    @property
    def date_accuracy(self) -> float:
        return self._ratio(self.date_consistent, self.found_direct)

    @property
    def reported_recall(self) -> float:
        return self._ratio(self.found_reported, self.gold_reported)

    @property
    def reported_precision(self) -> float:
        return self._ratio(self.found_reported, self.proposed_reported)

    def row(self) -> dict[str, str]:
        pct = lambda x: f"{100 * x:.0f} %"  # noqa: E731
        return {
            "direct found (recall)": f"{self.found_direct}/{self.gold_direct} = {pct(self.direct_recall)}",
            "direct precision": f"{self.matched_proposed_direct}/{self.proposed_direct} = {pct(self.direct_precision)}",
            "direct F1": f"{self.direct_f1:.2f}",
            "speaker right (of found)": f"{self.speaker_right}/{self.found_direct} = {pct(self.speaker_accuracy)}",
            "date consistent (of found)": f"{self.date_consistent}/{self.found_direct} = {pct(self.date_accuracy)}"
                                          f" (exact {self.date_exact})",
            "reported found (recall)": f"{self.found_reported}/{self.gold_reported} = {pct(self.reported_recall)}",
            "reported precision": f"{self.found_reported}/{self.proposed_reported} = {pct(self.reported_precision)}",
            "reported speaker right": f"{self.reported_speaker_right}/{self.found_reported}",
        }


def _spans(texts: list[str], first: int, text: str, prefix: str | None) -> dict[int, tuple[int, int]] | None:
    for count in range(1, 8):
        joined = "\n".join(texts[first:first + count])
        i = joined.find((prefix or "") + text)
        if i >= 0:
            start = i + len(prefix or "")
            end, out, offset = start + len(text), {}, 0
            for k, t in enumerate(texts[first:first + count]):
                lo, hi = max(start, offset), min(end, offset + len(t))
                if lo < hi:
                    out[first + k] = (lo - offset, hi - offset)
                offset += len(t) + 1
            return out
    return None


def items(article: Article) -> list[Item]:
    """Return the statements of ``article`` located in its paragraphs."""
    order = {pid: n for n, pid in enumerate(article.paragraphs)}
    texts = [p.text for p in article.paragraphs.values()]
    out = []
    for st in article.statements:
        first = order[st.anchor.paragraphs[0]]
        spans = _spans(texts, first, st.text, st.anchor.prefix) or {first: (0, len(texts[first]))}
        for who in st.speakers:  # "A and B said": one statement for each speaker, as the gold has it
            out.append(Item(st.kind, tuple(sorted(spans)), spans, st.text, article.entity[who], st.date))
    return out


def _overlap(a: Item, b: Item) -> int:
    total = 0
    for p, (s1, e1) in a.spans.items():
        if p in b.spans:
            s2, e2 = b.spans[p]
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text or "")) if w not in GENERIC}


def same_speaker(mine: Entity, gold: Entity) -> bool:
    """Return True if ``mine`` is the speaker ``gold`` means (see the module's definition)."""
    a = {fold(n) for n in mine.names()}
    b = {fold(n) for n in gold.names()}
    if a & b:
        return True
    if mine.kind == "person" and gold.kind == "person":
        fa = fold(mine.family or mine.name.split()[-1])
        fb = fold(gold.family or gold.name.split()[-1])
        return fa == fb
    strip = lambda s: re.sub(r"^(?:the|a|an)\s+", "", s.strip(" “”\"'"))  # noqa: E731
    hay = " ".join(fold(x) for x in (*gold.names(), gold.description or ""))
    mine_hay = " ".join(fold(x) for x in (*mine.names(), mine.description or ""))
    if any(strip(n) and strip(n) in hay for n in a) or any(strip(n) and strip(n) in mine_hay for n in b):
        return True
    wa, wb = _words(" ".join(mine.names())), _words(" ".join(gold.names()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _range(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    d = parse_edtf(text)
    return d.earliest(), d.latest()


def consistent(mine: str | None, gold: str | None) -> bool:
    if mine is None or gold is None:
        return mine is None and gold is None
    (a1, a2), (b1, b2) = _range(mine), _range(gold)
    return a1 <= b2 and b1 <= a2


def score(proposed: Article, gold: Article) -> Scores:
    """Return the counts of ``proposed``'s statements measured against ``gold``'s."""
    return score_items(items(proposed), items(gold), proposed)


def score_items(mine: list[Item], gold: list[Item], article: Article | None = None) -> Scores:
    s = Scores()
    s.gold_direct, s.gold_reported = _count(gold, "direct"), _count(gold, "reported")
    s.proposed_direct, s.proposed_reported = _count(mine, "direct"), _count(mine, "reported")
    for kind in ("direct", "reported"):
        pairs = sorted(((_overlap(m, g), i, j) for i, m in enumerate(mine) if m.kind == kind
                        for j, g in enumerate(gold) if g.kind == kind), reverse=True)
        used_m, used_g = set(), set()
        for ov, i, j in pairs:
            if ov <= 0 or i in used_m or j in used_g:
                continue
            used_m.add(i)
            used_g.add(j)
            m, g = mine[i], gold[j]
            right = same_speaker(m.speaker, g.speaker)
            if kind == "direct":
                s.found_direct += 1
                s.matched_proposed_direct += 1
                s.speaker_right += right
                s.date_consistent += consistent(m.date, g.date)
                s.date_exact += (m.date == g.date)
                if not right or not consistent(m.date, g.date):
                    s.wrong.append(f"p{g.paragraphs[0] + 1}: {g.text[:50]!r} gold {g.speaker.name} {g.date} "
                                   f"/ proposed {m.speaker.name} {m.date}")
            else:
                s.found_reported += 1
                s.reported_speaker_right += right
                if not right:
                    s.wrong.append(f"reported p{g.paragraphs[0] + 1}: {g.text[:50]!r} gold {g.speaker.name} "
                                   f"/ proposed {m.speaker.name}")
        s.misses += _unmatched(gold, kind, used_g)
        s.extra += _unmatched(mine, kind, used_m)
    return s


def _count(found: list[Item], kind: str) -> int:
    """Return how many of ``found`` are of ``kind``."""
    return sum(1 for it in found if it.kind == kind)


def _unmatched(found: list[Item], kind: str, used: set[int]) -> list[str]:
    """Return a line for each item of ``found`` of ``kind`` whose index is not in ``used``."""
    return [f"{kind} p{it.paragraphs[0] + 1}: {it.text[:60]!r} ({it.speaker.name})"
            for i, it in enumerate(found) if it.kind == kind and i not in used]


# --- the development set ------------------------------------------------------------------
@dataclass
class DevArticle:
    name: str
    article: Article  # no statements: what a reader would give the engine
    gold: list[Item]


def read_devset(folder: Path) -> list[DevArticle]:
    """Return the articles of the development set (``NAME.txt`` + ``NAME.gold.yaml``)."""
    import yaml

    out = []
    for txt in sorted(folder.glob("*.txt")):
        raw = txt.read_text(encoding="utf-8").splitlines()
        lines = [ln for ln in raw if not ln.startswith("#")]
        # "# published: 2025-03-13": the date the article states (what --published or a page's
        # markup would give the reader); without it the metadata leaves the date unknown
        stated = [ln.split(":", 1)[1].strip() for ln in raw if ln.startswith("# published:")]
        blocks, cur = [], []
        for ln in lines:
            if ln.strip():
                cur.append(ln.strip())
            elif cur:
                blocks.append(" ".join(cur))
                cur = []
        if cur:
            blocks.append(" ".join(cur))
        title, body = blocks[0], blocks[1:]
        paragraphs = tuple(Paragraph(f"p{n:02d}", t) for n, t in enumerate(body, start=1))
        article = Article(txt.stem, Metadata(title, (), "Wikinews", "en", published=stated[0] if stated else None),
                          (Section("body", None, paragraphs),), source=str(txt))
        gold_data = yaml.safe_load(txt.with_suffix(".gold.yaml").read_text(encoding="utf-8"))
        gold = []
        texts = [p.text for p in paragraphs]
        for k, g in enumerate(gold_data["statements"]):
            first = int(g["paragraph"]) - 1
            spans = _spans(texts, first, g["text"], None)
            if spans is None:
                raise ValueError(f"{txt.name}: gold statement {k + 1} is not found verbatim in paragraph {first + 1}")
            ent = Entity(f"g{k}", g["speaker"], g.get("speaker_kind", "person"),
                         family=g["speaker"].split()[-1] if g.get("speaker_kind", "person") == "person" else None,
                         description=g["speaker"] if g.get("speaker_kind") in ("anonymous", "group") else None)
            date = None if str(g.get("date", "unknown")) == "unknown" else str(g["date"])
            gold.append(Item(g["kind"], tuple(sorted(spans)), spans, g["text"], ent, date))
        out.append(DevArticle(txt.stem, article, gold))
    return out


def strip(article: Article) -> Article:
    """Return ``article`` as a reader would give it: no statements, no entities, no repeats."""
    sections = tuple(dataclasses.replace(s, heading=dataclasses.replace(s.heading, repeats=None) if s.heading else None)
                     for s in article.sections)
    return dataclasses.replace(article, statements=(), entities=(), timeline=(), sections=sections,
                               briefing=dataclasses.replace(article.briefing, summary=(), background=(), outcome=(), aftermath=()))


def total(scores: Iterable[Scores]) -> Scores:
    out = Scores()
    for s in scores:
        out = out.add(s)
    return out
