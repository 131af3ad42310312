"""Share a build's sources out: to this process, a forked PDF helper or a pool of workers.

Workers never write files: they return the rendered bytes, and the main process writes
them atomically in the order the sources were given. With several sources, each worker
loads and renders whole sources. With a single source, the main process loads it while a
helper process imports the PDF writer (and calls its ``warm_up()``); then the PDF is
rendered there while the other formats are rendered here (the helper is a plain fork, see
:mod:`~kazan_export.commands.build.fork`, where that is safe; a pool worker elsewhere); what
each process does with a source is in :mod:`~kazan_export.commands.build.render`. Each process
imports the writers, registers fonts and parses templates once (the writers cache them per
process)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from kazan_export.commands.build import fork
from kazan_export.commands.build.render import (
    Rendered, init_worker, read_source, render_article, render_part, render_source,
)
from kazan_export.errors import KazanError
from kazan_export.writers import OUTPUTS


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

        if self.split and fork.available():
            self.helper = fork.pdf_helper()
            if self.helper is None:  # no process to spare: everything is rendered here
                self.split = False
            return
        fork.discard()
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
                                                initializer=init_worker,
                                                initargs=(tuple(OUTPUTS[name][0][2] for name in names),
                                                          os.getpid()))
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
