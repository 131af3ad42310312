"""Reading an article's input: its bytes, its text, and the errors that refuse it.

:func:`read_input` reads a file (bounded, with a one-line error for a missing file, a folder,
a pipe, an empty or an oversized file); :func:`decode_text` decodes UTF-8 and refuses other
encodings, binary files and control characters with the line and column of the first bad
character; :func:`trim` and :func:`clean` normalise white space as the readers see it.
Every refusal is a :class:`~kazan_export.errors.SourceError` made by :func:`fail`.
"""

from __future__ import annotations

import re
from pathlib import Path

from kazan_export.errors import Problem, SourceError

# Control characters no output can hold (the DOCX writer refuses them); tab, the line breaks
# and the characters Python and Unicode count as line or page breaks are not among them.
CONTROL = re.compile("[\x01-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
MAX_INPUT_BYTES = 20 * 1024 * 1024  # a saved web page with inline scripts and images can be large


def fail(name: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    """Return the error for an input that cannot be ingested, as ``name:line:column: message``."""
    return SourceError([Problem(name, line, column, message)])


def read_input(path: Path) -> bytes:
    """Return the bytes of the article at ``path``; raise :class:`SourceError` if unreadable."""
    name = str(path)
    if not path.exists():
        raise fail(name, "no such file; give the path of the article to ingest")
    if path.is_dir():
        raise fail(name, "is a folder, not an article; give the path of a file inside it")
    if not path.is_file():
        raise fail(name, "is not a regular file (a pipe, device or socket); save the article to a file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise fail(name, f"cannot read the file ({exc.strerror}); check its permissions") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise fail(name, f"file is too large (more than {MAX_INPUT_BYTES // 2**20} MB) to be one article")
    if not raw.strip():
        raise fail(name, "is empty; give a file that holds the article's text")
    return raw


def decode_text(raw: bytes, name: str, what: str = "text", *, controls: bool = True) -> str:
    """Return ``raw`` decoded as UTF-8 (a byte-order mark is dropped); refuse binary or other
    encodings with the line and column of the first bad byte, and (if ``controls``) control
    characters, which no output can hold."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(name, f"is UTF-16 {what}; re-save the file as UTF-8")
    if b"\0" in raw:
        raise fail(name, f"is a binary file, not {what}; give a text, HTML, DOCX or Markdown article "
                         "(or --from to name its format)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise fail(name, f"is not UTF-8 {what}; re-save the file as UTF-8", line, column) from None
    if not trim(text):
        raise fail(name, "is empty; give a file that holds the article's text")
    bad = CONTROL.search(text) if controls else None
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise fail(name, f"contains the control character U+{ord(bad[0]):04X}, which no output can hold; "
                         f"remove it (or check that this is the right file)", line, column)
    return text


def trim(text: str) -> str:
    """Return ``text`` without white space or byte-order marks around it (the schema counts
    U+FEFF as white space)."""
    return re.sub(r"^[\s\ufeff]+|[\s\ufeff]+$", "", text)



def clean(text: str) -> str:
    """Return ``text`` with runs of HTML white space (line breaks included) made one space and
    trimmed, as a reader sees a paragraph of a web page or a Markdown file (no-break spaces
    inside it stay); control characters are dropped."""
    return trim(re.sub(r"[ \t\n\r\f\v\x1c-\x1e\x85\u2028\u2029]+", " ", CONTROL.sub("", text)))
