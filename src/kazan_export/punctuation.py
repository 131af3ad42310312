"""How a text's final punctuation mark joins the punctuation that follows it, as citeproc-js joins them.

One table for the two places that join them: the "Quoted in …" sentences
(:func:`kazan_export.citations.quote_title`) and ``cite``'s fields
(:mod:`kazan_export.writers.citeproc_punctuation`). It is citeproc-js's ``LtoR_MAP``
(``citeproc_commonjs.js``, ``CSL.Output.Queue.adjust``): the text's mark, then what follows ->
what is printed. "?" then "," gives "?," (CMOS 17 §6.119 keeps the comma), "?" then "." gives
"?", ":" then "." gives ":"; a repeated mark is printed once. Pure and cheap to import: ``cite``
loads it before pandoc starts.
"""

from __future__ import annotations

import re

MERGE = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}


def join_punctuation(text: str, after: str) -> str:
    """Return ``text`` followed by the punctuation mark ``after`` as citeproc-js joins them:
    "Čelić?" + "," -> "Čelić?,"; "Čelić?" + "." -> "Čelić?"; "1," + "," -> "1,"."""
    mark = text[-1:]
    if not after or mark not in MERGE:
        return text + after
    merged = mark if after == mark else MERGE[mark][after]
    return text[:-1] + merged


def closes_a_quote(text: str) -> bool:
    """Return True if ``text`` ends with a single closing quote that closes an opening one
    ("the ‘April war’"), not an apostrophe ("the mayors’"): more ‘ than non-apostrophe ’ before it."""
    if not text.endswith("’"):
        return False
    body = text[:-1]
    closing = len(re.findall(r"’(?!\w)", body)) - len(re.findall(r"(?<=\w)’(?=\w)", body))
    return body.count("‘") > max(closing, 0)
