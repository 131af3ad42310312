"""Write an :class:`~kazan_export.model.Article` as a YAML source, a file a person edits.

The output follows the layout of ``sources/meeting-in-kazan.yaml``: keys in the schema's
order, one item per line where it is short (``{id: …, text: "…"}``), every text in double
quotes on one line. Double quotes are YAML's one style that can hold any text: only ``"``,
``\\``, line breaks, controls and the characters YAML reads as line breaks or refuses are
escaped; every other character (letters of any script, quotation marks, ``«»``, ``—``) is
written as UTF-8. Plain words (ids, kinds, ``unknown``) are left unquoted where YAML reads
them back as the same text. :func:`render_yaml` of a loaded source loads back to an equal
model (tested on the bundled sources).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kazan_export.errors import one_line

if TYPE_CHECKING:
    from kazan_export.model import (
        Article, Author, Entity, Event, Heading, Paragraph, Point, Review, Statement,
    )

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
# words YAML 1.1 (PyYAML) reads as booleans or null, whatever their case
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0",
            "\x07": "\\a", "\b": "\\b", "\x0b": "\\v", "\x0c": "\\f", "\x1b": "\\e",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    code = ord(c)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02X}"
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):  # YAML refuses them as characters
        return f"\\u{code:04X}"
    return c


_NEEDS_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def quote(text: str) -> str:
    """Return ``text`` as a one-line double-quoted YAML scalar that reads back as ``text``."""
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _escape(m[0]), text) + '"'


def word(text: str) -> str:
    """Return ``text`` unquoted if YAML reads it back as the same text, else quoted."""
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not re.match(r"^[0-9]", text):
        return text
    return quote(text)


def _date(value: str | None) -> str:
    return "unknown" if value is None else quote(value)


def _list(items, render=word) -> str:  # noqa: ANN001
    return "[" + ", ".join(render(x) for x in items) + "]"


def _flow(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def _author(a: Author) -> str:
    return _flow([("family", quote(a.family))] + ([("given", quote(a.given))] if a.given else []))


def _paragraph(p: Paragraph) -> str:
    return _flow([("id", word(p.id)), ("text", quote(p.text))])


def _heading(h: Heading | None) -> str:
    if h is None:
        return "null"
    pairs = [("id", word(h.id)), ("text", quote(h.text))]
    return _flow(pairs + ([("repeats", word(h.repeats))] if h.repeats else []))


def _number(x: float) -> str:
    text = repr(float(x))
    return text if re.fullmatch(r"-?[0-9]+\.[0-9]+", text) else quote(text)  # 1e-05 would not read back


def _entity(e: Entity) -> list[str]:
    out = [f"  - id: {word(e.id)}", f"    name: {quote(e.name)}", f"    kind: {word(e.kind)}"]
    for key in ("family", "given"):
        if getattr(e, key):
            out.append(f"    {key}: {quote(getattr(e, key))}")
    for key in ("variants", "roles"):
        if getattr(e, key):
            out.append(f"    {key}: {_list(getattr(e, key), quote)}")
    if e.description:
        out.append(f"    description: {quote(e.description)}")
    if e.members:
        out.append(f"    members: {_list(e.members)}")
    return out


def _review(r: Review) -> list[str]:
    out = ["    review:", f"      status: {word(r.status)}", f"      confidence: {_number(r.confidence)}"]
    if r.cue is not None:
        out.append(f"      cue: {quote(r.cue)}")
    if r.basis:
        out.append("      basis:")
        out += [f"        - {quote(b)}" for b in r.basis]
    return out


def _statement(st: Statement) -> list[str]:
    anchor = [("paragraphs", _list(st.anchor.paragraphs))]
    anchor += [(k, quote(getattr(st.anchor, k))) for k in ("prefix", "suffix") if getattr(st.anchor, k) is not None]
    out = [f"  - id: {word(st.id)}", f"    key: {word(st.key)}", f"    speakers: {_list(st.speakers)}",
           f"    kind: {word(st.kind)}", f"    text: {quote(st.text)}", f"    anchor: {_flow(anchor)}",
           f"    date: {_date(st.date)}"]
    for key in ("occasion", "place", "via", "role", "note"):
        if getattr(st, key) is not None:
            out.append(f"    {key}: {quote(getattr(st, key))}")
    review = getattr(st, "review", None)
    if review is not None:
        out += _review(review)
    return out


def _event(ev: Event) -> list[str]:
    out = [f"  - id: {word(ev.id)}", f"    date: {_date(ev.date)}", f"    label: {quote(ev.label)}"]
    for key in ("paragraphs", "statements"):
        if getattr(ev, key):
            out.append(f"    {key}: {_list(getattr(ev, key))}")
    return out


def _point(p: Point) -> list[str]:
    out = [f"    - text: {quote(p.text)}"]
    for key in ("paragraphs", "statements"):
        if getattr(p, key):
            out.append(f"      {key}: {_list(getattr(p, key))}")
    return out


DRAFT_HEADER = """\
# Draft source made by `kazan-export ingest`{origin}. Review it before you use it:
# - metadata: every fact the article did not state is `unknown`; fill in what you know
#   (authors, publisher, published as EDTF, url) and check the title and language;
# - front and body: check the lines above the text, the headings, the paragraph breaks,
#   the byline and the closing lines;
# - people and statements are proposals: each statement's `review` says how it was found
#   (cue, basis, confidence); check speaker, kind, text, date, then set
#   `review.status: confirmed` or delete `review`;
# - then run `kazan-export validate` on this file and fix every problem it prints.
"""


def render_yaml(article: Article, *, header: str | None = None) -> str:
    """Return ``article`` as the text of a YAML source in the schema's key order.

    ``header`` is written first as comment lines (each line prefixed with ``# `` if it is not
    already a comment); use :func:`draft_header` for an ingest draft.
    """
    m = article.metadata
    out: list[str] = []
    if header:
        out += [line if line.startswith("#") else f"# {line}".rstrip() for line in header.splitlines()]
    out += ["schema: 1", f"id: {word(article.id)}", "metadata:", f"  title: {quote(m.title)}"]
    if m.authors:
        out.append("  authors:")
        out += [f"    - {_author(a)}" for a in m.authors]
    else:
        out.append("  authors: unknown")
    out.append(f"  publisher: {quote(m.publisher) if m.publisher is not None else 'unknown'}")
    for key in ("series", "container"):
        if getattr(m, key) is not None:
            out.append(f"  {key}: {quote(getattr(m, key))}")
    out.append(f"  language: {word(m.language)}")
    if m.rights is not None:
        out.append(f"  rights: {quote(m.rights)}")
    if m.credits:
        out.append("  credits:")
        out += [f"    {quote(label) if not _PLAIN.match(label) or label.lower() in _RESERVED else label}: "
                f"{quote(text)}" for label, text in m.credits]
    out.append(f"  published: {_date(m.published)}")
    out.append(f"  url: {quote(m.url) if m.url is not None else 'unknown'}")
    if m.coverage is not None:
        out.append(f"  coverage: {quote(m.coverage)}")
    if m.citation is not None:
        out.append(f"  citation: {quote(m.citation)}")
    if m.keywords:
        out.append(f"  keywords: {_list(m.keywords, quote)}")
    if article.front:
        out.append("front:")
        out += [f"  - id: {word(p.id)}\n    text: {quote(p.text)}" for p in article.front]
    out.append("body:")
    for s in article.sections:
        out += [f"  - id: {word(s.id)}", f"    heading: {_heading(s.heading)}"]
        if s.paragraphs:
            out.append("    paragraphs:")
            out += [f"      - id: {word(p.id)}\n        text: {quote(p.text)}" for p in s.paragraphs]
        else:
            out.append("    paragraphs: []")
    for key in ("byline", "closing"):
        paras = getattr(article, key)
        if paras:
            out.append(f"{key}:")
            out += [f"  - id: {word(p.id)}\n    text: {quote(p.text)}" for p in paras]
    out.append("people:" if article.entities else "people: []")
    for e in article.entities:
        out += _entity(e)
    out.append("statements:" if article.statements else "statements: []")
    for st in article.statements:
        out += _statement(st)
    if article.timeline:
        out.append("timeline:")
        for ev in article.timeline:
            out += _event(ev)
    b = article.briefing
    parts = [k for k in ("summary", "background", "outcome", "aftermath") if getattr(b, k)]
    if parts:
        out.append("briefing:")
        for key in parts:
            out.append(f"  {key}:")
            for point in getattr(b, key):
                out += _point(point)
    return "\n".join(out) + "\n"


def draft_header(origin: str | None = None) -> str:
    """Return the header comment of an ingest draft, naming the file it was made from."""
    return DRAFT_HEADER.format(origin=f" from {one_line(origin)}" if origin else "")
