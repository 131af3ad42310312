"""Time the PDF briefing note: in-process renders of the Kazan article, and LibreOffice for comparison.

    python benchmarks/bench_pdf.py [--repeat 21] [--source FILE]

Prints the first (cold: reportlab imported, fonts registered, layout read) and the median
warm render time of ``render_pdf`` for the brief (target: below 0.15 s), the full article
and a focused brief, and — where LibreOffice (``soffice``) is installed — the median of whole
``soffice --headless --convert-to pdf`` runs on a DOCX of the same article (our handout if
the DOCX writer is there, else a plain DOCX of the article's text made with python-docx),
with a warm LibreOffice profile (start-up included: that is what a user waits for).
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import focused_median, render_options, timed


TARGET = 0.15  # seconds, warm brief


def article_docx(article) -> bytes:  # noqa: ANN001
    """Return a DOCX of the article: the handout if the DOCX writer exists, else plain text."""
    try:
        from kazan_export.writers.docx import render_docx
    except ImportError:
        import docx

        document = docx.Document()
        for n, line in enumerate(article.text_lines()):
            document.add_heading(line, level=0 if n == 0 else 2) if n == 0 else document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    return render_docx(article)


def main() -> None:
    args, article = render_options(__doc__.splitlines()[0])
    start = time.perf_counter()
    from kazan_export.writers.pdf import render_pdf

    data = render_pdf(article)
    cold = time.perf_counter() - start
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    warm = statistics.median(timed(lambda: render_pdf(article), args.repeat))
    full = statistics.median(timed(lambda: render_pdf(article, full=True), max(5, args.repeat // 3)))
    speaker, focused = focused_median(render_pdf, article, args.repeat)
    print(f"article: {article.id} ({len(article.paragraphs)} paragraphs, {len(article.statements)} "
          f"statements), brief {pages} pages, {len(data) / 1024:.0f} KiB")
    print(f"render_pdf brief, first call (imports, fonts):  {cold * 1000:8.1f} ms")
    print(f"render_pdf brief, warm median of {args.repeat:<3}:        {warm * 1000:8.1f} ms  "
          f"(target < {TARGET * 1000:.0f} ms: {'ok' if warm < TARGET else 'MISS'})")
    print(f"render_pdf --full, warm median:                {full * 1000:8.1f} ms")
    print(f"render_pdf focused (one speaker), warm:        {focused * 1000:8.1f} ms  ({speaker})")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice: not installed, LibreOffice comparison skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "article.docx"
        src.write_bytes(article_docx(article))
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=True, capture_output=True)  # first run creates the profile
        runs = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), max(3, args.repeat // 5))
    ref = statistics.median(runs)
    print(f"LibreOffice docx -> pdf (whole run), median:   {ref * 1000:8.1f} ms")
    print(f"ratio render_pdf / LibreOffice:                {warm / ref:8.3f}")


if __name__ == "__main__":
    sys.exit(main())
