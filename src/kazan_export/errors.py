"""The toolkit's exceptions and warnings: one base class, problems kept as data."""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a source: where it is, how bad it is and what to do."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        """Return ``FILE:LINE:COL: message`` on one line (line breaks and controls escaped)."""
        kind = "" if self.severity == "error" else "warning: "
        return one_line(f"{self.file}:{self.line}:{self.column}: {kind}{self.message}")


def one_line(text: str) -> str:
    """Return ``text`` with control characters, line breaks and bidi controls written as
    escapes (``\\n``, ``\\x1b``, ``\\u202e``): a message is one line, and a terminal shows it
    as it is instead of acting on it."""
    if text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if _breaks(c) else c for c in text)


def _breaks(c: str) -> bool:
    return ((c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029" or "\u202a" <= c <= "\u202e"
             or "\u2066" <= c <= "\u2069" or "\ud800" <= c <= "\udfff") and c != "\t")


class KazanError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class SourceError(KazanError):
    """A source could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RenderError(KazanError):
    """A writer could not render the article faithfully (for example a control character)."""


class TemplateError(KazanError):
    """A template (reference DOCX, layout file, CSL style) is missing or unreadable."""


class Interrupted(KeyboardInterrupt):
    """A build was stopped by a signal (SIGTERM, SIGHUP) and handles it as Ctrl-C; ``signum`` says which."""

    def __init__(self, signum: int):
        if not isinstance(signum, int):  # re-made with a message while it is handled (reportlab's
            signum = getattr(sys.exc_info()[1], "signum", 15)  # annotateException): the handled one's
        self.signum = signum if isinstance(signum, int) else 15
        super().__init__(self.signum)


class KazanWarning(UserWarning):
    """Something was rendered with a loss or a fallback; the output is still usable."""
