"""Where a cold build's time goes: each step of one build, timed in a fresh process, in order.

    python benchmarks/bench_stages.py [--repeat 5] [--source FILE]

Runs the steps of ``kazan-export build --jobs 1`` one after another in a new Python process
(imports included, as a cold build pays them) and prints the median of --repeat processes
per step: which costs are the import floor (python-docx, reportlab, bibtexparser) and which
are ours. No profiler is attached, so the times are real (cProfile inflates pure-Python loops
such as TrueType parsing several times).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from _common import compile_package

STEPS = r"""
import json, os, sys, time
os.environ.setdefault("SOURCE_DATE_EPOCH", "1309000000")
times, last = {}, [time.perf_counter()]
def step(name):
    now = time.perf_counter(); times[name] = (now - last[0]) * 1000; last[0] = now
import warnings; warnings.simplefilter("ignore")
import kazan_export.cli; step("import cli (typer)")
from kazan_export.readers.source import check; import yaml; step("import readers.source, yaml")
import jsonschema_rs; step("import jsonschema-rs")
source = sys.argv[1] if len(sys.argv) > 1 else None
article, _ = check(source); step("load + validate")
import bibtexparser; step("import bibtexparser [floor]")
from kazan_export.writers.bibtex import render_bib; render_bib(article); render_bib(article, dialect="biblatex"); step("bib, both dialects")
from kazan_export.writers.csl import render_csl; render_csl(article); step("csl")
import docx; step("import docx [floor]")
from kazan_export.writers.docx import render_docx; render_docx(article); step("docx writer import + render")
import reportlab.platypus; step("import reportlab.platypus [floor]")
from kazan_export.writers.pdf import brief as pdf; step("import pdf writer")
pdf.warm_up(); step("pdf warm_up (fonts)")
pdf.render_pdf(article); step("pdf render")
print(json.dumps(times))
"""


def main() -> None:
    """Run the steps in fresh processes and print the median time of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", help="article to build (default: the bundled Kazan article)")
    args = parser.parse_args()
    compile_package()
    runs = []
    for _ in range(args.repeat + 1):  # the first run warms the file cache and is dropped
        out = subprocess.run([sys.executable, "-c", STEPS, *([args.source] if args.source else [])],
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out.splitlines()[-1]))
    print(f"median of {args.repeat} fresh processes, load average {os.getloadavg()[0]:.2f}")
    total = 0.0
    for name in runs[1]:
        value = statistics.median(r[name] for r in runs[1:])
        total += value
        print(f"  {name:36} {value:7.1f} ms")
    print(f"  {'total (without interpreter start/exit)':36} {total:7.1f} ms")


if __name__ == "__main__":
    main()
