"""Right-to-left text for reportlab, which draws characters in the order given, unshaped.

:func:`visual` puts right-to-left runs in display order (the Unicode bidi algorithm, with
python-bidi) and keeps every combining mark after its letter; :func:`join_arabic` gives
Arabic letters their joined forms (arabic-reshaper). Both leave other text unchanged and
import their libraries only when a text needs them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …): reportlab draws characters
# in the order given, so such runs are put in display order first (python-bidi).
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")  # letters arabic-reshaper joins
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def visual(text: str) -> str:
    """Return ``text`` in display order: right-to-left runs reversed (Unicode bidi algorithm).

    Text without right-to-left characters comes back unchanged. The base direction is
    left-to-right, as the documents are; an RTL run longer than a line reads in the right
    order only within each line (the order is fixed before lines are broken).
    """
    if not _RTL.search(text):
        return text
    if any(unicodedata.category(ch) in _MARKS for ch in text):
        try:
            return _visual_keeping_marks(text)
        except Exception:  # noqa: BLE001 - python-bidi's step-by-step code asserts on some input
            pass  # then the marks may stand before their letters, as without rule L3
    from bidi import get_display

    return get_display(text, base_dir="L")


_MARKS = ("Mn", "Me")  # combining marks: they follow their base character


def _visual_keeping_marks(text: str) -> str:
    """Return :func:`visual` of ``text`` with each combining mark after its base character.

    The bidi algorithm reverses right-to-left runs character by character, so a mark (a
    Hebrew point, an Arabic haraka, a tilde under an override) comes out before its base;
    reportlab draws left to right and would put it on the wrong letter. This is rule L3 of
    the algorithm, which python-bidi leaves out: it runs python-bidi's own step-by-step
    implementation, which tells where each character came from, and moves every mark back
    after its base. The characters that implementation sets aside (direction controls,
    zero-width joiners and spaces, soft hyphens) are kept, after the letter they followed.
    """
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    uba.get_embedding_levels(text, storage, False, False)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index
    for step in (uba.explicit_embed_and_overrides, uba.resolve_weak_types, uba.resolve_neutral_types,
                 uba.resolve_implicit_levels, uba.reorder_resolved_levels, uba.apply_mirroring):
        step(storage, False)
    shown = {entry["index"]: entry["ch"] for entry in storage["chars"]}  # logical index -> glyph
    # Each mark, and each character the algorithm set aside (direction controls, zero-width
    # characters), follows the nearest letter before it; any before the first letter lead.
    leading, after, last = [], {}, None
    for index, ch in enumerate(text):
        if index in shown and unicodedata.category(ch) not in _MARKS:
            last = index
        elif last is None:
            leading.append(shown.get(index, ch))
        else:
            after.setdefault(last, []).append(shown.get(index, ch))
    letters = [entry["index"] for entry in storage["chars"] if unicodedata.category(entry["ch"]) not in _MARKS]
    return "".join(leading) + "".join(shown[i] + "".join(after.get(i, ())) for i in letters)


def join_arabic(text: str, drawable: Callable[[str], bool]) -> str:
    """Return ``text`` with Arabic letters in their joined (contextual) forms, in logical order.

    reportlab draws characters as given, without shaping, so the joined forms (Unicode's
    presentation forms) are chosen here with arabic-reshaper; a text whose joined forms
    ``drawable`` cannot draw all comes back unchanged (unjoined letters, but no empty boxes).
    Text without Arabic comes back unchanged.
    """
    if not _ARABIC.search(text):
        return text
    joined = _arabic_reshaper().reshape(text)
    return joined if all(drawable(ch) for ch in set(joined) - set(text)) else text


@lru_cache(maxsize=None)
def _arabic_reshaper():  # noqa: ANN202
    """Return the Arabic reshaper, made once: diacritics kept, only the lam-alef ligatures
    (which Arabic requires), no word ligatures such as ALLAH (a spelling choice, not ours)."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.reshaper_config import default_config

    config = {k: False for k in default_config if k.startswith("ARABIC LIGATURE")}
    config.update({k: True for k in default_config if k.startswith("ARABIC LIGATURE LAM WITH ALEF")})
    return ArabicReshaper(configuration={**config, "delete_harakat": False, "support_ligatures": True})
