"""A :class:`Mention`: what a subject phrase says of a speaker (read by :mod:`.speakers`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Mention:
    """What a subject phrase says of a speaker."""

    kind: str  # "name" | "pronoun" | "role" | "organisation" | "anonymous" | "group"
    surface: str  # the words as printed
    name: str | None = None  # a person's or organisation's name
    role: str | None = None  # a role given with the name, or the role noun phrase
    description: str | None = None  # for anonymous sources and groups
    holder_of: str | None = None  # "the statement of X": X is the speaker, the mention is X
    gender: str | None = None  # what a title or role noun right before a name gives ("Mr.", "spokeswoman")
    others: tuple["Mention", ...] = ()  # "A and B said": the people after the first, who speak with them
