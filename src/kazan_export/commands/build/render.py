"""Load and render one source of a build (in this process, a pool worker or the PDF helper).

Nothing here writes a file: a :class:`Rendered` holds the outputs' bytes (or the problems),
and :mod:`kazan_export.commands.build` writes them. The writers are found through the
registry (:data:`kazan_export.writers.OUTPUTS`) and imported only when a format is rendered.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from kazan_export.errors import KazanError
from kazan_export.writers import OUTPUTS, PACKAGE


@dataclass
class Rendered:
    """What a worker sends back for one source: the outputs' bytes, or the problems."""

    source: str
    sha256: str = ""
    id: str | None = None
    id_line: int = 1
    problems: list[str] = field(default_factory=list)  # "file:line:col: message" lines
    warnings: list[str] = field(default_factory=list)
    outputs: list[tuple[str, str, bytes]] = field(default_factory=list)  # (format, suffix, data)

    @property
    def ok(self) -> bool:
        return self.id is not None and bool(self.outputs) and not self.problems


def read_source(path: Path) -> tuple[Rendered, object | None]:
    """Return the source's result so far (hash, id, problems) and its article, or None if invalid."""
    import hashlib

    from kazan_export.errors import SourceError
    from kazan_export.readers.positions import parse_yaml, read_bytes
    from kazan_export.readers.source import check_data

    result = Rendered(str(path))
    try:
        raw = read_bytes(path)
        result.sha256 = hashlib.sha256(raw).hexdigest()
        data, marks = parse_yaml(raw, str(path))
    except SourceError as exc:
        result.problems += [str(p) for p in exc.problems]
        return result, None
    result.id_line = marks.get(("id",), (1, 1))[0]
    article, problems = check_data(data, marks, path)
    result.warnings += [str(p) for p in problems if p.severity != "error"]
    if article is None:
        result.problems += [str(p) for p in problems if p.severity == "error"]
        return result, None
    result.id = article.id
    return result, article


def render_article(result: Rendered, article: object, formats: tuple[str, ...]) -> Rendered:
    """Add the outputs of ``formats`` to ``result``; on any problem, add it and drop every output.

    A :class:`KazanError` from a writer, or a missing writer, becomes a problem line;
    warnings become warning lines. Nothing is raised but KeyboardInterrupt and bugs.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in formats:
            for fmt, suffix, module, function, kwargs in OUTPUTS[name]:
                try:
                    render = getattr(importlib.import_module(f"{PACKAGE}.{module}"), function)
                except (ImportError, AttributeError) as exc:
                    result.problems.append(f"{result.source}:1:1: cannot render {fmt}: this installation "
                                           f"has no {module} writer ({exc})")
                    continue
                try:
                    data = render(article, **kwargs)
                except KazanError as exc:
                    result.problems.append(f"{result.source}:1:1: cannot render {fmt}: {exc}")
                    continue
                result.outputs.append((fmt, suffix, data.encode("utf-8") if isinstance(data, str) else data))
    result.warnings += [f"{result.source}: {w.message}" for w in caught]
    if result.problems:
        result.outputs.clear()
    return result


def render_source(path: Path, formats: tuple[str, ...]) -> Rendered:
    """Return the rendered outputs of one source, or its problems; never raise a KazanError."""
    result, article = read_source(path)
    return result if article is None else render_article(result, article, formats)


def render_part(source: str, article: object, name: str) -> Rendered:
    """Return the outputs of format ``name`` (one of OUTPUTS) of ``article``, or its problems."""
    return render_article(Rendered(source), article, (name,))


def warm_up_writers(formats: tuple[str, ...]) -> None:
    """Import the writers of ``formats`` and warm them up (see :func:`init_worker`)."""
    init_worker(tuple(OUTPUTS[name][0][2] for name in formats))


def init_worker(modules: tuple[str, ...], parent: int | None = None) -> None:
    """Ignore Ctrl-C (the main process handles it), die with process ``parent`` if given, and
    import the writers ahead of the work.

    A writer module may offer ``warm_up()`` (register fonts, parse templates); it is called
    here so that the work overlaps with the main process loading the sources.
    """
    import gc

    from kazan_export.commands.build.signals import as_worker

    as_worker(parent)
    gc.disable()  # imports make few cycles but trigger ~100 collections (~20 ms): skip them
    try:
        for module in modules:
            try:
                warm_up = getattr(importlib.import_module(f"{PACKAGE}.{module}"), "warm_up", None)
                if warm_up is not None:
                    warm_up()
            except Exception:  # noqa: BLE001 - best effort: a real problem is reported when rendering
                pass
    finally:
        gc.freeze()  # what is imported stays for the worker's life: later collections skip it
        gc.enable()
