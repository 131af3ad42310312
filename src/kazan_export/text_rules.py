"""One rule for the characters a source may hold, and how text is shown on a terminal.

A source may not hold C0 control characters (except tab, line feed and carriage return),
DEL, C1 control characters (U+0080–U+009F, NEL included), lone surrogates or the
noncharacters U+FFFE and U+FFFF: a Word document cannot store them and a terminal executes
some of them. ``validate`` refuses them with the same rule the writers use.

Text written to a terminal, and every message, shows control characters and the bidi
embedding, override and isolate characters as visible escapes (``\\x1b``, ``\\u202e``);
text written to a file or a pipe is left exactly as it is.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a terminal would act on: C0 (but line feed and tab), DEL, C1, and the bidi controls
# that reorder the rest of the line (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The characters that start a formula in a spreadsheet (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def forbidden_character(text: str) -> tuple[int, str] | None:
    """Return the 0-based index and the first character of ``text`` a source may not hold, or None."""
    found = FORBIDDEN.search(text)
    return (found.start(), found.group()) if found else None


def describe(ch: str) -> str:
    """Return what a forbidden character is, e.g. ``the control character U+001B (ESCAPE)``."""
    if "\ud800" <= ch <= "\udfff":
        return f"the lone surrogate U+{ord(ch):04X}"
    if ch in "\ufffe\uffff":
        return f"the noncharacter U+{ord(ch):04X}"
    name = _CONTROL_NAMES.get(ch)
    return f"the control character U+{ord(ch):04X}" + (f" ({name})" if name else "")


def problem(where: str, text: str) -> str | None:
    """Return the message for the first forbidden character of ``text`` (``where`` names the
    field), or None if it has none."""
    found = forbidden_character(text)
    if found is None:
        return None
    index, ch = found
    return (f"{where} contains {describe(ch)} at character {index + 1}, which a Word document "
            "cannot store and a terminal may execute; remove it from the source")


_CONTROL_NAMES = {"\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x1b": "ESCAPE",
                  "\x7f": "DELETE", "\x85": "NEXT LINE", "\x9b": "CONTROL SEQUENCE INTRODUCER",
                  "\x9d": "OPERATING SYSTEM COMMAND"}


def _escape(match: re.Match) -> str:
    c = match.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def for_terminal(text: str) -> str:
    """Return ``text`` with what a terminal would execute or reorder written as visible escapes.

    Line feeds and tabs are kept; nothing else changes.
    """
    return _TERMINAL.sub(_escape, text)


def csv_cell(value: str) -> str:
    """Return ``value`` safe to open in a spreadsheet: a ``'`` before a leading ``= + - @``,
    tab or carriage return (OWASP's advice against formula injection), else unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value


_JSON_VISIBLE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_visible(text: str) -> str:
    """Return JSON text with DEL, C1 controls, line/paragraph separators and bidi controls
    written as ``\\uXXXX`` escapes (JSON already escapes C0): the same values once parsed,
    and nothing a terminal would act on."""
    return _JSON_VISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
