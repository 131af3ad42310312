"""The TeX that a biblatex field needs where one fixed text cannot be right in every style.

- **A quotation inside an article's title** (“Two weeks after the “April war””): biblatex's
  standard styles and biblatex-chicago quote the title, biblatex-apa does not. csquotes'
  ``\\openautoquote`` … ``\\closeautoquote`` (its author interface to nesting quotes) prints
  double marks at the outer level and single ones inside the styles' own quotes, and, being
  commands without arguments, leave the words between them to biblatex-apa's sentence case
  (``\\mkbibquote{…}`` keeps its argument as written). Without csquotes they print single marks,
  as before (``\\ifdef``: biblatex loads etoolbox).
- **A qualified date's sentence** ("Dated about 14 June 2011"): biblatex-apa, and
  biblatex-chicago loaded as its manual says, print the qualifier themselves ("[ca. 2011]",
  "[June 14, 2011?]"), the standard styles only with the ``datecirca``/``dateuncertain``
  options. The sentence is printed only where the option is off, by biblatex's own toggles
  (``blx@datecirca``, ``blx@dateuncertain``), which biblatex-chicago tests too.
"""

from __future__ import annotations

import re

from kazan_export.citations import nest_quotes
from kazan_export.dates import EdtfDate, parse_edtf

OPEN, CLOSE = "\ue000", "\ue001"  # stand-ins while the title is cased and encoded
_TEX = {OPEN: "\\ifdef{\\openautoquote}{\\openautoquote}{‘}", CLOSE: "\\ifdef{\\closeautoquote}{\\closeautoquote}{’}"}
_STRAIGHT_PAIR = re.compile(r'"(\S[^"]*)"')  # as citations.nest_quotes reads a straight pair


def quote_roles(text: str) -> dict[int, str] | None:
    """Return the index of every double quotation mark of ``text`` that opens (OPEN) or closes
    (CLOSE) a quotation (“…”, „…“, "…"), or None when they do not pair up."""
    roles: dict[int, str] = {}
    for match in _STRAIGHT_PAIR.finditer(text):
        roles[match.start()], roles[match.end() - 1] = OPEN, CLOSE
    low: list[bool] = []  # is each open quotation a „ (closed by “)?
    for i, ch in enumerate(text):
        if ch == "„" or (ch == "“" and not (low and low[-1])):
            roles[i] = OPEN
            low.append(ch == "„")
        elif ch in "”“":
            if not low:
                return None
            roles[i] = CLOSE
            low.pop()
        elif ch == '"' and i not in roles:
            return None  # a straight mark left unpaired
    return None if low else roles


def as_singles(text: str, roles: dict[int, str] | None) -> str:
    """Return ``text`` with its quotes single as it reads inside double ones (:func:`citations.nest_quotes`;
    a paired mark ‘ or ’ by its role, so that title case sees a quotation's first word, „ too)."""
    nested = list(nest_quotes(text))
    for i, role in (roles or {}).items():
        nested[i] = "‘" if role == OPEN else "’"
    return "".join(nested)


def with_stand_ins(cased: str, roles: dict[int, str] | None) -> str:
    """Return ``cased`` (the title with its quotes single, cased, as long as before) with each
    paired double quotation mark's place taken by OPEN or CLOSE."""
    if not roles:
        return cased
    chars = list(cased)
    for i, role in roles.items():
        chars[i] = role
    return "".join(chars)


def braced(core: str, enc) -> str:  # noqa: ANN001
    """Return ``core`` (a title word's letters, perhaps with stand-ins inside: ``J”s``) encoded
    and braced, each stand-in left outside the braces: csquotes stops LaTeX ("Unbalanced groups
    or invalid nesting") at a quotation opened outside a group and closed inside it
    (``{J\\closeautoquote s}``)."""
    parts = re.split(f"([{OPEN}{CLOSE}])", core)
    return "".join(part if part in (OPEN, CLOSE) else "{" + enc(part) + "}" for part in parts if part)


def tex_quotes(field: str) -> str:
    """Return an encoded field with the stand-ins written as TeX."""
    for stand_in, tex in _TEX.items():
        field = field.replace(stand_in, tex)
    return field


def unless_style_qualifies(date: str | None, sentence: str) -> str:
    """Return ``sentence`` (encoded), made conditional when it only says what the style's own
    qualifier says: a single approximate or uncertain date."""
    d = None if date is None else parse_edtf(date)
    if not isinstance(d, EdtfDate) or not (d.approximate or d.uncertain):
        return sentence
    # \iftoggle, not \ifboolexpr: biblatex-chicago expands the field, and only \iftoggle expands.
    # Both qualifiers ("2011%"): printed unless the style prints both
    printed = sentence
    for toggle, on in (("blx@dateuncertain", d.uncertain), ("blx@datecirca", d.approximate)):
        if on:
            printed = f"\\iftoggle{{{toggle}}}{{{'' if printed is sentence else printed}}}{{{sentence}}}"
    return printed
