"""The reported-speech pass: statements without quotation marks, sentence by sentence.

:class:`Reported` finds the cues of reported speech in a sentence (quotations masked): "X said
that …" (a speech verb, adverbials, "that"), "According to X, …" at the start or the end,
"X said, …" as a parenthetical, "…, the minister said." at the end, "…,’ he said, adding that
…" and "…, the agency said, adding that …" (the participle's subject is the earlier cue's: :mod:`.adding`), and a bare clause ("he said the company
would …"). Each cue's clause runs to the next cue or the sentence end, is cut at a coordinated
speech verb or a quotation that is a statement of its own, and becomes a ``reported`` draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kazan_export.readers.attribution.adding import adding_subject
from kazan_export.readers.attribution.cues import Cue, clause_subject
from kazan_export.readers.attribution.drafts import Draft
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.words import fold


@dataclass
class _Match:
    """A "VERB … that" cue found in a sentence (the parts of a regular-expression match)."""

    v_start: int
    v_end: int
    verb: str
    adv: str
    end_: int

    def start(self, group: str = "v") -> int:
        return self.v_start

    def end(self) -> int:
        return self.end_

    def group(self, name: str) -> str:
        return self.verb if name == "v" else self.adv


class Reported:
    """Find and attribute the reported statements of sentences."""

    def __init__(self, engine) -> None:  # noqa: ANN001 (the Engine: it builds this pass, so cannot be imported)
        self.e = engine
        rules, self.pats = engine.rules, engine.pats
        self.mention = engine.mentions.mention
        x = self.pats.extra
        self.re_param, self.re_trail = x["param"], x["trail"]
        self.re_trail_acc, self.re_acc_lead = x["trail_acc"], x["acc_lead"]
        self.re_trail_inv = x["trail_inverted"]
        self.bare_clause = rules.words("speech", "bare_clause")
        g = lambda key: rules.words("grammar", key)  # noqa: E731
        self.demonstratives, self.not_clause, self.object_verbs = g("demonstratives"), g("not_clause"), g("object_verbs")
        self.finite_verbs, self.articles = g("finite_verbs"), g("articles")
        self.question_leads = g("question_leads")
        self.conjunctions = g("conjunctions")
        self.participle_ending = tuple(rules.get("speech", "participle_endings", ("ing",)))
        times = sorted({*rules.words("dates", "weekdays"), *rules.words("dates", "months"),
                        *(k.lower() for k in rules.get("dates", "units", {}))}, key=len, reverse=True)
        self.time_adverbial = re.compile(
            r"\s+(?:%s)\s+(?:\w+\s+)?(?:%s|\d[\d,]*)\b,?" % (
                "|".join(map(re.escape, rules.get("occasions", "words", {}).get("time_prepositions", []))) or "(?!)",
                "|".join(map(re.escape, times))), re.I)
        self.coordinated_re = re.compile(
            r"(?:%s)\b" % ("|".join(map(re.escape, sorted(rules.get("speech", "coordinated_verbs", []), key=len, reverse=True))) or "(?!)"), re.I)

    def sentence(self, n: int, masked: str, a: int, b: int, recent: list[Record], date_for) -> None:  # noqa: ANN001
        """Propose the reported statements of the sentence ``masked[a:b]`` of paragraph ``n``."""
        sent = masked[a:b]
        found: list[tuple[int, int, Cue]] = []  # clause start, subject start, cue
        firsts: list[tuple[int, Cue]] = []  # the clauses before an inverted cue that a participle follows
        for m in self._that_cues(sent):
            v_start = a + m.start("v")
            subject, s_start = clause_subject(masked, a, v_start, self.pats)
            quoted = bool(re.search(r"\u2063", subject))  # the subject is inside a quotation
            who, w_start, inv = adding_subject(self.pats, self.mention, self.participle_ending, masked, a, v_start,
                                               m.group("v"), not quoted)
            if quoted and not who:
                continue
            if who:
                subject, s_start = who, w_start
            if inv is not None:  # "…, the agency said, adding that …": what comes before the cue is said too
                clause_end = masked.rindex(",", a, s_start)
                firsts.append((clause_end, inv))
            adv = m.group("adv")
            quoting = self.pats.quoting.search(adv + ",")
            cue = Cue(s_start, a + m.end(), m.group("v"), subject, s_start, masked[s_start:a + m.end()].strip(), "pre",
                      region=adv, quoting=quoting.group("who").strip() if quoting else None)
            found.append((a + m.end(), s_start, cue))
        # "According to X, …" and "X said, …" at the start of a sentence
        m = self.re_acc_lead.match(sent)
        if m and not self.pats.extra["relative_start"].match(m.group("who")):
            cue = Cue(a + m.start("acc"), a + m.end(), "according to", m.group("who"), a + m.start("who"),
                      sent[m.start("acc"):m.end()].strip(" ,"), "according")
            found.append((a + m.end(), a + m.start("who"), cue))
        for m in self.pats.extra["according_which"].finditer(sent):
            head = sent[:m.start()]
            nouns = list(self.pats.noun.finditer(head))
            if nouns:
                det = self.pats.extra["determiner_end"].search(head[:nouns[-1].start()])
                holder = head[det.start() if det else nouns[-1].start():].strip()
                cue = Cue(a + m.start(), a + m.end(), "according to", "", a, m.group(0).strip(" ,"), "according", holder=holder)
                found.append((a + m.end(), a + m.start(), cue))
        m = self.re_param.match(sent)
        if m and not any(c[2].kind == "pre" and a + m.start("v") <= c[2].end and c[2].subject_start <= a + m.start("v") for c in found):
            cue = Cue(a + m.start("subj"), a + m.end(), m.group("v"), m.group("subj"), a + m.start("subj"),
                      sent[m.start("subj"):m.end()].strip(" ,"), "parenthetical")
            found.append((a + m.end(), a + m.start("subj"), cue))
        # "… the talks will go on, the minister said." (no quotation marks, no "that")
        m = self.re_trail.search(sent)
        if m and self._clause_cue(m):  # "…, while Deputy Piotr Zawadzki said the contracts would be audited"
            m = None
        if m and "\u2063" not in sent and not found and (self.mention(m.group("subj")) is not None or self.e.registry.unnamed_before(
                m.group("subj"), n * 10000 + a + m.start("subj"), recent, touch=False) is not None):
            cue = Cue(a + m.start("subj"), a + m.end(), m.group("v"), m.group("subj"), a + m.start("subj"),
                      m.group(0).strip(" ,."), "post", region=m.group("obj") or "")
            self.add(n, masked, a, a + m.start(), cue, recent, date_for, starts_at_sentence=True)
            return
        if "\u2063" not in sent and not found and self._trail_inverted(n, masked, a, sent, recent, date_for):
            return
        m = self.re_trail_acc.search(sent)
        if m and "\u2063" not in sent and not found:
            cue = Cue(a + m.start("acc"), a + m.end(), "according to", m.group("who"), a + m.start("who"),
                      m.group(0).strip(" ,."), "according")
            self.add(n, masked, a, a + m.start(), cue, recent, date_for, starts_at_sentence=True)
            return
        for clause_end, cue in firsts:
            self.add(n, masked, a, clause_end, cue, recent, date_for, starts_at_sentence=True)
        self._add_bare_cues(masked, a, sent, found)
        found.sort(key=lambda f: f[0])
        for k, (start, s_start, cue) in enumerate(found):
            end = b
            for later in found[k + 1:]:
                if later[1] > start:
                    end = min(end, later[1])
                    break
            self.add(n, masked, start, end, cue, recent, date_for)

    def _clause_cue(self, m: re.Match) -> bool:
        """Return True if a cue at a sentence's end opens a clause of its own (no trailing cue): its
        subject starts with "while", "and", "as" …, or a finite verb follows ("said the contracts would …")."""
        first = fold(m.group("subj").split()[0]) if m.group("subj").split() else ""
        obj = [fold(w) for w in (m.group("obj") or "").split()]
        return first in self.pats.extra["relatives"] | self.conjunctions or any(w in self.finite_verbs for w in obj)

    def _trail_inverted(self, n: int, masked: str, a: int, sent: str, recent: list[Record], date_for) -> bool:  # noqa: ANN001
        """Propose the sentence before an inverted cue at its end ("…, said a trader in Aktau.",
        "…, said Minister of Foreign Affairs Sergey Lavrov."); return True if it is one. Its
        subject is a name or a description, never a pronoun or the person spoken to ("…, told him")."""
        m = self.re_trail_inv.search(sent)
        if not m or fold(m.group("v")) in self.object_verbs:
            return False
        if any(fold(w.strip(".,;:!?")) in self.finite_verbs for w in m.group("subj").split()[1:]):
            return False  # "An MP, Clara Weiss, said the party had protected him": a clause, not a speaker
        subject = self.e.mentions.inverted(m.group("subj"))
        first = fold(subject.split()[0]) if subject.split() else ""
        if not (subject[:1].isupper() or first in self.e.parser.anon_dets or first in self.e.parser.articles):
            return False
        mention = self.mention(subject)
        if mention is None or mention.kind == "pronoun":
            return False
        cue = Cue(a + m.start("v"), a + m.end(), m.group("v"), subject, a + m.start("subj"),
                  m.group(0).strip(" ,.!"), "post", region=m.group("subj")[len(subject):])
        before = len(self.e.drafts)
        self.add(n, masked, a, a + m.start(), cue, recent, date_for, starts_at_sentence=True)
        return len(self.e.drafts) > before

    def _add_bare_cues(self, masked: str, a: int, sent: str, found: list[tuple[int, int, Cue]]) -> None:
        """Add to ``found`` the cues of bare clauses: "he said the company would …" (no "that");
        each as it is found, so that a later verb of the same subject is no cue again."""
        for m in self.pats.verbs_in(sent):
            if fold(m.group(0)) in self.pats.that_only:
                continue
            rest = sent[m.end():]
            t = self.time_adverbial.match(rest)
            skip = t.end() if t else 0
            if t:  # "said on Tuesday the plan would …"
                rest = rest[skip:]
            w = re.match(r"\s+(?P<w>[\w’'-]+)\b", rest)
            if not w:
                continue
            bare = fold(m.group(0)) in self.bare_clause
            wl = w.group("w").lower()
            if not bare or fold(wl) in self.finite_verbs:  # "The report that Holm said was false": no clause
                continue
            if wl not in self.pats.clause_start and not (bare and wl not in self.pats.extra["prepositions"]
                                                       and wl not in self.not_clause):
                continue
            inversion = re.match(r"\s+(?P<who>[^,.;]{1,40}?)\s*(?:[,.;]|$)", rest)
            finite = inversion and self._has_verb(inversion.group("who").split())
            if inversion and not finite and len(inversion.group("who").split()) <= 5 and self.mention(inversion.group("who")) and (
                    len(rest.split()) <= 6 or rest.strip()[:1].isupper()):
                continue  # "said the minister", "said Lavrov, …"
            nxt = rest.split()[1:2]
            if w.group("w") in self.demonstratives and nxt and fold(nxt[0]) in self.pats.extra["prepositions"]:
                continue
            tail = rest.strip().split()
            if len(tail) <= 4 and not self._has_verb(tail):
                continue  # "said the minister.", not "said the cost would double." or "said output fell."
            if any(c[0] - a >= m.start() - 2 and c[0] - a <= m.end() + 200 and c[2].verb == m.group(0) for c in found):
                continue
            if fold(m.group(0)) in self.object_verbs:
                continue
            subject, s_start = clause_subject(masked, a, a + m.start(), self.pats)
            if not subject or "\u2063" in subject:
                continue
            if any(abs(c[1] - s_start) < 3 for c in found):
                continue
            cue = Cue(s_start, a + m.end(), m.group(0), subject, s_start, masked[s_start:a + m.end()].strip(), "pre")
            found.append((a + m.end() + skip + len(rest) - len(rest.lstrip()), s_start, cue))

    def _has_verb(self, words: list[str]) -> bool:
        """Return whether a short run of words after a speech verb holds a finite verb of its own
        (after its first word): an auxiliary or an irregular past ("the cost would double",
        "output fell"), or a last word with a past ending after no article ("the plan failed";
        not "the tired minister")."""
        folded = [fold(w.strip(".,;:!?")) for w in words]
        if any(f in self.pats.extra["main_verbs"] for f in folded[1:]):
            return True
        return len(folded) >= 2 and folded[-1].endswith(self.pats.extra["past_endings"]) and \
            folded[-2] not in self.articles and len(folded[-1]) > 4

    def _that_cues(self, sent: str) -> list[_Match]:
        """Return the "VERB [adverbials] that" cues of a sentence (no other verb in between)."""
        verbs = self.pats.verbs_in(sent)
        out = []
        for k, v in enumerate(verbs):
            stop = verbs[k + 1].start() if k + 1 < len(verbs) else len(sent)
            seg = sent[v.end():min(stop, v.end() + 160)]
            t = self.pats.extra["that"].search(seg)
            if t and not re.search(r"[.;:!?“”\"«»\u2063]", seg[:t.start()]) and not self._clause_between(seg[:t.start()]):
                out.append(_Match(v.start(), v.end(), v.group(0), seg[:t.start()], v.end() + t.end()))
        return out

    def _clause_between(self, seg: str) -> bool:
        """Return True if the words between a speech verb and a "that" hold a clause of their own,
        so that the "that" is not the verb's ("said, ending a blockade that had …", "said the fine
        showed that …"): a participle after a comma (not "citing …"), or a verb."""
        for m in re.finditer(r",\s+([^\W\d_]+)", seg):
            w = fold(m.group(1))
            if w.endswith(self.participle_ending) and not self.pats.quoting.match(seg[m.start():] + ",") \
                    and not self.pats.verb.fullmatch(m.group(1)):
                return True
        return any(fold(w.strip(",")) in self.pats.extra["main_verbs"] for w in seg.split())

    def add(self, n: int, masked: str, start: int, end: int, cue: Cue, recent: list[Record], date_for,  # noqa: ANN001
            starts_at_sentence: bool = False) -> None:
        """Propose the clause ``masked[start:end]`` of paragraph ``n`` as a reported statement of
        ``cue``'s speaker (if it is long enough, is no quotation's part and no draft has it)."""
        e = self.e
        text = e.texts[n]
        clause = masked[start:end]
        # stop at a quotation that is a statement of its own
        k = clause.find("\u2063")
        if k >= 0:
            joined = not re.search(r"(?:[,;:.!?]|\bthat|\band|\bbut)\s*$", clause[:k])
            clause = clause[:k]
            if joined:  # "X said that the plan “was almost the same …”": one statement, the quotation
                return
        for co in self.pats.coordinators:  # "… and expressed confidence that …"
            for m in re.finditer(re.escape(co), clause):
                tail = clause[m.end():]
                if self.pats.verb.match(tail) or self.pats.endorse.match(tail) or self.coordinated_re.match(tail):
                    clause = clause[:m.start()]
                    break
        clause = re.sub(r"(?:,?\s+(?:and|that|but|while))?[\s,]*$", "", clause)
        clause = clause.rstrip()
        if clause.endswith((" and", " that", " but")):
            clause = clause.rsplit(" ", 1)[0]
        if len(clause.split()) < (3 if cue.kind == "pre" else 4):
            return
        if cue.kind == "post" and fold(clause.split()[0].strip(",")) in self.question_leads:
            return  # "Asked whether it was over, Holm said it was.": the question is not Holm's
        lead = len(clause) - len(clause.lstrip())
        s = start + lead
        if s < 80:  # "VALMERE — Talks stalled, officials said": the dateline is not what they said
            dateline = e.dates.lead_end(text)
            if s < dateline:
                clause, s = clause[dateline - s:], dateline
        body = text[s:s + len(clause.strip())]
        if not body or "\u2063" in body:
            return
        # keep the sentence's full stop when the clause runs to the sentence end
        after = text[s + len(body):s + len(body) + 1]
        if after == "." and not starts_at_sentence:
            body += "."
        if e.spans.overlaps(n, s, s + len(body)):
            return  # two cues for one clause ("According to X reports, …"): the first stands
        basis: list[str] = []
        speaker, conf, role = e.resolver.resolve(cue, n, basis, recent)
        if speaker is None:
            return
        date, dnote = (None, None) if cue.holder else date_for(cue.start)
        if dnote:
            basis.append(dnote)
        e.resolver.sent_speaker = (n, e.resolver.sent_now, speaker)
        d = Draft(n, n, s, "reported", body, speaker, date, round(conf - 0.1, 2), cue.words, basis, role=role)
        region = text[cue.subject_start:cue.end] + " " + cue.region if cue.kind in ("pre", "parenthetical", "post") else None
        e.keep(d, cue, region, recent)
