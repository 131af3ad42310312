"""Propose ids, citation keys and anchors for statements being written into a source.

``kazan-export suggest`` reads a source that may still be incomplete (statements without
``id``, ``key``, ``anchor`` or ``date``), and prints, for each statement that lacks one of
them or whose text does not stand exactly once at its anchor, the statement completed with a
proposal, as YAML to paste over it. Proposals use the same rules as validation: the key is
:func:`~kazan_export.citations.suggest_key`'s, the anchor the run of consecutive paragraphs
in one section where the text stands, with a ``prefix`` when it stands there more than once.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from kazan_export.anchors import AnchorError, locate
from kazan_export.citations import author_key, suggest_key
from kazan_export.errors import Problem, SourceError
from kazan_export.model import Anchor, Article, Statement

PLACEHOLDER = "x-suggest-{}"  # stands in for a missing id or key while the source is checked
NEEDED = ("id", "key", "anchor", "date")
PREFIX_WORDS = 8  # the longest prefix proposed, in words


def suggest(data: Any, marks: dict, file: str, new: dict | None = None) -> tuple[str, bool]:
    """Return YAML proposing what each incomplete statement of ``data`` (or ``new``) lacks, and
    whether everything could be proposed (False: a text that stands in no paragraph).

    ``data`` and ``marks`` come from :func:`read_yaml` of ``file``; ``new``, if given, is one
    more statement (``text``, ``speakers``, ``kind``, optional ``anchor``/``date``), and only
    it is proposed for. Raises :class:`SourceError` if the rest of the source is invalid.
    """
    from kazan_export.readers.checks import check_schema
    from kazan_export.readers.positions import position
    from kazan_export.readers.source import build

    data = copy.deepcopy(data)
    statements = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(statements, list):
        raise SourceError([Problem(file, 1, 1, "the source has no 'statements' list to suggest for")])
    if new is not None:
        statements.append(new)
    wanting: dict[int, list[str]] = {}
    originals = [dict(st) if isinstance(st, dict) else st for st in statements]
    for i, st in enumerate(statements):
        if not isinstance(st, dict):
            continue
        lacking = [f for f in NEEDED if f not in st]
        if lacking:
            wanting[i] = lacking
        st.setdefault("id", PLACEHOLDER.format(i))
        st.setdefault("key", PLACEHOLDER.format(i))
        st.setdefault("date", "unknown")
        st.setdefault("anchor", {"paragraphs": [_first_paragraph(data)]})
    people = data.get("people")
    known = {p.get("id") for p in people if isinstance(p, dict)} if isinstance(people, list) else set()
    unknown = [w for w in (new or {}).get("speakers", ()) if w not in known]
    if unknown:  # a name typed for an id ('Ivo Novak'): say which id, not that the id is malformed
        statements.pop()
    problems = check_schema(data, marks, file)
    if problems:
        raise SourceError(problems)
    article = build(data, file)
    if unknown:
        raise SourceError([Problem(file, 1, 1, f"--speaker '{unknown[0]}' is not a known people id"
                                               f"{_speaker_hint(article, unknown[0])}")])
    for i, st in enumerate(article.statements):
        if i not in wanting and _anchor_problem(article, st):
            wanting[i] = ["anchor"]
    if new is not None:
        last = len(statements) - 1
        lacking = wanting.get(last, [])
        wanting = {last: lacking + ["anchor"] * ("anchor" not in lacking and _anchor_problem(article, article.statements[last]))}
    bad = [_unusable(article, article.statements[i], marks, file, ("statements", i), new is not None)
           for i in sorted(wanting)]
    if any(bad):
        raise SourceError([p for p in bad if p])
    out, complete = [], True
    taken = {s.key for s in article.statements if not s.key.startswith("x-suggest-")}
    ids = {s.id for s in article.statements}
    for i, lacking in sorted(wanting.items()):
        st, raw = article.statements[i], originals[i]
        proposal = dict(raw)
        notes = []
        if "anchor" in lacking:
            anchor, note = propose_anchor(article, st, searched="anchor" not in raw and "anchor" in lacking)
            if anchor is not None:
                proposal["anchor"] = anchor
            else:
                complete = False
            notes.append(note)
        if "key" in lacking:
            st_for_key = replace(st, date=None if "date" in lacking else st.date)
            proposal["key"] = suggest_key(article, st_for_key, taken)
            taken.add(proposal["key"])
        if "id" in lacking:
            proposal["id"] = _propose_id(article, st, ids)
            ids.add(proposal["id"])
        if "date" in lacking:
            proposal["date"] = "unknown"
            notes.append("date: the article's date for it (EDTF), or unknown")
        line, _ = position(marks, ("statements", i)) if new is None else (0, 0)
        where = f"{file}:{line}: statements[{i + 1}]" if new is None else "new statement"
        out.append(f"# {where}: proposed {', '.join(lacking)}" + "".join(f"; {n}" for n in notes if n))
        out.append(_dump(proposal))
    if not out:
        return "# every statement has an id, a key, a date and an anchor that finds its text\n", True
    return "\n".join(out), complete


def propose_anchor(article: Article, st: Statement, searched: bool) -> tuple[dict | None, str]:
    """Return (an anchor mapping, a note) for where ``st.text`` stands.

    With ``searched``, every section is searched; otherwise only the paragraphs the statement's
    anchor names (the first of them and the ones after it in its section).
    """
    searched = searched or st.anchor.paragraphs[0] not in article.paragraphs
    runs = _runs(article, st, searched)
    if not runs and not searched:  # not where the anchor says: anywhere else?
        searched, runs = True, _runs(article, st, True)
    if not runs:
        return None, ("the text is not found in any paragraph; copy it exactly from the paragraph "
                      "(`kazan-export validate` shows the closest passage)")
    if len({_covered(ids, joined, start, len(st.text)) for ids, joined, start in runs}) > 1 and searched:
        places = "; ".join(" + ".join(_covered(ids, j, s, len(st.text))) for ids, j, s in runs)
        return None, f"the text stands in several places ({places}); set anchor.paragraphs and run again"
    ids, joined, start = runs[0]
    covered = list(_covered(ids, joined, start, len(st.text)))
    anchor: dict[str, Any] = {"paragraphs": covered}
    scope = "\n".join(article.paragraphs[p].text for p in covered)
    local = [m.start() for m in re.finditer(re.escape(st.text), scope)]
    if len(local) > 1:
        chosen = local[0] if st.anchor.prefix is None else next(
            (s for s in local if scope[:s].endswith(st.anchor.prefix)), local[0])
        prefix = _unique_prefix(scope, chosen, local)
        suffix = None if prefix else _unique_suffix(scope, chosen + len(st.text), [s + len(st.text) for s in local])
        if prefix is None and suffix is None:
            return anchor, "the text stands more than once; add a prefix or suffix by hand"
        anchor.update({"prefix": prefix} if prefix else {"suffix": suffix})
        return anchor, (f"the text stands {len(local)} times in {' + '.join(covered)}; the "
                        f"{'prefix' if prefix else 'suffix'} picks the first (change it if you meant another)")
    return anchor, ""


def _runs(article: Article, st: Statement, everywhere: bool) -> list[tuple[list[str], str, int]]:
    """Return (paragraph ids, their joined text, start) for each place where ``st.text`` stands:
    in every section, or from the anchor's first paragraph to the end of its section."""
    runs = []
    for section in article.sections:
        ids = [p.id for p in section.paragraphs]
        if not everywhere:
            ids = ids[ids.index(st.anchor.paragraphs[0]):] if st.anchor.paragraphs[0] in ids else []
        joined = "\n".join(article.paragraphs[p].text for p in ids)
        runs += [(ids, joined, m.start()) for m in re.finditer(re.escape(st.text), joined)]
    return runs


def _covered(ids: list[str], joined: str, start: int, length: int) -> tuple[str, ...]:
    """Return the ids of the paragraphs of ``joined`` that ``[start, start + length)`` reaches."""
    first = joined.count("\n", 0, start)
    last = joined.count("\n", 0, start + max(length, 1) - 1)
    return tuple(ids[first:last + 1])


def _unique_prefix(scope: str, chosen: int, starts: list[int]) -> str | None:
    """Return the shortest run of whole words before ``chosen`` that no other start shares."""
    words = list(re.finditer(r"\S+\s*", scope[:chosen]))
    for n in range(1, min(PREFIX_WORDS, len(words)) + 1):
        prefix = scope[words[-n].start():chosen]
        if prefix.strip() and sum(scope[:s].endswith(prefix) for s in starts) == 1:
            return prefix
    return None


def _unique_suffix(scope: str, end: int, ends: list[int]) -> str | None:
    """Return the shortest run of whole words after ``end`` that no other end shares."""
    words = list(re.finditer(r"\s*\S+", scope[end:]))
    for n in range(1, min(PREFIX_WORDS, len(words)) + 1):
        suffix = scope[end:end + words[n - 1].end()]
        if sum(scope[e:].startswith(suffix) for e in ends) == 1:
            return suffix
    return None


def _speaker_hint(article: Article, typed: str) -> str:
    """Return the "did you mean" for ``typed``, not a people id: the ids of the people it names
    (their name, whole words of it, in any script: ``Məmmədova`` is ``mammadova``), else the
    closest ids and names."""
    from kazan_export.names import PART, close_names, listed, resolve

    who = resolve(article, typed)
    ids = who.chosen if who.chosen and who.kind != PART else close_names(article, typed)
    if not ids:
        return "; add them to people first"
    choices = [f"'{i}' ({article.entity[i].name})" for i in ids[:3]]
    return f"; did you mean {listed(choices, 'or')}?"


def _unusable(article: Article, st: Statement, marks: dict, file: str, path: tuple, new: bool) -> Problem | None:
    """Return why nothing can be proposed for ``st`` (an unknown speaker, a bad date), or None."""
    from kazan_export.dates import parse_edtf
    from kazan_export.readers.positions import position

    for j, who in enumerate(st.speakers):
        if who not in article.entity:
            hint = _speaker_hint(article, who)
            where = (1, 1) if new else position(marks, (*path, "speakers", j))
            return Problem(file, *where, f"{'--speaker ' if new else ''}'{who}' is not a known people id{hint}")
    try:
        if st.date is not None:
            parse_edtf(st.date)
    except ValueError as exc:
        where = (1, 1) if new else position(marks, (*path, "date"))
        return Problem(file, *where, f"{'--date: ' if new else ''}invalid date: {exc}")
    return None


def _anchor_problem(article: Article, st: Statement) -> bool:
    if not all(p in article.paragraphs for p in st.anchor.paragraphs):
        return True
    try:
        locate(article, st)
    except AnchorError:
        return True
    return False


def _propose_id(article: Article, st: Statement, taken: set[str]) -> str:
    """Return ``st-SPEAKER-words-of-the-key`` (``st-novak-sign-harbour-agreement``), unique."""
    key = suggest_key(article, replace(st, date=None))
    words = key[len(author_key(article, st)):]
    slug = "-".join(w.lower() for w in re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", words))
    base = "-".join(x for x in ("st", st.speakers[0], slug) if x)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _first_paragraph(data: dict) -> str:
    for section in data.get("body") or ():
        for p in (section.get("paragraphs") or ()) if isinstance(section, dict) else ():
            if isinstance(p, dict) and isinstance(p.get("id"), str):
                return p["id"]
    return "p1"


def _dump(statement: dict) -> str:
    """Return one statement as a YAML list item, fields in the documented order."""
    import yaml

    order = ("id", "key", "speakers", "kind", "text", "anchor", "date")
    ordered = {k: statement[k] for k in order if k in statement}
    ordered.update({k: v for k, v in statement.items() if k not in ordered})
    if isinstance(ordered.get("anchor"), Anchor):
        ordered["anchor"] = {"paragraphs": list(ordered["anchor"].paragraphs)}
    text = yaml.safe_dump([ordered], allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=None)
    return text


def suggest_source(path: Any, text: str | None = None, paragraph: str | None = None,
                   speakers: tuple[str, ...] = (), kind: str = "direct", date: str | None = None) -> tuple[str, bool]:
    """Return :func:`suggest`'s YAML and verdict for the source at ``path`` (the bundled one if None); with
    ``text``, for a new statement of that text (by ``speakers``, in ``paragraph`` if given).

    Raises :class:`SourceError` for an unreadable or invalid source, or a new statement
    without a speaker.
    """
    from pathlib import Path

    from kazan_export import resources
    from kazan_export.readers.positions import read_yaml

    path = Path(path) if path is not None else resources.default_source()
    data, marks = read_yaml(path)
    if text is None:
        return suggest(data, marks, str(path))
    if not speakers:
        raise SourceError([Problem(str(path), 1, 1, "a new statement needs --speaker (a people id)")])
    new: dict[str, Any] = {"speakers": list(speakers), "kind": kind, "text": text}
    if paragraph:
        new["anchor"] = {"paragraphs": [paragraph]}
    if date:
        new["date"] = date
    return suggest(data, marks, str(path), new)
