"""Whole-process time of `kazan-export cite` per style, against `python -c "import typer"`.

    python benchmarks/bench_cite.py [--repeat 7] [--statement KEY]

Prints the machine's load (the 1-minute load average, before and after: on a shared machine
the times grow with it), the median and minimum of --repeat runs (after one warm-up) for each
style, the floor, and which pandoc the formatted styles run. The formatted styles (apa, chicago-*, mla) run
pandoc's citeproc once over a document of the article and the cited statement only (a Lua
filter writes each citation and entry as JSON); pandoc is started first, before the source is
read, and prepares (the collation table and the locale) until the document reaches it on its
standard input; bibtex and csl-json run none. The target for one statement is 0.3 s whole
process (#12).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

STYLES = ("chicago-notes", "apa", "chicago-author-date", "mla", "bibtex", "csl-json")


def _times(cmd: list[str], repeat: int) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=True)  # warm-up
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--statement", default="lavrovAnotherMeetingSet2018")
    args = parser.parse_args()
    from kazan_export.writers.citeproc import pandoc_executable

    version = subprocess.run([pandoc_executable(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"pandoc: {pandoc_executable()} ({version}); load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    floor = _times([sys.executable, "-c", "import typer"], args.repeat)
    print(f"{'floor: import typer':28} median {statistics.median(floor):.3f} s  min {min(floor):.3f} s")
    for style in STYLES:
        cmd = [sys.executable, "-m", "kazan_export", "cite", args.statement, "--style", style]
        t = _times(cmd, args.repeat)
        print(f"{'cite --style ' + style:28} median {statistics.median(t):.3f} s  min {min(t):.3f} s")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
