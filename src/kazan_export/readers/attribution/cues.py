"""Cues: the words that say who spoke — "…,” the diplomat said", "X said that …",
"according to X, …", "X’s statement that “…”" — and the statements they introduce.

Works on one paragraph at a time, with the quotations already found; positions are character
offsets in the paragraph's text. Every regular expression is built from the rules file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kazan_export.readers.attribution.patterns import Patterns, build
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.words import fold

SENTENCE_END = re.compile(r"[.!?…]+[”\"»’)\u2063]*(?=\s+[“\"«‘(\[A-Z0-9\u2063]|\s*$)")
# where a cue after a quotation stops: a mark that opens the next quotation (an opening single
# mark only after a space: a ’ or ' between letters is an apostrophe)
CUE_STOP = re.compile(r"[;:!?“”\"«»]|(?<!\S)[‘'](?=\S)")
LEAD = re.compile(r"(?P<lead>\s*[,.?!—–-]?\s*)")  # what stands between a closing mark and its cue


@dataclass
class Cue:
    """A speech cue in a paragraph: the verb (or phrase) and the subject phrase before/after it."""

    start: int  # where the cue's words begin (the subject, or the verb when it comes first)
    end: int  # where the cue's words end
    verb: str
    subject: str  # the subject phrase as printed ("" when the verb's subject is elided)
    subject_start: int
    words: str  # the cue as printed, for Review.cue
    kind: str  # "post" (after a quotation), "pre" (before), "according", "parenthetical", "colon", "subject" (no cue: the sentence's subject)
    region: str = ""  # words between the subject and what is said (adverbials: "in Yerevan")
    holder: str | None = None  # "the statement of X": X is the speaker instead of the subject
    quoting: str | None = None  # "X wrote, quoting Y": Y is the speaker, X the outlet
    apposition: str | None = None  # "said John Smith, a spokesman for the company": the role after the name


@lru_cache(maxsize=8)
def _patterns(language: str) -> Patterns:
    from kazan_export.readers.attribution.rules import load_rules

    return build(load_rules(language))


def patterns(rules: Rules) -> Patterns:
    """Return the compiled cue patterns of ``rules`` (compiled once per language)."""
    return _patterns(rules.language)


def _default() -> Patterns:
    from kazan_export.readers.attribution.rules import load_rules

    return patterns(load_rules("en"))


def sentences(text: str, pats: Patterns) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences of ``text`` (quotations masked first)."""
    cache = pats.extra.setdefault("sentences", {})
    hit = cache.get(text)
    if hit is None:
        if len(cache) > 4096:
            cache.clear()
        hit = cache[text] = _sentences(text, pats)
    return hit


def _sentences(text: str, pats: Patterns) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if _abbreviation(text, 0, m.start(), pats):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _abbreviation(text: str, start: int, at: int, pats: Patterns) -> bool:
    """Return True if the full stop at ``at`` ends an abbreviation ("Dr.", "e.g.", "U.S."): the
    word it ends (back to white space or ``start``) is one."""
    first = at
    while first > start and not text[first - 1].isspace():  # one word back, not the whole text
        first -= 1
    word = text[first:at + 1].lower()
    return word in pats.abbreviations or bool(re.fullmatch(r"[a-z]\.", word)) or bool(re.fullmatch(r"(?:[a-z]\.){2,}", word))


def first_sentence_end(text: str, start: int, pats: Patterns) -> int:
    """Return where the first sentence of ``text[start:]`` ends (``sentences(text[start:])[0]``,
    without finding the others or copying the text)."""
    for m in SENTENCE_END.finditer(text, start):
        if not _abbreviation(text, start, m.start(), pats):
            return m.end()
    return len(text)


def clause_subject(text: str, start: int, end: int, pats: "Patterns | None" = None) -> tuple[str, int]:
    """Return the subject phrase ending at ``end`` (at the verb) and where it starts: the text
    back to the sentence start or a clause boundary (", and", ";", " that ")."""
    span = text[start:end]
    x = (pats or _default()).extra
    if x["elided"].search(span):  # "… and said that": the subject is elided
        return "", end
    # ", who leads the committee," is no subject: blank it (same length, offsets kept)
    span = x["relative_clause"].sub(lambda m: "," + " " * (len(m.group(0)) - 2) + ",", span)
    cut, restrict = 0, None
    for m in x["boundary"].finditer(span):
        if _restrictive(span, cut, m, x):
            restrict = m.start()  # "a diplomat who attended the signing said": the noun phrase speaks
            continue
        cut, restrict = m.end(), None
    phrase = span[cut:restrict] if restrict is not None else span[cut:]
    if text[end:end + 40].split()[:1] and phrase.rstrip().endswith(","):
        phrase = _before_main_verb(phrase, text[end:end + 40].split()[0], x)
    return phrase.rstrip(" ,"), start + cut


def _restrictive(span: str, cut: int, m: re.Match, x: dict) -> bool:
    """Return True if the boundary ``m`` is a relative pronoun opening a restrictive clause
    ("A Western diplomat who attended the signing said", "an executive at a utility that buys gas
    said"): no comma before it, a noun phrase with no speech verb since ``cut`` before it, and a
    verb (not a subject of its own) right after it."""
    word = m.group(0).strip().lower()
    if word not in x["relative_words"] or span[cut:m.start()].rstrip().endswith((",", ";", ":")):
        return False
    head = span[cut:m.start()].strip()
    after = span[m.end():].split()[:1]
    if not head or len(head.split()) > 10 or not after or x["speech_verb"].search(head):
        return False
    first = after[0].lower()
    return after[0][:1].islower() and first not in x["clause_start_words"] and first not in x["relative_words"]


def _before_main_verb(phrase: str, verb: str, x: dict) -> str:
    """The subject of a participle cue after a comma ("Mayor Elena Varos defended her plan on
    Tuesday, telling the meeting that …"): the words before the sentence's own verb."""
    if not verb.lower().endswith(x["speech_participle"]):
        return phrase
    words = list(re.finditer(r"\S+", phrase))
    for k, w in enumerate(words[1:], start=1):
        t = w.group(0).lower().strip(",")
        if w.group(0)[:1].islower() and (t in x["main_verbs"] or t.endswith(x["past_endings"])):
            return phrase[:w.start()]
    return phrase


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with each span (a quotation with its marks) blanked out, same length."""
    chars = list(text)
    for a, b in spans:
        keep = b - 2 if b >= 2 and text[b - 2:b - 1] in (".", "!", "?") else -1  # the quotation's own full stop
        for i in range(max(0, a), min(len(chars), b)):
            if i != keep:
                chars[i] = "\u2063"  # invisible separator: no letters
    return "".join(chars)


def post_cue(text: str, close: int, quote_text: str, pats: Patterns,
             inverted: Callable[[str], str] | None = None) -> Cue | None:
    """Return the cue right after a closing mark at ``close`` ("…,” the diplomat said."). The
    subject of an inverted cue ("…,” said X in Y) is what ``inverted`` makes of the words after
    the verb (:meth:`.mentions.Mentions.inverted`), else those words up to a preposition."""
    m = LEAD.match(text, close + 1)
    base = m.end("lead")
    rest = CUE_STOP.split(text[base:first_sentence_end(text, base, pats)])[0]
    rest = re.sub(r"[.]\s*$", "", rest)
    words = rest.split()
    if not words:
        return None
    strong = m.group("lead").strip() in (",", "—", "–", "-") or quote_text.rstrip()[-1:] in ",?!—–-" or not words[0][:1].isupper()
    if not strong:
        # a new sentence after the quotation is its cue only when it is no more than "Lavrov said."
        head = rest.split(",")[0]
        v = pats.verb.search(head)
        if not v or len(head[:v.start()].split()) > 6 or fold(head[:v.start()]).strip() in ("", "this", "that"):
            return None
        if len(rest[v.end():].split()) > 4:
            return None
    v = pats.verb.search(rest)
    acc = pats.according.match(rest.lstrip())
    if acc:  # "…,” according to analyst Jane Roe.
        lead = len(rest) - len(rest.lstrip())
        who = rest.lstrip()[acc.end():].split(",")[0].strip()
        if who:
            s_start = base + lead + acc.end()
            return Cue(base, base + len(rest), "according to", who, s_start, rest.strip(), "post",
                       region=rest[lead + acc.end() + len(who):])
    if not v:
        return None
    before = rest[:v.start()].strip()
    if before == "":  # "…,” said Lavrov"
        subj_m = re.match(r"\s*(?P<s>[^,]+)", rest[v.end():])
        subject = subj_m.group("s").strip() if subj_m else ""
        if subject:
            subject = inverted(subject) if inverted else pats.extra["inverted_end"].split(subject)[0]
        s_start = base + v.end() + (subj_m.start("s") if subj_m else 0)
        apposition = rest[v.end():][subj_m.end():] if subj_m else ""
        return Cue(base, base + len(rest), v.group(0), subject, s_start, rest.strip(), "post",
                   region=rest[v.end():], holder=None, quoting=None, apposition=apposition.strip(" ,") or None)
    if len(before.split()) > 12 or fold(before.split()[0]) in pats.extra["relatives"]:
        return None
    if "," in before and not re.match(r"^[^,]+,\s*\d+,", before) and len(before.split()) > 8:
        return None
    return Cue(base, base + v.end(), v.group(0), before, base + rest.index(before), rest[:v.end()].strip(), "post",
               region=rest[v.end():])


def pre_cue(masked: str, sent_start: int, open_at: int, pats: Patterns) -> Cue | None:
    """Return the cue before an opening mark at ``open_at`` in its sentence ("X said that “")."""
    part = masked[sent_start:open_at]
    if not part.strip():
        return None
    x = pats.extra
    acc_which = list(x["relative_cue"].finditer(part))
    holder = None
    verbs = pats.verbs_in(part)
    acc = [m for m in pats.according.finditer(part)]
    if acc_which and x["according_relative"].match(acc_which[-1].group(0).lstrip(", ")):
        head = part[:acc_which[-1].start()]
        nouns = list(pats.noun.finditer(head))
        if nouns:
            holder = head[nouns[-1].start():].strip()
            # the noun phrase may start with a determiner just before the noun
            det = x["determiner_end"].search(head[:nouns[-1].start()])
            if det:
                holder = head[det.start():].strip()
    if verbs:
        v = verbs[-1]
        subject, s_start = clause_subject(masked, sent_start, sent_start + v.start(), pats)
        between = part[v.end():]
        endorse = pats.endorse.search(between)
        if endorse and holder is None:
            np = between[endorse.end():]
            np = x["np_end"].split(np.strip())[0]
            np = x["according_tail"].sub("", np)
            if pats.noun.search(np):
                holder = np.strip(" ,")
        quoting = pats.quoting.search(between)
        words = masked[s_start:sent_start + v.end()].strip()
        cue = Cue(s_start, sent_start + v.end(), v.group(0), subject, s_start, words,
                  "colon" if part.rstrip().endswith(":") else "pre", region=between, holder=holder,
                  quoting=quoting.group("who").strip() if quoting else None)
        if acc and acc[-1].start() > v.end():
            return _according(masked, sent_start, part, acc[-1], pats=pats) or cue
        return cue
    if acc:
        return _according(masked, sent_start, part, acc[-1], holder, pats=pats)
    if holder:
        return Cue(sent_start, open_at, "according to", "", sent_start, part.strip(), "pre", holder=holder)
    return None


def _according(masked: str, sent_start: int, part: str, m: re.Match, holder: str | None = None, *,
               pats: Patterns) -> Cue | None:
    rest = part[m.end():]
    if pats.extra["relative_start"].match(rest):
        if holder:
            return Cue(sent_start + m.start(), sent_start + m.end(), "according to", "", sent_start, m.group(0), "according", holder=holder)
        return None
    who = rest.split(",")[0].strip()
    if not who:
        return None
    return Cue(sent_start + m.start(), sent_start + m.end() + len(who), "according to", who,
               sent_start + m.end(), part[m.start():m.end() + len(who)].strip(), "according")
