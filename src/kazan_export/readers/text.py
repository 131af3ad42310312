"""Read a plain-text article (UTF-8) into a draft :class:`~kazan_export.model.Article`.

The layout is detected (:func:`wrapped`): paragraphs separated by blank lines and wrapped over
several lines (joined with a space), or one paragraph per line (blank lines between them or
not). The first line is the title; a short line without final punctuation,
with text after it, is a heading; the byline and the closing lines at the end are found by
:func:`kazan_export.readers.draft.find_tail`. Each paragraph is its text without surrounding
white space, otherwise exactly as written.
"""

from __future__ import annotations

from kazan_export.model import Article
from kazan_export.readers.draft import Block, Found, assemble
from kazan_export.readers.inputs import decode_text, trim



WRAP_WIDTH = 100  # hard-wrapped text keeps its lines shorter than this (72–80 is usual)


def wrapped(groups: list[list[tuple[int, str]]]) -> bool:
    """Return True if ``groups`` (runs of non-blank lines) are paragraphs wrapped over lines.

    That is so when some run has several lines, runs are separated by blank lines, and
    (nearly) every line is shorter than WRAP_WIDTH: a file with one paragraph per line has
    long lines, even where a blank line between two paragraphs is missing.
    """
    lines = [line for g in groups for _, line in g]
    if len(groups) < 2 or not any(len(g) > 1 for g in groups):
        return False
    long_lines = sum(len(line) > WRAP_WIDTH for line in lines)
    return long_lines <= len(lines) // 20


def blocks_of(text: str) -> list[Block]:
    """Return the title and paragraph blocks of ``text`` (headings are decided later)."""
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):  # \n, \r\n, \r, \f, \x85, \u2028 …
        line = trim(line)
        if line:
            groups[-1].append((number, line))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    if wrapped(groups):  # blank-line paragraphs, wrapped over several lines
        units = [(g[0][0], " ".join(line for _, line in g)) for g in groups]
    else:  # one paragraph per line
        units = [item for g in groups for item in g]
    return [Block("title" if i == 0 else "paragraph", line, number)
            for i, (number, line) in enumerate(units)]


def read_text(raw: bytes | str, *, name: str = "<text>", found: Found | None = None) -> Article:
    """Return the draft article of the plain text ``raw`` (bytes must be UTF-8).

    Raises :class:`~kazan_export.errors.SourceError` for binary, non-UTF-8 or empty input.
    """
    text = decode_text(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"), name)
    return assemble(blocks_of(text), found or Found(), name=name, guess_headings=True)
