"""Names as printed in a byline, made into authors (readers/bylines.author_of)."""

from __future__ import annotations

import pytest

from kazan_export.model import Author
from kazan_export.readers.bylines import author_of


@pytest.mark.parametrize(("printed", "author"), [
    ("Ludwig van Beethoven", Author("van Beethoven", "Ludwig")), ("Jan Van Eyck", Author("Van Eyck", "Jan")),
    ("Ana de la Cruz", Author("de la Cruz", "Ana")), ("Van der Berg", Author("Van der Berg")),
    ("Van Morrison", Author("Morrison", "Van")), ("Berg, Jan van der", Author("Berg", "Jan van der")),
    ("Ivo Novak", Author("Novak", "Ivo")), ("Novak", Author("Novak"))])
def test_particles_before_the_last_word_are_the_family_name_s(printed, author):
    """The byline and the attribution registry split names by one rule (bylines.family_start):
    "Van der Berg" alone was given "Van", family "der Berg"."""
    assert author_of(printed) == author
