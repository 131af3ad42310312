"""Personal names in scripts citeproc-js does not treat as Latin, for pandoc to print as it does.

citeproc-js (Zotero's engine) and pandoc's citeproc both sort names into "romanesque" and other
scripts by the characters of the family name (citeproc-js's ``CSL.ROMANESQUE_REGEXP``: Latin,
Greek, Cyrillic, Hebrew, Arabic, Thai, digits and "-"; pandoc's ``isByzantine`` copies it), and
both print a name whose family name has none of them family first, with nothing between family
and given name ("王小明", "ՊետրոսյանԱննա"). Where they differ (``_isRomanesque``,
``CSL.Util.Names.initializeWith`` and ``doInitialize`` in ``citeproc_commonjs.js`` 2.4.63;
``getDisplayName`` and ``initialize`` in citeproc's ``Citeproc/Eval.hs``):

- a given name that does not start with a romanesque character (or with "&") is never
  initialised by citeproc-js: "ՊետրոսյանԱննա", "Petrosyan, Աննա", where pandoc's APA printed
  "ՊետրոսյանԱ." and "Petrosyan, Ա." (it initialises a word that starts with a capital letter,
  of any script) and "王小明." before a comma (it puts the full stop after a word it cannot
  initialise);
- a family name with no romanesque character before a given name that starts with one is
  printed family first with a space ("Պետրոսյան A."); pandoc printed "ՊետրոսյանA.";
- a word of a given name that starts with a romanesque letter of a script without capitals
  (Arabic, Hebrew, Thai) is initialised by citeproc-js ("الخطيب, أ."); pandoc kept it whole;
- a word that citeproc-js's initials do not take (``CSL.NAME_INITIAL_REGEXP``: capitals of
  Latin, Greek, Cyrillic U+0400–U+042F, Hebrew, Arabic, Thai), such as Kazakh "Қасым" or an
  Armenian word after a Latin one, is printed whole; pandoc initialised or stopped it. (One
  character without case, "&": citeproc-js prints it whole where it initialises, "&." where it
  does not; pandoc "&." in both, and no form of it changes that: left as it is.)

:func:`protect_names` gives pandoc each such name in a form it prints as citeproc-js prints
the name, in whatever form the style asks for (initialised or not, short or long, sorted or
not), and :func:`restore_names` turns pandoc's output back: a part to be printed as it is
becomes a run of mathematical small letters (``Ll``: pandoc keeps an all-lower-case word as it
is, and no case change touches them), each character five of them; a word citeproc-js
initialises that pandoc cannot becomes its first character so encoded, a space and a
mathematical capital, then the rest (pandoc's initial of the capital, "x 𝐀.", is removed with
its space, its full form "x 𝐀rest" keeps the rest); a blank mark before the given name gives
the space after a family name. Names that both print alike are left as they are. The CSL-JSON
export keeps the names as the source has them; only pandoc gets these forms.

A coded part's final punctuation mark is decoded as citeproc_punctuation's stand-in, so that
it joins the style's punctuation as citeproc-js joins it ("?!" then "." gives "?!").

Not followed: citeproc-js's order for items in Chinese or Japanese (family first for every
name) and in Vietnamese or Hungarian (``getStaticOrder``), which would need the family name
itself given in another form; a given-name word with a full stop, and the part of a word after
its first hyphen, which both split differently; and the sort order of two such names with the
same family name.
"""

from __future__ import annotations

import re
import unicodedata

# citeproc-js 2.4.63's CSL.ROMANESQUE_REGEXP, STARTSWITH_ROMANESQUE_REGEXP and NAME_INITIAL_REGEXP
_R = ("\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
      "\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e")
ROMANESQUE = re.compile(f"[-0-9a-zA-Z{_R}]")
STARTS_ROMANESQUE = re.compile(f"^[&a-zA-Z{_R}]")
NAME_INITIAL = re.compile("^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
                          "\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee"
                          "\u03f4\u03f7\u03fd-\u03ff])")
_LEADING_TAGS = re.compile("^(?:<[^>]+>)*")

_DIGIT0 = 0x1D41A  # MATHEMATICAL BOLD SMALL A … Z: the 26 digits of the code
CAPITAL = "\U0001D400"  # MATHEMATICAL BOLD CAPITAL A: a capital for pandoc to initialise
BLANK = "\U0001D44E"  # MATHEMATICAL ITALIC SMALL A: stands for nothing (twice: a word pandoc keeps)
MARKS = f"\U0001D400\U0001D41A-\U0001D433{BLANK}"  # for citeproc_punctuation to escape in the user's text
_ESCAPE = "\ue007"  # citeproc_punctuation's mark before a character that is the user's own
_CODED = re.compile(f"(?<!{_ESCAPE})((?:[\U0001D41A-\U0001D433]{{5}})+)(?: {CAPITAL})?|(?<!{_ESCAPE}){BLANK}{BLANK}")
_ANY = re.compile(f"[{MARKS}]")
_WORD = re.compile(r"(\s+)")


def _code(text: str) -> str:
    out = []
    for ch in text:
        n = ord(ch)
        out.append("".join(chr(_DIGIT0 + (n // 26 ** k) % 26) for k in (4, 3, 2, 1, 0)))
    return "".join(out)


def _decoded(match: re.Match, final: dict[str, str]) -> str:
    run = match[1]
    if run is None:
        return ""
    text = "".join(chr(sum((ord(run[i + k]) - _DIGIT0) * 26 ** (4 - k) for k in range(5)))
                   for i in range(0, len(run), 5))
    return text[:-1] + final[text[-1]] if text[-1:] in final else text


def _upper(c: str) -> bool:  # Haskell's isUpper
    return unicodedata.category(c) in ("Lu", "Lt")


def _kept_by_pandoc(word: str) -> bool:  # pandoc prints an all-lower-case word as it is
    return all(unicodedata.category(c) == "Ll" for c in word)


def _word(word: str) -> str:
    """Return a word of a given name that starts with a romanesque character, as pandoc is to
    get it so that it prints the word (initialised or not) as citeproc-js's doInitialize does;
    of a hyphenated word ("Қасым-Жомарт") the part before the first hyphen."""
    if "-" in word[1:]:
        cut = word.index("-", 1)
        return _word(word[:cut]) + word[cut:]
    if "." in word:
        return word  # initials: both keep them
    m = NAME_INITIAL.match(word)
    if m and word[0] == word[0].upper():  # citeproc-js initialises it
        if _upper(word[0]) or len(word) == 1:  # and so does pandoc (a letter alone is an initial to it)
            return word
        return f"{_code(word[0])} {CAPITAL}{word[1:]}"
    if len(word) == 1:  # pandoc: an initial; citeproc-js: one without case ("&") only where it does not initialise
        return word if word == word.upper() else _code(word)
    return word if _kept_by_pandoc(word) else _code(word)


def _given(given: str) -> str:
    if not STARTS_ROMANESQUE.match(_LEADING_TAGS.sub("", given)):
        return _code(given)  # citeproc-js never initialises it
    return "".join(w if n % 2 else _word(w) for n, w in enumerate(_WORD.split(given)))


def pandoc_name(name: dict) -> dict:
    """Return the CSL-JSON personal ``name`` as pandoc is to get it (itself if pandoc prints it
    as citeproc-js does)."""
    family, given = name.get("family"), name.get("given")
    if not isinstance(family, str) or not family or not isinstance(given, str) or not given or "literal" in name:
        return name
    if not ROMANESQUE.search(family.replace('"', "")):
        if not STARTS_ROMANESQUE.match(given):
            return {**name, "given": _code(given)}  # "ՊետրոսյանԱննա": glued, never initialised
        return {**name, "given": f"{BLANK}{BLANK} {_given(given)}"}  # "Պետրոսյան A.": a space between
    coded = _given(given)
    return name if coded == given else {**name, "given": coded}


def protect_names(item: dict) -> dict:
    """Return the CSL-JSON ``item`` with its personal names as pandoc is to get them
    (:func:`pandoc_name`); ``item`` itself if none changes."""
    out = None
    for field, value in item.items():
        if isinstance(value, list) and value and all(isinstance(n, dict) for n in value):
            names = [pandoc_name(n) for n in value]
            if any(a is not b for a, b in zip(names, value)):
                out = out or dict(item)
                out[field] = names
    return out or item


def restore_names(text: str, final: dict[str, str]) -> str:
    """Return ``text`` as pandoc printed it with the names :func:`protect_names` coded
    printed as citeproc-js prints them; a coded part's final punctuation mark becomes its
    stand-in in ``final`` (citeproc_punctuation's), to be joined with the style's punctuation
    after it as citeproc-js joins them ("?!" then "." gives "?!"), as pandoc would have."""
    return _CODED.sub(lambda m: _decoded(m, final), text) if _ANY.search(text) else text
