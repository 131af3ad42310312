"""What the command line's commands share: option types, error mapping, and writing the output.

Library errors (:class:`~kazan_export.errors.KazanError`) become one-line messages on
stderr and exit code 1; bad option values (``ValueError``) and usage errors exit with 2.
Nothing heavy is imported here: the commands import their writers when they run.
"""

from __future__ import annotations

import os
import sys
import warnings
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from kazan_export.errors import KazanError, KazanWarning, SourceError, one_line

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# Every path option says readable=False: click would otherwise refuse a path that os.access
# calls unreadable with its own usage error (exit 2), even an existing write-only output file;
# the readers and writers open each path themselves and say what is wrong in one line (exit 1).
Source = Annotated[Optional[Path], typer.Argument(help="YAML source (default: the bundled Kazan article).", show_default=False, readable=False)]
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: standard output for text formats, ARTICLE-ID.EXT otherwise).", show_default=False, readable=False)]
Speaker = Annotated[Optional[str], typer.Option("--speaker", help="Only statements by this speaker: an id, a name variant or words of one, ignoring case, accents and script (mammadov finds Məmmədov, lavrov Лавров). An exact id or name wins over words of a name, and those over part of a word; a name that matches nobody or several people is reported on stderr.")]
From = Annotated[Optional[str], typer.Option("--from", help="Only statements dated on or after this EDTF date (2011, 2011-06, 2011-06-24).")]
To = Annotated[Optional[str], typer.Option("--to", help="Only statements dated on or before this EDTF date.")]


class QuoteFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Kind(str, Enum):
    direct = "direct"
    reported = "reported"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


class Dialect(str, Enum):
    bibtex = "bibtex"
    biblatex = "biblatex"


class Style(str, Enum):
    apa = "apa"
    chicago_author_date = "chicago-author-date"
    chicago_notes = "chicago-notes"
    mla = "mla"
    bibtex = "bibtex"
    csl_json = "csl-json"


class CiteFormat(str, Enum):
    text = "text"
    html = "html"
    markdown = "markdown"
    rtf = "rtf"


class InputFormat(str, Enum):
    text = "text"
    html = "html"
    docx = "docx"
    markdown = "markdown"


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    if issubclass(category, KazanWarning):
        print(one_line(f"warning: {message}"), file=sys.stderr)
    else:  # not ours: keep it short, never a traceback
        print(one_line(f"warning: {category.__name__}: {message}"), file=sys.stderr)


def guarded(func: Callable) -> Callable:
    """Return ``func`` with library errors turned into one-line messages and exit codes.

    Raises :class:`typer.Exit` with 1 for a :class:`KazanError` (each problem of a
    :class:`SourceError` on a line of its own), 2 for a ``ValueError``, 128 + the signal
    number on an interrupt, and 0 when the reader of standard output went away.
    """

    @wraps(func)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003
        warnings.showwarning = _show_warning
        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(EXIT_INVALID) from None
        except KazanError as exc:
            typer.echo(one_line(f"error: {exc}"), err=True)
            raise typer.Exit(EXIT_INVALID) from None
        except ValueError as exc:  # bad option values (dates, kinds) from the library
            typer.echo(one_line(f"error: {exc}"), err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP in a build (errors.Interrupted)
            signum = getattr(exc, "signum", 2)
            typer.echo("interrupted; no partial output was left", err=True)
            raise typer.Exit(128 + signum) from None
        except BrokenPipeError:  # the reader went away (| head): stop quietly, as cat does
            _drop_stdout()
            raise typer.Exit(EXIT_OK) from None

    return wrapper


def load(source: Optional[Path]):  # noqa: ANN201
    """Return the article of ``source`` (default: the bundled one). Raises :class:`SourceError`."""
    from kazan_export.readers.source import load as read

    return read(source)


def selection(speaker=None, date_from=None, date_to=None, contains=None, kind=None):  # noqa: ANN001, ANN201
    """Return the statement filter the options ask for. Raises ``ValueError`` for a bad date."""
    from kazan_export.query import Selection

    return Selection(speaker, date_from, date_to, contains, kind)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout: exactly to a file or pipe, with what a terminal would act on
    (control characters, bidi overrides) shown as escapes when stdout is a terminal.

    Raises :class:`KazanError` if stdout cannot take it (a full disk) or is closed (``>&-``:
    Python then has no ``sys.stdout``); lets BrokenPipeError through.
    """
    if sys.stdout is None:
        raise KazanError("standard output is closed; redirect it (> FILE) or give -o FILE")
    if sys.stdout.isatty():
        from kazan_export.text_rules import for_terminal

        text = for_terminal(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _drop_stdout()
        raise KazanError(f"cannot write to standard output ({exc.strerror or exc})") from None


def emit(data: str | bytes, output: Optional[Path], default_name: str | None = None) -> None:
    """Write to ``output`` (``-``: standard output) safely, or to stdout for text when no file is given.

    Raises :class:`typer.Exit` (2) rather than write binary data to a terminal.
    """
    from kazan_export.outputs import stream_number, write_atomic

    if output is None and default_name is None:
        write_stdout(data if isinstance(data, str) else data.decode("utf-8"))
        return
    target = output or Path(default_name)
    stream = stream_number(target)
    if stream is not None and isinstance(data, bytes) and os.isatty(stream):
        typer.echo(f"error: refusing to write a binary file to the terminal ({target}); "
                   "redirect it (> FILE) or give -o FILE", err=True)
        raise typer.Exit(EXIT_USAGE)
    path = write_atomic(target, data)
    if stream is None:
        typer.echo(one_line(f"wrote {path}"), err=True)
