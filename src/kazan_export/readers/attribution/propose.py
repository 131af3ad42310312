"""From drafts to the article: the public :func:`attribute`.

:func:`attribute` runs the :class:`~.engine.Engine` on an article, tidies the drafts' texts
(:func:`~.drafts.tidy`), keeps the registry entries that speak, and turns each draft into a
:class:`~kazan_export.model.Statement`: a unique id from the speaker and the first words, an
anchor on its paragraphs (with a prefix when the words occur twice there), a citation key
(:func:`~kazan_export.citations.suggest_key`) and a :class:`~kazan_export.model.Review` of
what it rests on. A heading all in quotation marks that repeats a direct statement gets
``repeats``. Nothing else of the article changes.
"""

from __future__ import annotations

import dataclasses
import re

from kazan_export.citations import suggest_key
from kazan_export.errors import KazanError
from kazan_export.model import Anchor as TextAnchor
from kazan_export.model import Article, Review, Statement
from kazan_export.readers.attribution.drafts import Draft, tidy
from kazan_export.readers.attribution.engine import Engine
from kazan_export.readers.attribution.rules import load_rules
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.words import QUOTES, fold, slug


def attribute(article: Article, *, language: str = "en") -> Article:
    """Return a copy of ``article`` (whose statements/entities are empty) with proposed entities,
    statements (each with a Review) and nothing else changed; paragraphs are never altered."""
    rules = load_rules(language)
    engine = Engine(article, rules)
    drafts = engine.run()
    repeats = repeated(article, drafts)
    kept = [i for i, d in enumerate(drafts) if tidy(d, engine.texts)]
    repeats = {h: kept.index(i) for h, i in repeats.items() if i in kept}
    drafts = [drafts[i] for i in kept]
    used: dict[str, Record] = {}
    for d in drafts:
        for r in (d.speaker, *d.others) if d.speaker else ():
            used.setdefault(r.id, r)
    entities = tuple(r.entity() for r in engine.registry.records if r.id in used)
    para_ids = [p.id for _, p in engine.paras]
    statements: list[Statement] = []
    ids: set[str] = set()
    drafted: dict[int, str] = {}
    probe = dataclasses.replace(article, entities=entities, statements=())
    keys: set[str] = set()
    for i, d in enumerate(drafts):
        words = [w for w in re.findall(r"[^\W\d_]+", d.text) if len(w) > 3][:3]
        base = f"st-{d.speaker.id}-{slug(' '.join(words)) or 'statement'}"[:60].rstrip("-")
        sid, k = base, 2
        while sid in ids:
            sid, k = f"{base}-{k}", k + 1
        ids.add(sid)
        drafted[i] = sid
        anchor = TextAnchor(tuple(para_ids[d.para:d.last + 1]))
        st = Statement(sid, "key", (d.speaker.id, *(r.id for r in d.others)), d.kind, d.text, anchor, d.date,
                       occasion=d.occasion, place=d.place, via=d.via, role=d.role if d.role and d.role not in d.speaker.roles[:1] else None,
                       review=Review("proposed", max(0.05, min(1.0, d.confidence)), d.cue, tuple(d.basis)))
        st = _disambiguate(st, engine.texts[d.para:d.last + 1], d.start)
        statements.append(dataclasses.replace(st, key=_key(probe, st, keys)))
    sections = []
    for s in article.sections:
        if s.heading and s.heading.id in repeats:
            sections.append(dataclasses.replace(s, heading=dataclasses.replace(s.heading, repeats=drafted[repeats[s.heading.id]])))
        else:
            sections.append(s)
    return dataclasses.replace(article, entities=entities, statements=tuple(statements), sections=tuple(sections))


def repeated(article: Article, drafts: list[Draft]) -> dict[str, int]:
    """Return heading id → index of the draft it repeats (a heading all in quotation marks)."""
    out = {}
    first = 0
    for section in article.sections:
        count = len(section.paragraphs)
        h = section.heading
        if h and h.text.strip()[:1] in QUOTES and h.text.strip()[-1:] in QUOTES:
            words = {fold(w) for w in re.findall(r"\w+", h.text)}
            best, best_score = None, 0.0
            for i, d in enumerate(drafts):
                if d.kind != "direct" or not (first <= d.para < first + count + 3):
                    continue
                have = {fold(w) for w in re.findall(r"\w+", d.text)}
                score = len(words & have) / max(1, len(words))
                if score > best_score:
                    best, best_score = i, score
            if best is not None and best_score >= 0.6:
                out[h.id] = best
        first += count
    return out


def _key(probe: Article, st: Statement, keys: set[str]) -> str:
    """Return a citation key for ``st`` that is not in ``keys``, and add it there."""
    try:
        key = suggest_key(probe, st, keys)
    except KazanError:  # more than 26 statements share the words: number them
        base_key, k = suggest_key(probe, st, frozenset()), 1
        while f"{base_key}{k}" in keys:
            k += 1
        key = f"{base_key}{k}"
    keys.add(key)
    return key


def _disambiguate(st: Statement, texts: list[str], start: int) -> Statement:
    """Add a prefix when the text occurs more than once in its paragraphs (anchors must be unique)."""
    joined = "\n".join(texts)
    if _occurrences(joined, st.text) <= 1:
        return st
    for width in (12, 24, 48, 96):
        prefix = joined[max(0, start - width):start]
        if prefix.strip() and _occurrences(joined, prefix + st.text) == 1:
            return dataclasses.replace(st, anchor=dataclasses.replace(st.anchor, prefix=prefix))
    return st


def _occurrences(text: str, part: str) -> int:
    """Return how often ``part`` occurs in ``text``, overlapping ones included, as the anchor check
    counts them ("said said said" occurs twice in "said said said said"; ``str.count`` says once)."""
    n, i = 0, text.find(part)
    while i >= 0:
        n, i = n + 1, text.find(part, i + 1)
    return n
