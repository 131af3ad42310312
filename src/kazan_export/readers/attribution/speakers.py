"""Speakers: read who a subject phrase names, with one language's rules.

A subject phrase ("U.S. co-chair of OSCE Minsk Group Robert Bradtke", "the diplomat", "he",
"White House", "an expert familiar with …", "the statement of X") becomes a :class:`Mention`:
a name with the role before it, a pronoun, a role noun phrase, an organisation, a group or an
unnamed source. :class:`~.registry.Registry` resolves mentions to entries; :mod:`.mentions`
reads phrases as they stand in sentences.
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.descriptions import Descriptions
from kazan_export.readers.attribution.mention import Mention
from kazan_export.readers.attribution.organisations import Organisations
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.words import QUOTES, fold, strip_possessive

__all__ = ["Mention", "Parser"]


class Parser(Organisations, Descriptions):
    """Turn subject phrases into mentions with one language's rules."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.titles = rules.words("people", "titles")
        self.roles = rules.words("people", "roles")
        self.role_mods = rules.words("people", "role_modifiers")
        self.org_heads = rules.words("organisations", "heads")
        self.outlet_heads = rules.words("organisations", "outlet_heads")
        self.group_heads = rules.words("organisations", "group_heads")
        self.anon_heads = rules.words("anonymous", "heads")
        self.anon_dets = rules.words("anonymous", "determiners")
        self.not_names = rules.words("text", "not_names")
        self.particles = rules.words("text", "name_particles")
        self.pronouns = {k.lower(): v for k, v in rules.get("people", "pronouns", {}).items()}
        self.months = rules.words("dates", "months") | rules.words("dates", "weekdays")
        self.speech_nouns = rules.words("speech", "nouns")
        self._name_cache: dict[str, bool] = {}
        g = lambda key: rules.words("grammar", key)  # noqa: E731
        self.articles, self.definite, self.genitive = g("articles"), g("definite"), g("genitive")
        self.possessive_dets, self.joint = g("possessive_determiners"), g("joint_speakers")
        self.no_speaker = g("no_speaker")
        self.name_connectors, self.place_preps = g("name_connectors"), g("place_prepositions")
        self.object_preps, self.source_links = g("object_prepositions"), g("source_links")
        self.locatives = g("locative_prepositions")
        self.gender_words = {fold(w): k for k, ws in rules.get("people", "gender_words", {}).items() for w in ws}
        self.role_stop = self.articles | self.name_connectors | g("place_prepositions")
        self.function_words = (g("determiners") | self.name_connectors | self.genitive | self.place_preps
                               | rules.words("text", "prepositions") | g("conjunctions"))
        self.participle = tuple(rules.get("grammar", "participle_endings"))
        self.group_links = self.genitive | g("group_links")
        self.plural_dets = rules.words("anonymous", "plural_determiners")
        # what ends a description's head noun phrase, and the words that are never its head
        self.head_stops = (rules.words("text", "prepositions") | self.source_links | self.locatives
                           | self.genitive | g("conjunctions") | g("relative_pronouns"))
        self.not_head = (self.function_words | self.not_names | self.speech_nouns | self.months
                         | set(self.pronouns) | rules.words("speech", "occasion_words")
                         | {k.lower() for k in rules.get("dates", "units", {})} | rules.words("dates", "events")
                         | rules.words("anonymous", "not_heads"))

    # --- words -----------------------------------------------------------------------
    def is_cap(self, word: str) -> bool:
        w = word.strip(QUOTES + "()")
        return bool(w) and (w[0].isupper() or (fold(w) in self.particles and len(w) <= 4)) and fold(w) not in self.not_names

    def is_name_word(self, word: str) -> bool:
        """A word that may be part of a person's name (capitalised, not a title/role/org word)."""
        hit = self._name_cache.get(word)
        if hit is None:
            hit = self._name_cache[word] = self._is_name_word(word)
        return hit

    def _is_name_word(self, word: str) -> bool:
        w = strip_possessive(word.strip(QUOTES + "(),"))
        f = fold(w)
        if not w or f in self.titles or f in self.roles or f in self.role_mods or f in self.org_heads or f in self.outlet_heads:
            return False
        if f in self.months or f in self.not_names:
            return False
        if w.isupper() and len(w) > 1 and "." not in w:  # acronyms: OSCE, ANC
            return False
        if w.endswith(".") and len(w) > 2 and not re.fullmatch(r"[A-Z]\.", w):
            return False  # U.S., abbreviations
        if "-" in w and fold(w.split("-")[0]) in self.particles and w.split("-", 1)[1][:1].isupper():
            return True  # al-Qawasmi, el-Sisi
        return w[0].isupper() or (f in self.particles)

    def bare_family(self, family: str) -> str:
        """Return a folded family name without a leading particle ("al-Qawasmi" → "qawasmi")."""
        f = fold(family)
        head, sep, rest = f.partition("-")
        return rest if sep and head in self.particles and rest else f

    # --- phrases ---------------------------------------------------------------------
    def person_name(self, phrase: str) -> tuple[str | None, str]:
        """Return (name, role) of a phrase ending in a person's name ("Armenian Foreign
        Minister Edward Nalbandian" → "Edward Nalbandian", "Armenian Foreign Minister")."""
        tokens = phrase.split()
        j = len(tokens)
        whole = all(self.is_name_word(t) for t in tokens) and len(tokens) <= 5  # "Jose Luis Rodriguez Zapatero"
        # at most three words of the name, not counting its lower-case particles ("Ana de la Cruz")
        while j > 0 and self.is_name_word(tokens[j - 1]) and (whole or sum(
                1 for t in tokens[j:] if not (t[:1].islower() and fold(t) in self.particles)) < 3):
            j -= 1
        truncated = j > 0 and self.is_name_word(tokens[j - 1]) and not tokens[j - 1].endswith(",")
        name_tokens = [t.strip("(),") for t in tokens[j:]]
        while name_tokens and fold(name_tokens[0]) in self.particles and len(name_tokens) > 1 and not name_tokens[0][0].isupper():
            name_tokens.pop(0)
        if not name_tokens or not any(t[:1].isupper() for t in name_tokens):
            return None, phrase
        # a chunk after "of"/"in" may begin with a place ("president of Armenia Levon …"): keep two
        before = fold(tokens[j - 1]) if j > 0 else ""
        if before in self.locatives and len(name_tokens) <= 2:
            return None, phrase  # "a logistics analyst in Almaty": a place, not a person
        # after a title with "of" the last two words are the name: "Minister of Foreign Affairs
        # Sergey Lavrov", "Head of the Delegation Pierre Morel"; a title's "of" has an object
        # ("President of Armenia Sargsyan")
        titled = self.title_of(tokens[:j])
        if (truncated or before in self.place_preps or titled) and len(name_tokens) > 2:
            cut = len(name_tokens) - 2
            j += cut
            name_tokens = name_tokens[cut:]
        elif titled in ("bare", "lower") and len(name_tokens) < 2:
            return None, phrase  # "President of Armenia", "the minister of Lirsk" name no one
        elif titled == "bare":
            j += 1
            name_tokens = name_tokens[1:]
        name = " ".join(name_tokens)
        name = strip_possessive(name)
        role = " ".join(tokens[:j]).strip(" ,;:")
        role = self.drop_article(role)
        return name, role

    def title_of(self, tokens: list[str]) -> str | None:
        """Return "of" if ``tokens`` (the words before a name) end in a title with "of" ("Minister
        of Foreign Affairs", "Governor of the Central Bank", "Chairman of the Board"); "bare" if
        a capitalised title's "of" (and an article) stands right before the name, whose first
        word is then the title's object ("President of Armenia Sargsyan"), "lower" if a lower-case
        one does ("the lawyer of Ivo Novak", "the minister of Lirsk"); else None."""
        folded = [fold(t.strip("(),")) for t in tokens]
        for k in range(len(folded) - 2, -1, -1):
            if tokens[k].endswith(","):
                break
            if folded[k] in self.roles and folded[k + 1] in self.genitive:
                rest = folded[k + 2:]
                if not rest or (len(rest) == 1 and rest[0] in self.articles):
                    return "bare" if tokens[k][:1].isupper() else "lower"
                return "of"
        return None

    def _owned_organisation(self, words: list[str], folded: list[str], lead: int) -> Mention | None:
        """Return the organisation of a named one ("Russia's foreign ministry", "the Assembly's
        press office"): one to three capitalised words with a possessive, then up to three
        lower-case words ending in an organisation's head word; else None."""
        rest = words[lead:]
        k = next((i for i, w in enumerate(rest) if re.search(r"[’']s$", w)), None)
        tail = rest[k + 1:] if k is not None else []
        if k is None or k > 2 or not 1 <= len(tail) <= 3 or not all(w[:1].isupper() for w in rest[:k + 1]) or \
                not all(re.fullmatch(r"[^\W\d_A-Z][\w-]*", w) for w in tail) or folded[-1] not in self.org_heads or \
                any(f in self.roles or f in self.anon_heads or f in self.group_heads for f in folded[lead + k + 1:]):
            return None
        return Mention("organisation", " ".join(words), name=" ".join(rest))

    def gender_before(self, role: str | None) -> str | None:
        """Return the gender the title or role noun right before a name gives ("Mr.", "Dame",
        "spokeswoman"), else None."""
        found = {self.gender_words.get(fold(w.strip(",()“”"))) for w in (role or "").split()[-2:]}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def drop_article(self, text: str) -> str:
        """Return ``text`` without a leading article ("the diplomat" → "diplomat")."""
        first, _, rest = text.partition(" ")
        return rest if rest and fold(first) in self.articles else text

    def parse(self, phrase: str) -> Mention | None:
        """Return the mention a subject phrase makes, or None if it names nobody."""
        phrase = phrase.strip(" ,;:—–-")
        if not phrase:
            return None
        words = phrase.split()
        folded = [fold(w.strip(QUOTES + "(),")) for w in words]
        if folded[0] in self.no_speaker or " ".join(folded[:2]) in self.no_speaker:
            return None  # "Nobody said …", "No one has said …": said by no one
        # a description in quotation marks: “an expert familiar with …”
        if phrase[0] in QUOTES and phrase[-1] in QUOTES:
            inner = phrase.strip(QUOTES)
            if all(w[:1].isupper() for w in inner.split() if w[:1].isalpha()):
                return Mention("organisation", phrase, name=inner)
            return Mention("anonymous", phrase, name=inner[:1].upper() + inner[1:], description=phrase)
        described = self._described_organisation(phrase, folded)
        if described:
            return described
        last = folded[-1]
        if last in self.pronouns and (len(words) == 1 or folded[-2] not in self.object_preps):
            return Mention("pronoun", words[-1], role=self.pronouns[last])
        # "the statement of X" / "X’s statement": X is meant
        for k, f in enumerate(folded):
            if f in self.speech_nouns and k + 1 < len(folded) and folded[k + 1] in self.genitive:
                inner = self.parse(" ".join(words[k + 2:]))
                if inner:
                    inner.holder_of = phrase
                    return inner
            if f in self.speech_nouns and k > 0 and re.search(r"[’']s$", words[k - 1]):
                inner = self.parse(" ".join(words[:k]))
                if inner:
                    inner.holder_of = phrase
                    return inner
        lead = 1 if folded[0] in self.anon_dets or folded[0] in self.definite else 0
        # an acronym alone is an organisation ("The USGS", "NATO")
        rest = words[lead:]
        if len(rest) == 1 and re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", rest[0].strip(",")) and fold(rest[0]) not in self.roles:
            return Mention("organisation", phrase, name=rest[0].strip(","))
        # an unnamed source described with an indefinite article ("A Scottish Fire and Rescue Service
        # spokesperson"), where they are or work included ("one Western diplomat in Baku")
        cut = self.place_cut(folded, words)
        if folded[0] in self.anon_dets and any(f in self.anon_heads or f in self.roles for f in folded[1:cut]) \
                and not self.is_name_word(words[cut - 1]):
            return Mention("anonymous", phrase, name=phrase[:1].upper() + phrase[1:], description=phrase)
        # an unnamed source: "a source in the Kremlin", "an expert familiar with …", "the source of the newspaper"
        for k, f in enumerate(folded):
            if f in self.anon_heads and (k == 0 or folded[k - 1] in self.anon_dets or folded[k - 1] in self.definite):
                if k == 0 or folded[k - 1] in self.anon_dets or (k + 1 < len(folded) and folded[k + 1] in self.source_links):
                    desc = " ".join(words[max(0, k - 1):])
                    if not any(self.is_name_word(w) for w in words[k + 1:k + 2]):
                        return Mention("anonymous", phrase, name=desc[:1].upper() + desc[1:], description=desc)
        named_org = len(words) > lead and folded[lead] in self.org_heads and words[lead][:1].isupper()  # "Police in …"
        if len(words) > lead + 1 and folded[lead] in self.group_heads and (
                folded[lead + 1] in self.genitive or (folded[lead + 1] in self.group_links and not named_org)):
            # "leaders of … countries approved within …": the description ends at a participle
            cut = next((k for k in range(lead + 2, len(words)) if words[k].islower() and len(words[k]) > 4
                        and words[k].endswith(self.participle or ("\0",))), len(words))
            desc = " ".join(words[:cut])
            return Mention("group", phrase, name=desc[:1].upper() + desc[1:], description=desc)
        # a group: "some European Parliament MPs", "officials"
        if last in self.group_heads and not named_org:  # not "The Council of Ministers"
            desc = " ".join(words)
            return Mention("group", phrase, name=desc[:1].upper() + desc[1:], description=desc)
        # an organisation: a capitalised chunk with an organisation head ("White House", “Kommersant” newspaper)
        quoted = re.search(r"[“\"«](.+?)[”\"»]\s+(\w+)$", phrase)
        if quoted and fold(quoted.group(2)) in self.outlet_heads:
            return Mention("organisation", phrase, name=quoted.group(1), role=quoted.group(2))
        joint = self._coordinated(phrase)  # "France and Germany said": both, not the last alone
        if joint is not None and joint.kind == "name":  # two people: "Greens leader Sanna Holt and … Karim Bensaid"
            return joint
        named = self._titled_person(phrase) or self._name_of_organisation(phrase, words, folded)
        if named:
            return named
        org = self._organisation(words, folded) or self._owned_organisation(words, folded, lead)
        if org:
            return org
        # "its foreign ministry", "their union": an organisation of someone named before, by what it is
        lead = lead or (1 if folded[0] in self.possessive_dets and len(words) > 1 else 0)
        # "the ministry", "the agency": an organisation named before, by its head word
        if len(words) == lead + 1 and folded[lead] in self.org_heads and words[lead][:1].islower():
            return Mention("orgref", phrase, role=folded[lead])
        # "the city council", "the state oil company", "the Dravian agriculture ministry": an
        # organisation the article names by what it is (a capitalised first word: where it is);
        # only one with that head word named before can be it, else it is new
        rest, word = words[lead:], r"[^\W\d_]+(?:-[^\W\d_]+)*"
        if lead and 2 <= len(rest) <= 3 + rest[0][:1].isupper() and folded[-1] in self.org_heads and \
                all(re.fullmatch(word, w) and (w[:1].islower() or k == 0) for k, w in enumerate(rest)) and \
                rest[1][:1].islower() and \
                not any(f in self.roles or f in self.anon_heads or f in self.group_heads for f in folded[lead:-1]):
            desc = " ".join(words[lead:])
            return Mention("orgref", phrase, role=folded[-1], description=desc)
        unnamed = self.described(words, folded)  # "a trader in Aktau": not a person Aktau
        if unnamed:
            return unnamed
        if joint:
            return joint
        name, role = self.person_name(phrase)
        if name:
            # a role phrase that happens to end in a capitalised word ("Armenian FM") is a role
            return Mention("name", phrase, name=name, role=role or None, gender=self.gender_before(role))
        # a role noun phrase: "the diplomat", "Armenian FM", "the ANC leader", "the French mediator",
        # "the head of news for the … station"
        if any(f in self.roles for f in folded[-2:]) or " ".join(folded[-2:]) in self.roles or (
                len(folded) > lead and folded[lead] in self.roles):
            text = self.drop_article(phrase)
            if folded[0] in self.anon_dets:  # "a diplomat": unnamed
                return Mention("anonymous", phrase, name=phrase[:1].upper() + phrase[1:], description=phrase)
            return Mention("role", phrase, role=text)
        return None
