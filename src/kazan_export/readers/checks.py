"""Check a source: its shape against the JSON Schema, then the integrity of the model.

The JSON Schema (jsonschema-rs, imported here only) is checked here, each error put in words;
the integrity checks are :mod:`.integrity`'s. Every problem is collected (not just the first)
as a :class:`~kazan_export.errors.Problem` with the file, line and column of the offending value.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from typing import Any, Iterable

from kazan_export import resources
from kazan_export.errors import Problem
from kazan_export.readers.integrity import _key_year, check_integrity
from kazan_export.readers.positions import Marks, position

# check_integrity (and its key-year rule) is in readers/integrity.py; re-exported: the readers'
# "check a source" is schema, then integrity, from here
__all__ = ["check_integrity", "check_schema", "schema", "_key_year"]

_KINDS = {"dict": "a mapping", "list": "a list", "str": "text", "int": "a number", "float": "a number",
          "bool": "true/false", "NoneType": "empty (null)"}
BLANK = "\\S"  # the schema's pattern for "not blank": at least one character that is not white space
_TYPES = {"object": "a mapping", "array": "a list", "string": "text", "null": "null", "number": "a number"}


@lru_cache(maxsize=1)
def schema() -> dict:
    """Return the JSON Schema of the source format."""
    return json.loads(resources.schema_path().read_text(encoding="utf-8"))


def _where(path: Iterable) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the source"


def _subschema(root: dict, path: Iterable) -> dict:
    """Return the schema object at ``path`` (keys and indexes) in ``root``, or {}."""
    node: Any = root
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _kind_of(value: Any) -> str:
    return _KINDS.get(type(value).__name__, type(value).__name__)


def _describe(error: Any, root: dict) -> list[tuple[tuple, str]]:
    """Return (instance path, message) pairs for one ``jsonschema_rs.ValidationError``."""
    path = tuple(error.instance_path)
    where = _where(path)
    kind, v = error.kind, error.kind.name
    keyword = tuple(error.schema_path)  # ends with the keyword; its parent is the schema that has it
    parent = _subschema(root, keyword[:-1])
    if v == "additionalProperties":
        allowed = list(parent.get("properties", {}))
        out = []
        for key in sorted(kind.unexpected):
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed keys: {', '.join(allowed)}"
            out.append(((*path, key, "<key>"), f"unknown key '{key}' in {where}{hint}"))
        return out
    if v == "required":
        return [(path, f"{where} is missing the required field '{kind.property}'")]
    if v == "type":
        return [(path, f"{where} must be {' or '.join(_TYPES.get(t, t) for t in kind.types)}, "
                       f"not {_kind_of(error.instance)}")]
    if v == "enum":
        return [(path, f"{where} is '{error.instance}'; it must be one of: {', '.join(map(str, kind.options))}")]
    if v == "const":
        return [(path, f"{where} must be {kind.expected_value!r} (the version of this source format)")]
    if v in ("minLength", "pattern") and parent.get("description"):
        if v == "minLength" or kind.pattern == BLANK:  # "\S" as JSON Schema means it (ECMA-262)
            return [(path, f"{where} is empty or only white space; {parent['description']}")]
        return [(path, f"{where} is not valid ('{error.instance}'); expected: {parent['description']}")]
    if v == "minItems":
        return [(path, f"{where} needs at least {kind.limit} item(s)")]
    if v == "uniqueItems":
        return [(path, f"{where} lists the same item twice")]
    if v == "oneOf":
        return _describe_one_of(error, path, where, root)
    return [(path, f"{where}: {error.message}")]


def _describe_one_of(error: Any, path: tuple, where: str, root: dict) -> list[tuple[tuple, str]]:
    """Describe a value that fits none of ``oneOf``'s choices by the choice of its type, if any."""
    branches = error.kind.context
    mismatched = [[e for e in b if e.kind.name == "type" and tuple(e.instance_path) == path] for b in branches]
    fitting = [b for b, m in zip(branches, mismatched) if not m]
    words = [e for b in fitting for e in b if e.kind.name == "enum" and tuple(e.instance_path) == path]
    if len(fitting) == 1 and words and any(mismatched):  # a list, or one of the words none/unknown
        wanted = [_TYPES.get(t, t) for m in mismatched for e in m for t in e.kind.types]
        return [(path, f"{where} must be {' or '.join(dict.fromkeys(wanted))}, or one of: "
                       f"{', '.join(map(str, words[0].kind.options))}; not {error.instance!r}")]
    if len(fitting) == 1:  # e.g. a heading that is a mapping: what is wrong inside it
        return [d for e in fitting[0] for d in _describe(e, root)]
    if not fitting:
        wanted = [_TYPES.get(t, t) for m in mismatched for e in m for t in e.kind.types]
        return [(path, f"{where} must be {' or '.join(dict.fromkeys(wanted))}, not {_kind_of(error.instance)}")]
    return [(path, f"{where}: {error.message}")]


@lru_cache(maxsize=1)
def _validator() -> tuple[Any, dict]:
    """Return the source format's compiled validator and its schema (made once per process)."""
    import jsonschema_rs

    root = schema()
    return jsonschema_rs.Draft202012Validator(root), root


def check_schema(data: Any, marks: Marks, file: str) -> list[Problem]:
    """Return a problem for every place where ``data`` does not fit the source format."""
    validator, root = _validator()
    problems = []
    for error in validator.iter_errors(data):
        for path, message in _describe(error, root):
            problems.append(Problem(file, *position(marks, path), message))
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))
