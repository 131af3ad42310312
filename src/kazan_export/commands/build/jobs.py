"""Load and render the sources of a build, in this process or in worker processes.

Workers never write files: they return the rendered bytes, and the main process writes
them atomically in the order the sources were given. With several sources, each worker
loads and renders whole sources. With a single source, the main process loads it while a
helper process imports the PDF writer (and calls its ``warm_up()``); then the PDF is
rendered there while the other formats are rendered here (the helper is a plain fork, see
:mod:`kazan_export.build_fork`, where that is safe; a pool worker elsewhere). Each process
imports the writers, registers fonts and parses templates once (the writers cache them per
process)."""

from __future__ import annotations

import importlib
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from kazan_export.build import OUTPUTS, Rendered
from kazan_export.errors import KazanError



def read_source(path: Path) -> tuple[Rendered, object | None]:
    """Return the source's result so far (hash, id, problems) and its article, or None if invalid."""
    import hashlib

    from kazan_export.errors import SourceError
    from kazan_export.load import check_data, parse_yaml, read_bytes

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
                    render = getattr(importlib.import_module(f"kazan_export.writers.{module}"), function)
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
    """Import the writers of ``formats`` and warm them up (see :func:`_init_worker`)."""
    _init_worker(tuple(OUTPUTS[name][0][2] for name in formats))


def _init_worker(modules: tuple[str, ...]) -> None:
    """Ignore Ctrl-C (the main process handles it) and import the writers ahead of the work.

    A writer module may offer ``warm_up()`` (register fonts, parse templates); it is called
    here so that the work overlaps with the main process loading the sources.
    """
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # imports make few cycles but trigger ~100 collections (~20 ms): skip them
    try:
        for module in modules:
            try:
                warm_up = getattr(importlib.import_module(f"kazan_export.writers.{module}"), "warm_up", None)
                if warm_up is not None:
                    warm_up()
            except Exception:  # noqa: BLE001 - best effort: a real problem is reported when rendering
                pass
    finally:
        gc.freeze()  # what is imported stays for the worker's life: later collections skip it
        gc.enable()


def _ready() -> None:
    """Do nothing: submitting it starts the workers (and their imports) early."""


def _merge(head: Rendered, parts: list[Rendered]) -> Rendered:
    order = {fmt: i for i, fmt in enumerate(spec[0] for specs in OUTPUTS.values() for spec in specs)}
    for part in parts:
        head.problems += part.problems
        head.warnings += [w for w in part.warnings if w not in head.warnings]
        head.outputs += part.outputs
    head.outputs.sort(key=lambda output: order[output[0]])
    if head.problems:
        head.outputs.clear()
    return head


class Renderer:
    """Render sources with up to ``jobs`` processes; iterate to get each :class:`Rendered` in order.

    Use it as a context manager: entering starts the worker processes (before any other
    thread, such as a progress bar's, exists), leaving stops them.
    """

    def __init__(self, sources: list[Path], formats: tuple[str, ...], jobs: int):
        self.sources, self.formats = sources, formats
        # one source: the PDF (the slowest format) in a worker, the rest here; else whole sources
        self.split = len(sources) == 1 and jobs > 1 and "pdf" in formats and len(formats) > 1
        self.workers = 1 if self.split else min(jobs, len(sources))
        self.pool = None
        self.helper = None  # a ForkedHelper for the PDF of a single source, where fork is safe
        self._gc_was_enabled = True

    def __enter__(self) -> "Renderer":
        import gc

        # One source: no collections during the build (imports and renders trigger ~100 of
        # them, ~30 ms; a few MiB more at the peak). A batch collects, so its memory stays
        # flat. The caller's setting is restored on leaving (and the collection that follows
        # is the caller's: the command line, which exits next, has turned collections off).
        self._gc_was_enabled = gc.isenabled()
        (gc.disable if len(self.sources) == 1 else gc.enable)()
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        import gc

        from kazan_export import build_fork

        if self.split and build_fork.available():
            self.helper = build_fork.pdf_helper()
            if self.helper is None:  # no process to spare: everything is rendered here
                self.split = False
            return
        build_fork.discard()
        if self.split or self.workers > 1:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            names = ("pdf",) if self.split else self.formats
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            # Forked workers' garbage collections skip the objects frozen here, instead of
            # walking (and so copying) this process's whole heap; this process unfreezes its own.
            gc.freeze()
            try:
                self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                initializer=_init_worker,
                                                initargs=(tuple(OUTPUTS[name][0][2] for name in names),))
                self.pool.submit(_ready)  # forks the workers now: they import while this process loads
            finally:
                gc.unfreeze()

    def __exit__(self, *exc: object) -> None:
        import gc

        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.helper is not None:
            self.helper.close()
        (gc.enable if self._gc_was_enabled else gc.disable)()

    def __iter__(self) -> Iterator[Rendered]:
        if self.helper is not None:
            return _split(self.helper.submit, self.sources, self.formats)
        if self.pool is None:  # one process: no need to import multiprocessing at all
            return (render_source(path, self.formats) for path in self.sources)
        return self._parallel()

    def _parallel(self) -> Iterator[Rendered]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            if self.split:
                yield from _split(partial(self.pool.submit, render_part), self.sources, self.formats)
            else:
                yield from _by_source(self.pool, self.sources, self.formats, 2 * self.workers)
        except BrokenProcessPool as exc:
            raise KazanError(f"a worker process died ({exc}); out of memory? try --jobs 1") from None


def _split(submit: Callable, sources: list[Path], formats: tuple[str, ...]) -> Iterator[Rendered]:
    """Render the PDF (the slowest format) in another process and the other formats here, side
    by side; ``submit(source, article, "pdf")`` starts it there and returns what has ``result()``."""
    for path in sources:
        result, article = read_source(path)
        if article is None:
            yield result
            continue
        pdf = submit(result.source, article, "pdf")
        here = render_article(Rendered(result.source), article, tuple(f for f in formats if f != "pdf"))
        yield _merge(result, [here, pdf.result()])


def _by_source(pool, sources: list[Path], formats: tuple[str, ...], window: int) -> Iterator[Rendered]:  # noqa: ANN001
    pending: deque = deque()
    todo = iter(sources)
    for path in todo:  # at most `window` sources in flight: memory stays flat
        pending.append(pool.submit(render_source, path, formats))
        if len(pending) >= window:
            break
    while pending:
        result = pending.popleft().result()
        following = next(todo, None)
        if following is not None:
            pending.append(pool.submit(render_source, following, formats))
        yield result
