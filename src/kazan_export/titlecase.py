"""English title case as citeproc-js 2.4.63 applies it (``text-case="title"``): the engine in
Zotero, Mendeley and the Word plug-ins, so the case a scholar's client prints.

One rule for every output: the .bib title fields (:func:`kazan_export.citations.title_case`)
and ``cite``, where pandoc's citeproc is made to follow it with nocase marks
(:mod:`kazan_export.writers.citeproc_case`). Pure; imports nothing of the package.

citeproc-js's rules, as its code has them: the field is cut at quotes, the marks
``- – — / . , ; ? ! :``, brackets and tags; a word (between spaces) of two or more letters is
capitalised unless it is a skip word; a skip word or a one-letter word is capitalised only as the
first word, after ``?`` ``!`` or ``:``, or as the last word of the field (a skip word only),
or as the last word of the first piece when a hyphen follows it; a word after an apostrophe
with no opening quote gets back its first letter as written ("o’clock"); words in a nocase
span or ``<sc>``/``<sub>``/``<sup>`` are left alone. Its multi-word entries ("out of",
"according to") never match: each word is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
SPACES = re.compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")

def _capitalise(word: str) -> str:
    """citeproc-js's _capitalise: the first character upper-cased, except a lone Greek letter."""
    if len(word) == 1 and "\u0370" <= word <= "\u03ff":
        return word
    return word[:1].upper() + word[1:]


def split_pieces(text: str) -> tuple[list[str], list[str], list[int]]:
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


def title_case(text: str, names: Iterable[str] = ()) -> str:
    """Return ``text`` in title case as citeproc-js 2.4.63 prints it (CSL.Output.Formatters.title),
    the words of ``names`` in it as written (see :func:`name_words`)."""
    strings, tags, _ = title_case_pieces(text)
    cased = strings[0] + "".join(tag + s for tag, s in zip(tags, strings[1:]))
    for a, b in name_words(text, names, cased):
        cased = cased[:a] + text[a:b] + cased[b:]
    return cased


# a name's first letter is capitalised where a title's first word is: at its start, after : ? !
_OPENS = re.compile(r"(?:^|[:?!])[\s\"'“‘(\[]*$")
_NAME_WORD = re.compile(r"[^\s\-‐/]+")


def name_words(text: str, names: Iterable[str], cased: str | None = None) -> list[tuple[int, int]]:
    """Return where (start, end) the words of ``text`` stand that belong to one of ``names`` (found
    whole, case as given) and that title case (``cased``, computed if not given) would change:
    "der" in "Talks with van der Berg", which citeproc-js makes "Der". A name's first word where
    the title starts, or after ":", "?" or "!", is capitalised as any word there ("Van der Berg:
    …", as CMOS 8.5 has a particle at the start of a sentence), and not returned."""
    names = [n for n in names if n]
    if not names:
        return []
    cased = title_case(text) if cased is None else cased
    if len(cased) != len(text):  # a capital of another length (ŉ): the places are lost
        return []
    spans: set[tuple[int, int]] = set()
    for name in names:
        # its first letter in either case: a title that starts with the name capitalises it
        # ("Van der Berg's plan": "der" was cased "Der", the name not found)
        first = "[" + re.escape(name[0].lower() + name[0].upper()) + "]"
        for match in re.finditer(r"(?<!\w)" + first + re.escape(name[1:]) + r"(?!\w)", text):
            for word in _NAME_WORD.finditer(match.group()):
                a, b = match.start() + word.start(), match.start() + word.end()
                if cased[a:b] == text[a:b] or (a == match.start() and _OPENS.search(text, 0, a)):
                    continue
                spans.add((a, b))
    return sorted(spans)


def title_case_pieces(text: str) -> tuple[list[str], list[str], list[int]]:
    """Return citeproc-js's title-cased strings of ``text``, its tags, and where each string starts,
    joined as strings[0] + tags[0] + strings[1] + … (see :func:`split_pieces`)."""
    strings, tags, starts = split_pieces(text)
    orig = list(strings)
    state = {"first": True, "punct": False, "last": None}

    def capitalise_words(s: str, i: int, following: object) -> str:
        if not s.strip():
            return s
        words = SPACES.split(s)  # odd items: the spaces between words
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
        words = SPACES.split(strings[k])
        if len(words[j]) > 1 and _SKIP.search(words[j].lower()):
            words[j] = _capitalise(words[j])
        strings[k] = "".join(words)
    return strings, tags, starts
