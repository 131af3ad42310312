"""Read a YAML source into an :class:`~kazan_export.model.Article`, collecting every problem.

:mod:`kazan_export.readers.positions` parses the YAML, keeping the line and column of every
value; :mod:`kazan_export.readers.checks` checks the data against the JSON Schema
(``schema/article.schema.json``, with ``jsonschema-rs``); the data is then built into the
model and checked for integrity. All problems are reported together as ``file:line:col``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kazan_export import resources
from kazan_export.errors import Problem, SourceError
from kazan_export.model import (
    Anchor, Article, Author, Briefing, Entity, Event, Heading, Metadata, Paragraph, Point,
    Review, Section, Statement,
)
from kazan_export.readers import checks, integrity, limits
from kazan_export.readers.positions import Marks, read_yaml


NOT_GIVEN = ("none", "unknown")  # a recommended field the article has none of / does not state


def _tuples(items: Any, kind: type, **extra: Any) -> tuple:
    return tuple(kind(**{**item, **{k: f(item) for k, f in extra.items()}}) for item in items or ())


def build(data: dict, source: str = "<memory>") -> Article:
    """Return the model built from schema-valid data (no integrity checks)."""
    unknown = lambda v: None if v == "unknown" else v  # noqa: E731
    m = data["metadata"]
    not_given = tuple((f, m[f]) for f in ("series", "container", "rights", "coverage", "keywords")
                      if m.get(f) in NOT_GIVEN)
    given = lambda f: None if m.get(f) in NOT_GIVEN else m.get(f)  # noqa: E731
    metadata = Metadata(
        title=m["title"], authors=() if m["authors"] == "unknown" else _tuples(m["authors"], Author),
        publisher=unknown(m["publisher"]),
        language=m["language"], series=given("series"), container=given("container"),
        rights=given("rights"), credits=tuple((m.get("credits") or {}).items()),
        published=unknown(m["published"]), url=unknown(m["url"]),
        coverage=given("coverage"), citation=m.get("citation"),
        keywords=tuple(given("keywords") or ()), not_given=not_given,
    )
    sections = tuple(
        Section(s["id"], Heading(**s["heading"]) if s["heading"] else None,
                _tuples(s["paragraphs"], Paragraph))
        for s in data["body"]
    )
    tup = lambda key: lambda d: tuple(d.get(key, ()))  # noqa: E731
    entities = _tuples(data["people"], Entity, variants=tup("variants"), roles=tup("roles"),
                       members=tup("members"))
    statements = _tuples(
        data["statements"], Statement, speakers=tup("speakers"), date=lambda d: unknown(d["date"]),
        anchor=lambda d: Anchor(**{**d["anchor"], "paragraphs": tuple(d["anchor"]["paragraphs"])}),
        review=lambda d: Review(**{**d["review"], "basis": tuple(d["review"].get("basis", ()))})
        if d.get("review") else None,
    )
    timeline = _tuples(data.get("timeline"), Event, date=lambda d: unknown(d["date"]),
                       paragraphs=tup("paragraphs"), statements=tup("statements"))
    b = data.get("briefing") or {}
    briefing = Briefing(**{k: _tuples(b.get(k), Point, statements=tup("statements"),
                                      paragraphs=tup("paragraphs"))
                           for k in ("summary", "background", "outcome", "aftermath")})
    return Article(
        id=data["id"], metadata=metadata, sections=sections,
        front=_tuples(data.get("front"), Paragraph),
        byline=_tuples(data.get("byline"), Paragraph), closing=_tuples(data.get("closing"), Paragraph),
        entities=entities, statements=statements, timeline=timeline, briefing=briefing, source=source,
    )


def check(path: str | os.PathLike | None = None) -> tuple[Article | None, list[Problem]]:
    """Return the article (or None if it has errors) and every problem found, warnings included.

    Raises nothing for a bad source: unreadable files come back as problems too.
    """
    path = Path(path) if path is not None else resources.default_source()
    try:
        data, marks = read_yaml(path)
    except SourceError as exc:
        return None, exc.problems
    return check_data(data, marks, path)


def check_data(data: Any, marks: Marks, path: str | os.PathLike) -> tuple[Article | None, list[Problem]]:
    """Return the article of ``data`` and ``marks`` from :func:`read_yaml` of ``path``, as :func:`check` does."""
    problems = checks.check_schema(data, marks, str(path)) + limits.check_characters(data, marks, str(path))
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.line, p.column, p.message))
    article = build(data, str(path))
    problems = integrity.check_integrity(article, marks) + limits.check_lengths(article, marks)
    errors = [p for p in problems if p.severity == "error"]
    return (None if errors else article), problems


def load(path: str | os.PathLike | None = None) -> Article:
    """Return the article at ``path`` (the bundled Kazan article if None).

    Raises :class:`SourceError` listing every error if the source is invalid.
    """
    article, problems = check(path)
    if article is None:
        raise SourceError([p for p in problems if p.severity == "error"])
    return article
