"""The document model: pure, immutable types that know no input or output format.

An :class:`Article` is what every writer renders. It is built by :mod:`kazan_export.readers.source`
from a YAML source and is never mutated afterwards.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import cached_property

ENTITY_KINDS = ("person", "organisation", "group", "anonymous")
STATEMENT_KINDS = ("direct", "reported")


@dataclass(frozen=True, slots=True)
class Author:
    """An author of the article: ``family`` and ``given`` names as printed."""

    family: str
    given: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}" if self.given else self.family


@dataclass(frozen=True, slots=True)
class Metadata:
    """Bibliographic facts about the article; ``None`` means the source records it as unknown.

    ``authors`` is empty when the source records them as unknown (``authors: unknown``).
    """

    title: str
    authors: tuple[Author, ...]  # (): unknown
    publisher: str | None  # None: unknown
    language: str
    series: str | None = None
    container: str | None = None
    rights: str | None = None
    credits: tuple[tuple[str, str], ...] = ()  # (label, text), e.g. ("photos", "REUTERS …")
    published: str | None = None  # EDTF, or None: unknown
    url: str | None = None  # None: unknown
    coverage: str | None = None  # EDTF interval of the events covered
    citation: str | None = None  # the article's recommended citation, if it gives one
    keywords: tuple[str, ...] = ()
    # recommended fields the source records as "none" (the article has none) or "unknown"
    # (it does not say): (field, "none" | "unknown"); the field itself is then empty
    not_given: tuple[tuple[str, str], ...] = ()

    @property
    def language_known(self) -> bool:
        """False when ``language`` is BCP 47's ``und`` (undetermined; also with subtags, ``und-Latn``),
        which ``ingest`` writes when the article does not say its language."""
        return self.language.split("-", 1)[0].lower() != "und"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the body, with a stable id and its exact text."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; ``repeats`` names the statement it quotes, if any."""

    id: str
    text: str
    repeats: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs under one heading (``None`` for the lead before any heading)."""

    id: str
    heading: Heading | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, group of people or anonymous source the article names."""

    id: str
    name: str
    kind: str  # one of ENTITY_KINDS
    family: str | None = None
    given: str | None = None
    variants: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    description: str | None = None  # what the article says of an anonymous source
    members: tuple[str, ...] = ()  # entity ids, for groups

    def names(self) -> tuple[str, ...]:
        """Return every name by which the article refers to this entity."""
        return (self.name, *self.variants)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a statement's text stands: paragraph ids, with optional prefix/suffix context."""

    paragraphs: tuple[str, ...]
    prefix: str | None = None
    suffix: str | None = None


REVIEW_STATUSES = ("proposed", "confirmed")


@dataclass(frozen=True, slots=True)
class Review:
    """How a statement was proposed by ``ingest`` and whether a person has confirmed it.

    ``cue`` is the words the proposal rests on (``"the diplomat said"``); ``basis`` holds one
    short note per inferred field (``"speaker: pronoun 'he' → nalbandian (p05)"``).
    """

    status: str  # "proposed" | "confirmed"
    confidence: float  # 0..1
    cue: str | None = None
    basis: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement: who said what, when, where, and who reported it.

    ``text`` is exactly as printed; a quotation over several paragraphs joins them with
    ``"\\n"``. ``date`` is an EDTF string or ``None`` when the article does not state it.
    """

    id: str
    key: str
    speakers: tuple[str, ...]
    kind: str  # "direct" or "reported"
    text: str
    anchor: Anchor
    date: str | None
    occasion: str | None = None
    place: str | None = None
    via: str | None = None
    role: str | None = None  # the speaker's role as the article gives it here
    note: str | None = None
    review: Review | None = None  # set by ingest; None once a person has confirmed it


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event of the timeline, supported by paragraphs and/or statements."""

    id: str
    date: str | None
    label: str
    paragraphs: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Point:
    """An editor-written point of the briefing, with the statements/paragraphs behind it."""

    text: str
    statements: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """Editor-written briefing content; every point names what supports it."""

    summary: tuple[Point, ...] = ()
    background: tuple[Point, ...] = ()
    outcome: tuple[Point, ...] = ()
    aftermath: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Article:
    """The canonical article: metadata, body in reading order, registry and statements."""

    id: str
    metadata: Metadata
    sections: tuple[Section, ...]
    byline: tuple[Paragraph, ...] = ()  # the byline after the text ("Ara Tadevosyan")
    closing: tuple[Paragraph, ...] = ()
    entities: tuple[Entity, ...] = ()
    statements: tuple[Statement, ...] = ()
    timeline: tuple[Event, ...] = ()
    briefing: Briefing = field(default_factory=Briefing)
    source: str = "<memory>"  # the file it was read from
    # the lines between the title and the text ("By Nora Lind", "Published 12 March 2025"):
    # kept as printed, not numbered with the text's paragraphs (a pinpoint counts the text)
    front: tuple[Paragraph, ...] = ()

    @cached_property
    def paragraphs(self) -> dict[str, Paragraph]:
        """Return every body paragraph by id, in reading order."""
        return {p.id: p for s in self.sections for p in s.paragraphs}

    @cached_property
    def entity(self) -> dict[str, Entity]:
        """Return the registry by id."""
        return {e.id: e for e in self.entities}

    @cached_property
    def statement(self) -> dict[str, Statement]:
        """Return the statements by id and by citation key."""
        return {**{s.key: s for s in self.statements}, **{s.id: s for s in self.statements}}

    @cached_property
    def paragraph_number(self) -> dict[str, int]:
        """Return each body paragraph's 1-based position (a pinpoint for citations)."""
        return {pid: n for n, pid in enumerate(self.paragraphs, start=1)}

    @cached_property
    def repeated_in(self) -> dict[str, Heading]:
        """Return, by statement id, the heading that repeats (quotes) the statement's words."""
        return {s.heading.repeats: s.heading for s in self.sections if s.heading and s.heading.repeats}

    def speakers_of(self, statement: Statement) -> tuple[Entity, ...]:
        """Return the entities who made ``statement``."""
        return tuple(self.entity[i] for i in statement.speakers)

    def speaker_names(self, statement: Statement) -> str:
        """Return the display names of a statement's speakers, joined with "and"."""
        names = [e.name for e in self.speakers_of(statement)]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def role_of(self, statement: Statement) -> str | None:
        """Return the speaker's role as the article states it for this statement."""
        if statement.role:
            return statement.role
        roles = [e.roles[0] for e in self.speakers_of(statement) if e.roles]
        return "; ".join(roles) or None

    def front_beyond(self, said: str) -> list[str]:
        """Return the ``front`` lines that say something ``said`` (a title block's text) does
        not: a line is left out when each of its words is in ``said``, case aside ("By Nora
        Lind", "Published 12 March 2025" under "By Nora Lind … Published 12 March 2025"), and
        kept as printed otherwise ("By our correspondent", "Published 12 March 2025 | Updated
        13 March 2025", "Valmere, Wednesday, March 12, 2025")."""
        known = set(re.findall(r"\w+", said.casefold()))
        return [p.text for p in self.front if not set(re.findall(r"\w+", p.text.casefold())) <= known]

    def text_lines(self) -> list[str]:
        """Return the article's text in reading order, one paragraph or heading per line."""
        lines = [self.metadata.title, *(p.text for p in self.front)]
        for section in self.sections:
            if section.heading:
                lines.append(section.heading.text)
            lines.extend(p.text for p in section.paragraphs)
        lines.extend(p.text for p in (*self.byline, *self.closing))
        return lines
