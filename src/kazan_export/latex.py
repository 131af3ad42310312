"""The one module that imports pylatexenc: LaTeX-encode text for ``.bib`` fields, and decode
field values back to the Unicode text they print.

The encoder serves the BibTeX writer (:mod:`kazan_export.writers.bibtex`), the decoder the
``.bib`` reader (:mod:`kazan_export.readers.bib`) and the encoder itself (an escape must read
back as its character); pylatexenc is imported on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kazan_export.latex_macros import NEEDS_PACKAGE

# An "@" that starts a line inside a field is read as a new entry by bibtexparser and other
# tools that split .bib files by lines; braced, it is the same "@" to BibTeX and LaTeX.
_LINE_START_AT = re.compile(r"(^|\n[ \t]*)@")


# what the biblatex dialect writes where one text cannot suit every style (writers/biblatex_marks):
# a sentence printed unless a style option is on, csquotes' nesting quotes. Read back as the
# sentence and as double quotation marks, the source's
_TOGGLE = re.compile(r"\\iftoggle\{[^{}]*\}\{[^{}]*\}\{((?:[^{}]|\{[^{}]*\})*)\}")
_AUTOQUOTE = re.compile(r"\\ifdef\{\\(open|close)autoquote\}\{\\(?:open|close)autoquote\}\{[^{}]*\}")


def decode_latex(text: str) -> str:
    """Return the text that a LaTeX field value prints (pylatexenc, with our macros)."""
    while (undone := _TOGGLE.sub(r"\1", text)) != text:
        text = undone
    text = _AUTOQUOTE.sub(lambda m: "“" if m[1] == "open" else "”", text)
    return _decoder().latex_to_text(text)


@lru_cache(maxsize=1)
def _decoder():  # noqa: ANN202
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    # pylatexenc reads \textasciicircum as U+02C6 and does not know \textbraceleft/right
    db.add_context_category("kazan", prepend=True, macros=[
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"), MacroTextSpec("textperiodcentered", "·"),
        MacroTextSpec("textquotedbl", '"')])
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


# TeX reads some ASCII runs as ligatures (-- –, `` “, '' ”, ,, „): an italic correction between
# keeps them as typed. A {} does so in pdfTeX only: LuaTeX and XeTeX with fontspec (Ligatures=TeX,
# its default) join the characters across it (pandoc writes -\/- for the same reason, jgm/pandoc#1144).
# Braced, \/ is one special character to BibTeX, which case changes and purify$ leave alone.
_GUARD = "{\\/}"
_LIGATURES = [(re.compile(r"-(?=-)"), "-" + _GUARD), (re.compile(r"'(?=')"), "'" + _GUARD),
              (re.compile(r",(?=,)"), "," + _GUARD), (re.compile(r"`"), r"{\\textasciigrave}"),
              (re.compile(r'"'), '{"}'),
              (re.compile(r"([ĦħĿŀ])"), r"\1"),  # pylatexenc maps these to look-alikes (\=H): keep them
              # BibTeX and biber count \{ and \} as braces: a lone one would unbalance the field
              (re.compile(r"\{"), r"{\\textbraceleft}"), (re.compile(r"\}"), r"{\\textbraceright}")]
# LuaTeX's TeX ligatures (luaotfload's tlig) also make << « and >> » (the classic dialect writes
# < and > as math). (They make " ” too, a substitution no guard stops: biber decodes \textquotedbl,
# the straight mark in TU, back to ", which prints ” again)
_BIBLATEX_LIGATURES = [(re.compile(r"<(?=<)"), "<" + _GUARD), (re.compile(r">(?=>)"), ">" + _GUARD)]
_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", 
             "~": r"\textasciitilde", "^": r"\textasciicircum", "\\": r"\textbackslash"}


class Encoder:
    """Escape text for LaTeX with pylatexenc: every non-ASCII character that has a LaTeX form
    (``bibtex``), or only LaTeX's special characters (``biblatex``, which stays UTF-8).

    pylatexenc looks at one character at a time (the ligature rules look one character
    ahead), so the text is NFC-normalised as pylatexenc does, and only the characters that
    pylatexenc would change are passed to it, one at a time (cached): byte for byte the same
    result as ``unicode_to_latex(text)``, many times faster on mostly plain text.
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        from pylatexenc.latexencode import RULE_DICT, RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

        ligatures = _BIBLATEX_LIGATURES + _LIGATURES if dialect == "biblatex" else _LIGATURES
        rules: list = [UnicodeToLatexConversionRule(rule_type=RULE_REGEX, rule=ligatures,
                                                    replacement_latex_protection="none")]
        if dialect == "bibtex":
            # natbib styles write names and keys into \bibitem[…]'s label, which a "]" ended
            # ("]]>" in a name: "Bibliography not compatible with author-year citations")
            rules += [UnicodeToLatexConversionRule(rule_type=RULE_DICT, rule={ord("]"): "{]}"}), "defaults"]
        else:
            rules.append(UnicodeToLatexConversionRule(rule_type=RULE_DICT,
                                                      rule={ord(k): v for k, v in _SPECIALS.items()}))
        self._encoder = UnicodeToLatexEncoder(conversion_rules=rules, non_ascii_only=False,
                                              replacement_latex_protection="braces-all",
                                              unknown_char_policy="keep", unknown_char_warning=False)
        self._one = lru_cache(maxsize=4096)(self._encode_char)
        plain = "".join(ch for ch in map(chr, range(128)) if self._encoder.unicode_to_latex(ch) == ch)
        # a ligature pair's first character (-{\/}-), or any character pylatexenc changes on its own
        pairs = "-',<>" if dialect == "biblatex" else "-',"
        self._changed = re.compile(f"([{re.escape(pairs)}])(?=\\1)|[^" + re.escape(plain) + "]")

    def __call__(self, text: str) -> str:
        latex = self._changed.sub(self._replace, unicodedata.normalize("NFC", text))
        return _LINE_START_AT.sub(r"\1{@}", latex) if "@" in latex else latex

    def _replace(self, match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + _GUARD
        if unicodedata.combining(match.group()):
            # a mark left over after NFC (stacked accents): pylatexenc would print a lone
            # \ddot{} instead; keep the mark as UTF-8 (the BibTeX writer warns about it)
            return match.group()
        return self._one(match.group())

    def _encode_char(self, ch: str) -> str:
        """Return pylatexenc's LaTeX for one character, or the character itself (UTF-8, which
        the BibTeX writer then warns about) if that LaTeX reads back as another text: pylatexenc
        writes look-alikes for some (″ as '', Greek Α as A, Ű as \\'{U})."""
        latex = self._encoder.unicode_to_latex(ch)
        if latex == ch or ch.isascii():
            return latex
        if not NEEDS_PACKAGE.isdisjoint(re.findall(r"\\([A-Za-z]+)", latex)):
            return ch  # \CYRR (T2A), \textschwa (TIPA), amssymb…: undefined without a package
        return latex if unicodedata.normalize("NFC", decode_latex(latex)) == ch else ch


@lru_cache(maxsize=None)
def encoder(dialect: str) -> Encoder:
    """Return the LaTeX encoder of ``dialect``, made once per process."""
    return Encoder(dialect)
