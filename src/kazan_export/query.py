"""Select statements by speaker, date range, text and kind: the same rules for every command."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from kazan_export.dates import overlaps, parse_edtf, sort_key
from kazan_export.errors import KazanWarning
from kazan_export.model import Article, Statement
from kazan_export.names import Resolution, contains, resolve, speaker_note


@dataclass(frozen=True, slots=True)
class Selection:
    """Which statements to show. Empty fields select everything."""

    speaker: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    contains: str | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        parsed = [None if value is None else parse_edtf(value)  # raises ValueError with a plain message
                  for value in (self.date_from, self.date_to)]
        if parsed[0] is not None and parsed[1] is not None and parsed[0].earliest() > parsed[1].latest():
            raise ValueError(f"--from {self.date_from} is after --to {self.date_to}, so no date is in "
                             "that range; swap them")
        if self.kind not in (None, "direct", "reported"):
            raise ValueError(f"kind '{self.kind}' must be 'direct' or 'reported'")

    def is_empty(self) -> bool:
        return not any((self.speaker, self.date_from, self.date_to, self.contains, self.kind))

    def matches(self, article: Article, statement: Statement) -> bool:
        """Return True if ``statement`` is selected (see :func:`select` for how names match)."""
        return self._matches(statement, self.speakers(article))

    def speakers(self, article: Article) -> Resolution | None:
        """Return the people ``speaker`` names in ``article`` (None: no speaker asked for)."""
        return resolve(article, self.speaker) if self.speaker else None

    def _matches(self, statement: Statement, speakers: Resolution | None) -> bool:
        if self.kind and statement.kind != self.kind:
            return False
        if self.contains and not contains(statement.text, self.contains):
            return False
        if speakers is not None and not set(speakers.chosen) & set(statement.speakers):
            return False
        return overlaps(statement.date, self.date_from, self.date_to)

    def describe(self) -> str:
        """Return a line saying what was selected: 'Selected: statements by Lavrov from 2018'."""
        if self.is_empty():
            return "Selected: all statements"
        parts = [f"{self.kind} statements" if self.kind else "statements",
                 f"by {self.speaker}" if self.speaker else "",
                 f"from {self.date_from}" if self.date_from else "",
                 f"to {self.date_to}" if self.date_to else "",
                 f"containing “{self.contains}”" if self.contains else ""]
        return "Selected: " + " ".join(p for p in parts if p)


def select(article: Article, selection: Selection | None = None, *, chronological: bool = False) -> tuple[Statement, ...]:
    """Return the selected statements in reading order (or by date if ``chronological``).

    ``speaker`` is an id or a name as the user types it (:func:`kazan_export.names.resolve`):
    case, accents and script do not matter (``mammadov`` is Məmmədov, ``lavrov`` Лавров), and
    an exact id or name wins over whole words of a name, which win over part of one. When it
    names nobody, several people, or one where others bear the name too, a
    :class:`KazanWarning` says so (with the closest names when it names nobody).
    ``contains`` ignores case, accents, typographic quotes and dashes (:func:`~kazan_export.names.contains`).
    """
    speakers = selection.speakers(article) if selection is not None else None
    if speakers is not None:
        note = speaker_note(article, speakers)
        if note:
            warnings.warn(KazanWarning(note), stacklevel=2)
    chosen = [s for s in article.statements if selection is None or selection._matches(s, speakers)]
    if chronological:
        chosen.sort(key=lambda s: sort_key(s.date))
    return tuple(chosen)


def as_record(article: Article, statement: Statement) -> dict:
    """Return the JSON form of a statement, as ``quotes --format json`` prints it."""
    return {
        "id": statement.id,
        "key": statement.key,
        "speakers": [e.name for e in article.speakers_of(statement)],
        "kind": statement.kind,
        "text": statement.text,
        "date": statement.date,
        "occasion": statement.occasion,
        "place": statement.place,
        "via": statement.via,
        "role": article.role_of(statement),
        "paragraphs": list(statement.anchor.paragraphs),
    }
