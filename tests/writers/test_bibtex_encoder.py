"""The bib writer's fast LaTeX encoder gives exactly what pylatexenc's own encoder gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kazan_export.writers.bibtex import _Encoder

# LaTeX specials, ligature pairs, characters pylatexenc maps or keeps, combining marks (NFC),
# a character beyond U+FFFF, right-to-left letters, control characters
PIECES = [*"ab Z09-',`\"&%$#_{}~^\\<>.\n\t\x00\x7f", *"čəĦħĿŀ“”‘’«»—–…éÅ\u212b\u0301\u030c\u0327",
          *"ЖжԱա\u05d0\u200f\U0001f600", "--", "''", ",,", "c\u030c", "q\u0301"]
ENCODERS = {dialect: _Encoder(dialect) for dialect in ("bibtex", "biblatex")}


def _agrees(encoder: _Encoder, piece: str) -> bool:
    """Whether the writer means to write each character of ``piece`` as pylatexenc does (it
    deliberately differs for some: lone combining marks, look-alike escapes)."""
    reference = encoder._encoder.unicode_to_latex
    return all(not unicodedata.combining(ch) and encoder(ch) == reference(ch)
               for ch in unicodedata.normalize("NFC", piece))


ALPHABETS = {dialect: [p for p in PIECES if _agrees(encoder, p)] for dialect, encoder in ENCODERS.items()}


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from(sorted(ENCODERS)))
def test_fast_encoder_matches_pylatexenc(data, dialect: str) -> None:  # noqa: ANN001
    """Encoding only the characters that change, one at a time, gives pylatexenc's whole-text result."""
    text = data.draw(st.lists(st.sampled_from(ALPHABETS[dialect]), max_size=16).map("".join))
    encoder = ENCODERS[dialect]
    assert encoder(text) == encoder._encoder.unicode_to_latex(text)


def test_the_alphabets_keep_the_interesting_cases() -> None:
    for alphabet in ALPHABETS.values():
        assert {"--", "''", ",,", "&", "%", "č", "“"} <= set(alphabet)


def test_fast_encoder_examples() -> None:
    bibtex, biblatex = ENCODERS["bibtex"], ENCODERS["biblatex"]
    assert bibtex("Aliyev -- “S&P” č") == "Aliyev -{}- {\\textquotedblleft}S{\\&}P{\\textquotedblright} {\\v{c}}"
    assert biblatex("Aliyev -- “S&P” č") == "Aliyev -{}- “S{\\&}P” č"
    assert bibtex("c\u030c") == bibtex("č")  # normalised (NFC) first, as pylatexenc does
