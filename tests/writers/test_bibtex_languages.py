"""The .bib ``language``/``langid`` fields as biblatex prints them (writers/bibtex_languages)."""

from __future__ import annotations

import dataclasses
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import need_tool
from kazan_export.errors import KazanWarning
from kazan_export.readers.bib import read_bib
from kazan_export.writers.bibtex import render_bib
from kazan_export.writers.bibtex_languages import language_fields

FONTS = Path(__file__).resolve().parents[2] / "templates" / "fonts"


def _bib(article, dialect: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        return render_bib(article, dialect=dialect)


def test_a_language_biblatex_has_no_key_for_is_written_by_its_name():
    assert language_fields("ru", "biblatex", langid=True) == [("language", "russian"), ("langid", "russian")]
    assert language_fields("az-Latn", "biblatex", langid=True) == [("language", "Azerbaijani"), ("langid", "azerbaijani")]
    assert language_fields("hy", "biblatex") == [("language", "Armenian")]
    assert language_fields("az", "bibtex") == [("language", "azerbaijani")]  # babel's name, for babelbib
    assert language_fields("xx", "biblatex", langid=True) == []  # no name known: the code is not printed


@pytest.mark.parametrize("load", ["\\usepackage[backend=biber,style=authoryear]{biblatex}",
                                  "\\usepackage[authordate,backend=biber]{biblatex-chicago}"])
def test_biblatex_prints_the_language_of_a_work_by_its_name(tmp_path, harbour, load):
    """An English document citing articles in Russian, Azerbaijani and Georgian prints their
    languages as names, capitalised ("azerbaijani" was printed as the key it is not), and
    never a language code."""
    lualatex, biber = need_tool("lualatex"), need_tool("biber")
    bibs = []
    for code, title in (("ru", "Alpha"), ("az", "Beta"), ("ka", "Gamma")):
        metadata = dataclasses.replace(harbour.metadata, language=code, title=title)
        article = dataclasses.replace(harbour, id=f"a-{code}", metadata=metadata, statements=())
        bibs.append(_bib(article, "biblatex"))
    (tmp_path / "refs.bib").write_text("\n".join(bibs), encoding="utf-8")
    assert len(read_bib((tmp_path / "refs.bib").read_text(encoding="utf-8")).entries) == 3
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{fontspec}\n"
        f"\\setmainfont{{DejaVuSerif}}[Path={FONTS.as_posix()}/, Extension=.ttf,"
        " BoldFont=*-Bold, ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic]\n"
        f"\\usepackage[english]{{babel}}\n\\usepackage{{csquotes}}\n{load}\n\\addbibresource{{refs.bib}}\n"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    for cmd in ([lualatex, "-interaction=nonstopmode", "-halt-on-error", "doc"], [biber, "doc"],
                [lualatex, "-interaction=nonstopmode", "-halt-on-error", "doc"]):
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=300)
        assert proc.returncode == 0, proc.stdout[-3000:]
    printed = subprocess.run([need_tool("pdftotext"), "-enc", "UTF-8", "doc.pdf", "-"], cwd=tmp_path,
                             capture_output=True, text=True, check=True).stdout
    flat = " ".join(printed.split())
    for name in ("Russian", "Azerbaijani", "Georgian"):
        assert name in flat, flat
    for wrong in ("azerbaijani", "georgian", " ka", "lang"):
        assert wrong not in flat, flat
