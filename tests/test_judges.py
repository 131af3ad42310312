"""Real programs as judges of the outputs of a handful of generated hostile articles.

Four articles are drawn by :mod:`strategies` with a fixed seed (derandomised, the same on
every run), plus the harbour fixture and the Kazan article. Their outputs are written once
per session and judged by the programs readers and typesetters use:
``qpdf --check`` and ``pdffonts`` on every PDF, ``bibtex`` (plain style) and ``biber`` on the
bibliographies, LibreOffice converting every DOCX to PDF (one call for all of them), and
pandoc reading every DOCX's footnotes as notes.
The programs come from ``need_tool``: skipped locally when absent, required in CI.
"""

from __future__ import annotations

import os
import re
import subprocess
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from kazan_export.errors import KazanWarning
from kazan_export.readers.source import load
from kazan_export.model import Article

from conftest import FIXTURES, need_tool
from strategies import sources, to_yaml

DRAWN = 4  # generated articles judged, besides the harbour fixture and Kazan
TIMEOUT = 300


def _draw(folder: Path) -> list[Path]:
    """Return the paths of DRAWN generated sources: the largest of 40 derandomised draws."""
    drawn: list[str] = []

    @settings(max_examples=40, derandomize=True, database=None, phases=[Phase.generate],
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(sources())
    def collect(data: dict) -> None:
        drawn.append(to_yaml(data))

    collect()
    paths = []
    for n, text in enumerate(sorted(drawn, key=len, reverse=True)[:DRAWN]):
        path = folder / f"hostile-{n}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Return every output file of the judged articles, by kind (pdf, docx, bib, biblatex)."""
    from kazan_export.writers.bibtex import render_bib
    from kazan_export.writers.docx import render_docx
    from kazan_export.writers.pdf import render_pdf

    folder = tmp_path_factory.mktemp("judged")
    articles: list[Article] = [load(p) for p in _draw(folder)]
    articles += [load(FIXTURES / "harbour-talks.yaml"), load()]
    out: dict[str, list[Path]] = {"pdf": [], "docx": [], "bib": [], "biblatex": [], "keys": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)  # undrawable characters: test_hostile
        for n, article in enumerate(articles):
            stem = f"a{n}"
            files = {
                f"{stem}-brief.pdf": render_pdf(article), f"{stem}-full.pdf": render_pdf(article, full=True),
                f"{stem}.docx": render_docx(article),
                f"{stem}.bib": render_bib(article, dialect="bibtex"),
                f"{stem}-biblatex.bib": render_bib(article, dialect="biblatex"),
            }
            files[f"{stem}.keys"] = "".join(f"{s.key}\n" for s in article.statements)
            for name, data in files.items():
                path = folder / name
                path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
                kind = "biblatex" if name.endswith("-biblatex.bib") else path.suffix[1:]
                out[kind].append(path)
    assert len(out["pdf"]) == 2 * (DRAWN + 2)
    return out


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, errors="replace",
                          timeout=TIMEOUT, cwd=cwd, stdin=subprocess.DEVNULL)


def test_qpdf_finds_no_error(outputs: dict[str, list[Path]]) -> None:
    qpdf = need_tool("qpdf")
    for path in outputs["pdf"]:
        result = run(qpdf, "--check", path)
        assert result.returncode == 0, f"{path.name}: {result.stdout[-800:]}{result.stderr[-800:]}"
        assert "No syntax or stream encoding errors found" in result.stdout, path.name


def test_pdffonts_every_font_embedded_with_unicode_map(outputs: dict[str, list[Path]]) -> None:
    pdffonts = need_tool("pdffonts")
    for path in outputs["pdf"]:
        result = run(pdffonts, path)
        assert result.returncode == 0, f"{path.name}: {result.stderr}"
        rows = result.stdout.splitlines()[2:]  # after the header and the dashes
        assert rows, f"{path.name}: no fonts"
        for row in rows:
            # name type encoding emb sub uni object ID: the three yes/no columns before "obj gen"
            emb, sub, uni = row.split()[-5:-2]
            assert emb == "yes", f"{path.name}: font not embedded: {row}"
            assert uni == "yes", f"{path.name}: font without a ToUnicode map (text not extractable): {row}"


def test_bibtex_reads_every_classic_bibliography(outputs: dict[str, list[Path]]) -> None:
    bibtex = need_tool("bibtex")
    for path in outputs["bib"]:
        stem = path.stem
        (path.parent / f"{stem}.aux").write_text(
            f"\\relax\n\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{stem}}}\n", encoding="utf-8")
        result = run(bibtex, "-terse", stem, cwd=path.parent)
        log = (path.parent / f"{stem}.blg").read_text(encoding="utf-8", errors="replace")
        assert result.returncode in (0, 1), f"{path.name}: bibtex failed ({result.returncode}):\n{log[-1500:]}"
        assert "error message" not in log, f"{path.name}:\n{log[-1500:]}"
        bbl = (path.parent / f"{stem}.bbl").read_text(encoding="utf-8", errors="replace")
        assert bbl.count("\\bibitem") == path.read_text(encoding="utf-8").count("\n@"), path.name


def test_biber_reads_every_biblatex_bibliography(outputs: dict[str, list[Path]]) -> None:
    biber = need_tool("biber")
    for path in outputs["biblatex"]:
        result = run(biber, "--tool", "--validate-datamodel", "--output-file", path.with_suffix(".out.bib"),
                     path, cwd=path.parent)
        log = result.stdout + result.stderr
        assert result.returncode == 0, f"{path.name}: biber failed ({result.returncode}):\n{log[-1500:]}"
        errors = [line for line in log.splitlines() if re.search(r"\b(ERROR|FATAL)\b", line)]
        assert not errors, f"{path.name}: {errors}"
        entries = path.read_text(encoding="utf-8").count("\n@")
        assert path.with_suffix(".out.bib").read_text(encoding="utf-8").count("@") >= entries, path.name


def test_libreoffice_converts_every_docx(outputs: dict[str, list[Path]], tmp_path: Path) -> None:
    soffice = need_tool("soffice")
    pdftotext = need_tool("pdftotext")
    docx = outputs["docx"]
    converted = tmp_path / "converted"
    result = run(soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", converted, *docx)
    assert result.returncode == 0, result.stderr[-1500:]
    for path in docx:
        pdf = converted / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, f"LibreOffice could not convert {path.name}: {result.stdout}"
        text = run(pdftotext, pdf, "-").stdout
        assert "How to cite" in text, f"{path.name}: the converted handout is incomplete"


def _notes(block: object) -> list:
    """Return the ``Note`` elements of a pandoc JSON AST, in reading order."""
    found: list = []
    if isinstance(block, dict):
        if block.get("t") == "Note":
            found.append(block)
        for value in block.values():
            found += _notes(value)
    elif isinstance(block, list):
        for value in block:
            found += _notes(value)
    return found


def _plain(node: object) -> str:
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return "".join(_plain(v) for v in node.values())
    if isinstance(node, list):
        return "".join(_plain(v) for v in node)
    return ""


def test_pandoc_reads_one_real_footnote_per_statement(outputs: dict[str, list[Path]]) -> None:
    """pandoc's DOCX reader (the binary the pypandoc-binary wheel ships) finds a footnote,
    not superscript text, for every statement, and each note names its statement's key."""
    import json

    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    for path, keys_file in zip(outputs["docx"], outputs["keys"]):
        keys = keys_file.read_text(encoding="utf-8").split()
        result = run(pandoc, "-f", "docx", "-t", "json", path)
        assert result.returncode == 0, f"{path.name}: {result.stderr[-800:]}"
        notes = [_plain(n) for n in _notes(json.loads(result.stdout)["blocks"])]
        assert len(notes) == len(keys), f"{path.name}: {len(notes)} notes for {len(keys)} statements"
        named = sorted(note.rsplit("Key: ", 1)[-1].strip() for note in notes)  # in reading order
        assert named == sorted(keys), f"{path.name}: the notes name {named}, not {sorted(keys)}"
