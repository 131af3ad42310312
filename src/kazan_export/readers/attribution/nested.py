"""Quotations inside quotations: ‘When Mr Hale told us “we are a business”, people walked.’

The inner words are a statement of their own when the quotation around them says who said
them: a speech verb a few words before the inner marks ("told us", "said to me,", "say") whose
subject is named there — a person, a role, a group, an unnamed source, or "I"/"we" (the outer
speaker). Words that take up what someone said earlier in the article ("When the minister says
‘we came ready to sign’") are theirs. An inner quotation with no such cue is a title or a scare
quote and stays part of the outer one. Its date is a date phrase in the outer words before it,
else no later than the outer statement's date: what is quoted was said before it was quoted.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from kazan_export.readers.attribution.quotes import Quote, find_inner
from kazan_export.readers.attribution.rules import _alt
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.words import QUOTES, fold


@dataclass
class Inner:
    """A statement found inside a quotation, ready to become a draft."""

    start: int  # offset in the paragraph
    text: str
    speaker: Record
    date: str | None
    confidence: float
    cue: str
    basis: list[str]


class Nested:
    """Find and attribute the quotations inside a direct statement."""

    def __init__(self, engine) -> None:  # noqa: ANN001 (the Engine: it builds this, so cannot be imported)
        self.e = engine
        r = engine.rules
        self.first_person = r.words("people", "first_person")
        self.reach = int(r.get("quotes", "inner_cue_words", 4))
        stops = [*r.get("text", "relatives"), *r.get("grammar", "conjunctions"), *r.get("speech", "complementizers")]
        self.boundary = re.compile(rf"[,;:—–]\s*|(?<![\w’'-])(?:{_alt(stops)})(?![\w’'-])\s*", re.I)
        self.sentence_end = re.compile(r"[.!?…]\s+")

    def find(self, q: Quote, speaker: Record, date: str | None, recent: list[Record]) -> list[Inner]:
        """Return the attributed quotations inside ``q`` (one paragraph; spoken by ``speaker``)."""
        if q.first != q.last:
            return []
        out = []
        for s, _end, text in find_inner(q.text, self.e.rules, self.e.marks):
            before = q.text[:s - 1]
            ends = list(self.sentence_end.finditer(before))
            clause = before[ends[-1].end():] if ends else before
            verbs = self.e.pats.verbs_in(clause)
            if not verbs or len(clause[verbs[-1].end():].split()) > self.reach:
                continue
            if any(c in QUOTES or c in "‘’" for c in clause[verbs[-1].end():]):
                continue  # another quotation opens between the verb and these words
            v = verbs[-1]
            who, how = self.speaker(clause[:v.start()], text, speaker, q, recent)
            if who is None:
                continue
            n = q.first
            basis = [f"speaker: {how}, inside a quotation of {speaker.id} (p{n + 1:02d})"]
            when, note = self.date(clause, date)
            if note:
                basis.append(note)
            out.append(Inner(q.start + s, text, who, when, 0.6, clause.strip(" ,"), basis))
        return out

    def speaker(self, head: str, text: str, outer: Record, q: Quote, recent: list[Record]) -> tuple[Record | None, str]:
        """Return who says the inner words: whose earlier words they take up, else the subject of
        the speech verb (``head`` is the clause before it)."""
        words = {fold(w) for w in re.findall(r"\w+", text)}
        if len(words) >= 3:
            for d in reversed(self.e.drafts):
                if d.kind == "direct" and d.speaker is not None and d.speaker is not outer:
                    have = {fold(w) for w in re.findall(r"\w+", d.text)}
                    if len(words & have) >= 0.8 * len(words):
                        return d.speaker, f"the words {d.speaker.id} said before (p{d.para + 1:02d})"
        pos = q.first * 10000 + q.start
        others = [r for r in recent if r is not outer]
        for seg in reversed([x for x in self.boundary.split(head) if x and x.strip()]):
            tokens = seg.split()
            if any(fold(t) in self.first_person for t in tokens[-2:]):
                return outer, f"'{tokens[-1]}' in the words of {outer.id}"
            m = self.e.mentions.first_name_in(seg, 0, len(seg))
            if m is None:
                for k in range(len(tokens), 0, -1):  # "the farmers here" → "the farmers"
                    m = self.e.mentions.mention(" ".join(tokens[:k]))
                    if m is not None:
                        break
            if m is None:
                continue
            r, note = self.e.registry.resolve(m, pos, others)
            if r is None and m.kind == "role":
                r = self.e.registry.add_other("anonymous", m.surface[:1].upper() + m.surface[1:], m.surface, None, pos)
                note = f"unnamed '{m.surface}'"
            if r is not None:
                return r, note
        return None, ""

    def date(self, clause: str, outer: str | None) -> tuple[str | None, str | None]:
        """Return the inner statement's date: a date phrase of the clause, else ``../`` the outer
        statement's date (its last day), else unknown."""
        anchor = copy.deepcopy(self.e.anchor)
        found = self.e.dates.read(clause, anchor, lead=True)
        if found:
            return found.edtf, f"date: '{found.words}', inside the quotation"
        if outer:
            last = outer.split("/")[-1].rstrip("?~%") or None
            if last:
                return f"../{last}", f"date: no later than the quotation around it ({outer})"
        return None, None
