"""Organisations in subject phrases, and the people named with them.

:class:`Organisations` is the part of :class:`~.speakers.Parser` that reads a phrase holding an
organisation's words: a person named with an organisation or a place ("Hayk Sargsyan of the
Caucasus Trade Institute", "Ivo Novak of Lirsk"), a person with a title that names an
organisation ("Bank of England Governor Andrew Bailey", "Governor of the Central Bank Elvira
Nabiullina"), and an organisation itself ("White House", "International Commission for the
Protection of Alpine and Arctic Glaciers"). The words are the rules' (:mod:`.rules`).
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.mention import Mention
from kazan_export.readers.attribution.words import fold, strip_possessive


class Organisations:
    """Read organisations, and the people named with them, for :class:`~.speakers.Parser`
    (whose word sets and :meth:`~.speakers.Parser.person_name` these methods use)."""

    def _titled_person(self, phrase: str) -> Mention | None:
        """Return the person a title names, whatever organisation the title holds: "Bank of
        England Governor Andrew Bailey", "Governor of the Central Bank Elvira Nabiullina",
        "Chairman of the Board Hans Weber" (a role word right before the name, or a role word with
        "of" in the title), else None. The title, organisation included, is the person's role."""
        name, role = self.person_name(phrase)
        if not name or not role:
            return None
        tokens = role.split()
        if fold(strip_possessive(tokens[-1].strip("(),"))) not in self.roles and self.title_of(tokens) is None:
            return None
        return Mention("name", phrase, name=name, role=role, gender=self.gender_before(role))

    def _described_organisation(self, phrase: str, folded: list[str]) -> Mention | None:
        """Return the organisation of "NAME, a DESCRIPTION" when the description is one ("Greenwatch
        Nordic, a campaign group", "Nordvik Petroleum, the state oil company"): the name, with the
        description as its role; else None."""
        named, comma, desc = phrase.partition(", ")
        if not comma or "," in desc or folded[0] in self.anon_dets | self.definite or len(named.split()) > 5 \
                or not all(w[:1].isupper() for w in named.split()) or fold(desc.split()[0]) not in self.articles:
            return None
        what = self.parse(desc)
        if what is None or what.kind not in ("organisation", "orgref", "group"):
            return None
        return Mention("organisation", phrase, name=named, role=self.drop_article(desc))

    def _name_of_organisation(self, phrase: str, words: list[str], folded: list[str]) -> Mention | None:
        """Return the person of "NAME of ORGANISATION" or "NAME of PLACE" ("Armenian economist Hayk
        Sargsyan of the Yerevan-based Caucasus Trade Institute", "Ivo Novak of Lirsk": the person,
        not the institute or the place), else None."""
        k = next((i for i, f in enumerate(folded) if f in self.genitive), None)
        if k is None or k < 2 or k == len(words) - 1 or words[k - 1].endswith(","):
            return None
        name, role = self.person_name(" ".join(words[:k]))
        if not name or len(name.split()) < 2 or name.split()[-1] != words[k - 1]:
            return None
        rest = words[k + 1:]
        place = len(rest) <= 3 and all(w[:1].isupper() for w in rest)
        if not place and self._organisation(rest, folded[k + 1:]) is None:
            return None
        where = " ".join(words[k:])
        return Mention("name", phrase, name=name, role=f"{role} {where}" if role else where,
                       gender=self.gender_before(role))

    def _organisation(self, words: list[str], folded: list[str]) -> Mention | None:
        lead = 1 if folded[0] in self.articles else 0
        # a proper name in title case with an organisation head anywhere in it ("International
        # Commission for the Protection of Alpine and Arctic Glaciers")
        body = words[lead:]
        if len(body) >= 3 and body[0][:1].isupper() and body[-1][:1].isupper() and \
                all(w[:1].isupper() or fold(w) in self.name_connectors or fold(w) in self.articles for w in body) and \
                any(f in self.org_heads and w[:1].isupper() for f, w in zip(folded[lead:], body)) and \
                not any(fold(w) in self.titles for w in body):
            return Mention("organisation", " ".join(words), name=strip_possessive(" ".join(w.strip("(),") for w in body)))
        if len(words) > lead + 1 and folded[lead] in self.org_heads and words[lead][:1].isupper() \
                and folded[lead + 1] in self.place_preps and len(words) <= lead + 7:
            return Mention("organisation", " ".join(words), name=" ".join(w.strip("(),") for w in words[lead:]))
        for k in range(len(words) - 1, -1, -1):
            if folded[k] in self.org_heads and words[k][:1].isupper():
                j = k
                while j > 0 and ((words[j - 1][:1].isupper() and folded[j - 1] not in self.not_names)
                                 or (folded[j - 1] in self.name_connectors and j >= 2 and words[j - 2][:1].isupper())):
                    j -= 1
                while j < k and folded[j] in self.name_connectors:
                    j += 1
                name = " ".join(w.strip("(),") for w in words[j:k + 1])
                return Mention("organisation", " ".join(words), name=strip_possessive(name))
            if k < len(words) - 1:
                break
        # a single capitalised word that is a known organisation head on its own ("the Kremlin")
        if len(words) <= 2 and folded[-1] in self.org_heads and words[-1][:1].isupper():
            return Mention("organisation", " ".join(words), name=words[-1])
        return None

    def _coordinated(self, phrase: str) -> Mention | None:
        """Return the mention of two names joined by "and": two people's full names ("Rauf
        Mammadov and Ivo Novak", "Greens leader Sanna Holt and independent deputy Karim Bensaid")
        are the first person, with the second in ``others`` (a statement of both); other pairs
        ("Petrosyan and Novak", "France and Germany": a person's, an organisation's or a place's
        name) a group that speaks together (not the last alone); else None."""
        parts = re.split(rf"\s+(?:{'|'.join(map(re.escape, sorted(self.joint))) or '(?!)'})\s+", phrase)
        if len(parts) != 2 or not parts[0][:1].isupper():
            return None
        mentions = [self.parse(p) for p in parts]
        if all(m is not None and m.kind == "name" for m in mentions) and all(len((m.name or "").split()) >= 2 for m in mentions):
            # two people ("Greens leader Sanna Holt and independent deputy Karim Bensaid"): each speaks
            first, second = mentions
            return Mention("name", phrase, name=first.name, role=first.role, gender=first.gender, others=(second,))
        kinds = [getattr(m, "kind", None) for m in mentions]
        if not parts[1][:1].isupper() or not all(k in ("name", "organisation", "group") for k in kinds):
            return None
        return Mention("group", phrase, name=phrase, description=phrase)
