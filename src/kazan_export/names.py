"""What a user types, matched as they expect: names and ids in any script, text without accents.

Users type on an ordinary keyboard: ``mammadov`` for Məmmədov, ``lavrov`` for Лавров,
``don't`` for don’t. :func:`fold` ignores what a find box ignores (case, accents, typographic
quotes, dashes and spaces); names are also compared romanised (:func:`transliterate`, anyascii,
as Better BibTeX does for keys), with the spellings users type where anyascii gives another
(:data:`ALTERNATIVES`). :func:`resolve` finds the people a typed name means, an exact name or
id before part of one. This is the one module that imports anyascii.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from kazan_export.model import Article, Entity

# What a keyboard types for the typographic marks articles use.
_TYPED = str.maketrans({**dict.fromkeys("‘’‚‛′`", "'"), **dict.fromkeys("“”„‟″«»", '"'),
                        **dict.fromkeys("‐‑‒–—―−", "-")})
# Romanisations users type where anyascii gives another; each table gives one more form of a
# text (anyascii's own stays too): Azerbaijani ə is written a in English (Əliyev → Aliyev,
# Məmmədov → Mammadov, Həsənov → Hasanov; anyascii: Eliyev, as in IPA); Russian й as the
# English-language press writes it (Сергей → Sergei, Дмитрий → Dmitry, Навальный → Navalny;
# anyascii: Sergey, Dmitriy, Naval'nyy). Longer keys are replaced first.
ALTERNATIVES: tuple[dict[str, str], ...] = ({"ə": "a"}, {"ий": "y", "ый": "y", "й": "i"})
EXACT, WORDS, PART = 0, 1, 2  # how a typed name matches: the whole name, whole words, part of a word
_SPACES = re.compile(r"\s+")


def transliterate(text: str) -> str:
    """Return ``text`` with every letter and digit in ASCII, by its usual romanisation (anyascii:
    Хасан → Khasan, Սարգսյան → Sargsyan, Məmmədov → Memmedov, Čelić → Celic, Straße → Strasse),
    as Zotero's Better BibTeX transliterates names for keys. Spaces, punctuation and symbols are
    left as they are (``£40`` stays ``£40``: a key or id drops them, never spells them out)."""
    if text.isascii():
        return text
    from anyascii import anyascii  # here: importing it costs ~5 ms (importlib.resources), and ASCII needs none

    return "".join(c if c.isascii() or unicodedata.category(c)[0] not in "LMN" else anyascii(c) for c in text)


def ascii_fold(text: str) -> str:
    """Return ``text`` transliterated to ASCII with only letters and digits kept (Čelić → Celic,
    Абдуллаев → Abdullaev): what keys and ids are made of."""
    return "".join(c for c in transliterate(text) if c.isascii() and c.isalnum())


def fold(text: str) -> str:
    """Return ``text`` as a find box compares it: case, accents and marks dropped (``İlham`` →
    ``ilham``, ``Juppé`` → ``juppe``), typographic quotes and dashes as typed (’ → ', – → -),
    every run of white space one space. Letters of other scripts stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.translate(_TYPED))


def _romanised(text: str, table: dict[str, str] | None, latin_only: bool) -> str:
    """Return ``text`` folded (see :func:`fold`) with its letters in ASCII: those of the Latin
    script only (ł, ø, ı, ə, æ, which have no accent to drop) if ``latin_only``, else every
    script's; ``table`` first. Letters are romanised before accents are dropped (й is y)."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    if lowered.isascii():
        return fold(lowered)
    for source in sorted(table or (), key=len, reverse=True):
        if not latin_only or all(unicodedata.name(c, "").startswith("LATIN") for c in source):
            lowered = lowered.replace(source, table[source])
    out = []
    for c in lowered:
        if c.isascii() or (latin_only and not unicodedata.name(c, "").startswith("LATIN")):
            out.append(c)
        else:
            out.append(transliterate(c))
    return fold("".join(out))


def ascii_form(text: str) -> str:
    """Return ``text`` folded (see :func:`fold`) and romanised: how a typed id or key compares
    (``St-Juppé`` → ``st-juppe``)."""
    return _romanised(text, None, latin_only=False)


def contains(text: str, typed: str) -> bool:
    """Return True if ``text`` contains ``typed``, ignoring case, accents, typographic quotes and
    dashes, and spacing (``ilham`` finds İlham, ``lajcak`` Lajčák, ``don't`` don’t). Other
    scripts are compared as written: ``lavrov`` does not find Лавров in a text."""
    return any(_romanised(typed, table, latin_only=True) in _romanised(text, table, latin_only=True)
               for table in (None, *ALTERNATIVES))


def _name_key(folded: str) -> str:
    """Return a folded name without the marks users leave out or type otherwise: O'Brien →
    obrien, Ter-Petrosyan → ter petrosyan, J.R. → j r."""
    return " ".join(folded.replace("'", "").translate(str.maketrans("-_.", "   ")).split())


def name_forms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the forms a typed name or an article's name is compared in: as folded (any
    script), then romanised (anyascii and each alternative)."""
    native = _name_key(fold(text))
    romanised = tuple(dict.fromkeys(_name_key(_romanised(text, t, latin_only=False)) for t in (None, *ALTERNATIVES)))
    return (native,), tuple(r for r in romanised if r != native) or (native,)


def _kind(typed: str, name: str) -> int | None:
    if not typed:
        return None
    if typed == name:
        return EXACT
    if f" {typed} " in f" {name} ":
        return WORDS
    return PART if typed in name else None


def _rank(typed: tuple[tuple[str, ...], tuple[str, ...]], entity: Entity) -> int | None:
    """Return how well ``typed`` names ``entity`` (lower is better), or None: an exact match
    before whole words before part of a word, each as written before romanised."""
    best = None
    for text in (entity.id, *entity.names()):
        forms = name_forms(text)
        for romanised in (0, 1):
            kinds = [_kind(q, n) for q in typed[romanised] for n in forms[romanised]]
            found = [k for k in kinds if k is not None]
            if found:
                rank = 2 * min(found) + romanised
                best = rank if best is None else min(best, rank)
    return best


@dataclass(frozen=True, slots=True)
class Resolution:
    """The people a typed name means: ``chosen`` (entity ids, in the article's order), how
    they matched (``kind``: EXACT, WORDS or PART; None if nobody), and the ``others`` whose
    name holds the typed words when an exact match won over them."""

    typed: str
    chosen: tuple[str, ...]
    kind: int | None
    others: tuple[str, ...] = ()


def resolve(article: Article, typed: str) -> Resolution:
    """Return the people ``typed`` names: those it names best (an id or full name exactly,
    then whole words of a name, then part of one; as written before romanised)."""
    wanted = name_forms(typed)
    ranks = {e.id: r for e in article.entities if (r := _rank(wanted, e)) is not None}
    if not ranks:
        return Resolution(typed, (), None)
    best = min(ranks.values())
    chosen = tuple(i for i, r in ranks.items() if r == best)
    others = tuple(i for i, r in ranks.items() if r != best and r // 2 == WORDS) if best // 2 == EXACT else ()
    return Resolution(typed, chosen, best // 2, others)


def listed(items: list[str] | tuple[str, ...], word: str = "and", limit: int | None = None) -> str:
    """Return ``items`` as a message lists them: "a", "a and b", "a, b or c" (``word``), or the
    first ``limit`` of them then "and N more"."""
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def named(article: Article, ids: tuple[str, ...], word: str = "and", limit: int = 5) -> str:
    """Return the people ``ids`` as a user reads them: "Serzh Sargsyan (sargsyan) and Hayk
    Sargsyan (hayk-sargsyan)", at most ``limit`` of them then "and N more"."""
    return listed([f"{article.entity[i].name} ({i})" for i in ids], word, limit)


def close_names(article: Article, typed: str, n: int = 3) -> tuple[str, ...]:
    """Return the ids of the (at most ``n``) people whose id, name or a word of it is closest to
    ``typed``, romanised, for a "did you mean"."""
    wanted = name_forms(typed)[1][0]
    owners: dict[str, str] = {}
    for e in article.entities:
        for text in (e.id, *e.names()):
            for form in name_forms(text)[1]:
                for candidate in (form, *form.split()):
                    owners.setdefault(candidate, e.id)
    found = difflib.get_close_matches(wanted, list(owners), n=4 * n, cutoff=0.7)
    return tuple(dict.fromkeys(owners[f] for f in found))[:n]


def speaker_note(article: Article, resolution: Resolution) -> str | None:
    """Return what to tell the user of how ``--speaker`` was read, or None if it is plain: the
    name matches nobody (with the closest names), several people, or one exactly where others
    bear the typed name too."""
    typed, chosen = resolution.typed, resolution.chosen
    if not chosen:
        near = close_names(article, typed)
        hint = f"; did you mean {named(article, near, 'or')}?" if near else ""
        return f"--speaker '{typed}' names nobody in the article{hint}"
    if len(chosen) > 1:
        return (f"--speaker '{typed}' matches {len(chosen)} speakers: {named(article, chosen)}; "
                "all are selected (give an id or a full name for one)")
    if resolution.others:
        return (f"--speaker '{typed}' selects {named(article, chosen)}, whose name or id it is; "
                f"{named(article, resolution.others)} {'has' if len(resolution.others) == 1 else 'have'} "
                "it in their name too (give their id to select them)")
    return None
