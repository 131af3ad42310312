"""The attribution engine of ``ingest``: propose statements, speakers and dates for an article.

Pure rules and data (``readers/rules/LANG.toml``), no model downloads. :func:`attribute`
takes an :class:`~kazan_export.model.Article` with no statements (what a reader returns) and
returns a copy with a proposed people registry and statements, each carrying a
:class:`~kazan_export.model.Review` that says what the proposal rests on. Paragraphs are never
altered; a heading that repeats a quotation gets ``repeats``.

Pipeline, paragraph by paragraph in reading order (:mod:`.quotes`, :mod:`.cues`,
:mod:`.speakers`, :mod:`.dates`): find quotations (paired marks, run-on paragraphs); tell
statements from names and scare quotes; find the cue of each quotation and each reported
("said that …", "according to X, …") statement; resolve the speaker (name, apposition,
pronoun or role noun by recency and role agreement, organisation, unnamed source, the holder
of an endorsed statement); date it from the running anchor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kazan_export.citations import suggest_key
from kazan_export.errors import KazanError
from kazan_export.model import Anchor as TextAnchor
from kazan_export.model import Article, Review, Section, Statement
from kazan_export.readers.attribution.cues import (
    Cue, Patterns, clause_subject, mask, patterns, post_cue, pre_cue, sentences,
)
from kazan_export.readers.attribution.dates import Anchor, DateReader
from kazan_export.readers.attribution.quotes import Quote, find_quotes, main_marks
from kazan_export.readers.attribution.rules import Rules, load_rules
from kazan_export.readers.attribution.nested import Nested
from kazan_export.readers.attribution.subjects import Subjects
from kazan_export.readers.attribution.speakers import QUOTES, Mention, Parser, Record, Registry, fold, slug
from kazan_export.readers.checks import CLOSING, OPENING

__all__ = ["attribute"]

MARKS = QUOTES


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


@dataclass
class Draft:
    """A statement being proposed."""

    para: int  # first paragraph index
    last: int
    start: int  # offset in the first paragraph
    kind: str
    text: str
    speaker: Record | None
    date: str | None
    confidence: float
    cue: str | None
    basis: list[str]
    via: str | None = None
    place: str | None = None
    occasion: str | None = None
    role: str | None = None


class Engine:
    def __init__(self, article: Article, rules: Rules):
        self.article = article
        self.rules = rules
        self.pats: Patterns = patterns(rules)
        self.parser = Parser(rules)
        self.registry = Registry(self.parser)
        self.dates = DateReader(rules)
        self.anchor = Anchor()
        published = re.match(r"(\d{4})", article.metadata.published or "")
        if published:  # "On June 14" in an article published in 2011: the year is the article's
            self.anchor.year = int(published.group(1))
        day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", article.metadata.published or "")
        if day:  # the article's stated date: "on Tuesday" counts back from it
            self.anchor.today = dt.date(*map(int, day.groups()))
        self.paras = [(si, p) for si, s in enumerate(article.sections) for p in s.paragraphs]
        self.texts = [p.text for _, p in self.paras]
        self.min_words = int(rules.get("quotes", "min_words", 4))
        self.name_before = [fold(w) for w in rules.get("quotes", "name_before")]
        self.name_after = rules.words("quotes", "name_after")
        self.fragment_before = rules.words("quotes", "fragment_before")
        self.auxiliaries = sorted(rules.get("text", "auxiliaries"), key=len, reverse=True)
        self.passive_aux = rules.get("speech", "passive_aux")
        self.passive_by = rules.get("speech", "passive_by")
        self.bare_clause = rules.words("speech", "bare_clause")
        x = self.pats.extra
        self.aux_re, self.re_param, self.re_trail = x["aux"], x["param"], x["trail"]
        self.re_trail_acc, self.re_acc_lead = x["trail_acc"], x["acc_lead"]
        self.outlet_heads = rules.words("organisations", "outlet_heads")
        self.outlet_cues = [fold(w) for w in rules.get("organisations", "outlet_cues")]
        self.audiences = rules.words("organisations", "audiences")
        self.occasion_words = rules.words("speech", "occasion_words")
        self.masked_now, self.sent_now = "", 0
        self.pending_via: str | None = None
        self.sent_speaker: tuple[int, int, Record] | None = None  # (paragraph, sentence start, speaker)
        keep = {*rules.words("grammar", "determiners"), *(k.lower() for k in rules.get("people", "pronouns", {}))}
        g = lambda key: rules.words("grammar", key)  # noqa: E731
        self.role_connectors, self.place_preps = g("role_connectors"), g("place_prepositions")
        self.name_connectors, self.demonstratives = g("name_connectors"), g("demonstratives")
        self.not_clause, self.object_verbs = g("not_clause"), g("object_verbs")
        occ = rules.get("occasions", "words", {})
        self.occ_at = [w.lower() for w in occ.get("at", [])]
        self.not_occasion = {w.lower() for w in occ.get("not_an_occasion", [])}
        self.interview_words = [w.lower() for w in occ.get("interview", [])]
        self.interview_label = occ.get("interview_label", "{}")
        self.labels = rules.data.get("labels", {})
        dets = "|".join(re.escape(w) for w in sorted(rules.words("grammar", "determiners"), key=len, reverse=True))
        self.occasion_re = re.compile(
            r"\b(?:%s)\s+(?:(?:%s)\s+)?(?P<o>[^,;]{3,80}?)(?=\s+(?:%s|%s|(?:%s)\s+[A-Z][\w-]+\s*,|,|$))"
            % ("|".join(map(re.escape, self.occ_at)) or "(?!)", dets,
               "|".join(map(re.escape, rules.get("speech", "complementizers"))),
               "|".join(map(re.escape, occ.get("after_occasion", []))) or "(?!)",
               "|".join(map(re.escape, occ.get("place", []))) or "(?!)"))
        times = sorted({*rules.words("dates", "weekdays"), *rules.words("dates", "months"),
                        *(k.lower() for k in rules.get("dates", "units", {}))}, key=len, reverse=True)
        self.time_adverbial = re.compile(
            r"\s+(?:%s)\s+(?:\w+\s+)?(?:%s|\d[\d,]*)\b,?" % (
                "|".join(map(re.escape, rules.get("occasions", "words", {}).get("time_prepositions", []))) or "(?!)",
                "|".join(map(re.escape, times))), re.I)
        arts = "|".join(map(re.escape, rules.get("grammar", "articles")))
        self.outlet_re = re.compile(
            r"\s*(?:(?:%s)\s+)?[“\"«]?(?P<o>(?:[A-Z][\w.&-]*\s?)+)[”\"»]?(?P<h>\s+[a-z]+(?:\s+[a-z]+)?)?" % arts, 0)
        self.place_re = re.compile(
            r"\b(?:%s)\s+(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)(?=\s+(?:%s|,)|\s*,|\s*$)"
            % ("|".join(map(re.escape, occ.get("place", []))) or "(?!)",
               "|".join(map(re.escape, occ.get("after_place", []))) or "(?!)"))
        self.coordinated_re = re.compile(
            r"(?:%s)\b" % ("|".join(map(re.escape, sorted(rules.get("speech", "coordinated_verbs", []), key=len, reverse=True))) or "(?!)"), re.I)
        self.strip_words = self.parser.not_names - keep
        self.drafts: list[Draft] = []
        self.subjects = Subjects(self)
        self.participle_ending = tuple(rules.get("speech", "participle_endings", ("ing",)))
        self.nested = Nested(self)
        self.last_outlet: str | None = None
        nouns = "|".join(re.escape(w) for w in sorted(rules.get("speech", "nouns"), key=len, reverse=True))
        hp = "|".join(re.escape(w) for w in sorted(rules.get("grammar", "holder_prepositions"), key=len, reverse=True))
        # "the statement of X", "a report published on Tuesday by X", "X’s statement"
        self.holder_re = re.compile(rf"\b(?:{nouns})\s+(?:[^\W\d_]+(?:{'|'.join(map(re.escape, rules.get('grammar', 'participle_endings')))})\b[^,]{{0,40}}?\s+)?(?:{hp})\s+(?P<x>.+)$|(?P<y>\S+(?:\s+\S+){{0,5}}?)[’']s\s+(?:{nouns})\b", re.I)

    # --- quotations -----------------------------------------------------------------------
    def quotes(self) -> list[Quote]:
        out, offset = [], 0
        self.marks = main_marks(self.texts, self.rules)
        for section in self.article.sections:
            texts = [p.text for p in section.paragraphs]
            for q in find_quotes(texts, self.rules, self.marks):
                out.append(dataclasses.replace(q, first=q.first + offset, last=q.last + offset))
            offset += len(texts)
        return out

    def classify(self, q: Quote) -> str:
        """Return "statement", "name" (a title, a scare quote) or "subject" (a described speaker)."""
        text = self.texts[q.first]
        before = fold(text[:q.start - 1].rstrip())
        after_text = self.texts[q.last][q.end + 1:]
        after = fold(after_text.lstrip())
        words = q.text.split()
        if any(before.endswith(w) for w in self.name_before):
            return "name"
        first_after = re.split(r"[\s,.;:!?]+", after, maxsplit=1)[0] if after else ""
        if first_after in self.name_after and q.text.rstrip()[-1:] not in ",.!?":
            return "name"
        ends = q.text.rstrip()[-1:] in ",.!?…"
        if not ends and self.pats.verb.match(after_text.lstrip()) and not after_text.startswith(","):
            return "subject"  # “an expert familiar with …” told TASS
        prev_word = before.split()[-1:] if before else []
        if len(words) < self.min_words and prev_word and prev_word[0] in self.fragment_before:
            return "name"
        if len(words) < self.min_words:
            adjacent = post_cue(self.texts[q.last], q.end, q.text, self.pats) is not None and ends
            colon = text[:q.start - 1].rstrip().endswith(":")
            # a whole short sentence of its own: “Nobody expected it.”
            sentence = q.text[:1].isupper() and q.text.rstrip()[-1:] in ".!?" and (
                not text[:q.start - 1].strip() or text[:q.start - 1].rstrip()[-1:] in ".!?")
            return "statement" if adjacent or colon or sentence else "name"
        cap = [w for w in words if w[:1].isalpha() and not (len(w) <= 3 and w.islower())]
        if not ends and cap and all(w[0].isupper() for w in cap) and len(words) <= 8:
            return "name"  # a title: "Paradise by the Dashboard Light"
        prev = before.split()[-1:] if before else []
        if prev and prev[0] in self.fragment_before and (not ends or len(words) < self.min_words):
            return "name"  # part of a noun phrase: many “community bond building initiatives”
        return "statement"

    # --- speakers -----------------------------------------------------------------------
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
            if m.kind == "name" and not m.role and prev and prev.kind == "role":
                m.role = prev.role  # "the Lirsk negotiator, Dr. Tomás Ó Briain"
            elif m.kind == "role" and prev and prev.kind == "name":
                prev.role = prev.role or m.role  # "Dr. Tomás Ó Briain, the Lirsk negotiator"
                m = prev
            elif m.kind == "name" and k > 0 and self._has_role(segments[k - 1]):
                m.role = self.clean_role(segments[k - 1] + ", " + (m.role or "")) or m.role
            if m.kind == "name" and m.role:
                m.role = self.clean_role(m.role)
            return m
        return None

    def _has_role(self, text: str) -> bool:
        return any(fold(w.strip(",()“”")).rstrip("’'s") in self.parser.roles or fold(w.strip(",()“”")) in self.parser.roles
                   for w in text.split())

    def clean_role(self, role: str | None) -> str | None:
        """Return the role words standing right before a name ("On June 14 Armenian Foreign
        Minister" → "Armenian Foreign Minister"), or None when they hold no role word."""
        if not role:
            return None
        tokens = role.strip(" ,").split()
        is_role = lambda t: self._has_role(t)  # noqa: E731
        i = len(tokens)
        while i > 0:
            t = tokens[i - 1]
            f = fold(t.strip(",()“”"))
            if t.endswith(",") and i < len(tokens) and not is_role(t):
                break
            if f in self.parser.not_names and f not in self.role_connectors:
                break
            if f in self.name_connectors:
                if i >= 2 and (tokens[i - 2][:1].isupper() or is_role(tokens[i - 2])):
                    i -= 1
                    continue
                break
            if not (t[:1].isupper() or is_role(t) or f in self.parser.role_mods or t[:1] in "“(" or "-" in t):
                break
            i -= 1
        out = " ".join(tokens[i:]).strip(" ,-–—")
        return out if out and self._has_role(out) else None

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

    def register_mentions(self, n: int, masked: str) -> None:
        """Add every person named in ``masked`` (quotations blanked) to the registry."""
        tokens = list(re.finditer(r"\S+", masked))
        i = 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and self.parser.is_name_word(tokens[j].group(0)) and not tokens[j].group(0)[:1] in MARKS:
                j += 1
                if tokens[j - 1].group(0)[-1:] in ",;:.)’" and not re.fullmatch(r"[A-Z]\.", tokens[j - 1].group(0)):
                    break
            if j - i >= 2:
                start = tokens[max(0, i - 8)].start()
                phrase = masked[start:tokens[j - 1].end()]
                name, role = self.parser.person_name(phrase)
                if name and len(name.split()) >= 2:
                    self.registry.add_name(name, self.clean_role(role), n * 10000 + tokens[i].start())
            i = max(j, i + 1)

    def named_speaker(self, phrase: str | None, pos: int, recent: list[Record], basis: list[str],
                      how: str) -> tuple[Record, Mention] | None:
        """Return the record ``phrase`` names and its mention (noting ``how`` in ``basis``), or None."""
        m = self.mention(phrase) if phrase else None
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
        found = self.named_speaker(cue.quoting, pos, recent, basis, f"quoted by '{cue.subject}' (p{n + 1:02d})")
        if found:
            return found[0], 0.7, None
        found = self.named_speaker(cue.holder, pos, recent, basis,
                                   f"whose words the cue takes up ('{cue.holder}') (p{n + 1:02d})")
        if found:
            return found[0], 0.7, found[1].role
        subject = cue.subject
        if cue.verb.lower().endswith("ing") and self.masked_now and \
                self.masked_now[max(0, self.sent_now):cue.end][:-len(cue.verb)].rstrip().endswith(","):
            # "X, who was a witness, spoke to CCTV, saying “…”": the sentence's subject says it
            head = self.masked_now[self.sent_now:cue.start]
            head = self.pats.extra["relative_clause"].sub(",", head)
            first = head.split(",")[0].strip()
            if first and first != subject.strip():
                lead_m = self.mention(first)
                if lead_m is not None:
                    subject = first
        aux = "|".join(re.escape(a) for a in self.passive_aux)
        by = "|".join(re.escape(b) for b in self.passive_by)
        pm = re.match(rf"^(?P<s>.+?)\s+(?:{aux})\s+(?:{by})\s+(?P<via>.+?)(?:\s+as)?$", subject or "", re.I)
        if pm:  # "Huang Limin was quoted by the Chinese Xinhua news service as saying"
            subject = pm.group("s")
            outlet = self.parser.parse(pm.group("via"))
            self.pending_via = outlet.name if outlet and outlet.name else None
            if self.pending_via is None:
                caps = re.findall(r"\b[A-Z][\w.&-]+", pm.group("via"))
                self.pending_via = caps[-1] if caps else None
            basis.append(f"via: '{pm.group(0)[len(pm.group('s')):].strip()}'")
        m = self.mention(subject) if subject else None
        if m is None and not subject:
            # an elided subject ("… and said that"): the sentence's subject
            if self.sent_speaker and self.sent_speaker[:2] == (n, self.sent_now):
                r = self.sent_speaker[2]
                basis.append(f"speaker: elided subject → the sentence's earlier speaker {r.id} (p{n + 1:02d})")
                return r, 0.65, None
            first = self.first_name_in(self.masked_now, self.sent_now, cue.start) if self.masked_now else None
            if first:
                r, note = self.registry.resolve(first, pos, recent)
                if r:
                    basis.append(f"speaker: elided subject → the sentence's subject {r.id} (p{n + 1:02d})")
                    return r, 0.65, None
            if recent:
                basis.append(f"speaker: elided subject → {recent[0].id} (p{n + 1:02d})")
                return recent[0], 0.6, None
            return None, 0.0, None
        if m is None:
            return None, 0.0, None
        subject_of = self.subjects.for_pronoun(m.role or "", pos) if m.kind == "pronoun" else None
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
        if m.kind == "name" and not m.role and cue.apposition and self._has_role(cue.apposition):
            m.role = self.parser.drop_article(cue.apposition)  # "said John Smith, a spokesman for the company"
        r, note = self.registry.resolve(m, pos, recent)
        if r is None and m.kind == "role":
            # a role nobody named before: an unnamed speaker described by it
            r = self.registry.add_other("anonymous", (m.surface[:1].upper() + m.surface[1:]), m.surface, None, pos)
            note = f"unnamed '{m.surface}' (no earlier person fits the role)"
        if r is None:
            basis.append(f"speaker: {note} (p{n + 1:02d})")
            return None, 0.0, None
        basis.append(f"speaker: {note} (p{n + 1:02d})")
        conf = {"name": 0.9, "organisation": 0.85, "anonymous": 0.8, "group": 0.7, "role": 0.75, "pronoun": 0.7, "orgref": 0.7}.get(m.kind, 0.5)
        return r, conf, (m.role if m.kind == "name" else None)

    # --- via / place / occasion ------------------------------------------------------------
    def details(self, region: str, d: Draft) -> None:
        region = re.sub(r"\u2063+", " ", region)
        f = fold(region)
        for cue in sorted(self.outlet_cues, key=len, reverse=True):
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
        m = self.place_re.search(region)
        if m and fold(m.group("p")) not in self.parser.months and not self.parser.is_cap(m.group("p")) is False:
            if fold(m.group("p").split()[0]) not in self.outlet_heads:
                d.place = d.place or m.group("p")
                d.basis.append(f"place: '{m.group(0).strip()}'")

    # --- main loop -------------------------------------------------------------------------
    def run(self) -> tuple[list[Draft], dict[str, str]]:
        quotes = self.quotes()
        kinds = {id(q): self.classify(q) for q in quotes}
        statement_quotes = [q for q in quotes if kinds[id(q)] == "statement"]
        spans: dict[int, list[tuple[int, int]]] = {}
        for q in statement_quotes:
            for n in q.paragraphs:
                a = q.start - 1 if n == q.first else 0
                b = q.end + 1 if n == q.last else len(self.texts[n])
                spans.setdefault(n, []).append((a, b))
        starting = {}
        for q in statement_quotes:
            starting.setdefault(q.last, []).append(q)
        section = None
        recent: list[Record] = []
        for n, text in enumerate(self.texts):
            si = self.paras[n][0]
            if si != section:
                section = si
                self.anchor.date, self.anchor.day = None, None
                recent = []
                heading = self.article.sections[si].heading
                if heading and not heading.text.strip()[:1] in MARKS:
                    if self.anchor.today is None and si == 0:
                        self.anchor.today = self.dates.dateline(heading.text)
                    self.dates.read(heading.text, self.anchor, lead=True)  # a dateline read as a heading
            masked = mask(text, spans.get(n, []))
            if n < 3 and self.anchor.today is None:  # a dateline under the title: the article's date
                self.anchor.today = self.dates.dateline(text)
            self.register_mentions(n, re.sub(r"[“\"«„][^”\"»“]*[”\"»“]", lambda m: "\u2063" * len(m.group(0)), masked))
            para_date, para_basis = None, None
            inherited = self.anchor.date
            events = []  # (position, kind, payload)
            for q in starting.get(n, []):
                events.append((q.start if q.first == n else 0, "quote", q))
            sents = sentences(masked, self.pats)
            for (a, b) in sents:
                events.append((a, "sentence", (a, b)))
            events.sort(key=lambda e: (e[0], e[1] != "sentence"))
            sent_dates: dict[int, tuple[str, str]] = {}
            for (a, b) in sents:
                cut = masked[a:b]
                tm = re.search(r"\bthat\s", cut)
                region = cut[:tm.start()] if tm else cut
                found = self.dates.read(region, self.anchor, lead=True)
                if found:
                    para_date, para_basis = found.edtf, found.words
                sent_dates[a] = (para_date, para_basis) if para_date else (None, None)

            def date_for(pos: int) -> tuple[str | None, str | None]:
                best = (None, None)
                for a, _ in sents:
                    if a <= pos and sent_dates.get(a, (None, None))[0]:
                        best = sent_dates[a]
                if best[0]:
                    return best[0], f"date: '{best[1]}' (p{n + 1:02d})"
                if inherited:
                    d = inherited if re.search(r"[?~%/]", inherited) else inherited + "?"
                    return d, f"date: running anchor {inherited} from an earlier paragraph, not restated (p{n + 1:02d})"
                if self.anchor.today:  # said by the time the article appeared
                    return f"../{self.anchor.today.isoformat()}", \
                        f"date: not stated; no later than the article's date {self.anchor.today.isoformat()} (p{n + 1:02d})"
                return None, None

            # reported statements and quotes, sentence by sentence
            items = [(a, "s", (a, b)) for a, b in sents] + [((q.start if q.first == n else 0), "q", q) for q in starting.get(n, [])]
            for pos, what, item in sorted(items, key=lambda x: (x[0], x[1])):
                if what == "s":
                    self.masked_now, self.sent_now = masked, item[0]
                    self.subjects.see(n, masked, item[0], item[1])
                    self.reported(n, masked, item[0], item[1], recent, date_for)
                else:
                    sa, _ = self._sentence_of(n, max(0, item.start - 1)) if item.first == n else (0, 0)
                    self.masked_now, self.sent_now = mask(self.texts[item.first], []), sa
                    self.direct(item, recent, date_for)
        self.drafts.sort(key=lambda d: (d.para, d.start))
        repeats = self.headings()
        return self.drafts, repeats

    def _sentence_of(self, n: int, pos: int) -> tuple[int, int]:
        masked = self.texts[n]
        for a, b in sentences(masked, self.pats):
            if a <= pos < b or pos == b:
                return a, b
        return 0, len(masked)

    def direct(self, q: Quote, recent: list[Record], date_for) -> None:
        n = q.first
        text = self.texts[n]
        basis: list[str] = []
        speaker, conf, role, cue = None, 0.0, None, None
        post = post_cue(self.texts[q.last], q.end, q.text, self.pats)
        masked_first = mask(text, [(q.start - 1, len(text) if q.last != n else q.end + 1)])
        sa, _ = self._sentence_of(n, q.start - 1)
        pre = pre_cue(masked_first, sa, q.start - 1, self.pats)
        region = ""
        close_pre = pre is not None and len(masked_first[pre.end:q.start - 1].split()) <= 3
        for c in ([pre, post] if pre and (pre.holder or pre.quoting or close_pre) else [post, pre]):
            if c is None:
                continue
            where = q.last if c is post else n
            speaker, conf, role = self.resolve(c, where, basis, recent)
            if speaker:
                cue, region = c, c.region
                break
        if speaker is None and q.start - 1 == len(text) - len(text.lstrip()) and n > 0:
            prev = self.texts[n - 1].rstrip()
            if prev.endswith(":"):
                pa, _ = self._sentence_of(n - 1, len(prev) - 1)
                c = pre_cue(prev, pa, len(prev), self.pats)
                if c:
                    speaker, conf, role = self.resolve(c, n - 1, basis, recent)
                    if speaker:
                        cue, region = c, c.region
                        conf -= 0.05
                        basis.append(f"cue: the paragraph before ends with a colon (p{n:02d})")
        if speaker is None and masked_first[sa:q.start - 1].rstrip().endswith(":"):
            # "Attorney General Wally Oppal spoke out against the group: “…”": the sentence's subject
            first = self.first_name_in(masked_first, sa, q.start - 1)
            if first is not None:
                r, note = self.registry.resolve(first, n * 10000 + sa, recent)
                if r is not None:
                    speaker, conf = r, 0.6
                    cue = Cue(sa, q.start - 1, ":", first.surface, sa, masked_first[sa:q.start - 1].strip(), "colon")
                    basis.append(f"speaker: {note}, the subject of the sentence the colon ends (p{n + 1:02d})")
        if speaker is None and recent:
            speaker, conf = recent[0], 0.35
            basis.append(f"speaker: no cue; the latest speaker {speaker.id} (p{n + 1:02d})")
        if speaker is None:
            speaker = self.registry.add_other("anonymous", self.labels.get("unidentified", "?"),
                                              self.labels.get("unidentified_description", "?"), None, n * 10000)
            conf = 0.1
            basis.append(f"speaker: no cue and no earlier speaker (p{n + 1:02d})")
        date, dnote = (None, None) if cue and (cue.holder and speaker.id not in self._subject_ids(cue, n)) else date_for(q.start)
        if cue and cue.holder and date is None:
            basis.append("date: the words taken up are not dated by the article")
        elif dnote:
            basis.append(dnote)
        d = Draft(n, q.last, q.start, "direct", q.text, speaker, date, round(conf, 2),
                  cue.words if cue else None, basis, role=role)
        if self.pending_via:
            d.via, self.pending_via = self.pending_via, None
        if cue:
            between = self.texts[q.last if cue.kind == "post" else n][cue.subject_start:cue.end] if cue.kind != "according" else ""
            self.details(between + " " + region, d)
        self.outlet_rules(d, cue)
        self._push(recent, speaker)
        self.drafts.append(d)
        self.subjects.said = max(self.subjects.said, d.para * 10000 + d.start)
        for x in self.nested.find(q, speaker, date, recent):  # ‘… told us “…”, …’
            self.drafts.append(Draft(n, n, x.start, "direct", x.text, x.speaker, x.date, x.confidence, x.cue, x.basis))

    def _subject_ids(self, cue: Cue, n: int) -> set[str]:
        return set()

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
            m = self.mention(cue.subject)
            if m and m.name:
                d.via = d.via or m.name
                d.basis.append(f"via: '{cue.subject}' quoting the speaker")
        if r.kind == "anonymous" and self.last_outlet and re.search(
                rf"\b(?:{'|'.join(re.escape(h) for h in self.outlet_heads)})\b", fold(r.description or r.name)):
            d.via = d.via or self.last_outlet
            d.basis.append(f"via: the outlet named before, {self.last_outlet}")

    def _push(self, recent: list[Record], r: Record | None) -> None:
        if r is None:
            return
        if r in recent:
            recent.remove(r)
        recent.insert(0, r)

    def reported(self, n: int, masked: str, a: int, b: int, recent: list[Record], date_for) -> None:
        sent = masked[a:b]
        found: list[tuple[int, int, Cue]] = []  # clause start, cue
        for m in self._that_cues(sent):
            v_start = a + m.start("v")
            subject, s_start = clause_subject(masked, a, v_start, self.pats)
            if re.search(r"\u2063", subject):  # the subject is inside a quotation
                subject, s_start = self._adding(masked, a, v_start, m.group("v"))
                if not subject:
                    continue
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
        if m and "\u2063" not in sent and not found and self.mention(m.group("subj")) is not None:
            cue = Cue(a + m.start("subj"), a + m.end(), m.group("v"), m.group("subj"), a + m.start("subj"),
                      m.group(0).strip(" ,."), "post", region=m.group("obj") or "")
            self.add_reported(n, masked, a, a + m.start(), cue, recent, date_for, starts_at_sentence=True)
            return
        m = self.re_trail_acc.search(sent)
        if m and "\u2063" not in sent and not found:
            cue = Cue(a + m.start("acc"), a + m.end(), "according to", m.group("who"), a + m.start("who"),
                      m.group(0).strip(" ,."), "according")
            self.add_reported(n, masked, a, a + m.start(), cue, recent, date_for, starts_at_sentence=True)
            return
        # "he said the company would …" (no "that")
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
            if not bare:
                continue
            if wl not in self.pats.clause_start and not (bare and wl not in self.pats.extra["prepositions"]
                                                       and wl not in self.not_clause):
                continue
            inversion = re.match(r"\s+(?P<who>[^,.;]{1,40}?)\s*(?:[,.;]|$)", rest)
            if inversion and len(inversion.group("who").split()) <= 5 and self.mention(inversion.group("who")) and (
                    len(rest.split()) <= 6 or rest.strip()[:1].isupper()):
                continue  # "said the minister", "said Lavrov, …"
            nxt = rest.split()[1:2]
            if w.group("w") in self.demonstratives and nxt and fold(nxt[0]) in self.pats.extra["prepositions"]:
                continue
            tail = rest.strip().split()
            if len(tail) <= 4:  # "said the minister."
                continue
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
        found.sort(key=lambda f: f[0])
        for k, (start, s_start, cue) in enumerate(found):
            end = b
            for later in found[k + 1:]:
                if later[1] > start:
                    end = min(end, later[1])
                    break
            self.add_reported(n, masked, start, end, cue, recent, date_for)

    def _adding(self, masked: str, a: int, v_start: int, verb: str) -> tuple[str, int]:
        """Return the subject of "…,’ he said, adding that …" (a participle after the cue of the
        quotation before it: the cue's subject adds it) and where it starts, or ("", 0)."""
        if not verb.lower().endswith(self.participle_ending):
            return "", 0
        at = masked.rfind("\u2063", a, v_start) + 1
        tail = masked[at:v_start]
        said = self.pats.verbs_in(tail)
        if not said or not tail.rstrip().endswith(","):
            return "", 0
        v = said[-1]
        before, after = tail[:v.start()].strip(" ,"), tail[v.end():].strip(" ,")
        who = before or after
        if not who or len(who.split()) > 6 or "," in who or self.mention(who) is None:
            return "", 0
        return who, at + tail.index(who)

    def _that_cues(self, sent: str) -> list["_Match"]:
        """Return the "VERB [adverbials] that" cues of a sentence (no other verb in between)."""
        verbs = self.pats.verbs_in(sent)
        out = []
        for k, v in enumerate(verbs):
            stop = verbs[k + 1].start() if k + 1 < len(verbs) else len(sent)
            seg = sent[v.end():min(stop, v.end() + 160)]
            t = self.pats.extra["that"].search(seg)
            if t and not re.search(r"[.;:!?“”\"«»\u2063]", seg[:t.start()]):
                out.append(_Match(v.start(), v.end(), v.group(0), seg[:t.start()], v.end() + t.end()))
        return out

    def add_reported(self, n: int, masked: str, start: int, end: int, cue: Cue, recent: list[Record], date_for,
                     starts_at_sentence: bool = False) -> None:
        text = self.texts[n]
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
        lead = len(clause) - len(clause.lstrip())
        s = start + lead
        body = text[s:s + len(clause.strip())]
        if not body or "\u2063" in body:
            return
        # keep the sentence's full stop when the clause runs to the sentence end
        after = text[s + len(body):s + len(body) + 1]
        if after == "." and not starts_at_sentence:
            body += "."
        if any(o.para == n and o.last == n and o.start < s + len(body) and s < o.start + len(o.text)
               for o in self.drafts):
            return  # two cues for one clause ("According to X reports, …"): the first stands
        basis: list[str] = []
        speaker, conf, role = self.resolve(cue, n, basis, recent)
        if speaker is None:
            return
        date, dnote = (None, None) if cue.holder else date_for(cue.start)
        if dnote:
            basis.append(dnote)
        self.sent_speaker = (n, self.sent_now, speaker)
        d = Draft(n, n, s, "reported", body, speaker, date, round(conf - 0.1, 2), cue.words, basis, role=role)
        if self.pending_via:
            d.via, self.pending_via = self.pending_via, None
        if cue.kind in ("pre", "parenthetical", "post"):
            self.details(self.texts[n][cue.subject_start:cue.end] + " " + cue.region, d)
        self.outlet_rules(d, cue)
        self._push(recent, speaker)
        self.drafts.append(d)
        self.subjects.said = max(self.subjects.said, d.para * 10000 + d.start)

    def headings(self) -> dict[str, int]:
        """Return heading id → index of the draft it repeats (a heading all in quotation marks)."""
        out = {}
        first = 0
        for section in self.article.sections:
            count = len(section.paragraphs)
            h = section.heading
            if h and h.text.strip()[:1] in MARKS and h.text.strip()[-1:] in MARKS:
                words = {fold(w) for w in re.findall(r"\w+", h.text)}
                best, best_score = None, 0.0
                for i, d in enumerate(self.drafts):
                    if d.kind != "direct" or not (first <= d.para < first + count + 3):
                        continue
                    have = {fold(w) for w in re.findall(r"\w+", d.text)}
                    score = len(words & have) / max(1, len(words))
                    if score > best_score:
                        best, best_score = i, score
                if best is not None and best_score >= 0.6:
                    out[h.id] = best
            first += count
        return out


def attribute(article: Article, *, language: str = "en") -> Article:
    """Return a copy of ``article`` (whose statements/entities are empty) with proposed entities,
    statements (each with a Review) and nothing else changed; paragraphs are never altered."""
    rules = load_rules(language)
    engine = Engine(article, rules)
    drafts, repeats = engine.run()
    kept = [i for i, d in enumerate(drafts) if _tidy(d, engine.texts)]
    repeats = {h: kept.index(i) for h, i in repeats.items() if i in kept}
    drafts = [drafts[i] for i in kept]
    used: dict[str, Record] = {}
    for d in drafts:
        if d.speaker:
            used.setdefault(d.speaker.id, d.speaker)
    entities = tuple(r.entity() for r in engine.registry.records if r.id in used)
    para_ids = [p.id for _, p in engine.paras]
    statements: list[Statement] = []
    ids: set[str] = set()
    drafted: dict[int, str] = {}
    probe = dataclasses.replace(article, entities=entities, statements=())
    keys: set[str] = set()
    for i, d in enumerate(drafts):
        words = [w for w in re.findall(r"[^\W\d_]+", d.text) if len(w) > 3][:3]
        base = f"st-{d.speaker.id}-{slug(' '.join(words)) or 'statement'}"[:60].rstrip("-")
        sid, k = base, 2
        while sid in ids:
            sid, k = f"{base}-{k}", k + 1
        ids.add(sid)
        drafted[i] = sid
        anchor = TextAnchor(tuple(para_ids[d.para:d.last + 1]))
        st = Statement(sid, "key", (d.speaker.id,), d.kind, d.text, anchor, d.date,
                       occasion=d.occasion, place=d.place, via=d.via, role=d.role if d.role and d.role not in d.speaker.roles[:1] else None,
                       review=Review("proposed", max(0.05, min(1.0, d.confidence)), d.cue, tuple(d.basis)))
        st = _disambiguate(article, st, engine.texts[d.para:d.last + 1], d.start)
        try:
            key = suggest_key(probe, st, keys)
        except KazanError:  # more than 26 statements share the words: number them
            base_key, k = suggest_key(probe, st, frozenset()), 1
            while f"{base_key}{k}" in keys:
                k += 1
            key = f"{base_key}{k}"
        keys.add(key)
        statements.append(dataclasses.replace(st, key=key))
    sections = []
    for s in article.sections:
        if s.heading and s.heading.id in repeats:
            sections.append(dataclasses.replace(s, heading=dataclasses.replace(s.heading, repeats=drafted[repeats[s.heading.id]])))
        else:
            sections.append(s)
    return dataclasses.replace(article, entities=entities, statements=tuple(statements), sections=tuple(sections))


def _joins(ch: str) -> bool:
    return ch == "\u200d" or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _tidy(d: Draft, texts: list[str]) -> bool:
    """Trim white space off a draft's text and keep user-perceived characters whole (a combining
    mark or a zero-width joiner stays with its letter); return False if nothing is left."""
    joined = "\n".join(texts[d.para:d.last + 1])
    start = d.start
    end = start + len(d.text)
    if joined[start:end] != d.text:
        return bool(d.text.strip())
    # a direct quotation's own outer marks belong to the paragraph (the source checks refuse a
    # text that starts or ends with one); apostrophes may end a word, so they stay
    opening = OPENING if d.kind == "direct" else ""
    closing = CLOSING.replace("’", "").replace("‘", "") if d.kind == "direct" else ""
    while start < end and (joined[start].isspace() or _joins(joined[start]) or joined[start] in opening):
        start += 1
    while end > start and (joined[end - 1].isspace() or joined[end - 1] == "\u200d"
                           or joined[end - 1] in closing):
        end -= 1
    while start < end < len(joined) and _joins(joined[end]):
        end += 1
    if start >= end or not joined[start:end].strip():
        return False
    first = d.para + joined.count("\n", 0, start)
    last = d.para + joined.count("\n", 0, end)
    offset = len("\n".join(texts[d.para:first])) + (1 if first > d.para else 0)
    d.text, d.start, d.para, d.last = joined[start:end], start - offset, first, last
    return True


def _disambiguate(article: Article, st: Statement, texts: list[str], start: int) -> Statement:
    """Add a prefix when the text occurs more than once in its paragraphs (anchors must be unique)."""
    joined = "\n".join(texts)
    if joined.count(st.text) <= 1:
        return st
    for width in (12, 24, 48, 96):
        prefix = joined[max(0, start - width):start]
        if prefix.strip() and sum(1 for m in re.finditer(re.escape(prefix + st.text), joined)) == 1:
            return dataclasses.replace(st, anchor=dataclasses.replace(st.anchor, prefix=prefix))
    return st
