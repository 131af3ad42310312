"""The command line: a thin adapter over the library.

Library errors (:class:`~kazan_export.errors.KazanError`) become one-line messages on
stderr and exit code 1; usage errors exit with 2. Heavy libraries (python-docx, reportlab,
bibtexparser, citeproc) are imported inside the commands that need them, never here.
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

from kazan_export.version import __version__
from kazan_export.writers import FORMATS
from kazan_export.errors import KazanError, KazanWarning, SourceError, one_line

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="kazan-export",
    help="Render a canonical article with attributed statements to DOCX handouts, PDF briefing "
    "notes, BibTeX/biblatex and CSL-JSON. With no SOURCE, commands use the bundled Kazan article.\n\n"
    "Exit codes: 0 success, 1 invalid input or failed output, 2 usage error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Source = Annotated[Optional[Path], typer.Argument(help="YAML source (default: the bundled Kazan article).", show_default=False)]
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: standard output for text formats, ARTICLE-ID.EXT otherwise).", show_default=False)]
Speaker = Annotated[Optional[str], typer.Option("--speaker", help="Only statements by this speaker (any name variant, case-insensitive).")]
From = Annotated[Optional[str], typer.Option("--from", help="Only statements dated on or after this EDTF date (2011, 2011-06, 2011-06-24).")]
To = Annotated[Optional[str], typer.Option("--to", help="Only statements dated on or before this EDTF date.")]


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    if issubclass(category, KazanWarning):
        print(one_line(f"warning: {message}"), file=sys.stderr)
    else:  # not ours: keep it short, never a traceback
        print(one_line(f"warning: {category.__name__}: {message}"), file=sys.stderr)


def command(func: Callable) -> Callable:
    """Turn library errors into one-line messages and exit code 1."""

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

    return app.command()(wrapper)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kazan-export {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """kazan-export."""


def _load(source: Optional[Path]):  # noqa: ANN202
    from kazan_export.readers.source import load

    return load(source)


def _selection(speaker=None, date_from=None, date_to=None, contains=None, kind=None):  # noqa: ANN001, ANN202
    from kazan_export.query import Selection

    return Selection(speaker, date_from, date_to, contains, kind)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _print(text: str) -> None:
    """Write ``text`` to stdout: exactly to a file or pipe, with what a terminal would act on
    (control characters, bidi overrides) shown as escapes when stdout is a terminal.

    Raises :class:`KazanError` if stdout cannot take it (a full disk); lets BrokenPipeError through.
    """
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


def _emit(data: str | bytes, output: Optional[Path], default_name: str | None = None) -> None:
    """Write to ``output`` (``-``: standard output) safely, or to stdout for text when no file is given."""
    from kazan_export.outputs import stream_number, write_atomic

    if output is None and default_name is None:
        _print(data if isinstance(data, str) else data.decode("utf-8"))
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


@command
def validate(source: Source = None) -> None:
    """Check a source: schema, ids, references, anchors, dates. Prints every problem as file:line:col."""
    from kazan_export.readers.source import check
    from kazan_export.resources import default_source

    article, problems = check(source)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if article is None:
        raise typer.Exit(EXIT_INVALID)
    _print(one_line(f"{source or default_source()}: ok — {len(article.paragraphs)} paragraphs, "
                    f"{len(article.statements)} statements, {len(article.entities)} people and "
                    "organisations") + "\n")


@command
def text(source: Source = None) -> None:
    """Print the article's plain text in reading order, one paragraph or heading per line."""
    _emit("".join(line + "\n" for line in _load(source).text_lines()), None)


class QuoteFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Kind(str, Enum):
    direct = "direct"
    reported = "reported"


@command
def quotes(
    source: Source = None, speaker: Speaker = None, date_from: From = None, date_to: To = None,
    contains: Annotated[Optional[str], typer.Option(help="Only statements whose text contains this (case-insensitive).")] = None,
    kind: Annotated[Optional[Kind], typer.Option(help="Only direct quotations or reported statements.")] = None,
    fmt: Annotated[QuoteFormat, typer.Option("--format", help="Output format.")] = QuoteFormat.table,
) -> None:
    """List attributed statements, filtered by speaker, dates, text and kind."""
    from kazan_export.commands.quotes import render

    article = _load(source)
    selection = _selection(speaker, date_from, date_to, contains, kind.value if kind else None)
    _emit(render(article, selection, fmt.value), None)


@command
def schema() -> None:
    """Print the JSON Schema of the source format (for editors' autocompletion)."""
    from kazan_export.resources import schema_path

    _emit(schema_path().read_text(encoding="utf-8"), None)


@command
def docx(
    source: Source = None, output: Output = None,
    template: Annotated[Optional[Path], typer.Option(help="Reference DOCX whose styles the handout uses (like pandoc's --reference-doc).")] = None,
    speaker: Speaker = None, date_from: From = None, date_to: To = None,
) -> None:
    """Write a Word handout with real footnotes, tables and a how-to-cite section."""
    from kazan_export.writers.docx import render_docx

    article = _load(source)
    data = render_docx(article, template=template, selection=_selection(speaker, date_from, date_to))
    _emit(data, output, f"{article.id}.docx")


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


@command
def pdf(
    source: Source = None, output: Output = None,
    paper: Annotated[Paper, typer.Option(help="Paper size.")] = Paper.a4,
    full: Annotated[bool, typer.Option("--full", help="Render the whole article with notes instead of the briefing.")] = False,
    layout: Annotated[Optional[Path], typer.Option(help="Layout file (copy templates/pdf-layout.toml and change it).")] = None,
    speaker: Speaker = None, date_from: From = None, date_to: To = None,
) -> None:
    """Write a PDF briefing note (or, with --full, the whole article with notes)."""
    from kazan_export.writers.pdf import render_pdf

    article = _load(source)
    data = render_pdf(article, paper=paper.value, full=full, layout=layout,
                      selection=_selection(speaker, date_from, date_to))
    _emit(data, output, f"{article.id}{'-full' if full else '-briefing'}.pdf")


class Dialect(str, Enum):
    bibtex = "bibtex"
    biblatex = "biblatex"


@command
def bib(
    source: Source = None, output: Output = None,
    dialect: Annotated[Dialect, typer.Option(help="bibtex: ASCII with LaTeX escapes; biblatex: UTF-8 with ISO dates, for biber.")] = Dialect.bibtex,
) -> None:
    """Write BibTeX or biblatex entries: one for the article, one per statement."""
    from kazan_export.writers.bibtex import render_bib

    _emit(render_bib(_load(source), dialect=dialect.value), output)


@command
def csl(source: Source = None, output: Output = None) -> None:
    """Write CSL-JSON for the article and every statement (for Zotero and pandoc --citeproc)."""
    from kazan_export.writers.csl import render_csl

    _emit(render_csl(_load(source)), output)


@command
def ris(source: Source = None, output: Output = None) -> None:
    """Write RIS for the article and every statement (for EndNote, RefWorks, Citavi and Mendeley)."""
    from kazan_export.writers.ris import render_ris

    _emit(render_ris(_load(source)), output)


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


@command
def cite(
    statements: Annotated[list[str], typer.Argument(
        help="Statement ids or citation keys; an argument naming a .yaml/.yml file (or any existing "
             "file) is the SOURCE (default: the bundled Kazan article).", show_default=False)],
    style: Annotated[Style, typer.Option(help="Citation style.")] = Style.chicago_notes,
    fmt: Annotated[CiteFormat, typer.Option("--format", help="Output: text, html, markdown or rtf (keep italics).")] = CiteFormat.text,
) -> None:
    """Print the citations of one or more statements as one document citing them would: a
    citation each (with its "quoted in" part), then the reference list the style calls for."""
    from kazan_export.commands.cite import cite_source

    sources = [a for a in statements if a.endswith((".yaml", ".yml")) or Path(a).is_file()]
    refs = [a for a in statements if a not in sources]
    if len(sources) > 1:
        raise typer.BadParameter(f"give one SOURCE, not {len(sources)}: {', '.join(sources)}")
    _emit(cite_source(sources[0] if sources else None, refs, style=style.value, fmt=fmt.value) + "\n", None)


@command
def suggest(
    source: Source = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Propose for a new statement with this exact text.")] = None,
    paragraph: Annotated[Optional[str], typer.Option("--paragraph", help="With --text: the paragraph id it stands in (default: searched).")] = None,
    speaker: Annotated[Optional[list[str]], typer.Option("--speaker", help="With --text: a people id of who said it (repeat for several).")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="With --text: direct or reported.")] = Kind.direct,
    date: Annotated[Optional[str], typer.Option("--date", help="With --text: its EDTF date.")] = None,
) -> None:
    """Propose id, key and anchor for each statement lacking one (or whose anchor fails), as YAML to paste."""
    from kazan_export.commands.suggest import suggest_source

    proposals, complete = suggest_source(source, text, paragraph, tuple(speaker or ()), kind.value, date)
    _emit(proposals, None)
    if not complete:  # a text that stands in no paragraph: nothing to paste for its anchor
        raise typer.Exit(EXIT_INVALID)


@command
def build(
    sources: Annotated[Optional[list[Path]], typer.Argument(help="Source files or folders (default: the bundled Kazan article).", show_default=False)] = None,
    out: Annotated[str, typer.Option("--out", help="Output folder (created if needed).")] = "out",
    formats: Annotated[str, typer.Option("--format", help=f"Comma-separated formats: {','.join(FORMATS)}.")] = ",".join(FORMATS),
    jobs: Annotated[int, typer.Option("--jobs", min=0, help="Worker processes (0: one per CPU).")] = 0,
) -> None:
    """Build every output for each source into --out, with a manifest.json."""
    import gc

    from kazan_export.commands.build import run_build

    if not out.strip():  # Path("") would be the current folder
        typer.echo("error: --out is empty; give a folder (--out . for the current one)", err=True)
        raise typer.Exit(EXIT_USAGE)
    gc.disable()  # this process exits after the build: main() freezes the heap instead of collecting
    code = run_build(sources or [], Path(out), [f.strip() for f in formats.split(",") if f.strip()], jobs)
    raise typer.Exit(code)


class InputFormat(str, Enum):
    text = "text"
    html = "html"
    docx = "docx"
    markdown = "markdown"


@command
def ingest(
    articles: Annotated[list[Path], typer.Argument(metavar="ARTICLE...", help="The article: plain text, a saved web page, DOCX or Markdown (several: one draft each, in the -o folder).", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Draft file to write (default: ARTICLE-ID.yaml in the current folder; '-' for standard output); with several articles, a folder.", show_default=False)] = None,
    fmt: Annotated[Optional[InputFormat], typer.Option("--from", help="The input's format (default: detected from its content and suffix).", show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option(help="The title, if not the article's first line or heading.", show_default=False)] = None,
    author: Annotated[Optional[list[str]], typer.Option(help="An author, 'Given Family' or 'Family, Given'; repeat for each (default: from the byline).", show_default=False)] = None,
    publisher: Annotated[Optional[str], typer.Option(help="The publisher (default: the page's site name, else unknown).", show_default=False)] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, EDTF (2019, 2019-03, 2019-03-05); default: from the page's markup, else unknown.", show_default=False)] = None,
    url: Annotated[Optional[str], typer.Option(help="The article's web address (default: the page's own, else unknown).", show_default=False)] = None,
    language: Annotated[Optional[str], typer.Option(help="BCP 47 language tag, e.g. en (default: the page's lang, else und).", show_default=False)] = None,
    source_id: Annotated[Optional[str], typer.Option("--id", help="The source's id (default: made from the title).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the draft file if it exists.")] = False,
) -> None:
    """Make a draft source from a new article: text, headings, byline, metadata, proposed statements to review."""
    from kazan_export.commands import ingest as run

    options = run.Options(fmt.value if fmt else None, title, tuple(author or ()), publisher, published,
                          url, language, source_id)
    if len(articles) > 1:  # a batch: one process, one draft per article, every failure reported
        failed = run.ingest_batch(articles, options, output or Path("."), force=force,
                                  report=lambda line: typer.echo(line, err=True))
        raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)
    article = articles[0]
    result = run.ingest(article, options)
    run.warn_problems(result)
    if output == Path("-"):
        _emit(result.text, None)
        typer.echo(run.summary(result), err=True)
        return
    path = run.write_draft(result, output or run.default_output(result), source=article, force=force)
    typer.echo(f"wrote {path}: {run.summary(result)}", err=True)


def main() -> None:
    """Run the command line."""
    try:
        app()
    finally:
        # Nothing is left to clean up: skip the collector's passes over every object at
        # interpreter exit (about 40 ms after a build or a citation).
        import gc

        gc.freeze()
