"""What every writer can store and lay out: the characters a source may hold, and the
length of its short texts (names, titles, labels, one-line fields).

Both are checked by ``validate`` (and so by every command that loads a source), with the
same rule the writers use (:mod:`kazan_export.text_rules`), so that a source that passes
``validate`` renders to every format.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kazan_export.errors import Problem
from kazan_export.model import Article
from kazan_export.readers.positions import Marks, position
from kazan_export.text_rules import problem

# The one rule for lengths (#14): a *short* text (a name, a title, a label, a role, an
# occasion, a place, an outlet, a keyword, the rights and credits lines, the citation, the
# URL) has at most this many characters, since writers show it on one line or a few (the
# running header and footer of every PDF page, document properties, bibliography fields,
# table cells); prose (paragraphs, headings, statements, byline and closing lines, briefing
# points, descriptions, notes) is bounded only by the source's size, and the PDF breaks it
# across pages. The limits are several times what real articles hold.
MAX_CHARACTERS = {"metadata.title": 400, "metadata.series": 300, "metadata.container": 300,
                  "metadata.publisher": 300, "metadata.authors": 200, "metadata.keywords": 200,
                  "metadata.citation": 1000, "metadata.rights": 1000, "metadata.credits": 1000,
                  "metadata.url": 2000, "people.name": 200, "people.family": 200, "people.given": 200,
                  "people.variants": 200, "people.roles": 300, "statements.occasion": 300,
                  "statements.place": 300, "statements.via": 300, "statements.role": 300,
                  "timeline.label": 500}
# Ids and citation keys (of the article, sections, paragraphs, people, statements, events):
# they name output files, anchors and bibliography entries, which other programs bound
# (file names, bookmark names); real ones are a few dozen characters.
MAX_ID_CHARACTERS = 200


def _where(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the source"


def _texts(data: Any) -> Iterator[tuple[tuple, str]]:
    """Yield ``(path, text)`` for every text in ``data`` (YAML as :mod:`.positions` reads it)."""
    todo: list[tuple[tuple, Any]] = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            todo += [((*path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            todo += [((*path, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            yield path, value


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def check_characters(data: Any, marks: Marks, file: str) -> list[Problem]:
    """Return a problem for every text in ``data`` that holds a character a source may not hold."""
    found = ((path, problem(_where(path), text)) for path, text in _texts(data))
    return _in_order([Problem(file, *position(marks, path), message) for path, message in found if message])


def id_length_problem(path: tuple, value: str) -> str | None:
    """Return the message for the id or citation key ``value`` at ``path`` if it is longer than
    :data:`MAX_ID_CHARACTERS`, else None (:mod:`.integrity` goes through the format's ids)."""
    if len(value) <= MAX_ID_CHARACTERS:
        return None
    return (f"{_where(path)} has {len(value)} characters; at most {MAX_ID_CHARACTERS} for "
            f"{'a key' if path[-1] == 'key' else 'an id'} (it names files, anchors and "
            "bibliography entries); shorten it")


def _short_texts(article: Article) -> list[tuple[tuple, str, str | None]]:
    """Return ``(path in the source, kind, text)`` for every short text of ``article``."""
    m = article.metadata
    texts = [(("metadata", k), f"metadata.{k}", getattr(m, k))
             for k in ("title", "series", "container", "publisher", "citation", "rights", "url")]
    texts += [(("metadata", "authors", i), "metadata.authors", a.name) for i, a in enumerate(m.authors)]
    texts += [(("metadata", "keywords", i), "metadata.keywords", k) for i, k in enumerate(m.keywords)]
    texts += [(("metadata", "credits", label), "metadata.credits", t) for label, t in m.credits]
    for i, e in enumerate(article.entities):
        texts += [(("people", i, k), f"people.{k}", getattr(e, k)) for k in ("name", "family", "given")]
        texts += [(("people", i, k, j), f"people.{k}", t) for k in ("variants", "roles")
                  for j, t in enumerate(getattr(e, k))]
    for i, s in enumerate(article.statements):
        texts += [(("statements", i, k), f"statements.{k}", getattr(s, k)) for k in ("occasion", "place", "via", "role")]
    texts += [(("timeline", i, "label"), "timeline.label", e.label) for i, e in enumerate(article.timeline)]
    return texts


def check_lengths(article: Article, marks: Marks) -> list[Problem]:
    """Return a problem for every short text longer than :data:`MAX_CHARACTERS` allows."""
    problems = []
    for path, kind, text in _short_texts(article):
        limit = MAX_CHARACTERS[kind]
        if text and len(text) > limit:
            problems.append(Problem(article.source, *position(marks, path),
                                    f"{_where(path)} has {len(text)} characters; at most {limit} for a "
                                    f"{kind} (a short field; longer text belongs in the article's "
                                    "paragraphs); shorten it"))
    return problems
