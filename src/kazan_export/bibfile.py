"""The one module that imports bibtexparser (v2): parse a ``.bib`` text, write entries as one.

Both the ``.bib`` writer (:mod:`kazan_export.writers.bibtex`) and the reader
(:mod:`kazan_export.readers.bib`) go through here, so the library's stacks and formatting
options are set in one place; it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable

# (key, entry type, [(field, value), …]): one entry, values already LaTeX-encoded
Block = tuple[str, str, list[tuple[str, str]]]


def parse(text: str):  # noqa: ANN201
    """Return the ``bibtexparser.Library`` of ``text``, field values without their braces or quotes."""
    import bibtexparser
    from bibtexparser.middlewares import RemoveEnclosingMiddleware

    return bibtexparser.parse_string(
        bibtex_str=text, parse_stack=[RemoveEnclosingMiddleware(allow_inplace_modification=True)])


def is_duplicate(block) -> bool:  # noqa: ANN001
    """Return True if a failed block of :func:`parse` is a second entry with a key already used."""
    from bibtexparser.model import DuplicateBlockKeyBlock

    return isinstance(block, DuplicateBlockKeyBlock)


def write(blocks: Iterable[Block]) -> str:
    """Return the entries as ``.bib`` text: two-space indent, values braced (``month`` bare, as
    BibTeX's month macros are), a trailing comma, one blank line between entries."""
    import bibtexparser
    from bibtexparser.middlewares import AddEnclosingMiddleware
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for key, kind, fields in blocks:
        entry_fields = [Field(key=name, value=value, enclosing="no-enclosing" if name == "month" else None)
                        for name, value in fields]
        library.add(blocks=Entry(entry_type=kind, key=key, fields=entry_fields))
    bib_format = bibtexparser.BibtexFormat()
    bib_format.indent = "  "
    bib_format.block_separator = "\n"
    bib_format.trailing_comma = True
    stack = [AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{")]
    return bibtexparser.write_string(library=library, unparse_stack=stack, bibtex_format=bib_format)
