"""Who speaks: the speaker a cue names, resolved against the people registry.

:class:`Resolver` takes a :class:`~.cues.Cue` (the words around a quotation or a reported
clause) and returns the speaker's record, a confidence and the role the cue gives: whoever
the cue says is quoted ("quoting X"), the holder of taken-up words, the subject of a passive
("was quoted by the Chinese Xinhua news service as saying": the outlet becomes ``via``), an
elided subject ("… and said that": the sentence's earlier speaker or subject), a pronoun after
a sentence about someone (:class:`~.subjects.Subjects`), an apposition ("said one lorry
driver, Tom Reyes"), or a name, role, organisation or unnamed source through the registry.

It keeps where it is: the masked paragraph and the start of the sentence under way, the
speaker the sentence gave last, and an outlet a passive cue named (``via`` of the next draft).
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.cues import Cue
from kazan_export.readers.attribution.patterns import Patterns
from kazan_export.readers.attribution.mentions import Mentions
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.speakers import Mention
from kazan_export.readers.attribution.words import fold
from kazan_export.readers.attribution.subjects import Subjects

# the confidence of a speaker by how the cue names them
CONFIDENCE = {"name": 0.9, "organisation": 0.85, "anonymous": 0.8, "group": 0.7, "role": 0.75, "pronoun": 0.7, "orgref": 0.7}


class Resolver:
    """Resolve the speakers of cues, sentence by sentence."""

    def __init__(self, rules: Rules, pats: Patterns, mentions: Mentions, subjects: Subjects):
        self.pats, self.mentions, self.subjects = pats, mentions, subjects
        self.parser, self.registry = mentions.parser, mentions.registry
        aux = "|".join(re.escape(a) for a in rules.get("speech", "passive_aux"))
        by = "|".join(re.escape(b) for b in rules.get("speech", "passive_by"))
        self.passive = re.compile(rf"^(?P<s>.+?)\s+(?:{aux})\s+(?:{by})\s+(?P<via>.+?)(?:\s+as)?$", re.I)
        self.relatives = rules.words("grammar", "relative_pronouns")
        self.first_person = rules.words("people", "first_person")
        self.authors: tuple = ()  # the article's authors (set by the engine): who "I" is in the article's own voice
        self.masked_now, self.sent_now = "", 0  # the paragraph (quotations masked) and the sentence under way
        self.sent_speaker: tuple[int, int, Record] | None = None  # (paragraph, sentence start, speaker)
        self.pending_via: str | None = None  # the outlet a passive cue named, for the next draft
        self.pending_others: list[Record] = []  # "A and B said": B, who speaks with the next draft's speaker

    def at(self, masked: str, sent_start: int) -> None:
        """Note the sentence under way: ``masked`` from ``sent_start``."""
        self.masked_now, self.sent_now = masked, sent_start

    def take_others(self) -> list[Record]:
        """Return the other speakers the last resolved cue named ("A and B said": B), once."""
        others, self.pending_others = self.pending_others, []
        return others

    def take_via(self) -> str | None:
        """Return the outlet a passive cue named since the last draft, once."""
        via, self.pending_via = self.pending_via, None
        return via

    def named_speaker(self, phrase: str | None, pos: int, recent: list[Record], basis: list[str],
                      how: str) -> tuple[Record, Mention] | None:
        """Return the record ``phrase`` names and its mention (noting ``how`` in ``basis``), or None."""
        m = self.mentions.mention(phrase) if phrase else None
        if not m:
            return None
        r, note = self.registry.resolve(m, pos, recent)
        if not r:
            return None
        basis.append(f"speaker: {note}, {how}")
        return r, m

    def resolve(self, cue: Cue, n: int, basis: list[str], recent: list[Record]) -> tuple[Record | None, float, str | None]:
        """Return the speaker of ``cue``, a confidence, and the role the cue gives."""
        pos = n * 10000 + cue.subject_start
        self.pending_others = []
        found = self.named_speaker(cue.quoting, pos, recent, basis, f"quoted by '{cue.subject}' (p{n + 1:02d})")
        if found:
            return found[0], 0.7, None
        found = self.named_speaker(cue.holder, pos, recent, basis,
                                   f"whose words the cue takes up ('{cue.holder}') (p{n + 1:02d})")
        if found:
            return found[0], 0.7, found[1].role
        subject = cue.subject
        author = self._author(subject, n, pos, basis)
        if author is not None:
            return author, 0.6, None
        if cue.verb.lower().endswith("ing") and self.masked_now and \
                self.masked_now[max(0, self.sent_now):cue.end][:-len(cue.verb)].rstrip().endswith(","):
            # "X, who was a witness, spoke to CCTV, saying “…”": the sentence's subject says it
            head = self.masked_now[self.sent_now:cue.start]
            head = self.pats.extra["relative_clause"].sub(",", head)
            first = head.split(",")[0].strip()
            if first and first != subject.strip():
                lead_m = self.mentions.mention(first)
                if lead_m is not None:
                    subject = first
        pm = self.passive.match(subject or "")
        if pm:  # "Huang Limin was quoted by the Chinese Xinhua news service as saying"
            subject = pm.group("s")
            outlet = self.parser.parse(pm.group("via"))
            self.pending_via = outlet.name if outlet and outlet.name else None
            if self.pending_via is None:
                caps = re.findall(r"\b[A-Z][\w.&-]+", pm.group("via"))
                self.pending_via = caps[-1] if caps else None
            basis.append(f"via: '{pm.group(0)[len(pm.group('s')):].strip()}'")
        m = self.mentions.mention(subject) if subject else None
        if m is None and not subject:
            return self._elided(cue, n, pos, basis, recent)
        if m is None:  # "the trader added": an unnamed source described before ("said a trader in Aktau")
            r = self.registry.unnamed_before(subject, pos, recent)
            if r is not None:
                basis.append(f"speaker: '{subject}' → {r.id} (the unnamed source described before) (p{n + 1:02d})")
            return r, (0.7 if r else 0.0), None
        gender = self.registry.pronoun_genders.get(fold(m.surface)) if m.kind == "pronoun" else None
        subject_of = self.subjects.for_pronoun(m.role or "", pos, gender) if m.kind == "pronoun" else None
        if subject_of is not None:  # "Drach rejected the charge. “…,” he said."
            subject_of.last_seen = pos
            basis.append(f"speaker: pronoun '{m.surface}' → {subject_of.id}, the subject of a sentence before (p{n + 1:02d})")
            return subject_of, 0.7, None
        if m.kind in ("anonymous", "role") and cue.apposition:  # "said one lorry driver, Tom Reyes, …"
            named = self.parser.parse(cue.apposition.split(",")[0])
            if named is not None and named.kind == "name" and len((named.name or "").split()) >= 2:
                named.role = self.parser.drop_article(" ".join(
                    w for w in m.surface.split() if fold(w) not in self.parser.anon_dets)) or None
                m = named
        # "said John Smith, a spokesman for the company": the apposition up to its next comma
        # ("said Jan van der Berg, the port's director, at a briefing": not the occasion after it)
        apposed = cue.apposition.split(",")[0].strip(" .;:") if cue.apposition else ""
        if m.kind == "name" and not m.role and apposed and self.mentions.has_role(apposed):
            m.role = self.parser.drop_article(apposed)
        r, note = self.registry.resolve(m, pos, recent)
        if r is None and m.kind == "role":
            # a role nobody named before: an unnamed speaker described by it
            r = self.registry.add_other("anonymous", (m.surface[:1].upper() + m.surface[1:]), m.surface, None, pos)
            note = f"unnamed '{m.surface}' (no earlier person fits the role)"
        if r is None:
            basis.append(f"speaker: {note} (p{n + 1:02d})")
            return None, 0.0, None
        basis.append(f"speaker: {note} (p{n + 1:02d})")
        for other in m.others:  # "A and B said": B speaks too
            o, o_note = self.registry.resolve(other, pos, recent)
            if o is not None and o is not r:
                self.pending_others.append(o)
                basis.append(f"speaker: {o_note}, with {r.id} (p{n + 1:02d})")
        after = cue.words[cue.words.find(subject) + len(subject):] if subject and subject in cue.words else ""
        self.registry.learn_gender(r, after)  # "said Rauf Məmmədov, …, as he left the hall": he
        return r, CONFIDENCE.get(m.kind, 0.5), (m.role if m.kind == "name" else None)

    def _author(self, subject: str, n: int, pos: int, basis: list[str]) -> Record | None:
        """Return the speaker of "I said", "as chair of the committee, I told" in the article's own
        words (a quotation's "I" is its speaker's, see :mod:`.nested`): the article's author when
        it has one, else an unnamed "author of the article"; None if the subject is no first person."""
        words = subject.replace(",", " , ").split()
        if not words or fold(words[-1]) not in self.first_person or (len(words) > 1 and words[-2] != ","):
            return None
        if len(self.authors) == 1:
            a = self.authors[0]
            r = self.registry.add_name(a.name, None, pos)
            basis.append(f"speaker: '{words[-1]}' in the article's own words → its author {r.id} (p{n + 1:02d})")
        else:
            r = self.registry.add_other("anonymous", "Author of the article", "the author of the article", None, pos)
            basis.append(f"speaker: '{words[-1]}' in the article's own words → its author, not named by the article's "
                         f"metadata (p{n + 1:02d})")
        r.author = True
        return r

    def _relative_head(self, cue: Cue) -> Mention | None:
        """Return the mention of the name a relative pronoun takes up ("The delegation is led by
        Deputy Foreign Minister Oskar Renn, who said that …": Oskar Renn, not the sentence's
        first name), or None: the capitalised words right before ", who"."""
        head = self.masked_now[self.sent_now:cue.start] if self.masked_now else ""
        m = re.search(r",\s+(\w+)\s*$", head)
        if not m or fold(m.group(1)) not in self.relatives:
            return None
        words = head[:m.start()].split()
        k = len(words)
        while k > 0 and words[k - 1][:1].isupper():
            k -= 1
        mention = self.mentions.mention(" ".join(words[k:])) if k < len(words) else None
        return mention if mention is not None and mention.kind in ("name", "organisation") else None

    def _elided(self, cue: Cue, n: int, pos: int, basis: list[str],
                recent: list[Record]) -> tuple[Record | None, float, str | None]:
        """Return the speaker of a cue with no subject ("… and said that"): the sentence's
        earlier speaker, else its subject, else the latest speaker."""
        if self.sent_speaker and self.sent_speaker[:2] == (n, self.sent_now):
            r = self.sent_speaker[2]
            basis.append(f"speaker: elided subject → the sentence's earlier speaker {r.id} (p{n + 1:02d})")
            return r, 0.65, None
        first = self._relative_head(cue) or (
            self.mentions.first_name_in(self.masked_now, self.sent_now, cue.start) if self.masked_now else None)
        if first:
            r, note = self.registry.resolve(first, pos, recent)
            if r:
                basis.append(f"speaker: elided subject → the sentence's subject {r.id} (p{n + 1:02d})")
                return r, 0.65, None
        if recent:
            basis.append(f"speaker: elided subject → {recent[0].id} (p{n + 1:02d})")
            return recent[0], 0.6, None
        return None, 0.0, None
