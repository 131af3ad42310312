"""The ``language`` and ``langid`` fields of the .bib writer (:mod:`kazan_export.writers.bibtex`).

``langid`` names the babel or polyglossia language that hyphenates an entry (biblatex); its
values are theirs, which are the English names in lower case ("azerbaijani", "georgian").
``language`` is what a style prints: biblatex prints a localisation key (``russian``) as the
name in the document's language ("Russian", "russe") and anything else as written, so a
language biblatex has no key for is written by its English name ("Azerbaijani": the key-like
"azerbaijani" printed "Title. azerbaijani." and "[in azerbaijani]"). Classic BibTeX styles
that read the field (babelbib) want babel's names, which it keeps. A code with no name here
gives neither field: biblatex would print the code ("ka"). Pure, no imports.
"""

from __future__ import annotations

# BCP 47 primary language subtags and their babel/polyglossia names
BABEL_NAMES = {
    "en": "english", "ru": "russian", "hy": "armenian", "az": "azerbaijani", "fr": "french",
    "de": "german", "uk": "ukrainian", "tr": "turkish", "ka": "georgian", "kk": "kazakh",
    "ky": "kyrgyz", "uz": "uzbek", "tk": "turkmen", "tg": "tajik", "be": "belarusian",
    "ar": "arabic", "fa": "persian", "he": "hebrew", "el": "greek", "es": "spanish",
    "it": "italian", "pt": "portuguese", "nl": "dutch", "pl": "polish", "cs": "czech",
    "sk": "slovak", "sl": "slovene", "hr": "croatian", "sr": "serbian", "bg": "bulgarian",
    "ro": "romanian", "hu": "hungarian", "fi": "finnish", "et": "estonian", "lv": "latvian",
    "lt": "lithuanian", "sv": "swedish", "da": "danish", "no": "norwegian", "nb": "norwegian",
    "ca": "catalan", "eu": "basque", "gl": "galician", "la": "latin", "ja": "japanese",
    "zh": "chinese", "ko": "korean", "hi": "hindi", "mr": "marathi",
}
# the languages biblatex 3 has localisation keys for (english.lbx: "langrussian" …)
BIBLATEX_KEYS = frozenset(
    "american basque brazilian bulgarian catalan croatian czech danish dutch english estonian"
    " finnish french galician german greek hungarian italian japanese latin latvian lithuanian"
    " marathi norwegian polish portuguese romanian russian serbian slovak slovene spanish"
    " swedish turkish ukrainian".split())


def language_fields(code: str, dialect: str, langid: bool = False) -> list[tuple[str, str]]:
    """Return the ``language`` field of a language's BCP 47 ``code`` in ``dialect``, and in the
    biblatex dialect its ``langid`` if asked; none for a code this module has no name for."""
    babel = BABEL_NAMES.get(code.split("-")[0].lower())
    if babel is None:
        return []
    if dialect == "bibtex":
        return [("language", babel)]
    shown = babel if babel in BIBLATEX_KEYS else babel.capitalize()
    return [("language", shown)] + ([("langid", babel)] if langid else [])
