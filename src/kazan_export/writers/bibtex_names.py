"""Name fields of the BibTeX and biblatex entries (:mod:`kazan_export.writers.bibtex`).

``enc`` is the dialect's LaTeX encoder (:func:`kazan_export.latex.encoder`): it is called on each
name part and says its dialect (``enc.dialect``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kazan_export.model import Entity


def _part(text: str, enc) -> str:  # noqa: ANN001
    """Return a name part, braced if BibTeX would split it ("and", a comma) or find it empty ("-")."""
    # "and" or a comma would split it; a part with no letter or digit ("-") BibTeX reads as empty
    split = re.search(r"\band\b|,", text, re.IGNORECASE) or not any(ch.isalnum() for ch in text)
    return "{" + enc(text) + "}" if split else enc(text)


def _given(text: str, enc) -> str:  # noqa: ANN001
    """Return a given name for classic BibTeX: a word that starts with a letter left in UTF-8
    (Cyrillic, Armenian: no LaTeX escape) starts with it as a special character
    ("{\\relax С}ергей"), which BibTeX keeps whole; it abbreviates anything else by byte and
    cut the letter in two ("Воронцов, \ufffd" in apalike, which LuaLaTeX refuses)."""
    part = _part(text, enc)
    if enc.dialect != "bibtex":
        return part
    return re.sub(r"(?:^|(?<=[\s~-]))(\{?)([^\x00-\x7f])",
                  lambda m: "{\\relax " + m[2] + ("" if m[1] else "}"), part)


def _initial(part: str, enc) -> str:  # noqa: ANN001
    first = enc(part[:1])
    return first[1:-1] if first.startswith("{") and first.endswith("}") else first


def names(names: Iterable[tuple[str, str | None, bool]], enc) -> str:  # noqa: ANN001
    """Return an author field from ``(family, given, is_person)`` triples.

    Organisations and groups are one braced, unsplittable name. For biblatex, a field in which a
    name has an escaped character (``{\\&}``) is written in biber's extended name format with
    explicit initials (``family={…}, family-i={…}``): biber derives broken initials from such a
    name (``{}\\bibinitperiod}``), which stop LaTeX.
    """
    names = list(names)
    if enc.dialect == "biblatex" and any(enc(p) != p for f, g, _ in names for p in (f, g) if p):
        return " and ".join(", ".join(f"{label}={{{enc(part)}}}, {label}-i={{{_initial(part, enc)}}}"
                                      for label, part in (("family", family), ("given", given)) if part)
                            for family, given, _ in names)
    return " and ".join((_part(family, enc) + (", " + _given(given, enc) if given else "")) if person
                        else "{" + enc(family) + "}" for family, given, person in names)


def entity_names(entities: Iterable[Entity], enc) -> str:  # noqa: ANN001
    """Return the name field of ``entities``: a person with a family name as "Family, Given",
    anyone else (an organisation, a group, a person known by one name) as one braced name."""
    return names(((e.family, e.given, True) if e.kind == "person" and e.family else (e.name, None, False)
                   for e in entities), enc)
