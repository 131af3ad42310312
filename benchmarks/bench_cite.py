"""Whole-process time of `kazan-export cite` per style, against `python -c "import typer"`.

    python benchmarks/bench_cite.py [--repeat 7] [--statement KEY]

Prints the machine's load (the 1-minute load average, before and after: on a shared machine
the times grow with it), the median and minimum of --repeat runs (after one warm-up) for each
style, the floor, and which pandoc the formatted styles run. The formatted styles (apa, chicago-*, mla) run
pandoc's citeproc once over a document of the article and the cited statement only (a Lua
filter prints each citation and entry as JSON); pandoc is started first, before the command
line is parsed, and prepares (the collation table and the locale) until the document reaches
it on its standard input; bibtex and csl-json start none. The target for one statement is 0.3 s whole
process (#12). The floors are what no ``cite`` can go below: starting Python and importing typer
(every command does), and pandoc alone citing two works in each style (a formatted ``cite`` runs
it, in part while Python reads the source).

The commands run with Python's bytecode cache on, as an installed package has it (pip compiles
a wheel's modules when it installs them): a ``PYTHONDONTWRITEBYTECODE`` in the environment
(this workplace sets it) is dropped for them, so the warm-up run writes ``__pycache__`` and the
timed runs read it. Without the cache Python compiles every module of the package on every
run, about 30 ms of each ``cite``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

STYLES = ("chicago-notes", "apa", "chicago-author-date", "mla", "bibtex", "csl-json")


# the environment of the timed commands: the bytecode cache on (see the module's docstring)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _times(cmd: list[str], repeat: int) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=True, env=ENV)  # warm-up (writes __pycache__)
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=ENV)
        out.append(time.perf_counter() - start)
    return out


def _pandoc_floors(repeat: int) -> list[tuple[str, list[float]]]:
    """Return, per formatted style, the times of pandoc alone citing two works in it (the
    style compacted as ``cite`` gives it): what no ``cite`` of that style can go below."""
    import json
    import tempfile
    from pathlib import Path

    from kazan_export.writers.citeproc import STYLE_FILES, pandoc_executable, style_path
    from kazan_export.writers.citeproc_pandoc import compact_style

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        refs = [{"id": "a", "type": "book", "title": "Z", "author": [{"family": "Doe", "given": "J."}],
                 "issued": {"date-parts": [[2011]]}}, {"id": "b", "type": "book", "title": "A"}]
        (folder / "refs.json").write_text(json.dumps(refs), encoding="utf-8")
        (folder / "cite.md").write_text("[@a] [@b, para. 3]", encoding="utf-8")
        for style in STYLE_FILES:
            csl = folder / f"{style}.csl"
            csl.write_text(compact_style(style_path(style).read_text(encoding="utf-8")), encoding="utf-8")
            out.append((style, _times([pandoc_executable(), str(folder / "cite.md"), "--to=plain", "--citeproc",
                                       f"--csl={csl}", f"--bibliography={folder / 'refs.json'}"], repeat)))
    return out


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--statement", default="lavrovAnotherMeetingSet2018")
    args = parser.parse_args()
    from kazan_export.writers.citeproc import pandoc_executable

    version = subprocess.run([pandoc_executable(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"pandoc: {pandoc_executable()} ({version}); load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores;"
          f" bytecode cache on{' (PYTHONDONTWRITEBYTECODE dropped)' if 'PYTHONDONTWRITEBYTECODE' in os.environ else ''}")
    floor = _times([sys.executable, "-c", "import typer"], args.repeat)
    print(f"{'floor: import typer':28} median {statistics.median(floor):.3f} s  min {min(floor):.3f} s")
    for style, seconds in _pandoc_floors(args.repeat):
        print(f"{'floor: pandoc ' + style:28} median {statistics.median(seconds):.3f} s  min {min(seconds):.3f} s")
    for style in STYLES:
        cmd = [sys.executable, "-m", "kazan_export", "cite", args.statement, "--style", style]
        t = _times(cmd, args.repeat)
        print(f"{'cite --style ' + style:28} median {statistics.median(t):.3f} s  min {min(t):.3f} s")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
