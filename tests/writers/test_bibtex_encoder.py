"""The bib writer's fast LaTeX encoder gives exactly what pylatexenc's own encoder gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kazan_export.latex import Encoder as _Encoder

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
    assert bibtex("Aliyev -- “S&P” č") == "Aliyev -{\\/}- {\\textquotedblleft}S{\\&}P{\\textquotedblright} {\\v{c}}"
    assert biblatex("Aliyev -- “S&P” č") == "Aliyev -{\\/}- “S{\\&}P” č"
    assert bibtex("c\u030c") == bibtex("č")  # normalised (NFC) first, as pylatexenc does


def test_the_macros_kept_out_are_exactly_those_plain_latex_lacks(tmp_path) -> None:
    """Every macro pylatexenc may write is looked up in LuaLaTeX with fontspec (``\\ifdefined``):
    the encoder keeps a character as UTF-8 exactly when its LaTeX needs a package (T2A, TIPA…)."""
    import re
    import subprocess

    from pylatexenc.latexencode import get_builtin_uni2latex_dict

    from conftest import need_tool
    from kazan_export.latex_macros import NEEDS_PACKAGE

    names = sorted({m for v in get_builtin_uni2latex_dict().values() for m in re.findall(r"\\([A-Za-z]+)", v)})
    body = "".join(f"\\ifdefined\\{n}\\else\\typeout{{UNDEFINED {n}}}\\fi\n" for n in names)
    (tmp_path / "m.tex").write_text("\\documentclass{article}\\usepackage{fontspec}\n\\begin{document}\n"
                                    + body + "x\\end{document}\n", encoding="utf-8")
    subprocess.run([need_tool("lualatex"), "-interaction=nonstopmode", "m"], cwd=tmp_path, capture_output=True,
                   timeout=300)
    log = (tmp_path / "m.log").read_text(errors="replace")
    assert "Output written" in log
    assert {line.split()[1] for line in log.splitlines() if line.startswith("UNDEFINED ")} == NEEDS_PACKAGE
    assert ENCODERS["bibtex"]("Жə") == "Жə" and ENCODERS["bibtex"]("č") == "{\\v{c}}"
