"""Time the Word handout: in-process renders of the Kazan article, and pandoc for comparison.

    python benchmarks/bench_docx.py [--repeat 21] [--source FILE]

Prints the first (cold: reference document prepared) and the median warm render time of
``render_docx``, a focused handout's time, and — where pandoc is installed — the median of
whole ``pandoc article.md -o article.docx`` runs on the same article text with the same
footnotes (pandoc's own start-up included: that is what a user waits for).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import focused_median, markdown, render_options, timed



def main() -> None:
    args, article = render_options(__doc__.splitlines()[0])
    start = time.perf_counter()
    from kazan_export.writers.docx import render_docx

    data = render_docx(article)
    cold = time.perf_counter() - start
    warm = statistics.median(timed(lambda: render_docx(article), args.repeat))
    speaker, focused = focused_median(render_docx, article, args.repeat)
    print(f"article: {article.id} ({len(article.paragraphs)} paragraphs, {len(article.statements)} "
          f"statements/footnotes), handout {len(data) / 1024:.0f} KiB")
    print(f"render_docx, first call (import + template): {cold * 1000:8.1f} ms")
    print(f"render_docx, warm median of {args.repeat:<3}:            {warm * 1000:8.1f} ms")
    print(f"render_docx, focused (one speaker), warm:    {focused * 1000:8.1f} ms  ({speaker})")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc: not installed, comparison skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "article.md"
        md.write_text(markdown(article), encoding="utf-8")
        cmd = [pandoc, str(md), "-o", str(Path(tmp) / "article.docx")]
        subprocess.run(cmd, check=True)
        runs = timed(lambda: subprocess.run(cmd, check=True), max(5, args.repeat // 3))
    ref = statistics.median(runs)
    print(f"pandoc markdown -> docx (whole run), median: {ref * 1000:8.1f} ms")
    print(f"ratio render_docx / pandoc:                 {warm / ref:8.2f}")


if __name__ == "__main__":
    sys.exit(main())
