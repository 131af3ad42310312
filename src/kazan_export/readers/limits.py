"""What every writer can store and lay out: the characters a source may hold, and the
length of the texts the PDF sets in blocks that cannot break across pages.

Both are checked by ``validate`` (and so by every command that loads a source), with the
same rule the writers use (:mod:`kazan_export.text_rules`), so that a source that passes
``validate`` renders to every format.
"""

from __future__ import annotations

from typing import Any

from kazan_export.errors import Problem
from kazan_export.model import Article
from kazan_export.readers.positions import Marks, position
from kazan_export.text_rules import problem

# Texts set in a block that must fit on one page (the header band of the first page, a
# label of the timeline graphic), with the most characters each may have. The bundled
# layout renders about twice these on A4 and on Letter (a 1,000-character title no longer fits).
MAX_CHARACTERS = {"metadata.title": 400, "metadata.series": 300, "metadata.container": 300,
                  "metadata.publisher": 300, "metadata.authors": 200, "timeline.label": 500}


def _where(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the source"


def check_characters(data: Any, marks: Marks, file: str) -> list[Problem]:
    """Return a problem for every text in ``data`` that holds a character a source may not hold."""
    problems: list[Problem] = []
    todo: list[tuple[tuple, Any]] = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            todo += [((*path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            todo += [((*path, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            message = problem(_where(path), value)
            if message:
                problems.append(Problem(file, *position(marks, path), message))
    return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def check_lengths(article: Article, marks: Marks) -> list[Problem]:
    """Return a problem for every text longer than :data:`MAX_CHARACTERS` allows."""
    m = article.metadata
    texts = [(("metadata", k), f"metadata.{k}", getattr(m, k))
             for k in ("title", "series", "container", "publisher")]
    texts += [(("metadata", "authors", i), "metadata.authors", a.name) for i, a in enumerate(m.authors)]
    texts += [(("timeline", i, "label"), "timeline.label", e.label) for i, e in enumerate(article.timeline)]
    problems = []
    for path, kind, text in texts:
        limit = MAX_CHARACTERS[kind]
        if text and len(text) > limit:
            problems.append(Problem(article.source, *position(marks, path),
                                    f"{_where(path)} has {len(text)} characters; at most {limit} fit "
                                    "the block of the PDF that shows it (it cannot break across "
                                    "pages); shorten it"))
    return problems
