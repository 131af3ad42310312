"""The attribution engine: one article's run, paragraph by paragraph in reading order.

:class:`Engine` builds the parts for one article and language — the cue patterns, the speaker
:class:`~.speakers.Parser` and :class:`~.speakers.Registry`, :class:`~.mentions.Mentions`,
:class:`~.subjects.Subjects`, the :class:`~.resolve.Resolver`, :class:`~.details.Details`, the
direct-quotation pass (:class:`~.direct.Quotations`, with :class:`~.nested.Nested`) and the
reported-speech pass (:class:`~.reported.Reported`) — and holds what they share: the
paragraphs' texts, the date anchor, the quotation marks the article uses and the drafts made
so far. :meth:`Engine.run` walks the paragraphs: it resets the speakers and the date at each
section, reads datelines, registers the people each paragraph names, then takes its sentences
and the quotations that end in it in order of position.
"""

from __future__ import annotations

import re

from kazan_export.model import Article
from kazan_export.readers.attribution.cues import Cue, mask, patterns, sentences
from kazan_export.readers.attribution.patterns import Patterns
from kazan_export.readers.attribution.dates import DateReader
from kazan_export.readers.attribution.dating import ParagraphDates, article_anchor
from kazan_export.readers.attribution.details import Details
from kazan_export.readers.attribution.direct import Quotations
from kazan_export.readers.attribution.drafts import Draft, Spans, push
from kazan_export.readers.attribution.mentions import Mentions
from kazan_export.readers.attribution.nested import Nested
from kazan_export.readers.attribution.quotes import Marks
from kazan_export.readers.attribution.reported import Reported
from kazan_export.readers.attribution.resolve import Resolver
from kazan_export.readers.attribution.rules import Rules
from kazan_export.readers.attribution.registry import Record, Registry
from kazan_export.readers.attribution.speakers import Parser
from kazan_export.readers.attribution.subjects import Subjects
from kazan_export.readers.attribution.transcript import full_name, turns
from kazan_export.readers.attribution.words import QUOTES


class Engine:
    """Propose the drafts of one article."""

    def __init__(self, article: Article, rules: Rules):
        self.article = article
        self.rules = rules
        self.pats: Patterns = patterns(rules)
        self.parser = Parser(rules)
        self.registry = Registry(self.parser)
        self.dates = DateReader(rules)
        self.anchor = article_anchor(article.metadata.published)
        self.paras = [(si, p) for si, s in enumerate(article.sections) for p in s.paragraphs]
        self.texts = [p.text for _, p in self.paras]
        self.marks: Marks | None = None  # the quotation marks the article mostly uses (set by the quotation pass)
        self.drafts: list[Draft] = []
        self.spans = Spans()  # where the drafts of each paragraph stand
        self.mentions = Mentions(rules, self.pats, self.parser, self.registry)
        self.subjects = Subjects(self.mentions)
        self.resolver = Resolver(rules, self.pats, self.mentions, self.subjects)
        self.resolver.authors = article.metadata.authors
        self.details = Details(rules, self.mentions)
        self.nested = Nested(self)
        self.quotations = Quotations(self)
        self.reported = Reported(self)

    def keep(self, d: Draft, cue: Cue | None, region: str | None, recent: list[Record]) -> None:
        """Add ``d`` to the drafts with its via, place and occasion (from the cue's words
        ``region``, if any), and make its speaker the latest."""
        via = self.resolver.take_via()
        if via:
            d.via = via
        d.others = d.others or tuple(self.resolver.take_others())
        if region is not None:
            self.details.details(region, d, cue)
        self.details.outlet_rules(d, cue)
        if not (d.speaker.unidentified or d.speaker.author):
            push(recent, d.speaker)
        self.add(d)
        self.subjects.said = max(self.subjects.said, d.para * 10000 + d.start)

    def add(self, d: Draft) -> None:
        """Add ``d`` to the drafts."""
        self.drafts.append(d)
        self.spans.add(d)

    def run(self) -> list[Draft]:
        """Return the drafts of the article, in reading order."""
        quotes = self.quotations.find()
        statement_quotes = [q for q in quotes if self.quotations.classify(q) == "statement" and not self.quotations.embedded(q)]
        spans: dict[int, list[tuple[int, int]]] = {}
        for q in statement_quotes:
            for n in q.paragraphs:
                a = q.start - 1 if n == q.first else 0
                b = q.end + 1 if n == q.last else len(self.texts[n])
                spans.setdefault(n, []).append((a, b))
        ending = {}  # paragraph -> the statement quotations that end in it
        for q in statement_quotes:
            ending.setdefault(q.last, []).append(q)
        section = None
        recent: list[Record] = []
        transcript = turns(self.texts)
        answers: list[Draft] = []  # a transcript's answers, added after the pass: what they quote is its own
        for n, text in enumerate(self.texts):
            si = self.paras[n][0]
            if si != section:
                section = si
                self.anchor.date, self.anchor.day = None, None
                recent = []
                heading = self.article.sections[si].heading
                if heading and not heading.text.strip()[:1] in QUOTES:
                    if self.anchor.today is None and si == 0:
                        self.anchor.today = self.dates.dateline(heading.text)
                    self.dates.read(heading.text, self.anchor, lead=True)  # a dateline read as a heading
            masked = mask(text, spans.get(n, []))
            if n in transcript:  # a turn's label ("Ledger:") is no part of its sentences: no subject, no name
                masked = " " * transcript[n][1] + masked[transcript[n][1]:]
            if n < 3 and self.anchor.today is None:  # a dateline under the title: the article's date
                self.anchor.today = self.dates.dateline(text)
            self.mentions.register(n, re.sub(r"[“\"«„][^”\"»“]*[”\"»“]", lambda m: "\u2063" * len(m.group(0)), masked))
            sents = sentences(masked, self.pats)
            date_for = ParagraphDates(n, masked, sents, self.anchor, self.dates, self.pats.verb, self.reported.time_adverbial)
            if n in transcript and not transcript[n][2]:
                answers.append(self._answer(n, *transcript[n][:2], date_for))
            # reported statements and quotations, sentence by sentence
            items = [(a, "s", (a, b)) for a, b in sents] + [((q.start if q.first == n else 0), "q", q) for q in ending.get(n, [])]
            for _pos, what, item in sorted(items, key=lambda x: (x[0], x[1])):
                if what == "s":
                    self.resolver.at(masked, item[0])
                    self.subjects.see(n, masked, item[0], item[1])
                    self.reported.sentence(n, masked, item[0], item[1], recent, date_for)
                else:
                    sa, _ = self.quotations.sentence_of(n, max(0, item.start - 1)) if item.first == n else (0, 0)
                    self.resolver.at(self.texts[item.first], sa)
                    self.quotations.attribute(item, recent, date_for)
        for d in answers:
            self.add(d)
        self.drafts.sort(key=lambda d: (d.para, d.start))
        return self.drafts

    def _answer(self, n: int, label: str, start: int, date_for: ParagraphDates) -> Draft:
        """Return the direct statement of a transcript's turn: its label's person (see
        :mod:`.transcript`), the words after the label."""
        name = full_name(self.texts, n, label)
        speaker = self.registry.find_person(name)
        basis = [f"speaker: the transcript's label '{label}' (p{n + 1:02d})"
                 + (f", the person '{name}' introduced before" if name != label else "")]
        if speaker is None:
            speaker = self.registry.add_name(name, None, n * 10000 + start)
        date, dnote = date_for(start)
        if dnote:
            basis.append(dnote)
        text = self.texts[n][start:].rstrip()
        return Draft(n, n, start, "direct", text, speaker, date, 0.6 if name != label else 0.5, f"{label}:", basis)
