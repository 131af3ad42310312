"""Transcripts: an interview printed as labelled turns, not in quotation marks.

    Ledger: What did your survey find?
    Van der Berg: We lost about 31 percent of the meadows in two summers.

A paragraph that starts with a short label and a colon is a *turn* when the article has at
least two such labels, each heading at least two paragraphs (one label alone, "Note: …" or
"Update: …", is no transcript). A label whose turns mostly end in a question mark is the
interviewer's: its questions are not statements. Every other turn is the labelled person's
words verbatim — a direct statement from after the colon to the paragraph's end — and the label
names the person: a family name ("Van der Berg") is the one of that name introduced before, else
a person of its own. A one-letter label ("Q:", "A:") names nobody, so its turns are left to
the reviewer.
"""

from __future__ import annotations

import re
from collections import Counter

# one to four words, the first capitalised; short lower-case particles inside ("Van der Berg")
LABEL = re.compile(r"^(?P<label>[^\W\d_][\w’'.-]*(?:\s+[\w’'.-]+){0,3}):\s+(?=\S)")


def _label_ok(label: str) -> bool:
    words = label.split()
    return words[0][:1].isupper() and all(w[:1].isupper() or (0 < i < len(words) - 1 and len(w) <= 4)
                                          for i, w in enumerate(words))


def turns(texts: list[str]) -> dict[int, tuple[str, int, bool]]:
    """Return paragraph -> (label, where its words start, whether it is the interviewer's), for
    the turns of a transcript; empty if the article is none."""
    found = {}
    for n, text in enumerate(texts):
        m = LABEL.match(text)
        if m and _label_ok(m.group("label")):
            found[n] = (m.group("label"), m.end())
    counts = Counter(label for label, _ in found.values())
    kept = {label for label, c in counts.items() if c >= 2}
    if len(kept) < 2:
        return {}
    asks = Counter(label for n, (label, _) in found.items() if texts[n].rstrip().rstrip("”\"’'»").endswith("?"))
    return {n: (label, start, asks[label] * 2 > counts[label]) for n, (label, start) in found.items() if label in kept}


def full_name(texts: list[str], upto: int, label: str) -> str:
    """Return the full name the text before paragraph ``upto`` gives the person a label names
    ("Maren van der Berg" for "Van der Berg": a capitalised given name right before the family
    name, whose first letter may be in lower case there), else the label itself."""
    first, rest = label[:1], re.escape(label[1:])
    pattern = re.compile(rf"\b(?P<given>[^\W\d_][\w’'-]*)\s+(?P<family>[{first.upper()}{first.lower()}]{rest})\b")
    for text in texts[:upto]:
        for m in pattern.finditer(text):
            if m.group("given")[:1].isupper():
                return f"{m.group('given')} {m.group('family')}"
    return label
