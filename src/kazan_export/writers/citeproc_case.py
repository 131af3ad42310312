"""Title case as citeproc-js applies it, for pandoc's citeproc to follow (``text-case="title"``).

Where a style title-cases a field (Chicago and MLA titles, APA's in-text titles of works with no
author), citeproc-js (Zotero's engine) keeps many more words lower-case than pandoc's citeproc:
its ``CSL.SKIP_WORDS`` (135 entries: "amid", "out", "without", "than", "per", …) against
pandoc's 32 stop words (``isStopWord`` in citeproc's ``Citeproc/CaseTransform.hs``), and after a
full stop citeproc-js keeps a skip word lower-case ("U.S. to Leave") where pandoc starts a
sentence ("U.S. To Leave"). Both only ever capitalise a word that is all lower-case.

:func:`nocase_words` marks, in a field's text, each word citeproc-js's ``title`` formatter
(``CSL.Output.Formatters.title`` in ``citeproc_commonjs.js`` 2.4.63) leaves lower-case and
pandoc's ``withTitleCase`` would capitalise, with CSL-JSON's rich-text
``<span class="nocase">…</span>``, which both processors leave as it is. A style that does not
title-case the field prints such a lower-case word unchanged anyway (none, ``lowercase``,
``sentence`` and ``capitalize-first`` never capitalise a word that is not first), so the mark
is given only where the style uses neither ``uppercase`` nor ``capitalize-all``
(:func:`style_allows`). The filter that runs pandoc takes the spans out of what it prints.

citeproc-js's rules are :mod:`kazan_export.titlecase`'s, which the .bib title fields follow too.

Not followed (pandoc capitalises less than citeproc-js, which a nocase mark cannot change): a
last word inside closing quotes, or after a hyphen ("Talks End-to"), which citeproc-js
capitalises if it is a skip word and pandoc leaves lower-case.
"""

from __future__ import annotations

import re
import unicodedata

from kazan_export.titlecase import SPACES, name_words, split_pieces, title_case_pieces

# pandoc's citeproc: its stop words (isStopWord), and the marks after which it starts a sentence
PANDOC_STOP_WORDS = frozenset("""a an and as at but by down for from in into nor of on onto or over so the
till to up via with yet about van von de d l""".split())
NOCASE = '<span class="nocase">'
_STYLE_CASES = re.compile(r'text-case\s*=\s*["\'](?:uppercase|capitalize-all)["\']')


def style_allows(xml: str) -> bool:
    """Return whether the CSL style ``xml`` may be given nocase marks: it uses neither
    ``text-case="uppercase"`` nor ``"capitalize-all"``, which capitalise the words a mark keeps."""
    return not _STYLE_CASES.search(xml)


def _category(c: str) -> str:
    if c.isalnum():
        return "alnum"
    if c.isspace():
        return "space"
    return "punct" if unicodedata.category(c).startswith("P") else c  # other characters: one each


def _pandoc_capitalises(text: str) -> dict[int, bool]:
    """Return, for where each all-lower-case word starts in ``text``, whether pandoc's citeproc
    (``withTitleCase``, as ``caseTransform'`` walks the field) would capitalise it. Tags and
    quotation marks are not text to it (pandoc reads them as markup and ``Quoted``)."""
    out: dict[int, bool] = {}
    st = "Start"
    # pandoc's inlines, roughly: runs of text (Str), spaces, and the markup between them
    tokens = list(re.finditer('(<[^<>]*>)|([\u201c\u201d\u2018"]|(?<=\\s)\'|\'(?=\\s|$)|(?<=\\s)\u2019)'
                              '|([\u00a0 \\t\\n\u2000-\u200b\u205f\u3000]+)|([^<\\s\u201c\u201d\u2018"]+)', text))
    strs = [t for t in tokens if t[4]]
    last_str = strs[-1] if strs and tokens[-1] is strs[-1] and len(tokens) > 1 else None
    if last_str is not None and re.search("[-/\u2013\u2014]", last_str[4]):
        last_str = None
    breaks = set(" -/\u2013\u2014")
    for t in tokens:
        if t[3]:
            st = "StartSentence" if st == "AfterSentenceEndingPunctuation" else "AfterWordEnd"
            continue
        if not t[4]:
            continue
        if t is last_str and st in ("AfterWordEnd", "StartSentence", "Start"):
            st = "BeforeLastWord"
        # group the Str's characters by kind, as pandoc's splitUp does
        at, s = t.start(4), t[4]
        n = 0
        while n < len(s):
            kind, m = _category(s[n]), n + 1
            while m < len(s) and kind in ("alnum", "space", "punct") and _category(s[m]) == kind:
                m += 1
            chunk = s[n:m]
            if chunk.isalnum() and chunk == chunk.lower() and chunk != chunk.upper():
                out[at + n] = (st in ("Start", "StartSentence")
                               or (st == "AfterWordEnd" and chunk not in PANDOC_STOP_WORDS and len(chunk) > 1)
                               or (st == "BeforeLastWord" and len(chunk) > 1))
            c = chunk[-1]
            if c in ".?!:":
                st = "AfterSentenceEndingPunctuation"
            elif c.isalnum():
                st = "AfterWordChar"
            elif c.isspace() and st == "AfterSentenceEndingPunctuation":
                st = "StartSentence"
            elif c in breaks or c.isspace():
                st = "AfterWordEnd"
            n = m
    return out


def nocase_words(text: str) -> str:
    """Return ``text`` with each word that citeproc-js's title case keeps lower-case and pandoc's
    would capitalise in a CSL-JSON nocase span: "Minister rules out sale amid protests" gives
    "Minister rules <span class="nocase">out</span> sale <span class="nocase">amid</span> protests"."""
    if not text or not any(c.islower() for c in text):
        return text
    cased, _, starts = title_case_pieces(text)
    original, _, _ = split_pieces(text)
    pandoc = _pandoc_capitalises(text)
    marks: list[tuple[int, int]] = []
    for before, after, start in zip(original, cased, starts):
        at = 0
        for word, new in zip(SPACES.split(before), SPACES.split(after)):
            if word and word == new and word.isalnum() and word == word.lower() and pandoc.get(start + at):
                marks.append((start + at, start + at + len(word)))
            at += len(word)
    for a, b in reversed(marks):
        text = text[:a] + NOCASE + text[a:b] + "</span>" + text[b:]
    return text


def nocase_names(text: str, names: tuple[str, ...]) -> str:
    """Return ``text`` with each word of ``names`` that citeproc-js's title case would change in a
    nocase span: "Talks with van der Berg" gives "Talks with van <span class="nocase">der</span>
    Berg", which Zotero, citeproc-js and pandoc print as written (see
    :func:`kazan_export.titlecase.name_words`)."""
    for a, b in reversed(name_words(text, names)):
        text = text[:a] + NOCASE + text[a:b] + "</span>" + text[b:]
    return text
