"""The ``cite`` command: the citation of one statement of a source, in one style.

``apa``, ``chicago-author-date``, ``chicago-notes`` and ``mla`` are formatted by pandoc's
citeproc (:mod:`kazan_export.writers.citeproc`) from the bundled styles; ``bibtex`` and
``csl-json`` print the writers' entries. Only the writer that the chosen style needs is
imported (``cite`` is a light command).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from kazan_export.citations import STYLES, CitationError, find_statement
from kazan_export.errors import SourceError
from kazan_export.model import Article


def cite(article: Article, ref: str, *, style: str) -> str:
    """Return the citation of one statement (by id or key) in ``style``.

    ``apa``, ``chicago-author-date``, ``chicago-notes`` and ``mla`` are formatted by a CSL
    processor from the bundled styles; ``bibtex`` and ``csl-json`` print the entries.
    Raises :class:`CitationError` for an unknown statement or style.
    """
    statement = find_statement(article, ref)
    if style == "bibtex":
        from kazan_export.writers.bibtex import render_bib

        return render_bib(article, dialect="bibtex", statements=(statement,)).rstrip("\n")
    if style == "csl-json":
        from kazan_export.writers.csl import render_csl

        return render_csl(article, statements=(statement,)).rstrip("\n")
    if style not in STYLES:
        raise CitationError(f"unknown citation style '{style}'; choose one of {', '.join(STYLES)}")
    from kazan_export.writers.citeproc import format_citation

    return format_citation(article, statement, style)


def cite_source(source: str | os.PathLike | None, ref: str, *, style: str) -> str:
    """Return the citation of statement ``ref`` of the source file ``source`` (None: the bundled
    article) in ``style``: the same as ``cite(load(source), ref, style=style)``, sooner.

    For the formatted styles, pandoc starts on the source as read while it is being validated
    (the two take about as long); if the source turns out invalid, pandoc is stopped. Raises
    :class:`SourceError` as :func:`~kazan_export.readers.source.load` does, :class:`CitationError` for
    an unknown statement or style and :class:`RenderError` if pandoc fails.
    """
    from kazan_export.readers import positions, source as loader
    from kazan_export.resources import default_source

    if style not in ("apa", "chicago-author-date", "chicago-notes", "mla"):  # no pandoc to start early
        return cite(loader.load(source), ref, style=style)
    path = Path(source) if source is not None else default_source()
    data, marks = positions.read_yaml(path)
    early = _start_early(data, path, ref, style)
    try:
        article, problems = loader.check_data(data, marks, path)
    except BaseException:
        if early:
            early[0].cancel()
        raise
    if early is None:
        if article is None:
            raise SourceError([p for p in problems if p.severity == "error"])
        return cite(article, ref, style=style)
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


def _start_early(data: object, path: Path, ref: str, style: str):  # noqa: ANN202
    """Return pandoc started on the citation in the unvalidated ``data`` and the warnings it
    gave, or None if that cannot be done (validation then says why, or ``cite`` does)."""
    from kazan_export.writers.citeproc import start_citation
    from kazan_export.readers.source import build

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            article = build(data, str(path))
            return start_citation(article, find_statement(article, ref), style), list(caught)
        except Exception:  # noqa: BLE001 - data not yet validated: anything may be wrong with it
            return None
