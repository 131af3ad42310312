"""The ``cite`` command: the citations of one or more statements of a source, in one style.

``apa``, ``chicago-author-date``, ``chicago-notes`` and ``mla`` are formatted by pandoc's
citeproc (:mod:`kazan_export.writers.citeproc`) from the bundled styles, as one document that
cites the statements would print them: a citation each, then the reference list the style
calls for; ``bibtex`` and ``csl-json`` print the writers' entries. Only the writer that the
chosen style needs is imported (``cite`` is a light command).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kazan_export.errors import SourceError

if TYPE_CHECKING:
    from kazan_export.model import Article, Statement

FORMATS = ("text", "html", "markdown", "rtf")  # as writers.citeproc.FORMATS (not imported: it is heavy)
FORMATTED = ("apa", "chicago-author-date", "chicago-notes", "mla")  # the styles pandoc formats


_ahead = None  # the pandoc start_ahead started, until a formatted citation takes it


def start_ahead(args: Sequence[str] = ()) -> None:
    """Start pandoc for a formatted citation now, before the command line ``args`` (what
    follows ``cite``) is parsed (the program calls this for ``cite``): it builds its locale and
    collation table while typer loads. Nothing is started if the last ``--style`` in ``args``
    names a style pandoc does not format (a pandoc started and killed unused takes CPU from
    Python meanwhile: 60–90 ms more for bibtex on this 2-core machine at load 3), or if pandoc
    cannot be started; :func:`cite_source` then says why, where it needs pandoc, and stops
    this one where it does not."""
    global _ahead
    if _ahead is None and _style_named(args) in (None, *FORMATTED):
        from kazan_export.errors import RenderError
        from kazan_export.writers.citeproc_pandoc import Documents

        try:
            _ahead = Documents()
        except RenderError:
            pass


def _style_named(args: Sequence[str]) -> str | None:
    """Return the value of the last ``--style`` in the command-line ``args`` (None if none)."""
    style, rest = None, iter(args)
    for arg in rest:
        if arg == "--":  # the rest are arguments
            break
        if arg == "--style":
            style = next(rest, None)
        elif arg.startswith("--style="):
            style = arg.partition("=")[2]
    return style


def discard_ahead() -> None:
    """Stop the pandoc :func:`start_ahead` started, if no citation took it."""
    global _ahead
    running, _ahead = _ahead, None
    if running is not None:
        running.cancel()


def _refs(ref: str | Sequence[str]) -> tuple[str, ...]:
    from kazan_export.citations import CitationError

    refs = (ref,) if isinstance(ref, str) else tuple(ref)
    if not refs:
        raise CitationError("name at least one statement to cite (by id or key)")
    return refs


def _check(style: str, fmt: str) -> None:
    from kazan_export.citations import STYLES, CitationError

    if style not in STYLES:
        raise CitationError(f"unknown citation style '{style}'; choose one of {', '.join(STYLES)}")
    if fmt not in FORMATS:
        raise CitationError(f"unknown output format '{fmt}'; choose one of {', '.join(FORMATS)}")


def cite(article: Article, ref: str | Sequence[str], *, style: str, fmt: str = "text") -> str:
    """Return the citations of one or more statements (by id or key) in ``style``, as one
    document citing them prints them, in ``fmt`` (text, html, markdown or rtf).

    ``apa``, ``chicago-author-date``, ``chicago-notes`` and ``mla`` are formatted by a CSL
    processor from the bundled styles; ``bibtex`` and ``csl-json`` print the entries.
    Raises :class:`CitationError` for an unknown statement, style or format.
    """
    _check(style, fmt)
    statements = tuple(find_statement(article, r) for r in _refs(ref))
    if style in ("bibtex", "csl-json") and fmt != "text":
        from kazan_export.errors import KazanWarning

        warnings.warn(KazanWarning(f"--format {fmt} applies to the formatted styles; --style {style} "
                                   "prints its entries as they are"), stacklevel=2)
    if style == "bibtex":
        from kazan_export.writers.bibtex import render_bib

        return render_bib(article, dialect="bibtex", statements=_unique(statements)).rstrip("\n")
    if style == "csl-json":
        from kazan_export.writers.csl import render_csl

        return render_csl(article, statements=_unique(statements)).rstrip("\n")
    from kazan_export.writers.citeproc import format_citation

    return format_citation(article, statements, style, fmt)


def find_statement(article: Article, ref: str) -> Statement:
    """Return the statement with id or key ``ref``: exactly, else the one whose id or key it is
    but for case and accents (``LavrovAnotherMeetingSet2018``). Raise :class:`CitationError`
    if there is none (naming the closest ids and keys, or a speaker's statements when ``ref``
    is their name) or several."""
    from kazan_export.citations import CitationError
    from kazan_export.names import ascii_form, listed

    found = article.statement.get(ref)
    if found is not None:
        return found
    wanted = ascii_form(ref)
    same = list({s.id: s for k, s in article.statement.items() if ascii_form(k) == wanted}.values())
    if len(same) == 1:
        return same[0]
    if same:
        keys = [f"'{s.key}'" for s in same]
        raise CitationError(f"'{ref}' could be {listed(keys, 'or')}, which differ "
                            "only in case or accents; give one exactly")
    raise CitationError(f"no statement has the id or key '{ref}'{_hint(article, ref, wanted)}")


def _hint(article: Article, ref: str, wanted: str, limit: int = 5) -> str:
    """Return the "did you mean" for an unknown ``ref``: a speaker's statements if it names a
    speaker (their id, a name or whole words of one), else the closest ids and keys."""
    import difflib
    import shlex

    from kazan_export.names import PART, ascii_form, listed, named, resolve

    who = resolve(article, ref)
    if who.chosen and who.kind != PART:
        ids = [s.id for s in article.statements if set(s.speakers) & set(who.chosen)]
        if ids:
            return (f"; it names {named(article, who.chosen)}, whose statements are {listed(ids, limit=limit)} "
                    f"(`kazan-export quotes --speaker {shlex.quote(ref)}` lists them)")
    pool = {ascii_form(k): k for k in article.statement}  # every id and key, as compared
    scored = sorted(((difflib.SequenceMatcher(None, wanted, form).ratio(), form) for form in pool), reverse=True)
    guesses: dict[str, str] = {}  # statement id → the id or key that came closest
    for score, form in scored:
        if score < max(0.6, scored[0][0] - 0.1) or len(guesses) == 3:  # the near-best only
            break
        guesses.setdefault(article.statement[pool[form]].id, pool[form])
    if guesses:
        quoted = [f"'{g}'" for g in guesses.values()]
        return f"; did you mean {listed(quoted, 'or')}?"
    return "; `kazan-export quotes` lists them"


def _unique(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    return tuple(dict.fromkeys(statements))


def cite_source(source: str | os.PathLike | None, ref: str | Sequence[str], *, style: str,
                fmt: str = "text") -> str:
    """Return the citation of statement ``ref`` of the source file ``source`` (None: the bundled
    article) in ``style``: the same as ``cite(load(source), ref, style=style)``, sooner.

    For the formatted styles, pandoc starts first and prepares (:mod:`~kazan_export.writers.citeproc_pandoc`)
    while the source is read; it is given the citation as soon as the source is parsed, and
    formats it while the source is validated; if the source turns out invalid, pandoc is stopped.
    Raises :class:`SourceError` as :func:`~kazan_export.readers.source.load` does,
    :class:`CitationError` for an unknown statement or style and :class:`RenderError` if pandoc fails.
    """
    if style in FORMATTED and fmt in FORMATS:
        running = _start_pandoc()  # first: it prepares meanwhile
    else:
        running = None
        discard_ahead()
    try:
        from kazan_export.readers import positions, source as loader
        from kazan_export.resources import default_source

        _check(style, fmt)
        refs = _refs(ref)
        if style not in FORMATTED:  # no pandoc to start early
            return cite(loader.load(source), refs, style=style, fmt=fmt)
        path = Path(source) if source is not None else default_source()
        data, marks = positions.read_yaml(path)
        early = _start_early(data, path, refs, style, fmt, running)
    except BaseException:
        if running is not None:
            running.cancel()
        raise
    if early is None and running is not None:
        running.cancel()  # the data cannot make a citation yet: validation says why, or cite does
    try:
        article, problems = loader.check_data(data, marks, path)
    except BaseException:
        if early:
            early[0].cancel()
        raise
    if early is None:
        if article is None:
            raise SourceError([p for p in problems if p.severity == "error"])
        return cite(article, refs, style=style, fmt=fmt)
    citation, caught = early
    if article is None:
        citation.cancel()
        raise SourceError([p for p in problems if p.severity == "error"])
    try:
        for w in caught:  # the warnings of making the citation, now that it is used
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    except BaseException:  # a warning turned into an error (-W error)
        citation.cancel()
        raise
    return citation.result()


def _start_pandoc():  # noqa: ANN202
    """Return pandoc (the one :func:`start_ahead` started, or one started now) with nothing to
    format yet, or None if it cannot start (then ``cite`` says why, once the source is known
    to be valid)."""
    global _ahead
    from kazan_export.errors import RenderError
    from kazan_export.writers.citeproc_pandoc import Documents

    running, _ahead = _ahead, None
    if running is not None:
        return running
    try:
        return Documents()
    except RenderError:
        return None


def _start_early(data: object, path: Path, refs: tuple[str, ...], style: str, fmt: str, running):  # noqa: ANN001, ANN202
    """Return the citation in the unvalidated ``data`` given to pandoc (``running``, or one
    started now) and the warnings it gave, or None if that cannot be done (validation then
    says why, or ``cite`` does)."""
    from kazan_export.readers.source import build
    from kazan_export.writers.citeproc import start_citation

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            article = build(data, str(path))
            statements = tuple(find_statement(article, r) for r in refs)
            return start_citation(article, statements, style, fmt, running), list(caught)
        except Exception:  # noqa: BLE001 - data not yet validated: anything may be wrong with it
            return None
