"""The compiled patterns of speech cues, built once per language from its rules file.

:class:`Patterns` holds the speech verbs (matched through a word lookup, :meth:`Patterns.verbs_in`,
faster than one large regular expression), "that" clauses, "according to", endorsements,
"quoting X", speech nouns and the sentence-level cue shapes of :func:`build` (``extra``). The
words all come from the rules (:mod:`.rules`); :func:`.cues.patterns` caches them per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kazan_export.readers.attribution.rules import Rules, _alt


@dataclass(frozen=True, slots=True)
class Hit:
    """A speech verb (or phrase) found in a text, shaped like a regular-expression match."""

    s: int
    e: int
    text: str

    def start(self, *_: object) -> int:
        return self.s

    def end(self, *_: object) -> int:
        return self.e

    def group(self, *_: object) -> str:
        return self.text


WORDS = re.compile(r"[\w’'-]+")


@dataclass
class Patterns:
    """The cue patterns of one language."""

    verb: re.Pattern
    that_verb: re.Pattern
    according: re.Pattern
    endorse: re.Pattern
    quoting: re.Pattern
    clause_start: frozenset[str]
    coordinators: tuple[str, ...]
    abbreviations: frozenset[str]
    noun: re.Pattern
    that_only: frozenset[str]
    extra: dict = field(default_factory=dict)
    phrases: dict = field(default_factory=dict)  # first word -> speech verbs/phrases starting with it, longest first

    def verbs_in(self, text: str) -> list[Hit]:
        """Return the speech verbs of ``text`` in order (a word-set lookup; faster than the regex)."""
        out, low = [], text.lower()
        for m in WORDS.finditer(low):
            cands = self.phrases.get(m.group(0))
            if not cands:
                continue
            for ph in cands:
                end = m.start() + len(ph)
                if low.startswith(ph, m.start()) and (end == len(low) or not (low[end].isalnum() or low[end] in "’'-_")):
                    if not out or out[-1].e <= m.start():
                        out.append(Hit(m.start(), end, text[m.start():end]))
                    break
        return out


def build(rules: Rules) -> Patterns:
    """Return the cue patterns of ``rules``."""
    verbs = rules.get("speech", "verbs")
    va = _alt(verbs)
    return Patterns(
        verb=re.compile(rf"(?<![\w’'-])(?:{va})(?![\w’'-])", re.I),
        that_verb=re.compile(rf"(?<![\w’'-])(?P<v>{va})(?P<adv>(?:(?!\b(?:{va})\b)[^.;:!?“”\"«»]){{0,160}}?)\s*\bthat\s+", re.I),
        according=re.compile(rf"(?<![\w’'-])(?:{_alt(rules.get('speech', 'according'))})\s+", re.I),
        endorse=re.compile(rf"(?<![\w’'-])(?:{_alt(rules.get('speech', 'endorse'))})(?![\w’'-])", re.I),
        quoting=re.compile(rf",?\s*(?:{_alt(rules.get('speech', 'quoting'))})\s+(?P<who>[^,]+),", re.I),
        clause_start=rules.words("speech", "clause_starts"),
        coordinators=tuple(rules.get("speech", "coordinators")),
        abbreviations=rules.abbreviations | rules.words("people", "titles"),
        noun=re.compile(rf"(?<![\w’'-])(?:{_alt(rules.get('speech', 'nouns'))})(?![\w’'-])", re.I),
        that_only=rules.words("speech", "that_only"),
        extra=_extra(rules, va),
        phrases=_phrases(verbs),
    )


def _phrases(verbs: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in sorted({v.lower() for v in verbs}, key=len, reverse=True):
        out.setdefault(v.split()[0], []).append(v)
    return out



def _extra(rules: Rules, v: str) -> dict:
    """The sentence-level cue patterns, compiled once per language."""
    acc = _alt(rules.get("speech", "according"))
    aux = _alt(rules.get("text", "auxiliaries"))
    g = lambda key: _alt(rules.get("grammar", key))  # noqa: E731
    comp = _alt(rules.get("speech", "complementizers"))
    return {
        # "said Lavrov in Yerevan": the subject ends at a preposition or a conjunction
        "inverted_end": re.compile(rf"\s+(?:{_alt(rules.get('text', 'prepositions'))}|{_alt(rules.get('text', 'relatives'))})\s+", re.I),
        "elided": re.compile(rf"(?:^|\s)(?:{g('conjunctions')})\s*$", re.I),
        "boundary": re.compile(rf"(?:;\s+|:\s+|\b(?:{comp})\s+|,\s+(?:{g('conjunctions')})\s+|,\s+(?:{g('contrast_conjunctions') or '(?!)'})\s+(?=[A-Z])|,\s+(?:{g('relative_pronouns')})\s+|\b(?:{g('relative_pronouns')})\s+)", re.I),
        "relative_cue": re.compile(rf",?\s*(?:{g('according_relative')}|{g('relative_cues')})\s+[^\u2063]*$", re.I),
        "according_which": re.compile(rf",\s*(?:{g('according_relative')})\s+", re.I),
        "according_relative": re.compile(rf"(?:{g('according_relative')})\b", re.I),
        "according_tail": re.compile(rf",?\s*(?:{g('according_relative')}).*$", re.I),
        "np_end": re.compile(rf"\s+(?:{comp})\s*$|,\s*(?:{g('according_relative')})\s*$|\s+(?:{comp})\s+[^\u2063]*$", re.I),
        "determiner_end": re.compile(rf"\b(?:{g('determiners')})\s+$", re.I),
        "relative_start": re.compile(rf"(?:{g('relative_pronouns')})\b", re.I),
        "relative_clause": re.compile(rf",\s*(?:{g('relative_pronouns')})\b[^,]*,", re.I),
        "age": re.compile(rf"\d[\d\s-]*(?:(?:{g('age_words')}))?", re.I),
        "relatives": rules.words("text", "relatives"),
        # a restrictive relative clause before a cue, and a participle cue's subject (cues.clause_subject)
        "relative_words": {*rules.words("grammar", "relative_pronouns"), *rules.words("speech", "complementizers")},
        "clause_start_words": rules.words("speech", "clause_starts"),
        "speech_verb": re.compile(rf"(?<![\w’'-])(?:{v})(?![\w’'-])", re.I),
        "speech_participle": tuple(rules.get("speech", "participle_endings", ("ing",))),
        "past_endings": tuple(rules.get("grammar", "participle_endings")),
        "main_verbs": {*rules.words("grammar", "finite_verbs"), *rules.words("grammar", "irregular_past")},
        "that": re.compile(rf"(?:^|\s)(?:{_alt(rules.get('speech', 'complementizers'))})\s+", re.I),
        "prepositions": rules.words("text", "prepositions"),
        "aux": re.compile(rf"(?:,?\s+(?:{aux}))+$", re.I),
        # "In particular, Fassier said, according to …" (a parenthetical cue at the sentence start)
        "param": re.compile(rf"^(?P<lead>(?:[A-Z][\w ]{{0,30}},\s*)?)(?P<subj>[^,\u2063]{{2,60}}?)\s+(?P<v>(?<![\w’'-])(?:{v})(?![\w’'-])),\s+", re.I),
        # "…, the minister said." / "…, he told Wikinews." (a cue at the sentence end)
        "trail": re.compile(rf",\s+(?P<subj>[^,\u2063]{{2,40}}?)\s+(?P<v>(?<![\w’'-])(?:{v})(?![\w’'-]))(?P<obj>\s+[^,.\u2063]{{1,40}})?\s*[.!]?\s*$", re.I),
        # "… the talks will go on, said a spokesperson for the ministry." (an inverted cue at the end)
        "trail_inverted": re.compile(rf",\s+(?P<v>(?<![\w’'-])(?:{v})(?![\w’'-]))\s+(?P<subj>[^,\u2063]{{2,80}}?)\s*[.!]?\s*$", re.I),
        "trail_acc": re.compile(rf",\s+(?P<acc>(?:{acc})\s+)(?P<who>[^,\u2063]{{2,160}}?)\s*[.!]?\s*$", re.I),
        "acc_lead": re.compile(rf"^(?P<lead>(?:[A-Z][\w ]{{0,30}},\s*)?)(?P<acc>{acc})\s+(?P<who>[^,\u2063]+),\s*", re.I),
    }
