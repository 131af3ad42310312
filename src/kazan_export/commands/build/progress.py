"""Progress of a batch build: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys

from kazan_export.errors import one_line


class Reporter:
    """Report a build's progress and problems on stderr.

    On a terminal it shows a rich progress bar with problems printed above it; otherwise
    (a pipe, a log file, CI) it prints one plain line per source: ``built ID (n/N)``.
    """

    def __init__(self, total: int, stream=None):  # noqa: ANN001
        self.total = total
        self.stream = stream or sys.stderr
        self._progress = None
        self._task = None

    def __enter__(self) -> "Reporter":
        isatty = getattr(self.stream, "isatty", None)
        if self.total > 0 and isatty is not None and isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream)
            self._progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.description}"),
                                      console=console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def message(self, line: str) -> None:
        """Print one problem or warning line (control characters shown as escapes)."""
        line = one_line(line)
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def advance(self, text: str, n: int) -> None:
        """Record that source number ``n`` is done; ``text`` says what happened to it."""
        text = one_line(text)
        if self._progress is not None:
            self._progress.update(self._task, completed=n, description=text)
        else:
            print(f"{text} ({n}/{self.total})", file=self.stream, flush=True)
