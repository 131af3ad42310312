"""Punctuation where a CSL field ends and the style's own begins, as citeproc-js joins them.

pandoc's citeproc and citeproc-js (Zotero's engine) differ where a field's last character is
punctuation and the style adds more: for a title ending in "?" or "!" followed by the style's
comma, pandoc keeps only the "?" (“A Deal in Čelić?” Northern Ledger) where citeproc-js keeps
both (“A Deal in Čelić?,” Northern Ledger), as CMOS 17 §6.119 does; after "U.S." or a
title ending in ":" pandoc also drops the comma. Zotero users see citeproc-js's form.

So before pandoc runs, :func:`protect` replaces the final punctuation mark of every printed
text field with a private-use character that pandoc's punctuation rules do not see; after it,
:func:`restore` puts the mark back and joins it with the punctuation the style put next to it
by citeproc-js's own table (``LtoR_MAP`` in ``citeproc_commonjs.js``, ``CSL.Output.Queue.adjust``):
"?" then "." or ":" gives "?", "?" then "," gives "?,", ":" then "." gives ":", a repeated
mark is printed once, and so on. Names are not touched (pandoc initialises and sorts them),
but for those in scripts it prints unlike citeproc-js (:mod:`.citeproc_names`, whose coded
forms :func:`restore` decodes first).

A field that ends in a quotation of its own (a title `Envoy says “no deal”`, which the style
quotes as “Envoy Says ‘No Deal’”) takes the style's comma and full stop inside that closing
quote too, as citeproc-js prints it and CMOS 17 §6.9 has it: “Envoy Says ‘No Deal,’” where
pandoc prints “Envoy Says ‘No Deal’,”. :func:`protect` puts a stand-in before the field's
closing quotes (for its final mark, else an empty one) and :func:`restore` moves the comma or
full stop that follows them to it (the bundled styles' en-US locale puts both inside quotes).
A literal name that ends in such quotes (an organisation “Clean Danube”) is treated alike,
with its stand-in after the quotes: U+0001, which the Unicode collation pandoc sorts names by
ignores, so that “Clean Danube” still sorts before “Clean Danube” Foundation.

Years: pandoc adds the "ad" term to every year below 1000 (the rule of CSL 1.0.2), citeproc-js
to years from 1 to 499 only ("896", but "79 AD"), and to a range that starts in one once, after
its end ("79–1000 AD"). :func:`style_text` gives pandoc the style with
a stand-in for that term, which :func:`restore` prints as citeproc-js would.

:func:`unitalic` follows citeproc-js in one more place: it sets no italics on a text without
a letter of the scripts it knows italics for (``ROMANESQUE_REGEXP``: Latin, Greek, Cyrillic,
Hebrew, Arabic, Thai, digits), such as an outlet "北京日报", where a ``<text>`` sets them itself
(MLA's and Chicago's outlets); the italics of a group or a macro it keeps (APA's outlets and
titles: "<i>人民日报</i>"), and pandoc sets the style's italics on all.
"""

from __future__ import annotations

import html
import re

from kazan_export.punctuation import MERGE as PUNCTUATION_MERGE
from kazan_export.punctuation import closes_a_quote as _closes_a_quote, join_punctuation
from kazan_export.writers.citeproc_case import nocase_words
from kazan_export.writers.citeproc_names import MARKS as _NAME_MARKS, protect_names, restore_names

# The marks citeproc-js's table knows, each with a private-use stand-in (U+E000…U+E005)
_STAND_IN = {mark: chr(0xE000 + n) for n, mark in enumerate("?!.:;,")}
_MARK = {v: k for k, v in _STAND_IN.items()}
# The same marks followed by the field's own closing quotes (U+E010…U+E015), and U+E016 for
# no mark before them: the style's comma or full stop is to go before those quotes
_INNER = {mark: chr(0xE010 + n) for n, mark in enumerate("?!.:;,")}
_NO_MARK = chr(0xE016)
_INNER_MARK = {**{v: k for k, v in _INNER.items()}, _NO_MARK: ""}
# citeproc-js's LtoR_MAP (the field's mark, then the style's punctuation -> what is printed):
# one table, shared with the "Quoted in" sentences (kazan_export.punctuation)
_MERGE = PUNCTUATION_MERGE
# Fields that are not printed text (or not text a style prints with punctuation after it)
_NOT_TEXT = frozenset({"id", "type", "language", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID",
                       "note", "abstract", "citation-key", "custom"})
# The CSL variables a style may print in title case (text-case="title"): titles and names of
# things, not numbers or names of people
TITLE_CASED = frozenset({"title", "title-short", "container-title", "container-title-short",
                         "collection-title", "volume-title", "part-title", "original-title",
                         "reviewed-title", "event-title", "event", "genre", "medium", "section",
                         "publisher", "original-publisher", "archive", "authority", "status"})
# A stand-in, what may come between it and the style's punctuation (closing quotes, the
# writers' markup: HTML tags, Markdown's emphasis), then that punctuation if any
_RESTORE = re.compile("([" + "".join(_MARK) + "])((?:</[a-z]+>|[”’»›*_])*)([?!.:;,]?)")
_RESTORE_INNER = re.compile("([" + "".join(_INNER_MARK) + "])((?:</[a-z]+>|[”’»›*_])*)([?!.:;,]?)")


_AD = chr(0xE006)  # stands in for the "ad" term after a year
_AD_TERM = re.compile(r'(<term\s+name="ad"\s*>)([^<]*)(</term>)')
_LOCALE = re.compile(r'<locale(?:\s+xml:lang="([^"]*)")?\s*>(.*?)</locale>', re.S)
EN_US_AD = " AD"  # the term in CSL's locales-en-US.xml, which both processors use for these styles


def style_text(xml: str) -> tuple[str, str]:
    """Return the CSL style ``xml`` with a stand-in for its "ad" term and its own italics
    marked (:func:`mark_own_italics`), and the term itself (the style's English one, else
    en-US's " AD")."""
    term = EN_US_AD
    cut = xml.find("<macro")  # a style's locales come before its macros
    head, rest = (xml[:cut], xml[cut:]) if cut >= 0 else (xml, "")
    for lang, body in _LOCALE.findall(head):
        found = _AD_TERM.search(body)
        if found and (not lang or lang.split("-")[0] == "en"):
            term = found[2]
    head = _AD_TERM.sub(lambda m: m[1] + _AD + m[3], head)
    locale = f'<locale><terms><term name="ad">{_AD}</term></terms></locale>'
    return mark_own_italics(head.replace("</info>", "</info>" + locale, 1) + rest), term


# a range of years whose first has the stand-in: "79–1000", "March 79–April 80"
_AD_RANGE = re.compile(f"([0-9]+){_AD}–((?:[^\\W\\d_]+\\.? )?)([0-9]+){_AD}?")


def _years(text: str, ad: str) -> str:
    """Return ``text`` with each year's "ad" stand-in replaced as citeproc-js prints it: after a
    year from 1 to 499; once after a range that starts in one ("79–1000 AD", where pandoc
    printed "79 AD–1000")."""
    text = _AD_RANGE.sub(lambda m: f"{m[1]}–{m[2]}{m[3]}" + (ad if 0 < int(m[1]) < 500 else ""), text)
    return re.sub(f"([0-9]*){_AD}", lambda m: m[1] + (ad if m[1] and 0 < int(m[1]) < 500 else ""), text)


_ESCAPE = chr(0xE007)  # before a stand-in character that was the user's own text
# after the closing quotes a literal name ends in: a character the collation ignores (pandoc sorts
# by the name with it), where the style's comma or full stop is to go before those quotes
_NAME_QUOTED = "\x01"
_RESTORE_NAME = re.compile(f"([?!.:;,]?)([”’]+){_NAME_QUOTED}((?:</[a-z]+>|[*_])*)([?!.:;,]?)")
_OURS = re.compile("[" + "".join(_MARK) + "".join(_INNER_MARK) + _AD + _ESCAPE + _NAME_MARKS + _NAME_QUOTED + "]")


def _escaped(value):  # noqa: ANN001, ANN202
    """Return ``value`` (a string, or lists and dicts of them, as names are) with each
    character this module uses as a stand-in marked as the user's own by :data:`_ESCAPE`."""
    if isinstance(value, str):
        return _OURS.sub(lambda m: _ESCAPE + m[0], value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def _closers(value: str) -> int:
    """Return how many characters at the end of ``value`` are closing quotes of quotations
    opened in it: a ” after a “, a ’ that closes a ‘ (not an apostrophe: "the mayors’")."""
    n = 0
    while n < len(value):
        body, last = value[: len(value) - n - 1], value[len(value) - n - 1]
        if last == "”" and "“" in body:
            n += 1
        elif last == "’" and _closes_a_quote(body + last):
            n += 1
        else:
            break
    return n


def _protected(value: str) -> str:
    n = _closers(value)
    core, closers = (value[:-n], value[-n:]) if n else (value, "")
    if closers:
        if core[-1:] in _INNER:
            return _escaped(core[:-1]) + _INNER[core[-1]] + closers
        return _escaped(core) + _NO_MARK + closers
    return _escaped(value[:-1]) + _STAND_IN[value[-1]]


def protect(items: list[dict], nocase: bool = True) -> list[dict]:
    """Return a copy of the CSL-JSON ``items`` whose printed text fields end in a stand-in
    instead of their final punctuation mark (names, ids and notes unchanged). A stand-in
    character already in the user's text is marked as theirs, so :func:`restore` gives it back
    unchanged. With ``nocase`` (the style allows it: :func:`.citeproc_case.style_allows`), the
    words of title-like fields that citeproc-js's title case keeps lower-case and pandoc's would
    capitalise are marked nocase (:func:`.citeproc_case.nocase_words`)."""
    out = []
    for item in items:
        copy = {k: v if k == "id" else _escaped(v) for k, v in item.items()}  # ids are looked up
        for field, value in item.items():
            if not isinstance(value, str) or field in _NOT_TEXT:
                continue
            cased = nocase_words(value) if nocase and field in TITLE_CASED else value
            if value[-1:] in _STAND_IN or _closers(value):
                copy[field] = _protected(cased)
            elif cased != value:
                copy[field] = _escaped(cased)
        for field, value in item.items():  # a literal name in quotation marks: “Clean Danube,”
            if isinstance(value, list) and any(isinstance(n, dict) and _closers(n.get("literal") or "") for n in value):
                copy[field] = [{**_escaped(n), "literal": _escaped(n["literal"]) + _NAME_QUOTED}
                               if isinstance(n, dict) and _closers(n.get("literal") or "") else _escaped(n)
                               for n in value]
        out.append(protect_names(copy))
    return out


def _joined(mark: str, between: str, after: str) -> str:
    """Return the field's ``mark``, what pandoc put after it (``between``: closing quotes and
    tags) and the style's punctuation ``after``, joined as citeproc-js joins them."""
    if not after:
        return mark + between
    if not mark:
        return between + after
    merged = mark if after == mark else _MERGE[mark][after]
    if merged == mark + after:
        return mark + between + after
    return mark + between if merged == mark else between + after


def _join(match: re.Match) -> str:
    return _joined(_MARK[match[1]], match[2], match[3])


def _join_inner(match: re.Match) -> str:
    return _inside(_INNER_MARK[match[1]], match[2], match[3])


def _inside(mark: str, between: str, after: str) -> str:
    if after in (".", ","):  # inside the field's own closing quotes, joined with its mark
        return join_punctuation(mark, after) + between
    return _joined(mark, between, after)


def _join_name(match: re.Match) -> str:
    return _inside(match[1], match[2] + match[3], match[4])


def restore(text: str, ad: str = EN_US_AD) -> str:
    """Return ``text`` (as pandoc wrote it: plain, HTML or Markdown) with each stand-in made
    its mark again, joined with the punctuation that follows it as citeproc-js joins them, and
    each year's "ad" term (``ad``, from :func:`style_text`) where citeproc-js prints one; the
    user's own such characters (marked by :func:`protect`) come back as they were."""
    if not _OURS.search(text):
        return text
    text = restore_names(text, _STAND_IN)
    pieces = re.split(f"({_ESCAPE}.)", text, flags=re.S)  # odd pieces: the user's characters
    for n in range(0, len(pieces), 2):
        piece = _years(pieces[n], ad) if _AD in pieces[n] else pieces[n]
        pieces[n] = _RESTORE_NAME.sub(_join_name, _RESTORE_INNER.sub(_join_inner, _RESTORE.sub(_join, piece)))
    for n in range(1, len(pieces), 2):
        pieces[n] = pieces[n][1]
    return "".join(pieces)


# citeproc-js's CSL.ROMANESQUE_REGEXP: a text with none of these gets no italics
_ROMANESQUE = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
                         "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")
_ITALIC = {"html": re.compile(r"<em>((?:(?!</?em>).)*)</em>", re.S),
           "markdown": re.compile(r"(?<![\\*])\*((?:[^*\\]|\\.)+)\*(?!\*)")}
# pandoc's underline around what a marked <text> printed (style_text): <u>…</u>, [….]{.underline}
_MARKED = {"html": re.compile(r"<u>((?:(?!</?u>).)*)</u>", re.S),
           "markdown": re.compile(r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\{\.underline\}")}
# a <text> that prints a variable in italics itself (not a macro's or group's): citeproc-js
# drops those italics from a text with no romanesque letter, and only those
_OWN_ITALIC = re.compile(r'<text\b(?![^>]*\b(?:macro|text-decoration)=)([^>]*\bfont-style="italic")')


def mark_own_italics(xml: str) -> str:
    """Return the CSL style ``xml`` with each ``<text>`` that sets its own italics also
    underlined: pandoc's output then tells them (<u><em>…</em></u>) from the italics of a
    group or a macro, which citeproc-js keeps on any text (APA's outlet "<i>人民日报</i>")
    and :func:`unitalic` leaves; the bundled styles underline nothing."""
    return _OWN_ITALIC.sub(r'<text\1 text-decoration="underline"', xml)


def unitalic(text: str, writer: str) -> str:
    """Return ``text`` as pandoc's ``writer`` (html, markdown) wrote it from a style that
    :func:`mark_own_italics` marked, without the marks and without the italics a ``<text>``
    set itself around a text that has no letter citeproc-js sets in italics ("北京日报" in
    MLA); a group's or a macro's italics stay, as citeproc-js keeps them."""
    kind = writer.split("-")[0]
    marked, pattern = _MARKED.get(kind), _ITALIC.get(kind)
    if marked is None:
        return text

    def plain(match: re.Match) -> str:
        italic = pattern.fullmatch(match[1])
        if not italic:
            return match[1]
        inner = html.unescape(re.sub(r"<[^>]*>", "", italic[1])) if kind == "html" else italic[1]
        return match[1] if _ROMANESQUE.search(inner) else italic[1]

    return marked.sub(plain, text)
