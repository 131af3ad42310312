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
it joins the style's punctuation as citeproc-js joins it ("?!" then "." gives "?!"). A coded
part's straight apostrophes are coded as the ’ that both engines print for them elsewhere
("it's", "d'Arc": pandoc printed the coded "'" as it was).

One more form, for names of any script: a personal name with a family name alone that has a
lower-case word ("van der Berg", "al-Hāshimī", "de la Cruz") goes to pandoc as a literal name,
which it prints and sorts as written, as citeproc-js does: pandoc split off the particle and
Chicago printed "Berg, van der" (the CSL-JSON export keeps family and given names).

Not followed: quotation marks in a name ('Joseph "Joe"'), which citeproc-js reads as quotes
(“Joe.”, the style's full stop inside) and pandoc prints as written; citeproc-js's order for
items in Chinese or Japanese (family first for every name) and in Vietnamese or Hungarian
(``getStaticOrder``), which would need the family name itself given in another form; a
given-name word with a full stop, and the part of a word after its first hyphen, which both
split differently; and the sort order of two such names with the same family name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# citeproc-js 2.4.63's CSL.ROMANESQUE_REGEXP (with "-" and digits), STARTSWITH_ROMANESQUE_REGEXP
# (with "&", without them) and NAME_INITIAL_REGEXP's first character, as code point ranges
# (checked without regular expressions, which would cost 3 ms to compile on every `cite`)
_LETTERS = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x17F), (0x218, 0x21B), (0x370, 0x3FF), (0x400, 0x52F),
            (0x590, 0x5D4), (0x5D6, 0x5FF), (0x600, 0x6FF), (0xE01, 0xE5B), (0x1F00, 0x1FFF),
            (0x200C, 0x200E), (0x202A, 0x202E))
_ROMANESQUE = ((0x2D, 0x2D), (0x30, 0x39), *_LETTERS)
_STARTS = ((0x26, 0x26), *_LETTERS)
_INITIAL = ((0x41, 0x5A), (0xC0, 0x17F), (0x370, 0x370), (0x372, 0x372), (0x376, 0x376), (0x386, 0x386),
            (0x388, 0x3AB), (0x3E2, 0x3E2), (0x3E4, 0x3E4), (0x3E6, 0x3E6), (0x3E8, 0x3E8), (0x3EA, 0x3EA),
            (0x3EC, 0x3EC), (0x3EE, 0x3EE), (0x3F4, 0x3F4), (0x3F7, 0x3F7), (0x3FD, 0x3FF), (0x400, 0x42F),
            (0x590, 0x5D4), (0x5D6, 0x5FF), (0x600, 0x6FF), (0xE01, 0xE5B))


def _in(c: str, ranges: tuple) -> bool:
    n = ord(c)
    return any(a <= n <= b for a, b in ranges)


def romanesque(text: str) -> bool:
    """Return whether ``text`` has a character of citeproc-js's ROMANESQUE_REGEXP."""
    return any(_in(c, _ROMANESQUE) for c in text)


def starts_romanesque(text: str) -> bool:
    """Return whether ``text`` starts as citeproc-js's STARTSWITH_ROMANESQUE_REGEXP matches."""
    return bool(text) and _in(text[0], _STARTS)


def initial(word: str) -> bool:
    """Return whether citeproc-js's doInitialize makes an initial of ``word`` (its
    NAME_INITIAL_REGEXP matches a first character that upper case leaves as it is)."""
    return bool(word) and _in(word[0], _INITIAL) and word[0] == word[0].upper()


_DIGIT0 = 0x1D41A  # MATHEMATICAL BOLD SMALL A … Z: the 26 digits of the code
CAPITAL = "\U0001D400"  # MATHEMATICAL BOLD CAPITAL A: a capital for pandoc to initialise
BLANK = "\U0001D44E"  # MATHEMATICAL ITALIC SMALL A: stands for nothing (twice: a word pandoc keeps)
MARKS = f"\U0001D400\U0001D41A-\U0001D433{BLANK}"  # for citeproc_punctuation to escape in the user's text
_ESCAPE = "\ue007"  # citeproc_punctuation's mark before a character that is the user's own


@cache
def _coded() -> re.Pattern:
    return re.compile(f"(?<!{_ESCAPE})((?:[\U0001D41A-\U0001D433]{{5}})+)(?: {CAPITAL})?|(?<!{_ESCAPE}){BLANK}{BLANK}")


# a part in single quotes ("'Jo'", "'Jo Al'"): citeproc-js reads them as quotation marks
_QUOTED = re.compile(r"(?:^|(?<=\s))'[^'\s][^']*'(?=$|[\s,.;:?!])")


def _apostrophes(text: str) -> str:
    """Return ``text`` with its straight apostrophes as citeproc-js prints them in a name
    (its quote parser, as in any field: "it's", "d'Arc", "'t" print "it’s", "d’Arc", "’t");
    pandoc does the same in what it reads, not in a part coded here. A part in single quotes
    is left as it is (there the engines differ: "Notes")."""
    if "'" not in text or _QUOTED.search(text):
        return text
    return text.replace("'", "\u2019")


def _code(text: str) -> str:
    out = []
    for ch in _apostrophes(text):
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
    if initial(word):  # citeproc-js initialises it
        if _upper(word[0]) or len(word) == 1:  # and so does pandoc (a letter alone is an initial to it)
            return word
        return f"{_code(word[0])} {CAPITAL}{word[1:]}"
    if len(word) == 1:  # pandoc: an initial; citeproc-js: one without case ("&") only where it does not initialise
        return word if word == word.upper() else _code(word)
    return word if _kept_by_pandoc(word) else _code(word)


def _given(given: str) -> str:
    if not starts_romanesque(re.sub("^(?:<[^>]+>)*", "", given) if given[0] == "<" else given):
        return _code(given)  # citeproc-js never initialises it
    return "".join(w if n % 2 else _word(w) for n, w in enumerate(re.split(r"(\s+)", given)))


def _particled(family: str) -> bool:
    """Return whether a family name has a word that starts with a lower-case letter, as the
    particles pandoc splits off do ("van", "de la", "al-", "d'")."""
    return any(w[:1].islower() for w in family.split())


def pandoc_name(name: dict) -> dict:
    """Return the CSL-JSON personal ``name`` as pandoc is to get it (itself if pandoc prints it
    as citeproc-js does)."""
    family, given = name.get("family"), name.get("given")
    if isinstance(family, str) and not given and "literal" not in name and _particled(family):
        # a family name alone ("van der Berg", "al-Hāshimī"): citeproc-js prints it as it is,
        # where pandoc split off its particle and Chicago printed "Berg, van der"
        return {k: v for k, v in name.items() if k not in ("family", "given")} | {"literal": family}
    if not isinstance(family, str) or not family or not isinstance(given, str) or not given or "literal" in name:
        return name
    if not romanesque(family.replace('"', "")):
        if not starts_romanesque(given):
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
    stand-in in ``final`` (citeproc_punctuation's, which calls this only on a text that holds
    one of :data:`MARKS`), to be joined with the style's punctuation
    after it as citeproc-js joins them ("?!" then "." gives "?!"), as pandoc would have."""
    return _coded().sub(lambda m: _decoded(m, final), text)
