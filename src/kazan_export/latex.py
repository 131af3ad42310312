"""Decode LaTeX field values to the Unicode text they print (pylatexenc, with our macros).

Shared by the BibTeX writer (which checks that an escape reads back as its character) and
the ``.bib`` reader (:mod:`kazan_export.readers.bib`); pylatexenc is imported on first use.
"""

from __future__ import annotations

from functools import lru_cache


def decode_latex(text: str) -> str:
    """Return the text that a LaTeX field value prints (pylatexenc, with our macros)."""
    return _decoder().latex_to_text(text)


@lru_cache(maxsize=1)
def _decoder():  # noqa: ANN202
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    # pylatexenc reads \textasciicircum as U+02C6 and does not know \textbraceleft/right
    db.add_context_category("kazan", prepend=True, macros=[
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"), MacroTextSpec("textperiodcentered", "·")])
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")
