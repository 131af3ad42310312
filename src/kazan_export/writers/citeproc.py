"""Formatted citations from the bundled CSL styles, processed by pandoc's citeproc.

Why pandoc: no Python CSL processor gets these styles right (citeproc-py 0.11.1 abbreviates
given names in Chicago and MLA, drops punctuation inside quotation marks, sorts by code point,
repeats substituted titles, prints a stray "Edition" and does no year-suffix disambiguation),
and the tests find it printing what citeproc-js (Zotero's engine) prints, once a field's final
punctuation is joined with the style's as citeproc-js joins it (:mod:`.citeproc_punctuation`).
pandoc (:mod:`.citeproc_pandoc`) is needed only by ``cite --style
apa|chicago-author-date|chicago-notes|mla``.

A citation is a small document (:func:`plan`): the article and the cited statements only (so
year letters are those that these works need), one citation of each statement and one of the
article it is quoted in, with the paragraph. :func:`compose` joins what the processor printed
the way each style cites a secondary source: APA "(Lavrov, 2018, as cited in Tadevosyan, n.d.,
para. 9)" and MLA "(qtd. in Tadevosyan par. 9)" with the article alone in the reference list
(APA 7 §8.6, MLA 9 §6.81); Chicago author-date "quoted in" in the text and "Quoted in …" in
the statement's entry (CMOS 17 §15.52, §14.260); Chicago notes the statement's note, then
", quoted in" and the article's. Only these connecting words are ours.
"""

from __future__ import annotations

import html
import re
import struct
from collections import Counter
from functools import lru_cache
from pathlib import Path

from kazan_export import citations as c
from kazan_export.errors import TemplateError
from kazan_export.model import Article, Statement
from kazan_export.resources import templates_dir
from kazan_export.writers.citeproc_pandoc import Documents, pandoc_executable  # noqa: F401 - the pandoc cite runs

STYLE_FILES = {
    "apa": "apa.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "chicago-notes": "chicago-notes-bibliography.csl",
    "mla": "modern-language-association.csl",
}
FORMATS = ("text", "html", "markdown", "rtf")
CONNECTOR = {"apa": "as cited in", "chicago-author-date": "quoted in", "chicago-notes": "quoted in"}


@lru_cache(maxsize=None)
def style_path(style: str) -> Path:
    """Return the bundled CSL file of ``style``; raise :class:`TemplateError` if it is missing."""
    path = templates_dir() / "csl" / STYLE_FILES[style]
    if not path.is_file():
        raise TemplateError(f"CSL style {path} is missing; reinstall kazan-export")
    return path


def plan(article: Article, statements: tuple[Statement, ...], style: str) -> tuple[list[dict], list[dict]]:
    """Return the document that cites ``statements`` in ``style``: its CSL-JSON items (the
    article, then each statement once) and its citations, in order, each a dict with ``id`` and
    optionally ``locator`` (paragraphs) and ``prefix``: each statement, then the article."""
    from kazan_export.writers.csl import csl_items

    unique = tuple(dict.fromkeys(statements))
    items = csl_items(article, unique)
    akey = items[0]["id"]
    cites = []
    for s in statements:
        source = {"id": akey, "locator": c.pinpoint(article, s), "label": "paragraph"}
        if style == "mla":  # MLA cites only the source read, "qtd. in" it
            cites.append({**source, "prefix": "qtd. in "})
        else:
            cites += [{"id": s.key}, source]
    return items, cites


def _pinpoint(cite: dict) -> str:
    """Return the citation's paragraphs as the styles print them ("para. 9", "paras. 60–62"), or ""."""
    loc = cite.get("locator")
    return f"{'paras.' if '–' in loc else 'para.'} {loc}" if loc else ""


def _markdown(cites: list[dict]) -> str:
    out = []
    for x in cites:
        at = _pinpoint(x)
        out.append(f"[{x.get('prefix', '')}@{{{x['id']}}}{f', {at}' if at else ''}]\n")
    return "\n".join(out)


class Pieces:
    """pandoc with citeproc over one document in ``style``, running in the background from
    construction (in ``running``, a :class:`Documents` started earlier and sent nothing yet, if
    given); :meth:`result` returns what the processor printed: each citation (a note replaces
    the paragraph it stands in) and the bibliography, as ``(pieces, [(id, entry), …])``.
    """

    def __init__(self, items: list[dict], markdown: str, style: str, fmt: str = "text",
                 running: Documents | None = None):
        self.style = style
        self._run = running if running is not None else Documents()
        try:
            self._run.send([(items, markdown, style_path(style), fmt)])
        except BaseException:
            self._run.cancel()
            raise

    def result(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Return the pieces; raise :class:`RenderError` if pandoc fails."""
        return self._run.results()[0]

    def cancel(self) -> None:
        """Stop pandoc and remove its files."""
        self._run.cancel()


def _joined(own: str, conn: str, source: str) -> str:
    if own[:1] == "(" and own[-1:] == ")" and source[:1] == "(" and source[-1:] == ")":
        return f"{own[:-1]}, {conn} {source[1:]}"  # (Lavrov, 2018, as cited in Tadevosyan, n.d.)
    return f"{own}, {conn} {source}"


def _note(own: str, source: str) -> str:
    last = own.split()[-1] if own.split() else ""
    if last.endswith(".") and "." not in last[:-1]:  # the note's own full stop, not "n.d."
        own = own[:-1]
    return f"{own}, {CONNECTOR['chicago-notes']} {source}"


def _full_notes(cites: list[dict], first: str) -> dict[str, str]:
    """Return, by statement key, the full note of the article it is quoted in with its own
    paragraph: the first note of the article (its full form; later ones are short) with the
    first statement's paragraph replaced by each one's, as CMOS 17 §14.260 ends a bibliography
    entry ("… Quoted in Bonnie Costello, Marianne Moore …, 78.")."""
    head = _pinpoint(cites[1]) if len(cites) > 1 else ""
    at = first.rfind(head) if head else -1
    if at < 0:
        return {}
    return {x["id"]: first[:at] + _pinpoint(source) + first[at + len(head):]
            for x, source in reversed(list(zip(cites[0::2], cites[1::2])))}  # (the first citation of each)


def compose(style: str, cites: list[dict], pieces: list[str],
            refs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Return (the citations, the reference list) of the document :func:`plan` made, from what
    the processor printed for its citations (``pieces``, in order) and its bibliography."""
    akey = cites[0]["id"] if style == "mla" else cites[1]["id"]
    if style == "mla":
        return pieces, [e for k, e in refs if k == akey]
    pairs = list(zip(pieces[0::2], pieces[1::2]))
    if style == "chicago-notes":  # an entry of a statement the style lists says where it is quoted
        full = _full_notes(cites, pairs[0][1] if pairs else "")
        return [_note(own, src) for own, src in pairs], [
            e if k == akey or k not in full else f"{e} Quoted in {full[k]}" for k, e in refs]
    texts = [_joined(own, CONNECTOR[style], src) for own, src in pairs]
    if style == "apa":
        return texts, [e for k, e in refs if k == akey]
    clause = {}  # chicago-author-date: the statement's entry says where it is quoted
    for x, (_, src) in zip(cites[0::2], pairs):
        clause.setdefault(x["id"], src[1:-1] if src[:1] == "(" and src[-1:] == ")" else src)
    return texts, [f"{e} Quoted in {clause[k]}." if k in clause else e for k, e in refs]


def _rtf(text: str) -> str:
    """Return RTF for the HTML that pandoc wrote (italics, bold and text; nothing else occurs)."""
    out = []
    for part in re.split(r"(</?(?:em|i|strong|b)>|<[^>]+>)", text):
        tag = {"<em>": r"{\i ", "<i>": r"{\i ", "<strong>": r"{\b ", "<b>": r"{\b ",
               "</em>": "}", "</i>": "}", "</strong>": "}", "</b>": "}"}
        if part in tag:
            out.append(tag[part])
        elif not part.startswith("<"):
            for ch in html.unescape(part):
                if ch in "\\{}":
                    out.append("\\" + ch)
                elif ord(ch) < 128:
                    out.append(ch)
                else:  # RTF's \uN takes a signed 16-bit number; astral characters as surrogates
                    for unit in struct.unpack(f"<{len(ch.encode('utf-16-le')) // 2}h",
                                                             ch.encode("utf-16-le")):
                        out.append(f"\\u{unit}?")
    return "".join(out)


def layout(citations: list[str], references: list[str], fmt: str) -> str:
    """Return the citations, then the reference list, as one text in ``fmt``."""
    if fmt == "html":
        return "\n".join([*(f"<p>{x}</p>" for x in citations),
                          *(f'<div class="csl-entry">{x}</div>' for x in references)])
    if fmt == "rtf":
        body = "\\par\n".join(_rtf(x) for x in citations)
        refs = "\\par\n".join(_rtf(x) for x in references)
        return "{\\rtf1\\ansi\\uc1\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + (
            "\\par\n\\par\n" + refs if refs else "") + "\\par\n}"
    sep = "\n\n" if fmt == "markdown" else "\n"
    return sep.join(citations) + ("\n\n" + sep.join(references) if references else "")


class Citation:
    """A formatted citation being made by pandoc in the background; see :func:`start_citation`."""

    def __init__(self, pieces: Pieces, finish):  # noqa: ANN001
        self._pieces, self._finish = pieces, finish

    def result(self) -> str:
        """Return the citation; raise :class:`RenderError` if pandoc fails."""
        return self._finish(*self._pieces.result())

    def cancel(self) -> None:
        """Stop making it."""
        self._pieces.cancel()


def start_citation(article: Article, statements: tuple[Statement, ...] | Statement, style: str,
                   fmt: str = "text", running: Documents | None = None) -> Citation:
    """Start pandoc on the citations of ``statements`` in ``style`` (or give them to
    ``running``, a :class:`Documents` started earlier and sent nothing yet); return a
    :class:`Citation`. Raises :class:`RenderError` if pandoc cannot be started.
    """
    chosen = (statements,) if isinstance(statements, Statement) else tuple(statements)
    try:
        items, cites = plan(article, chosen, style)
    except BaseException:
        if running is not None:
            running.cancel()
        raise
    pieces = Pieces(items, _markdown(cites), style, fmt, running)
    return Citation(pieces, lambda p, r: layout(*compose(style, cites, p, r), fmt))


def format_citation(article: Article, statements: tuple[Statement, ...] | Statement, style: str,
                    fmt: str = "text") -> str:
    """Return the formatted citations of ``statements`` in ``style`` with the reference list.

    Raises :class:`RenderError` if pandoc is missing or fails.
    """
    return start_citation(article, statements, style, fmt).result()


def format_entries(article: Article, style: str) -> dict[str, str]:
    """Return the bibliography entry of every statement that ``style`` lists, by key, from one
    processor run over the whole CSL-JSON export (every statement cited), as the style needs
    it (:func:`kazan_export.writers.csl.for_style`: MLA dates a speech after its event). MLA
    entries end with the "Quoted in …" sentence, paragraph included, as a supplemental element
    (MLA 9 allows supplemental elements at the end): remarks of one speaker at one event on one day are otherwise one work;
    those quoted in one paragraph also get their opening words, as MLA describes an untitled text.

    Raises :class:`RenderError` if pandoc is missing or fails.
    """
    from kazan_export.writers.csl import csl_items, for_style

    markdown = "---\nnocite: '@*'\n---\n"
    _, refs = Pieces(for_style(csl_items(article), style), markdown, style).result()
    keys = {s.key: s for s in article.statements}
    entries = {k: e for k, e in refs if k in keys}
    if style == "mla":  # remarks of one speaker at one event on one day read alike: say where each is quoted
        entries = {k: f"{e} {c.quoted_in(article, keys[k])}." for k, e in entries.items()}
        alike = Counter(entries.values())
        entries = {k: f"{e[:-1]}: {c.quote_title(c.excerpt(keys[k], 8), then='.')}" if alike[e] > 1 else e
                   for k, e in entries.items()}  # and in one paragraph: their opening words, as MLA gives for an untitled text
    return entries
