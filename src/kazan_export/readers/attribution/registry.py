"""The people registry: ONE entry per person, organisation, group or unnamed source.

A :class:`Record` is an entry under construction (it becomes an
:class:`~kazan_export.model.Entity`). The :class:`Registry` resolves a
:class:`~.speakers.Mention` to a record: a name by its family name (spelling variants and a
later full name kept), a pronoun by recency and kind, an organisation named by its head word
("the ministry") by the organisation named before, a role noun ("the French mediator") by
recency and agreement with the roles the text gave.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kazan_export.citations import ascii_fold
from kazan_export.model import Entity
from kazan_export.readers.attribution.speakers import Mention, Parser
from kazan_export.readers.attribution.words import QUOTES, fold, slug, strip_possessive
from kazan_export.readers.bylines import family_start


def short_slug(text: str, skip: frozenset[str] | set[str], most: int = 3) -> str:
    """Return an id for a group, organisation or unnamed source: its first ``most`` words that
    are not function words (``skip``), possessive endings dropped — "International Commission for
    the Protection of Alpine …" → ``international-commission-protection``, "The report's
    authors" → ``report-authors``; never a whole sentence-long description."""
    words = [strip_possessive(w) for w in re.findall(r"[^\W_][\w’'-]*", text)]
    kept = [w for w in words if fold(w) not in skip][:most]
    return slug(" ".join(kept)) if kept else slug(text)


@lru_cache(maxsize=4096)
def _latin(name: str) -> str:
    """Return a name in lower-case ASCII letters (Абдуллаев → abdullaev), to match it with its
    romanisation."""
    return ascii_fold(name).lower()


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    """Return how alike two folded names are (difflib's ratio, 0 to 1), remembered."""
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass
class Record:
    """A registry entry under construction."""

    id: str
    name: str
    kind: str
    family: str | None = None
    given: str | None = None
    variants: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    gender: str | None = None  # as the text gives it (a pronoun for them, a title, a role noun)
    folded: str = ""  # the folded family name, for matching
    last_seen: int = -1  # position (paragraph * 10000 + offset) of the latest mention
    unidentified: bool = False  # the stand-in for a speaker no cue names: never what a pronoun means
    author: bool = False  # the article's "I" (its author): never what a pronoun or a later cue-less quotation means

    def entity(self) -> Entity:
        variants = tuple(v for v in dict.fromkeys(self.variants) if v != self.name)
        roles = tuple(dict.fromkeys(r for r in self.roles if r))
        desc = self.description if self.kind in ("anonymous", "group") else None
        if self.kind == "anonymous" and not desc:
            desc = self.name
        return Entity(self.id, self.name, self.kind, self.family if self.kind == "person" else None,
                      self.given if self.kind == "person" else None, variants, roles, desc)



class Registry:
    """The people registry being built: one record per person, resolved by recency and role."""

    def __init__(self, parser: Parser):
        self.parser = parser
        self.rules = parser.rules
        self.records: list[Record] = []
        self.role_classes = {k.lower(): [fold(x) for x in v] for k, v in self.rules.get("people", "role_classes", {}).items()}
        self.abbrev = {k.lower(): fold(v) for k, v in self.rules.get("people", "abbreviations", {}).items()}
        self.pronoun_genders = {k.lower(): v for k, v in self.rules.get("people", "pronoun_genders", {}).items()}
        self.clause_pronouns = self.rules.words("people", "clause_pronouns")
        self.gender_words = {fold(w): g for g, words in self.rules.get("people", "gender_words", {}).items() for w in words}

    def _new_id(self, base: str) -> str:
        taken = {r.id for r in self.records}
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        return ident

    def split_name(self, name: str) -> tuple[str, str | None]:
        """Return (family, given) of a person's name as printed: the particles before its last
        word belong to the family name ("Jan van der Berg" → "van der Berg", "Jan"), as CSL and
        Zotero keep them; so does a capitalised particle that starts the name with another
        after it ("Van der Berg", at a sentence's start). ("Van Morrison" keeps "Van" as given.)"""
        parts = name.split()
        start = family_start([fold(p) for p in parts], self.parser.particles)
        return " ".join(parts[start:]), " ".join(parts[:start]) or None

    def find_person(self, name: str) -> Record | None:
        family_words, given_words = self.split_name(name)
        family = self.parser.bare_family(family_words.split()[-1])
        given = fold(given_words) if given_words else None
        best, best_score = None, 0.0
        for r in self.records:
            if r.kind != "person" or not r.family:
                continue
            rf = r.folded if r.folded else self.parser.bare_family(r.family.split()[-1])
            r.folded = rf
            if rf != family and rf.isascii() != family.isascii():  # Абдуллаев, later Abdullaev
                rf, family_here, given_here = _latin(rf), _latin(family), given and _latin(given)
                r_given = r.given and _latin(r.given)
            else:
                family_here, given_here, r_given = family, given, r.given and fold(r.given)
            if rf != family_here and (rf[:1] != family_here[:1] or abs(len(rf) - len(family_here)) > 2):
                continue
            score = 1.0 if rf == family_here else _similar(rf, family_here)
            if r_given and given_here and _similar(r_given, given_here) < 0.8:
                continue
            if score > best_score:
                best, best_score = r, score
        return best if best_score >= 0.84 else None

    def add_name(self, name: str, role: str | None, pos: int, gender: str | None = None) -> Record:
        """Return the person's record, creating it or adding a variant/role (and the gender a
        title before the name gives)."""
        name = name.strip(" ,.;:")
        parts = name.split()
        record = self.find_person(name)
        family, given = self.split_name(name)
        if record is None:
            record = Record(self._new_id(slug(parts[-1])), name, "person", family=family, given=given)
            self.records.append(record)
        else:
            if given and not record.given:  # the full name, seen after the family name alone
                record.variants.append(record.name)
                record.name, record.given, record.family = name, given, family
                record.folded = ""
            elif name != record.name and fold(name) != fold(record.family or "") or (
                    len(parts) == 1 and parts[0] != record.family):
                record.variants.append(name)
        if role and len(role.split()) <= 16 and role not in record.roles:
            record.roles.append(role)
        record.gender = record.gender or gender
        record.last_seen = max(record.last_seen, pos)
        return record

    def add_other(self, kind: str, name: str, description: str | None, role: str | None, pos: int) -> Record:
        key = fold(name)
        for r in self.records:
            if r.kind == kind and (fold(r.name) == key or key in (fold(v) for v in r.variants)):
                r.last_seen = max(r.last_seen, pos)
                return r
        record = Record(self._new_id(short_slug(name, self.parser.function_words)), name, kind, description=description,
                        roles=[role] if role else [])
        self.records.append(record)
        record.last_seen = pos
        return record

    def role_tokens(self, role: str) -> list[str]:
        out = []
        for w in re.split(r"[\s,()]+", role):
            f = fold(strip_possessive(w.strip(QUOTES)))
            if not f or f in self.parser.role_stop:
                continue
            out.extend(self.abbrev.get(f, f).split())
        return out

    def agrees(self, role_phrase: str, record: Record) -> bool:
        """Return True if ``record``'s roles fit a role noun phrase ("the French mediator")."""
        tokens = self.role_tokens(role_phrase)
        if not tokens:
            return False
        head, mods = tokens[-1], tokens[:-1]
        if len(tokens) >= 2 and " ".join(tokens[-2:]) in self.role_classes:
            head, mods = " ".join(tokens[-2:]), tokens[:-2]
        have = set()
        for r in record.roles:
            have.update(self.role_tokens(r))
        have_text = " ".join(self.role_tokens(" ".join(record.roles)))
        heads = set(self.role_classes.get(head, [head])) | {head}
        if not any(h in have or (" " in h and h in have_text) for h in heads):
            return False
        return all(m in have or m.rstrip("n") in have for m in mods)

    def head_noun(self, description: str) -> str | None:
        """Return the head noun of a description, folded ("one Western diplomat in Baku" →
        "diplomat", "the trader" → "trader"), or None if it has no lower-case head."""
        words = description.split()
        if words and fold(words[0]) in self.parser.anon_dets | self.parser.articles:
            words = words[1:]
        head = None
        for w in words:
            w = w.strip(",()“”")
            if fold(w) in self.parser.head_stops:
                break
            head = w
        return fold(head) if head and self.parser.is_head(head) else None

    def unnamed_before(self, phrase: str, pos: int, recent: list[Record], touch: bool = True) -> Record | None:
        """Return the unnamed source a definite noun phrase takes up ("the trader" after "said a
        trader in Aktau"), else None; ``touch``: make it the latest mentioned."""
        words = phrase.split()
        if not 2 <= len(words) <= 4 or fold(words[0]) not in self.parser.definite:
            return None
        head = self.head_noun(phrase)
        for r in recent + sorted((r for r in self.records if r.last_seen < pos), key=lambda r: -r.last_seen):
            if r.kind == "anonymous" and head and head == self.head_noun(r.description or r.name):
                if touch:
                    r.last_seen = pos
                return r
        return None

    def gender_of(self, record: Record) -> str | None:
        """Return a person's gender as the text gives it: a pronoun that meant them, else a title
        or role noun ("Mrs.", "spokeswoman"); None when it says nothing or both."""
        if record.gender or record.kind != "person":
            return record.gender
        found = {self.gender_words[f] for text in record.roles for w in text.split()
                 if (f := fold(w.strip(",()“”"))) in self.gender_words}
        return found.pop() if len(found) == 1 else None

    def fits(self, record: Record, gender: str | None) -> bool:
        """Return True unless the text gives ``record`` a gender other than ``gender``."""
        have = self.gender_of(record) if gender else None
        return have is None or have == gender

    def learn_gender(self, record: Record, words: str) -> None:
        """Give ``record`` the gender the subject pronouns of ``words``, a cue's words after its
        speaker, agree on ("…, as he left the hall"; never an object: "told her")."""
        if record.kind != "person" or record.gender:
            return
        found = {self.pronoun_genders.get(f) for w in words.split()
                 if (f := fold(w.strip(",.;:()“”"))) in self.clause_pronouns}
        found.discard(None)
        if len(found) == 1:
            record.gender = found.pop()

    def resolve(self, mention: Mention, pos: int, recent: list[Record]) -> tuple[Record | None, str]:
        """Return the record ``mention`` means and a note on how it was found."""
        if mention.kind == "name":
            return self.add_name(mention.name, mention.role, pos, mention.gender), f"named subject '{mention.name}'"
        if mention.kind in ("organisation", "group", "anonymous"):
            kind = "organisation" if mention.kind == "organisation" else mention.kind
            r = self.add_other(kind, mention.name, mention.description, mention.role, pos)
            return r, f"{mention.kind} '{mention.surface}'"
        recent = [r for r in recent if not (r.unidentified or r.author)]
        candidates = sorted((r for r in self.records if r.last_seen < pos and not (r.unidentified or r.author)),
                            key=lambda r: -r.last_seen)
        if mention.kind == "pronoun":
            want, gender = mention.role, self.pronoun_genders.get(fold(mention.surface))
            for r in recent + candidates:
                if (r.kind == want or (want == "group" and r.kind in ("organisation", "anonymous")) or (
                        want == "person" and r is (recent[:1] or [None])[0] and r.kind == "anonymous")) \
                        and self.fits(r, gender):
                    r.last_seen = pos
                    if r.kind == "person" and gender and not r.gender:
                        r.gender = gender
                    return r, f"pronoun '{mention.surface}' → {r.id}"
            return None, f"pronoun '{mention.surface}' unresolved"
        if mention.kind == "orgref":
            wanted = set(fold(mention.description).split()) if mention.description else set()
            for r in recent + candidates:  # by its name, or by what the text called it ("Nordvik
                # Petroleum, the state oil company, said": "the state oil company" later is Nordvik)
                if r.kind == "organisation" and any(mention.role in words and wanted <= words for words in (
                        set(fold(x).split()) for x in (r.name, *r.roles))):
                    # "the city council" is the Valmere City Council; "its foreign ministry" is not the energy ministry
                    r.last_seen = pos
                    return r, f"'{mention.surface}' → {r.id} (the organisation named before)"
            for r in ([] if mention.description else recent + candidates):  # "the force", "the company":
                if r.kind == "organisation":                                  # the organisation last named
                    r.last_seen = pos
                    return r, f"'{mention.surface}' → {r.id} (the organisation named last)"
            what = mention.description or mention.role or mention.surface  # "City council", "Company"
            name = what[:1].upper() + what[1:]
            return self.add_other("organisation", name, None, None, pos), f"organisation '{mention.surface}'"
        if mention.kind == "role":
            head = self.head_noun(mention.role or "")
            for r in recent + candidates:
                if r.kind == "person" and self.agrees(mention.role or "", r):
                    r.last_seen = pos
                    return r, f"role '{mention.surface}' → {r.id} (agrees with '{r.roles[0] if r.roles else ''}')"
                if r.kind == "anonymous" and head and head == self.head_noun(r.description or r.name):
                    r.last_seen = pos  # "the diplomat" after "one Western diplomat in Baku said"
                    return r, f"'{mention.surface}' → {r.id} (the unnamed {head} before)"
            return None, f"role '{mention.surface}' matches no one named before"
        return None, "no speaker"
