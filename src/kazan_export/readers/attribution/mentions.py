"""Mentions in running text: what a subject phrase says of its speaker, and who is named where.

:class:`Mentions` wraps the :class:`~.speakers.Parser` for phrases as they stand in sentences:
it drops leading adverbials and date phrases ("On May 26, 2011, the minister"), auxiliaries
("The USGS has"), ages and places ("Cpl. Victor Thibault, 38, of Digby"), takes the holder of
taken-up words ("the statement of X", "X’s statement"), and joins a name with the role beside
it ("the Lirsk negotiator, Dr. Tomás Ó Briain"). It also adds every person a paragraph names
to the :class:`~.speakers.Registry`, so that a later "the negotiator" or "Ó Briain" finds them.
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.patterns import Patterns
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.registry import Registry
from kazan_export.readers.attribution.speakers import Mention, Parser
from kazan_export.readers.attribution.words import QUOTES, fold


class Mentions:
    """Read subject phrases into mentions, and register the people a paragraph names."""

    def __init__(self, rules: Rules, pats: Patterns, parser: Parser, registry: Registry):
        self.rules, self.pats, self.parser, self.registry = rules, pats, parser, registry
        keep = {*rules.words("grammar", "determiners"), *(k.lower() for k in rules.get("people", "pronouns", {}))}
        self.strip_words = parser.not_names - keep
        self.aux_re = pats.extra["aux"]
        g = lambda key: rules.words("grammar", key)  # noqa: E731
        self.role_connectors, self.place_preps = g("role_connectors"), g("place_prepositions")
        self.name_connectors = g("name_connectors")
        self.inverted_end = pats.extra["inverted_end"]
        # what may describe an unnamed speaker after an inverted cue's verb ("said a spokesperson for
        # the ministry"), and the words that make the phrase a time or an occasion instead
        self.describing = g("describing_prepositions")
        self.not_describing = (rules.words("speech", "occasion_words") | parser.months
                               | {k.lower() for k in rules.get("dates", "units", {})})
        nouns = "|".join(re.escape(w) for w in sorted(rules.get("speech", "nouns"), key=len, reverse=True))
        hp = "|".join(re.escape(w) for w in sorted(rules.get("grammar", "holder_prepositions"), key=len, reverse=True))
        # "the statement of X", "a report published on Tuesday by X", "X’s statement"
        self.holder_re = re.compile(rf"\b(?:{nouns})\s+(?:[^\W\d_]+(?:{'|'.join(map(re.escape, rules.get('grammar', 'participle_endings')))})\b[^,]{{0,40}}?\s+)?(?:{hp})\s+(?P<x>.+)$|(?P<y>\S+(?:\s+\S+){{0,5}}?)[’']s\s+(?:{nouns})\b", re.I)

    def mention(self, phrase: str) -> Mention | None:
        """Return what a subject phrase says of the speaker (name, role, pronoun, …)."""
        phrase = re.sub(r"\u2063+", " ", phrase).strip(" ,")
        tokens = phrase.split()
        # leading adverbials and date phrases ("On May 26, 2011", "At the same time", "While")
        while len(tokens) > 1 and (fold(tokens[0].strip(",")) in self.strip_words
                                   or fold(tokens[0].strip(",")) in self.parser.months
                                   or re.fullmatch(r"\d[\d,.]*", tokens[0])):
            tokens.pop(0)
        phrase = " ".join(tokens)
        phrase = self.aux_re.sub("", phrase)  # "The USGS has", "Zapatero then"
        if not phrase:
            return None
        # "the statement of X, …" / "X’s statement": X is the speaker
        holder = self.holder_re.search(phrase)
        if holder:
            x = holder.group("x") or holder.group("y")
            x = re.split(r",\s+|\s+(?:%s)\s+" % "|".join(sorted(self.pats.extra["prepositions"] - self.role_connectors)), x)[0]
            m = self.mention(x)
            if m:
                m.holder_of = phrase
                return m
        whole = self.parser.parse(phrase)
        if whole and whole.kind == "group":  # "presidents of Russia, the USA and France"
            return whole
        if whole and whole.kind == "organisation" and whole.role and whole.name == phrase.partition(", ")[0]:
            return whole  # "Greenwatch Nordic, a campaign group": the name, not "Campaign group"
        segments = [seg for seg in re.split(r",\s+", phrase) if seg.strip()]
        kept = []
        for seg in segments:  # "Cpl. Victor Thibault, 38, of Digby, Nova Scotia": the age and the place go
            if self.pats.extra["age"].fullmatch(seg.strip()):
                continue
            if kept and fold(seg.split()[0]) in self.place_preps:
                break
            kept.append(seg)
        segments = kept or segments
        for k in range(len(segments) - 1, -1, -1):
            m = self.parser.parse(segments[k])
            if m is None:  # "Zapatero continued by": the name before a few lower-case words
                words = segments[k].split()
                for cut in (1, 2, 3):
                    if len(words) > cut and all(w[:1].islower() for w in words[-cut:]):
                        m = self.parser.parse(" ".join(words[:-cut]))
                        # only a speaker named before ("Zapatero continued by"), never a new "name"
                        known = m is not None and m.kind == "name" and self.registry.find_person(m.name) is not None
                        if m is not None and (known or m.kind in ("organisation", "pronoun")):
                            break
                        m = None
            if m is None:
                continue
            prev = self.parser.parse(segments[k - 1]) if k > 0 else None
            apposed = False
            if m.kind == "name" and not m.role and prev and prev.kind == "role":
                m.role = prev.role  # "the Lirsk negotiator, Dr. Tomás Ó Briain"
            elif m.kind == "role" and prev and prev.kind == "name":
                prev.role = prev.role or m.role  # "Dr. Tomás Ó Briain, the Lirsk negotiator"
                m = prev
            elif m.kind == "anonymous" and prev and prev.kind == "name" and self.bare_name(segments[k - 1]) \
                    and fold(segments[k].split()[0]) in self.parser.articles:
                # "Dmitri Volkov, a logistics analyst in Almaty": the apposition describes the name
                if not prev.role:
                    prev.role, apposed = self.parser.drop_article(segments[k]), True
                m = prev
            elif m.kind == "name" and k > 0 and self.has_role(segments[k - 1]):
                m.role = self.clean_role(segments[k - 1] + ", " + (m.role or "")) or m.role
            if m.kind == "name" and m.role and not apposed:
                m.role = self.clean_role(m.role)
            return m
        return None

    def inverted(self, phrase: str) -> str:
        """Return the subject of an inverted cue from the words after its verb, which end at a
        preposition or a relative word ("said Lavrov in Yerevan", "said Lavrov as he left"),
        unless the words up to a later one name a person where the first ones do not ("said
        Minister of Foreign Affairs Sergey Lavrov", "said Bank of England Governor Andrew
        Bailey"), or go on describing an unnamed speaker ("said a spokesperson for the
        ministry", "said a trader in Aktau", "said one of the traders"; not "in an interview",
        "on Tuesday")."""
        cuts = [m.start() for m in self.inverted_end.finditer(phrase)]
        if not cuts:
            return phrase
        cuts.append(len(phrase))
        subject = phrase[:cuts[0]]
        short = self.parser.parse(subject)
        if short is None or short.kind != "name":
            for c in cuts[1:]:
                m = self.parser.parse(phrase[:c])
                if m is not None and m.kind == "name" and m.name and (len(m.name.split()) >= 2 or any(
                        w[:1].isupper() and fold(w) in self.parser.roles for w in (m.role or "").split())):
                    return phrase[:c]
        first = 0
        if short is None and len(cuts) > 1:  # "said one of the traders"
            m = self.parser.parse(phrase[:cuts[1]])
            if m is not None and m.kind in ("anonymous", "group"):
                subject, short, first = phrase[:cuts[1]], m, 1
        if short is None or short.kind not in ("anonymous", "group"):
            return subject
        for a, b in zip(cuts[first:], cuts[first + 1:]):
            words = [fold(w.strip(",()")) for w in phrase[a:b].split()]
            last = fold(phrase[:a].split()[-1]) if phrase[:a].split() else ""
            if (words[0] not in self.describing and f"{last} {words[0]}" not in self.describing) or set(words) & self.not_describing or re.search(r"\d", phrase[a:b]):
                break
            m = self.parser.parse(phrase[:b])
            if m is None or m.kind != short.kind:
                break
            subject = phrase[:b]
        return subject

    def bare_name(self, segment: str) -> bool:
        """Return True if ``segment`` is a name alone, with its titles ("Dr. Jane Roe", not
        "meeting Roe", "Khalid al-Hashimi"): what an apposition after it may describe."""
        return all(w[:1].isupper() or fold(w) in self.parser.particles or fold(w.split("-")[0]) in self.parser.particles
                   for w in segment.split())

    def has_role(self, text: str) -> bool:
        """Return True if a word of ``text`` is a role noun ("minister", "spokesman's")."""
        return any(fold(w.strip(",()“”")).rstrip("’'s") in self.parser.roles or fold(w.strip(",()“”")) in self.parser.roles
                   for w in text.split())

    def clean_role(self, role: str | None) -> str | None:
        """Return the role words standing right before a name ("On June 14 Armenian Foreign
        Minister" → "Armenian Foreign Minister"), or None when they hold no role word."""
        if not role:
            return None
        tokens = role.strip(" ,").split()
        is_role = self.has_role
        i = len(tokens)
        while i > 0:
            t = tokens[i - 1]
            f = fold(t.strip(",()“”"))
            if t.endswith(",") and i < len(tokens) and not is_role(t):
                break
            # "Minister of Culture and Sport", "Governor of the Central Bank": a connector, and an
            # article after one, inside the title
            if f in self.name_connectors or (f in self.parser.articles and i >= 2
                                             and fold(tokens[i - 2]) in self.name_connectors):
                if i >= 2 and (tokens[i - 2][:1].isupper() or is_role(tokens[i - 2])
                               or fold(tokens[i - 2]) in self.name_connectors):
                    i -= 1
                    continue
                break
            if f in self.parser.not_names and f not in self.role_connectors:
                break
            if not (t[:1].isupper() or is_role(t) or f in self.parser.role_mods or t[:1] in "“(" or "-" in t):
                break
            i -= 1
        out = " ".join(tokens[i:]).strip(" ,-–—")
        return out if out and self.has_role(out) else None

    def first_name_in(self, masked: str, a: int, pos: int) -> Mention | None:
        """Return the first person or organisation named in ``masked[a:pos]`` (a sentence's subject)."""
        part = masked[a:pos]
        words = part.split()
        if words and fold(words[0].strip(",")) in self.parser.pronouns:
            return self.parser.parse(words[0].strip(","))
        for k in range(len(words)):
            if self.parser.is_name_word(words[k]):
                j = k
                while j < len(words) and self.parser.is_name_word(words[j]):
                    j += 1
                    if words[j - 1][-1:] in ",;:":
                        break
                m = self.mention(" ".join(words[max(0, k - 6):j]))
                if m and m.kind in ("name", "organisation", "pronoun"):
                    return m
        return None

    def register(self, n: int, masked: str) -> None:
        """Add every person named in ``masked`` (quotations blanked) to the registry."""
        tokens = list(re.finditer(r"\S+", masked))
        i = 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and self.parser.is_name_word(tokens[j].group(0)) and not tokens[j].group(0)[:1] in QUOTES:
                j += 1
                if tokens[j - 1].group(0)[-1:] in ",;:.)’" and not re.fullmatch(r"[A-Z]\.", tokens[j - 1].group(0)):
                    break
            if j - i >= 2:
                start = tokens[max(0, i - 8)].start()
                phrase = masked[start:tokens[j - 1].end()]
                name, role = self.parser.person_name(phrase)
                if name and len(name.split()) >= 2:
                    self.registry.add_name(name, self.clean_role(role), n * 10000 + tokens[i].start(),
                                           self.parser.gender_before(role))
            i = max(j, i + 1)
