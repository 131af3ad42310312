"""The command line: a thin adapter over the library.

Library errors (:class:`~kazan_export.errors.KazanError`) become one-line messages on
stderr and exit code 1; usage errors exit with 2 (the mapping, the shared option types and
the writing of outputs are in :mod:`kazan_export.cli_support`). Heavy libraries (python-docx,
reportlab, bibtexparser, citeproc) are imported inside the commands that need them, never here.
"""

import shlex
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from kazan_export.cli_support import (
    EXIT_INVALID, EXIT_OK, EXIT_USAGE, CiteFormat, Dialect, From, InputFormat, Kind, Output, Paper, QuoteFormat,
    Source, Speaker, Style, To, emit, guarded, load, selection, write_stdout,
)
from kazan_export.version import __version__
from kazan_export.writers import FORMATS
from kazan_export.errors import one_line

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


def command(func: Callable) -> Callable:
    """Return ``func`` registered as a command, its library errors turned into messages and exit codes."""
    return app.command()(guarded(func))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kazan-export {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """kazan-export."""


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
    write_stdout(one_line(f"{source or default_source()}: ok — {len(article.paragraphs)} paragraphs, "
                    f"{len(article.statements)} statements, {len(article.entities)} people and "
                    "organisations") + "\n")


@command
def text(source: Source = None) -> None:
    """Print the article's plain text in reading order, one paragraph or heading per line."""
    emit("".join(line + "\n" for line in load(source).text_lines()), None)


@command
def quotes(
    source: Source = None, speaker: Speaker = None, date_from: From = None, date_to: To = None,
    contains: Annotated[Optional[str], typer.Option(help="Only statements whose text contains this, ignoring case, accents, typographic quotes and dashes, and spacing, as a find box does (ilham finds İlham, don't finds don’t); letters of other scripts match only as written (Лавров, not lavrov: --speaker reads names in any script).")] = None,
    kind: Annotated[Optional[Kind], typer.Option(help="Only direct quotations or reported statements.")] = None,
    fmt: Annotated[QuoteFormat, typer.Option("--format", help="Output format.")] = QuoteFormat.table,
) -> None:
    """List attributed statements, filtered by speaker, dates, text and kind."""
    from kazan_export.commands.quotes import render

    article = load(source)
    chosen = selection(speaker, date_from, date_to, contains, kind.value if kind else None)
    emit(render(article, chosen, fmt.value), None)


@command
def schema() -> None:
    """Print the JSON Schema of the source format (for editors' autocompletion)."""
    from kazan_export.resources import schema_path

    emit(schema_path().read_text(encoding="utf-8"), None)


@command
def docx(
    source: Source = None, output: Output = None,
    template: Annotated[Optional[Path], typer.Option(help="Reference DOCX whose styles the handout uses (like pandoc's --reference-doc).", readable=False)] = None,
    speaker: Speaker = None, date_from: From = None, date_to: To = None,
) -> None:
    """Write a Word handout with real footnotes, tables and a how-to-cite section."""
    from kazan_export.writers.docx import render_docx

    article = load(source)
    data = render_docx(article, template=template, selection=selection(speaker, date_from, date_to))
    emit(data, output, f"{article.id}.docx")


@command
def pdf(
    source: Source = None, output: Output = None,
    paper: Annotated[Paper, typer.Option(help="Paper size.")] = Paper.a4,
    full: Annotated[bool, typer.Option("--full", help="Render the whole article with notes instead of the briefing.")] = False,
    layout: Annotated[Optional[Path], typer.Option(help="Layout file (copy templates/pdf-layout.toml and change it).", readable=False)] = None,
    speaker: Speaker = None, date_from: From = None, date_to: To = None,
) -> None:
    """Write a PDF briefing note (or, with --full, the whole article with notes)."""
    from kazan_export.writers.pdf import render_pdf

    article = load(source)
    data = render_pdf(article, paper=paper.value, full=full, layout=layout,
                      selection=selection(speaker, date_from, date_to))
    emit(data, output, f"{article.id}{'-full' if full else '-briefing'}.pdf")


@command
def bib(
    source: Source = None, output: Output = None,
    dialect: Annotated[Dialect, typer.Option(help="bibtex: ASCII with LaTeX escapes; biblatex: UTF-8 with ISO dates, for biber.")] = Dialect.bibtex,
) -> None:
    """Write BibTeX or biblatex entries: one for the article, one per statement."""
    from kazan_export.writers.bibtex import render_bib

    emit(render_bib(load(source), dialect=dialect.value), output)


@command
def csl(source: Source = None, output: Output = None) -> None:
    """Write CSL-JSON for the article and every statement (for Zotero and pandoc --citeproc)."""
    from kazan_export.writers.csl import render_csl

    emit(render_csl(load(source)), output)


@command
def ris(source: Source = None, output: Output = None) -> None:
    """Write RIS for the article and every statement (for EndNote, RefWorks, Citavi and Mendeley)."""
    from kazan_export.writers.ris import render_ris

    emit(render_ris(load(source)), output)


@command
def cite(
    statements: Annotated[list[str], typer.Argument(
        help="Statement ids or citation keys (case and accents aside: lavrovanothermeetingset2018 is "
             "lavrovAnotherMeetingSet2018; one that names no statement is an error with the closest ids "
             "and keys, or the statements of the speaker it names); an argument naming a .yaml/.yml "
             "file (or any existing file) is the SOURCE (default: the bundled Kazan article).", show_default=False)],
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
    emit(cite_source(sources[0] if sources else None, refs, style=style.value, fmt=fmt.value) + "\n", None)


@command
def suggest(
    source: Source = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Propose for a new statement with this exact text.")] = None,
    paragraph: Annotated[Optional[str], typer.Option("--paragraph", help="With --text: the paragraph id it stands in (default: searched).")] = None,
    speaker: Annotated[Optional[list[str]], typer.Option("--speaker", help="With --text: a people id of who said it (repeat for several); a name instead is an error naming their id.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="With --text: direct or reported.")] = Kind.direct,
    date: Annotated[Optional[str], typer.Option("--date", help="With --text: its EDTF date.")] = None,
) -> None:
    """Propose id, key and anchor for each statement lacking one (or whose anchor fails), as YAML to paste."""
    from kazan_export.commands.suggest import suggest_source

    proposals, complete = suggest_source(source, text, paragraph, tuple(speaker or ()), kind.value, date)
    emit(proposals, None)
    if not complete:  # a text that stands in no paragraph: nothing to paste for its anchor
        raise typer.Exit(EXIT_INVALID)


@command
def build(
    sources: Annotated[Optional[list[Path]], typer.Argument(help="Source files or folders (default: the bundled Kazan article).", show_default=False, readable=False)] = None,
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


@command
def ingest(
    articles: Annotated[list[Path], typer.Argument(metavar="ARTICLE...", help="The article: plain text, a saved web page, DOCX or Markdown (several: one draft each, in the -o folder).", show_default=False, readable=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Draft file to write (default: ARTICLE-ID.yaml in the current folder; '-' for standard output); with several articles, a folder.", show_default=False, readable=False)] = None,
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
        if failed < len(articles):
            typer.echo(_NEXT.format(what="review each draft", then="kazan-export validate DRAFT on each"), err=True)
        raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)
    article = articles[0]
    result = run.ingest(article, options)
    run.warn_problems(result)
    if output == Path("-"):
        emit(result.text, None)
        typer.echo(run.summary(result), err=True)
        typer.echo(_NEXT.format(what="save the draft to a file and review it", then="kazan-export validate FILE"), err=True)
        return
    path = run.write_draft(result, output or run.default_output(result), source=article, force=force)
    typer.echo(one_line(f"wrote {path}: {run.summary(result)}"), err=True)
    typer.echo(one_line(_NEXT.format(what="review the draft", then=f"kazan-export validate {shlex.quote(str(path))}")), err=True)


_NEXT = "next: {what} (its first comment says what to check), then run: {then}"


def main() -> None:
    """Run the command line."""
    try:
        app()
    finally:
        # Nothing is left to clean up: skip the collector's passes over every object at
        # interpreter exit (about 40 ms after a build or a citation).
        import gc

        gc.freeze()
