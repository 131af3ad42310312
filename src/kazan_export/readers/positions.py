"""Parse a YAML source into plain data and the line and column of every value.

The YAML is composed (safely, with libyaml where present) into nodes so that every value
keeps its line and column; aliases, merge keys, duplicate keys, custom tags and deep nesting
are refused, each as a ``file:line:col`` problem. :mod:`kazan_export.readers.checks` and
:mod:`kazan_export.readers.source` use the marks to place their problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kazan_export.errors import Problem, SourceError

MAX_BYTES = 2 * 1024 * 1024  # 30 times the Kazan source; validating one this size takes about 1.5 s
MAX_DEPTH = 100  # the source format needs fewer than 10 levels
Marks = dict[tuple, tuple[int, int]]  # path -> (line, column), 1-based; (*path, "<key>") for keys


class _Refused(Exception):
    def __init__(self, node: Any, message: str):
        self.mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.message = message


DATE_FIELDS = (("metadata", "published"), ("metadata", "coverage"))  # and statements/timeline[i].date


def _is_date(path: tuple) -> bool:
    """Return True if ``path`` is an EDTF field (a YAML number there is a year, not a number)."""
    return path in DATE_FIELDS or (len(path) == 3 and path[0] in ("statements", "timeline")
                                   and isinstance(path[1], int) and path[2] == "date")


def _to_python(node: Any, path: tuple, marks: Marks, seen: set[int]) -> Any:
    import yaml

    if id(node) in seen:
        raise _Refused(node, "YAML aliases (*name) are not allowed in a source; write the value out")
    seen.add(id(node))
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    collection = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}
    if node.tag != collection.get(type(node), node.tag):  # !!omap, !!set, !custom [...]
        raise _Refused(node, f"YAML tag {node.tag} is not allowed in a source")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "YAML merge keys (<<) are not allowed in a source")
            key = _to_python(key_node, (*path, "<key>"), {}, seen)
            if not isinstance(key, str):
                raise _Refused(key_node, f"keys must be text, not {key!r}")
            if key in out:
                raise _Refused(key_node, f"key '{key}' appears twice in the same mapping")
            marks[(*path, key, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _to_python(value_node, (*path, key), marks, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(v, (*path, i), marks, seen) for i, v in enumerate(node.value)]
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        if _is_date(path):  # date: 2021 is the year 2021, as written (EDTF is text)
            return value
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        if path[-2:] == ("review", "confidence"):  # the one number the format has
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        return value  # kept as written; the schema says where numbers are allowed
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "!"):
        return value  # dates stay as written: 2011-06-24 is EDTF text, not a datetime
    raise _Refused(node, f"YAML tag {tag} is not allowed in a source")


def _check_depth(text: str, loader_class: Any) -> None:
    """Refuse aliases, and collections nested deeper than MAX_DEPTH, before composing
    (libyaml's composer recurses in C and would crash the interpreter on very deep input)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.AliasEvent):  # here, not later: this is where the alias stands
            raise _Refused(event, "YAML aliases (*name) are not allowed in a source; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event, f"YAML is nested more than {MAX_DEPTH} levels deep; "
                                      "a source is not nested like this")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _offset_mark(text: str, exc: Any, loader_class: Any) -> tuple[int, int]:
    """Return the line and column of a reader error (libyaml counts bytes, PyYAML characters)."""
    offset = getattr(exc, "position", None)
    if offset is None:
        return 1, 1
    if loader_class.__name__.startswith("C"):
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _syntax_error(text: str, exc: Any, loader_class: Any) -> tuple[int, int, str]:
    """Return the line, column and message of a YAML syntax error, said where the user fixes
    it: an unclosed quotation at the quotation mark that opens it (libyaml finds out only at
    the end of the file), a tab where YAML wants spaces named as such."""
    problem, context = getattr(exc, "problem", None), getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else _offset_mark(text, exc, loader_class)
    start = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and start is not None and problem and "end of stream" in problem:
        return (start.line + 1, start.column + 1,
                "YAML syntax error: this quotation is never closed; add its closing quote")
    opened = _open_quotation(text, line, loader_class)
    if opened:
        return (*opened, f"YAML syntax error: {problem or 'bad YAML'} at line {line}, after this "
                         "quotation, which runs over several lines: is its closing quote missing?")
    lines = text.splitlines()
    if problem and 0 < line <= len(lines) and lines[line - 1][column - 1:column] == "\t":
        return line, column, "YAML syntax error: a tab character; YAML indents with spaces only, replace it with spaces"
    what = problem or str(exc).splitlines()[0]
    return line, column, f"YAML syntax error: {what}; fix the YAML at this point"


def _open_quotation(text: str, error_line: int, loader_class: Any) -> tuple[int, int] | None:
    """Return where a quoted text that runs over lines and ends just before ``error_line``
    opens (a quotation left unclosed swallows the lines after it, up to the next quote mark,
    and YAML fails only there), or None."""
    import yaml

    last = None
    try:
        for token in yaml.scan(text, Loader=loader_class):
            if token.start_mark.line + 1 >= error_line:  # the scanner may go on where the parser stopped
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    if not 0 <= error_line - (last.end_mark.line + 1) <= 1:
        return None
    return last.start_mark.line + 1, last.start_mark.column + 1


def _failure(name: str):  # noqa: ANN202
    def fail(message: str, line: int = 1, column: int = 1) -> SourceError:
        return SourceError([Problem(name, line, column, message)])

    return fail


def read_yaml(path: Path) -> tuple[Any, Marks]:
    """Return the parsed data and the position of every value; raise SourceError if unreadable."""
    return parse_yaml(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """Return the bytes of the source file ``path`` (at most MAX_BYTES).

    Raises :class:`SourceError` for a missing file, a folder, a pipe or device, an unreadable
    or too large file.
    """
    fail = _failure(str(path))
    if not path.exists():
        raise fail("no such file; give the path of a YAML source")
    if path.is_dir():
        raise fail("is a folder, not a source file; give the path of a YAML file inside it")
    if not path.is_file():  # a pipe or device would block or never end
        raise fail("is not a regular file (a pipe, device or socket); save the source to a file")
    too_large = f"file is too large (%.1f MB; a source may be at most {MAX_BYTES // 2**20} MB)"
    try:
        if path.stat().st_size > MAX_BYTES:
            raise fail(too_large % (path.stat().st_size / 1e6))
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # bounded, even if the file grows meanwhile
    except OSError as exc:
        raise fail(f"cannot read the file ({exc.strerror}); check its permissions") from None
    if len(raw) > MAX_BYTES:
        raise fail(too_large % (len(raw) / 1e6))
    return raw


def parse_yaml(raw: bytes, name: str) -> tuple[Any, Marks]:
    """Return the data in ``raw`` (a source read from ``name``) and the position of every value.

    Raises :class:`SourceError` for text that is not UTF-8 YAML a source may hold.
    """
    fail = _failure(name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("is UTF-16 text; re-save the file as UTF-8")
    if b"\0" in raw:
        raise fail("is a binary file, not a YAML text source")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail("is not UTF-8 text; re-save the file as UTF-8", line, column) from None
    if not text.strip():
        raise fail("is empty; a source needs at least schema, id, metadata, body, people, statements")
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        try:
            _check_depth(text, loader_class)
        except yaml.YAMLError as refused:
            # libyaml may refuse first: since PyYAML 6.0.4 it has a nesting limit of its own,
            # reached while it scans ahead. The pure-Python parser has none, so it gives our
            # own verdict (the same message at the same place) when nesting is the reason;
            # any other error is libyaml's, reported as before.
            try:
                _check_depth(text, yaml.SafeLoader)
            except yaml.YAMLError:
                pass
            raise refused from None
        node = yaml.compose(text, Loader=loader_class)
    except _Refused as exc:
        raise fail(exc.message, *exc.mark) from None
    except yaml.YAMLError as exc:
        line, column, message = _syntax_error(text, exc, loader_class)
        raise fail(message, line, column) from None
    except RecursionError:
        raise fail("YAML is nested too deeply to be a source") from None
    if node is None:  # only comments or document markers
        raise fail("has no YAML content (only comments?); a source needs at least schema, id, "
                   "metadata, body, people, statements")
    marks: Marks = {}
    try:
        data = _to_python(node, (), marks, set())
    except _Refused as exc:
        raise fail(exc.message, *exc.mark) from None
    except RecursionError:
        raise fail("YAML is nested too deeply to be a source") from None
    return data, marks


def position(marks: Marks, path: tuple) -> tuple[int, int]:
    """Return the line and column of ``path``, or of its nearest ancestor that has one."""
    while path and path not in marks:
        path = path[:-1]
    return marks.get(path, (1, 1))
