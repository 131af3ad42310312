"""Sentence subjects: whom a sentence that says nothing is about, for a later "he said".

"Her Ostrovan counterpart, Foreign Minister Pavel Drach, rejected the charge. “…,” he said."
— the pronoun means the person the previous sentence was about, not the speaker quoted before
it. :class:`Subjects` keeps the latest such subject (a person, an unnamed source, a group or an
organisation) and hands it to a pronoun that agrees with it, when nobody has spoken since.
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.mentions import Mentions
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.words import fold

# the record kinds a pronoun's kind (the rules' [people.pronouns] values) may stand for
AGREES = {"person": ("person", "anonymous"), "group": ("group", "organisation"), "organisation": ("organisation",)}


class Subjects:
    """The latest sentence subject, and the position of the latest statement."""

    def __init__(self, mentions: Mentions) -> None:
        self.mentions = mentions
        p = mentions.parser
        r = mentions.rules
        self.inside = (p.articles | p.name_connectors | p.place_preps | p.roles | p.anon_heads | p.role_mods
                       | p.org_heads | p.group_heads | r.words("grammar", "determiners"))
        # "and" joins the words of a name ("… of Alpine and Arctic Glaciers"); other relatives end the subject
        self.stop = (r.words("text", "relatives") | r.words("grammar", "relative_pronouns")) - p.name_connectors
        self.latest: tuple[int, int, Record] | None = None  # (start, end, subject) of the sentence
        self.said = -1  # position (paragraph * 10000 + offset) of the latest statement

    def phrase(self, sentence: str) -> str | None:
        """Return a sentence's subject phrase: its words up to the first lower-case word that is
        no article, connector, role or head word ("A spokesman for the company" rejected …)."""
        words = sentence.split()
        out = []
        for w in words[:14]:
            bare = w.strip(",;:()“”\"'‘’")
            f = fold(bare)
            if not bare or "\u2063" in w or f in self.stop:
                break
            if bare[:1].islower() and f not in self.inside and fold(re.sub(r"[’']s$", "", bare)) not in self.inside:
                break
            out.append(w)
            if w[-1:] in ";:":
                break
        while out and fold(out[-1].strip(",")) in self.mentions.parser.articles | self.mentions.parser.name_connectors:
            out.pop()
        return " ".join(out).strip(" ,") or None

    def see(self, n: int, masked: str, a: int, b: int) -> None:
        """Note the subject of the sentence ``masked[a:b]`` of paragraph ``n``."""
        phrase = self.phrase(masked[a:b])
        if not phrase:
            return
        m = self.mentions.mention(phrase)
        if m is None or m.kind not in ("name", "organisation", "anonymous", "group"):
            return
        if m.kind == "name" and len((m.name or "").split()) < 2 and self.mentions.registry.find_person(m.name or "") is None:
            return  # one capitalised word nobody was named by ("American rock singer …")
        pos = n * 10000 + a
        record, _ = self.mentions.registry.resolve(m, pos, [])
        if record is not None:
            self.latest = (pos, n * 10000 + b, record)

    def for_pronoun(self, kind: str, pos: int, gender: str | None = None) -> Record | None:
        """Return the subject a pronoun of ``kind`` at ``pos`` means: the latest sentence subject,
        when it agrees, its sentence ended before the pronoun's and no statement came between
        them; else None."""
        if self.latest is None:
            return None
        at, end, record = self.latest
        if self.said < at and end <= pos and record.kind in AGREES.get(kind, ()) \
                and self.mentions.registry.fits(record, gender):
            return record
        return None
