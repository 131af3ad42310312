"""A statement's circumstances: the outlet it came through, the place and the occasion.

:class:`Details` reads the words of a cue ("told the BBC", "at a press conference in Baku",
"in an interview with Kommersant") into a draft's ``via``, ``place`` and ``occasion``, each
with a note in its basis. :meth:`Details.outlet_rules` applies what follows from the speaker:
an outlet speaking is its own ``via``, a speaker quoted by someone speaks ``via`` them, and an
unnamed source of an outlet ("the newspaper's source") speaks ``via`` the outlet named before.
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.cues import Cue
from kazan_export.readers.attribution.drafts import Draft
from kazan_export.readers.attribution.mentions import Mentions
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.words import fold


class Details:
    """Find the via, place and occasion of drafts."""

    def __init__(self, rules: Rules, mentions: Mentions):
        self.mentions, self.parser = mentions, mentions.parser
        self.outlet_heads = rules.words("organisations", "outlet_heads")
        self.outlet_cues = sorted((fold(w) for w in rules.get("organisations", "outlet_cues")), key=len, reverse=True)
        self.audiences = rules.words("organisations", "audiences")
        self.occasion_words = rules.words("speech", "occasion_words")
        occ = rules.get("occasions", "words", {})
        self.not_occasion = {w.lower() for w in occ.get("not_an_occasion", [])}
        self.interview_words = [w.lower() for w in occ.get("interview", [])]
        self.interview_label = occ.get("interview_label", "{}")
        dets = "|".join(re.escape(w) for w in sorted(rules.words("grammar", "determiners"), key=len, reverse=True))
        self.occasion_re = re.compile(
            r"\b(?:%s)\s+(?:(?:%s)\s+)?(?P<o>[^,;]{3,80}?)(?=\s+(?:%s|%s|(?:%s)\s+[A-Z][\w-]+\s*,|,|$))"
            % ("|".join(map(re.escape, [w.lower() for w in occ.get("at", [])])) or "(?!)", dets,
               "|".join(map(re.escape, rules.get("speech", "complementizers"))),
               "|".join(map(re.escape, occ.get("after_occasion", []))) or "(?!)",
               "|".join(map(re.escape, occ.get("place", []))) or "(?!)"))
        arts = "|".join(map(re.escape, rules.get("grammar", "articles")))
        self.outlet_re = re.compile(
            r"\s*(?:(?:%s)\s+)?[“\"«]?(?P<o>(?:[A-Z][\w.&-]*\s?)+)[”\"»]?(?P<h>\s+[a-z]+(?:\s+[a-z]+)?)?" % arts, 0)
        self.place_re = re.compile(
            r"\b(?:%s)\s+(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)(?=\s+(?:%s|,)|\s*,|\s*$)"
            % ("|".join(map(re.escape, occ.get("place", []))) or "(?!)",
               "|".join(map(re.escape, occ.get("after_place", []))) or "(?!)"))
        self.outlet_word = re.compile(rf"\b(?:{'|'.join(re.escape(h) for h in self.outlet_heads)})\b")
        self.last_outlet: str | None = None  # the latest outlet that spoke

    def details(self, region: str, d: Draft, cue: Cue | None = None) -> None:
        """Set the via, occasion and place that the cue's words ``region`` give ``d``. Where the
        speaker is or works, said in the subject phrase or an apposition ("Dmitri Volkov, a
        logistics analyst in Almaty, said", "said John Smith, a trader in Aktau"), describes the
        speaker: it is not where the statement was made."""
        region = re.sub(r"\u2063+", " ", region)
        described = region
        if cue and cue.apposition:
            described = described.replace(cue.apposition, " ")
        if cue and cue.subject:
            described = described.replace(cue.subject, self._without_description(cue.subject))
        f = fold(region)
        for cue in self.outlet_cues:
            k = f.find(cue + " ")
            if k < 0:
                continue
            rest = region[k + len(cue) + 1:]
            m = self.outlet_re.match(rest)
            if m and fold(m.group("o").strip()) not in self.audiences:
                outlet = m.group("o").strip()
                d.via = d.via or outlet
                d.basis.append(f"via: '{(cue + ' ' + rest[:m.end()]).strip()}'")
                if any(w in cue for w in self.interview_words) and not d.occasion:
                    d.occasion = self.interview_label.format(outlet)
                    d.basis.append(f"occasion: '{cue} {outlet}'")
                break
        for m in self.occasion_re.finditer(region):
            words = {fold(w) for w in m.group("o").split()}
            if words & self.occasion_words and not words & self.not_occasion:
                if not d.occasion:
                    d.occasion = (m.group("o")[:1].upper() + m.group("o")[1:]).strip()
                    d.basis.append(f"occasion: '{m.group(0).strip()}'")
                break
        m = self.place_re.search(described)
        if m and fold(m.group("p")) not in self.parser.months and not self.parser.is_cap(m.group("p")) is False:
            if fold(m.group("p").split()[0]) not in self.outlet_heads:
                d.place = d.place or m.group("p")
                d.basis.append(f"place: '{m.group(0).strip()}'")

    def _without_description(self, subject: str) -> str:
        """Return ``subject`` without what describes the speaker: an apposition after a name
        ("Dmitri Volkov, a logistics analyst in Almaty") and a place after a role noun ("one
        Western diplomat in Baku"); a leading adverbial ("Speaking at PACE session in Strasburg,
        …") stays."""
        out, bare = [], False
        for seg in re.split(r",\s+", subject):
            words = seg.split()
            folded = [fold(w.strip(",()")) for w in words]
            if bare and folded and folded[0] in self.parser.articles:
                seg = ""
            else:
                seg = " ".join(words[:self.parser.place_cut(folded, words)])
            bare = self.mentions.bare_name(seg) if seg else False
            out.append(seg)
        return ", ".join(out)

    def outlet_rules(self, d: Draft, cue: Cue | None) -> None:
        """An outlet speaking is its own ``via``; its unnamed source speaks ``via`` it."""
        r = d.speaker
        if r is None:
            return
        is_outlet = r.kind == "organisation" and any(fold(x) in self.outlet_heads for x in r.roles)
        if is_outlet:
            d.via = d.via or r.name
            self.last_outlet = r.name
        if cue and cue.quoting and cue.subject:
            m = self.mentions.mention(cue.subject)
            if m and m.name:
                d.via = d.via or m.name
                d.basis.append(f"via: '{cue.subject}' quoting the speaker")
        if r.kind == "anonymous" and self.last_outlet and self.outlet_word.search(fold(r.description or r.name)):
            d.via = d.via or self.last_outlet
            d.basis.append(f"via: the outlet named before, {self.last_outlet}")
