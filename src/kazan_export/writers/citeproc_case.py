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

citeproc-js's rules, as its code has them: the field is cut at quotes, the marks
``- – — / . , ; ? ! :``, brackets and tags; a word (between spaces) of two or more letters is
capitalised unless it is a skip word; a skip word or a one-letter word is capitalised only as the
first word, after ``?`` ``!`` or ``:``, or as the last word of the field (a skip word only),
or as the last word of the first piece when a hyphen follows it; a word after an apostrophe
with no opening quote gets back its first letter as written ("o’clock"); words in a nocase
span or ``<sc>``/``<sub>``/``<sup>`` are left alone. Its multi-word entries ("out of",
"according to") never match: each word is tested on its own.

Not followed (pandoc capitalises less than citeproc-js, which a nocase mark cannot change): a
last word inside closing quotes, or after a hyphen ("Talks End-to"), which citeproc-js
capitalises if it is a skip word and pandoc leaves lower-case.
"""

from __future__ import annotations

import re
import unicodedata

# CSL.SKIP_WORDS of citeproc-js 2.4.63, in its order (the en-US locale sets no skip words of its own)
SKIP_WORDS = (
    "about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid",
    "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride",
    "at", "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside",
    "besides", "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et",
    "except", "for", "forenenst", "from", "given", "in", "inside", "into", "lest", "like",
    "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto", "out", "over", "per",
    "plus", "pro", "qua", "sans", "since", "than", "through", " thru", "throughout", "thruout",
    "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up", "upon",
    "versus", "vs.", "v.", "vs", "v", "via", "vis-à-vis", "with", "within", "without",
    "according to", "ahead of", "apart from", "as for", "as of", "as per", "as regards",
    "aside from", "back to", "because of", "close to", "due to", "except for", "far from",
    "inside of", "instead of", "near to", "next to", "on to", "out from", "out of", "outside of",
    "prior to", "pursuant to", "rather than", "regardless of", "such as", "that of", "up to",
    "where as", "or", "yet", "so", "for", "and", "nor", "a", "an", "the", "de", "d'", "von",
    "van", "c", "ca"
)
# citeproc-js's skip-words-regexp, unescaped as it builds it ("vs." matches "vs" and any letter)
_SKIP = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(SKIP_WORDS) + r")(?=[!?:]*\s+|-|$))")
# The tags of citeproc-js's text-case engine (tagDoppel), and the spans it leaves alone
_TAGS = re.compile('(\u2018|\u2019|\u201c|\u201d| "| \'|"|\'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)'
                   '|<span style="font-variant: small-caps;">|<span class="no(?:case|decor)">|</span>'
                   '|</?(?:i|sc|b|sub|sup)>)')
_OPAQUE = {'<span style="font-variant: small-caps;">': "</span>", '<span class="nocase">': "</span>",
           '<span class="nodecor">': "</span>", "<sc>": "</sc>", "<sub>": "</sub>", "<sup>": "</sup>"}
_QUOTES = {" \"": " \'", " \'": " \"", "\u2018": "\u2018", "\u201c": "\u201c"}  # opener -> the opener it pairs with
_CLOSER = {" \"": "\"", " \'": "\'", "\u2018": "\u2019", "\u201c": "\u201d"}
_SPACES = re.compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
# pandoc's citeproc: its stop words (isStopWord), and the marks after which it starts a sentence
PANDOC_STOP_WORDS = frozenset("""a an and as at but by down for from in into nor of on onto or over so the
till to up via with yet about van von de d l""".split())
NOCASE = '<span class="nocase">'
_STYLE_CASES = re.compile(r'text-case\s*=\s*["\'](?:uppercase|capitalize-all)["\']')


def style_allows(xml: str) -> bool:
    """Return whether the CSL style ``xml`` may be given nocase marks: it uses neither
    ``text-case="uppercase"`` nor ``"capitalize-all"``, which capitalise the words a mark keeps."""
    return not _STYLE_CASES.search(xml)


def _capitalise(word: str) -> str:
    """citeproc-js's _capitalise: the first character upper-cased, except a lone Greek letter."""
    if len(word) == 1 and "\u0370" <= word <= "\u03ff":
        return word
    return word[:1].upper() + word[1:]


def _pieces(text: str) -> tuple[list[str], list[str], list[int]]:
    """Return citeproc-js's split of ``text`` (tagDoppel): its strings, its tags and where each
    string starts in ``text``; a "'" before text is the start of that text, as citeproc-js has it."""
    parts = _TAGS.split(text)
    strings, tags = parts[0::2], parts[1::2]
    starts, at = [], 0
    for n, s in enumerate(strings):
        starts.append(at)
        at += len(s) + (len(tags[n]) if n < len(tags) else 0)
    for i in range(len(tags) - 1, -1, -1):
        if tags[i] == "'" and strings[i + 1]:
            strings[i + 1], tags[i] = "'" + strings[i + 1], ""
            starts[i + 1] -= 1
    return strings, tags, starts


def citeproc_js_title(text: str) -> str:
    """Return ``text`` in title case as citeproc-js 2.4.63 prints it (CSL.Output.Formatters.title)."""
    strings, tags, _ = _citeproc_js_words(text)
    return strings[0] + "".join(tag + s for tag, s in zip(tags, strings[1:]))


def _citeproc_js_words(text: str) -> tuple[list[str], list[str], list[int]]:
    """Return citeproc-js's title-cased strings of ``text``, its tags, and where each string starts,
    joined as strings[0] + tags[0] + strings[1] + … (see :func:`_pieces`)."""
    strings, tags, starts = _pieces(text)
    orig = list(strings)
    state = {"first": True, "punct": False, "last": None}

    def capitalise_words(s: str, i: int, following: object) -> str:
        if not s.strip():
            return s
        words = _SPACES.split(s)  # odd items: the spaces between words
        for j in range(0, len(words), 2):
            word = words[j]
            if not word:
                continue
            lower = word.lower()
            cap = ((len(word) > 1 and not _SKIP.search(lower)) or (j == len(words) - 1 and following == "-")
                   or state["first"] or state["punct"])
            if cap and word == lower:
                words[j] = _capitalise(word)
            state["punct"] = state["first"] = False
            state["last"] = (i, j)
        return "".join(words)

    if strings[0].strip():
        strings[0] = capitalise_words(strings[0], 0, tags[0] if tags else None)
    opaque: list[str] = []
    quotes: list[dict] = []

    def quote_fix(tag: str, pos: int):  # noqa: ANN202 - citeproc-js's pushQuoteState
        m = re.match('^([\u2018\u2019\u201c\u201d"\'])', tag) or re.search('( "| \')$', tag)
        if not m:
            return None
        tag = m[1]
        if tag in _QUOTES:
            if not quotes or tag == quotes[-1]["opener"]:
                quotes.append({"opener": _QUOTES[tag], "closer": _CLOSER[tag], "pos": pos})
                return None
            previous = quotes.pop().get("pos")
            quotes.append({"opener": _QUOTES[tag], "closer": _CLOSER[tag]})  # citeproc-js keeps no pos here
            return previous
        if quotes and tag == quotes[-1]["closer"]:
            quotes.pop()
            return None
        return pos

    for i, tag in enumerate(tags):
        s = strings[i + 1]
        if tag in _OPAQUE:
            opaque.append(_OPAQUE[tag])
        elif opaque and tag == opaque[-1]:
            opaque.pop()
        if re.search("[!?:]$", tag):
            state["punct"] = True
        if not opaque:
            strings[i + 1] = capitalise_words(s, i + 1, None)  # citeproc-js passes no following tag here
        elif s.strip():
            state["last"] = None
        at = quote_fix(tag, i)
        if at is not None:
            strings[at + 1] = orig[at + 1][:1] + strings[at + 1][1:]
            state["last"] = None
        if state["first"] and s.strip():
            state["first"] = False
        if state["punct"] and s.strip():
            state["punct"] = False
    for q in quotes:
        if q.get("pos") is not None:
            strings[q["pos"] + 1] = orig[q["pos"] + 1][:1] + strings[q["pos"] + 1][1:]
    if state["last"] is not None:
        k, j = state["last"]
        words = _SPACES.split(strings[k])
        if len(words[j]) > 1 and _SKIP.search(words[j].lower()):
            words[j] = _capitalise(words[j])
        strings[k] = "".join(words)
    return strings, tags, starts


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
    cased, _, starts = _citeproc_js_words(text)
    original, _, _ = _pieces(text)
    pandoc = _pandoc_capitalises(text)
    marks: list[tuple[int, int]] = []
    for before, after, start in zip(original, cased, starts):
        at = 0
        for word, new in zip(_SPACES.split(before), _SPACES.split(after)):
            if word and word == new and word.isalnum() and word == word.lower() and pandoc.get(start + at):
                marks.append((start + at, start + at + len(word)))
            at += len(word)
    for a, b in reversed(marks):
        text = text[:a] + NOCASE + text[a:b] + "</span>" + text[b:]
    return text
