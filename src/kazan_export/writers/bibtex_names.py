"""Name fields of the BibTeX and biblatex entries (:mod:`kazan_export.writers.bibtex`).

``enc`` is the dialect's LaTeX encoder (:func:`kazan_export.latex.encoder`): it is called on each
name part and says its dialect (``enc.dialect``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kazan_export.model import Entity


def _part(text: str, enc, family: bool = False, alone: bool = False) -> str:  # noqa: ANN001
    """Return a name part, braced if BibTeX would split it ("and", a comma) or find it empty ("-"),
    and a lower-case family name for biber (below).

    A family name of several words is braced too, so that it is taken whole: biblatex, as its
    extended name format does (by BibTeX's rules its lower-case words are a particle, which
    biblatex leaves out of citations: "a" + U+200B was cited as nothing, "agreement º" as "º");
    BibTeX where it stands ``alone``, with no given name (its first words were read as given
    names, which apalike abbreviated by byte: half a UTF-8 letter stopped LuaLaTeX).
    """
    # "and" or a comma would split it; a part with no letter or digit ("-") BibTeX reads as empty
    split = re.search(r"\band\b|,", text, re.IGNORECASE) or not any(ch.isalnum() for ch in text)
    several = len(text.split()) > 1
    # biber misreads a lower-case family name of one word beside a lower-case given name ("no,
    # agreement" was cited "(a. n. a. 2019)" and "()", printed "agreement no agreement")
    lower = next((ch for ch in text if ch.isalpha()), "").islower()
    words = family and ((enc.dialect == "biblatex" and (several or lower)) or (alone and several))
    return "{" + _kept(enc(text), enc) + "}" if split or words else _kept(enc(text), enc)


def _kept(part: str, enc) -> str:  # noqa: ANN001
    """Return an encoded name part that biber keeps: biber (Perl) reads a part "0" as none, and
    drops the name or loops forever on it (biber 2.18); "0{}" prints the same."""
    return part + "{}" if enc.dialect == "biblatex" and part.strip() == "0" else part


def _given(text: str, enc) -> str:  # noqa: ANN001
    """Return a given name for classic BibTeX: a word that starts with a letter left in UTF-8
    (Cyrillic, Armenian: no LaTeX escape) starts with it as a special character
    ("{\\relax С}ергей"), which BibTeX keeps whole; it abbreviates anything else by byte and
    cut the letter in two ("Воронцов, \ufffd" in apalike, which LuaLaTeX refuses). BibTeX skips
    the ASCII characters that are no letters (digits, punctuation) to a word's first letter:
    "8Сергей" and ".Ким" are abbreviated by "С" and "К", guarded alike."""
    part = _part(text, enc)
    if enc.dialect != "bibtex":
        return part
    return re.sub(r"(?:^|(?<=[\s~-]))((?:(?![A-Za-z{}~\s-])[\x00-\x7f])*)(\{?)([^\x00-\x7f])",
                  lambda m: m[1] + "{\\relax " + m[3] + ("" if m[2] else "}"), part)


def _initial(part: str, enc) -> str:  # noqa: ANN001
    """Return biber's ``-i`` value of a name part: its first letter with the marks that follow
    it, braced (one initial for biber, an escape such as ``\\&`` too). biber splits an initial
    into grapheme clusters: one that starts with a character that joins the one before it (a
    combining mark, a joiner, an emoji modifier) is not braced, or "{" and the mark were one
    cluster, which left the .bbl's braces unbalanced (LaTeX stopped). "=" is ``\\char 61``,
    which biber does not decode into the "=" that ends the part's name (see :func:`_x_value`)."""
    end = 1
    while end < len(part) and unicodedata.category(part[end]).startswith("M"):
        end += 1
    first = enc(part[:end])
    first = first[1:-1] if first.startswith("{") and first.endswith("}") else first
    if first == "=":
        return "{\\char 61 }"
    joins = unicodedata.category(first[0])[0] == "M" or unicodedata.category(first[0]) == "Cf" or (
        "\U0001f3fb" <= first[0] <= "\U0001f3ff")
    return first if joins else "{" + first + "}"


def _x_value(part: str) -> str:
    """Return an encoded part for biber's extended name format: "=" as ``\\symbol{61}``, which
    prints "=" (biber reads the part's name up to the last "=": "family={<a href='#'>}" was a
    part "family={<a href", ignored, and a name left empty made biber loop forever)."""
    return part.replace("=", "\\symbol{61}")


def _x_item(label: str, value: str) -> str:
    """Return one ``label=value`` of the extended name format, quoted as biber's manual says
    where it has a comma or a quotation mark (biber splits the name as CSV: "family={a, b}"
    left a part "{a" in the .bbl, unbalanced), its quotation marks doubled."""
    item = f"{label}={value}"
    return '"' + item.replace('"', '""') + '"' if "," in item or '"' in item else item


def names(names: Iterable[tuple[str, str | None, bool]], enc) -> str:  # noqa: ANN001
    """Return an author field from ``(family, given, is_person)`` triples.

    Organisations and groups are one braced, unsplittable name. For biblatex, a field in which a
    name has an escaped character (``{\\&}``) is written in biber's extended name format with
    explicit initials (``family={…}, family-i={…}``): biber derives broken initials from such a
    name (``{}\\bibinitperiod}``), which stop LaTeX.
    """
    names = list(names)
    if enc.dialect == "biblatex" and any(enc(p) != p for f, g, _ in names for p in (f, g) if p):
        return " and ".join(", ".join(f"{_x_item(label, '{' + _x_value(_kept(enc(part), enc)) + '}')}, "
                                      f"{_x_item(label + '-i', _initial(part, enc))}"
                                      for label, part in (("family", family), ("given", given)) if part)
                            for family, given, _ in names)
    return " and ".join((_part(family, enc, family=True, alone=not given) + (", " + _given(given, enc) if given else "")) if person
                        else "{" + _kept(enc(family), enc) + "}" for family, given, person in names)


def entity_names(entities: Iterable[Entity], enc) -> str:  # noqa: ANN001
    """Return the name field of ``entities``: a person with a family name as "Family, Given",
    anyone else (an organisation, a group, a person known by one name) as one braced name."""
    return names(((e.family, e.given, True) if e.kind == "person" and e.family else (e.name, None, False)
                   for e in entities), enc)
