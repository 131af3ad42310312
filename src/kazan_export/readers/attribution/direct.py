"""The direct-quotation pass: find the quotations, tell statements from names, attribute each.

:class:`Quotations` finds the quoted passages of each section (:func:`~.quotes.find_quotes`,
the marks the article mostly uses), classifies each as a ``statement``, a ``name`` (a title,
a scare quote, part of a noun phrase) or a ``subject`` (a quoted description of a speaker:
“an expert familiar with …” told TASS), and attributes a statement: by the cue after it or
before it (whichever names someone; a cue right before the marks, one that takes up words or
quotes someone comes first), by the cue of the paragraph before that ends with a colon, by the
subject of the sentence a colon ends, else the latest speaker (low confidence), else an
unidentified speaker. Quotations inside it are passed to :class:`~.nested.Nested`.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right

from kazan_export.readers.attribution.cues import Cue, post_cue, pre_cue, sentences
from kazan_export.readers.attribution.drafts import Draft
from kazan_export.readers.attribution.quotes import Quote, find_quotes, main_marks
from kazan_export.readers.attribution.registry import Record
from kazan_export.readers.attribution.words import fold


class Quotations:
    """Find, classify and attribute the direct quotations of an article."""

    def __init__(self, engine) -> None:  # noqa: ANN001 (the Engine: it builds this pass, so cannot be imported)
        self.e = engine
        rules = engine.rules
        self.min_words = int(rules.get("quotes", "min_words", 4))
        self.name_before = [fold(w) for w in rules.get("quotes", "name_before")]
        self.name_after = rules.words("quotes", "name_after")
        self.fragment_before = rules.words("quotes", "fragment_before")
        self.labels = rules.data.get("labels", {})
        self.finite = rules.words("grammar", "finite_verbs")
        self.longest_before = max(map(len, self.name_before), default=0)
        self.starts: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}  # paragraph -> its sentences, their starts

    def find(self) -> list[Quote]:
        """Return the article's quotations, section by section (paragraph indices article-wide)."""
        e = self.e
        out, offset = [], 0
        e.marks = main_marks(e.texts, e.rules)
        for section in e.article.sections:
            texts = [p.text for p in section.paragraphs]
            for q in find_quotes(texts, e.rules, e.marks):
                out.append(dataclasses.replace(q, first=q.first + offset, last=q.last + offset))
            offset += len(texts)
        return out

    def classify(self, q: Quote) -> str:
        """Return "statement", "name" (a title, a scare quote) or "subject" (a described speaker)."""
        texts, pats = self.e.texts, self.e.pats
        text = texts[q.first]
        before = self._folded_before(text, q.start - 1)
        after_text = texts[q.last][q.end + 1:]
        words = q.text.split()
        if any(before.endswith(w) for w in self.name_before):
            return "name"
        first_after = _folded_first_word(texts[q.last], q.end + 1)
        if first_after in self.name_after and q.text.rstrip()[-1:] not in ",.!?":
            return "name"
        ends = q.text.rstrip()[-1:] in ",.!?…"
        if not ends and pats.verb.match(after_text.lstrip()) and not after_text.startswith(","):
            return "subject"  # “an expert familiar with …” told TASS
        prev_word = before.split()[-1:] if before else []
        if len(words) < self.min_words and prev_word and prev_word[0] in self.fragment_before:
            return "name"
        if len(words) < self.min_words:
            adjacent = post_cue(texts[q.last], q.end, q.text, pats) is not None and ends
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

    def embedded(self, q: Quote) -> bool:
        """Return True if ``q`` is quoted words inside a reported clause that goes on after them
        ("said the bill would “end forty years of neglect” of the reservoirs", "had waited “far too
        long” for irrigation"): what was said is the clause, a reported statement with the quoted
        words in it, not the fragment alone. A fragment that ends the clause ("said the settlement
        “is in the hands of the Russians”") or starts it ("said that “it was not Russia” that
        helped …") stays a direct statement."""
        if q.first != q.last or q.text.rstrip()[-1:] in ",.!?…;:":
            return False
        text = self.e.texts[q.first]
        before, after = text[:q.start - 1], text[q.end + 1:]
        last = before.rstrip().split()[-1:] if re.search(r"[^\W\d_]\s$", before) else []
        if not last or not last[0][:1].islower() or last[0].lower() == "that" or self.e.pats.verbs_in(last[0]):
            return False  # "said that “it was not Russia” that helped …": the quotation starts the clause
        m = re.match(r"(,\s+and\s+that\b)?\s+([^\W\d_][\w’'-]*)", after)  # "…”, and that it would …"
        if not m or not m.group(2)[:1].islower() or self.e.pats.verb.match(after.lstrip()) or (
                m.group(1) and fold(m.group(2)) in self.finite):  # "…”, and that is true": a clause of its own
            return False
        sa, _ = self.sentence_of(q.first, q.start - 1)
        return bool(self.e.pats.verbs_in(text[sa:q.start - 1]))

    def _subject(self, n: int, sa: int, q: Quote, recent: list[Record], basis: list[str], speaker, conf, cue):  # noqa: ANN001, ANN202
        """Return (speaker, confidence, cue) for a quotation with no cue in a sentence whose subject
        is a person named there ("The opposition spokesman, Jonas van Dijk, called the bill “…”",
        "Ivo Novak called it “…”"): that person, not the latest speaker. The name is the subject
        when it starts the sentence or ends an apposition (", NAME,") and a lower-case word (the
        verb) follows it; unchanged otherwise."""
        e, text = self.e, self.e.texts[n]
        first = e.mentions.first_name_in(text, sa, q.start - 1)
        at = text.find(first.name, sa, q.start - 1) if first is not None and first.kind == "name" and first.name else -1
        if at < 0:
            return speaker, conf, cue
        lead, after = text[sa:at], text[at + len(first.name):q.start - 1]
        if (lead.strip() and not lead.endswith(", ")) or not re.match(r",?\s+[^\W\d_A-Z]", after):
            return speaker, conf, cue
        r, note = e.registry.resolve(first, n * 10000 + sa, recent)
        if r is None:
            return speaker, conf, cue
        basis.append(f"speaker: {note}, the subject of the sentence the quotation stands in (p{n + 1:02d})")
        return r, 0.5, Cue(sa, q.start - 1, "", first.surface, sa, text[sa:q.start - 1].strip(), "subject")

    def _folded_before(self, text: str, end: int, window: int = 64) -> str:
        """Return ``fold(text[:end].rstrip())``, or as much of its end as the name checks read
        (the last word, and more characters than the longest ``name_before``): folding the
        whole text before each quotation of a long paragraph took time quadratic in its length."""
        width = window + self.longest_before
        while True:
            cut = max(0, end - width)
            while cut > 0 and not text[cut].isspace():  # cut at white space: folding stays the same
                cut -= 1
            tail = fold(text[cut:end].rstrip())
            if cut == 0 or (len(tail) > self.longest_before and tail.split()):
                return tail
            width *= 4

    def sentence_of(self, n: int, pos: int) -> tuple[int, int]:
        """Return the span of the sentence of paragraph ``n`` that holds ``pos`` (the first that
        holds it or ends at it)."""
        if n not in self.starts:
            spans = sentences(self.e.texts[n], self.e.pats)
            self.starts[n] = (spans, [a for a, _ in spans])
        spans, starts = self.starts[n]
        # the last sentence starting at or before pos is the only one that may hold it or end at
        # it: white space stands between one sentence's end and the next one's start
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos <= spans[i][1]:
            return spans[i]
        return 0, len(self.e.texts[n])

    def attribute(self, q: Quote, recent: list[Record], date_for) -> None:  # noqa: ANN001 (date_for: position → date, note)
        """Propose ``q`` (a statement) as a direct statement, and the quotations inside it."""
        e = self.e
        n = q.first
        text = e.texts[n]
        basis: list[str] = []
        speaker, conf, role, cue = None, 0.0, None, None
        post = post_cue(e.texts[q.last], q.end, q.text, e.pats, e.mentions.inverted)
        sa, _ = self.sentence_of(n, q.start - 1)
        # the cue before the quotation is read from the paragraph up to the opening mark only
        pre = pre_cue(text, sa, q.start - 1, e.pats)
        region = ""
        close_pre = pre is not None and len(text[pre.end:q.start - 1].split()) <= 3
        for c in ([pre, post] if pre and (pre.holder or pre.quoting or close_pre) else [post, pre]):
            if c is None:
                continue
            where = q.last if c is post else n
            speaker, conf, role = e.resolver.resolve(c, where, basis, recent)
            if speaker:
                cue, region = c, c.region
                break
        if speaker is None and q.start - 1 == len(text) - len(text.lstrip()) and n > 0:
            prev = e.texts[n - 1].rstrip()
            if prev.endswith(":"):
                pa, _ = self.sentence_of(n - 1, len(prev) - 1)
                c = pre_cue(prev, pa, len(prev), e.pats)
                if c:
                    speaker, conf, role = e.resolver.resolve(c, n - 1, basis, recent)
                    if speaker:
                        cue, region = c, c.region
                        conf -= 0.05
                        basis.append(f"cue: the paragraph before ends with a colon (p{n:02d})")
        if speaker is None and text[sa:q.start - 1].rstrip().endswith(":"):
            # "Attorney General Wally Oppal spoke out against the group: “…”": the sentence's subject
            first = e.mentions.first_name_in(text, sa, q.start - 1)
            if first is not None:
                r, note = e.registry.resolve(first, n * 10000 + sa, recent)
                if r is not None:
                    speaker, conf = r, 0.6
                    cue = Cue(sa, q.start - 1, ":", first.surface, sa, text[sa:q.start - 1].strip(), "colon")
                    basis.append(f"speaker: {note}, the subject of the sentence the colon ends (p{n + 1:02d})")
        # a cue that names its own subject ("Its foreign ministry said", "the spokesman said") and
        # resolves to no one is not the latest speaker's: the statement stays unidentified
        named = [c for c in (pre if close_pre else None, post)
                 if c is not None and c.subject.strip() and e.mentions.mention(c.subject) is not None]
        if speaker is None and not named:
            speaker, conf, cue = self._subject(n, sa, q, recent, basis, speaker, conf, cue)
        if speaker is None and recent and not named:
            speaker, conf = recent[0], 0.35
            basis.append(f"speaker: no cue; the latest speaker {speaker.id} (p{n + 1:02d})")
        if speaker is None:
            speaker = e.registry.add_other("anonymous", self.labels.get("unidentified", "?"),
                                           self.labels.get("unidentified_description", "?"), None, n * 10000)
            speaker.unidentified = True
            conf = 0.1
            basis.append(f"speaker: no cue and no earlier speaker (p{n + 1:02d})")
        # words the cue takes up ("the statement of X that “…”") were said before: no date
        date, dnote = (None, None) if cue and cue.holder else date_for(q.start)
        if cue and cue.holder and date is None:
            basis.append("date: the words taken up are not dated by the article")
        elif dnote:
            basis.append(dnote)
        d = Draft(n, q.last, q.start, "direct", q.text, speaker, date, round(conf, 2),
                  cue.words if cue else None, basis, role=role)
        between = None
        if cue:
            between = e.texts[q.last if cue.kind == "post" else n][cue.subject_start:cue.end] if cue.kind != "according" else ""
            between += " " + region
        e.keep(d, cue, between, recent)
        for x in e.nested.find(q, speaker, date, recent):  # ‘… told us “…”, …’
            e.add(Draft(n, n, x.start, "direct", x.text, x.speaker, x.date, x.confidence, x.cue, x.basis))


NON_SPACE = re.compile(r"\S")
SPACE = re.compile(r"\s")


def _folded_first_word(text: str, start: int) -> str:
    """Return the first word of ``fold(text[start:].lstrip())`` (up to white space or ``,.;:!?``),
    folding that word only."""
    first = NON_SPACE.search(text, start)
    if first is None:
        return ""
    space = SPACE.search(text, first.start())
    word = fold(text[first.start():space.start() if space else len(text)])
    return re.split(r"[\s,.;:!?]+", word, maxsplit=1)[0] if word else ""
