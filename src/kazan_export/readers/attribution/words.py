"""Words as the attribution engine matches them: folded for comparison, slugged for ids.

:func:`fold` lower-cases and strips accents (matching only, never output); :func:`slug` makes
an ASCII id of a name; :data:`QUOTES` are the double quotation marks of every style.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kazan_export.citations import ascii_fold

QUOTES = "“”\"«»„‹›"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return ``text`` lower-cased without accents (for matching, never for output)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()



def strip_possessive(word: str) -> str:
    """Return ``word`` without a possessive ending ("Drach’s" → "Drach", "Jones'" → "Jones")."""
    return re.sub(r"[’']s?$", "", word)


@lru_cache(maxsize=8192)
def slug(text: str) -> str:
    words = [ascii_fold(w).lower() for w in re.split(r"[\s’'-]+", text)]
    return "-".join(w for w in words if w)[:40].strip("-") or "speaker"

