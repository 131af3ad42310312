"""Measure kazan-export against its floors and peers; print a table of ratios.

Usage: ``python benchmarks/run.py [--quick] [--repeat N] [--sizes 50,200,500] [--json FILE] [--profile]``

Every ratio is taken in the same run on the same machine, so it says something about the
code and not about the machine. Whole-process times are the median of ``--repeat`` runs
(hyperfine-style, after one warm-up run); in-process render times are the median of
``--repeat`` renders after one warm-up render (fonts registered, templates parsed).
Nothing here is a test: the targets are goals, reported with ok/MISS, and the exit code is 0.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_package, markdown, median_call

PY = sys.executable
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000", "PYTHONDONTWRITEBYTECODE": "1"}
ROWS: list[dict] = []


def cli() -> list[str]:
    """Return the command a user runs: the installed ``kazan-export`` script if there is one."""
    script = shutil.which("kazan-export")
    return [script] if script else [PY, "-m", "kazan_export"]


def tree_rss(pid: int) -> int:
    """Return the resident memory (bytes) of ``pid`` and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


def run(cmd: list[str], cwd: Path | None = None, sample: bool = False) -> dict:
    """Run ``cmd`` once; return wall seconds, exit code, peak RSS of one process and of the tree."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        peak_tree, pid = 0, 0
        while not pid:  # wait4 reaps the child and gives its (and its workers') resource usage
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if sample else 0)
            if not pid:  # still running: sample the process tree's memory
                peak_tree = max(peak_tree, tree_rss(proc.pid))
                time.sleep(0.02)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    return {"wall": wall, "code": proc.returncode, "stderr": text, "cpu": usage.ru_utime + usage.ru_stime,
            "maxrss": usage.ru_maxrss * 1024, "tree": peak_tree}


def median_run(cmd: list[str], repeat: int, cwd: Path | None = None, fresh=None) -> dict:  # noqa: ANN001
    """Return the median wall and CPU seconds (user + system, workers included) of ``repeat``
    runs after one warm-up; ``fresh()`` resets state before each run."""
    walls, cpus = [], []
    for i in range(repeat + 1):
        if fresh:
            fresh()
        result = run(cmd, cwd)
        if result["code"] != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed: {result['stderr'].strip()[:2000]}")
        if i:
            walls.append(result["wall"])
            cpus.append(result["cpu"])
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def median_wall(cmd: list[str], repeat: int, cwd: Path | None = None, fresh=None) -> float:  # noqa: ANN001
    """Return the median wall time of ``repeat`` runs after one warm-up; ``fresh()`` resets state."""
    return median_run(cmd, repeat, cwd, fresh)["wall"]


def row(name: str, value: str, reference: str, ratio: float | None, target: str, ok: bool | None) -> None:
    ROWS.append({"benchmark": name, "measured": value, "reference": reference,
                 "ratio": None if ratio is None else round(ratio, 3), "target": target,
                 "result": {True: "ok", False: "MISS", None: "-"}[ok]})
    print(f"  {name}: {value} vs {reference} -> {ratio if ratio is None else f'{ratio:.2f}x'} "
          f"({target}) {ROWS[-1]['result']}", file=sys.stderr, flush=True)


def skip(name: str, why: str) -> None:
    ROWS.append({"benchmark": name, "measured": "skipped", "reference": why, "ratio": None,
                 "target": "", "result": "skip"})
    print(f"  {name}: skipped ({why})", file=sys.stderr, flush=True)


def bench_cold_build(source: Path, tmp: Path, repeat: int) -> None:
    out = tmp / "cold-out"
    floor = median_run([PY, "-c", "import docx, reportlab.platypus, bibtexparser"], repeat)
    # the target is the default build's; --jobs 1 (one process does all the work) is for reference
    for label, extra, target in (("cold build, all formats", [], 1.5), ("cold build, --jobs 1", ["--jobs", "1"], None)):
        build = median_run([*cli(), "build", str(source), "--out", str(out), *extra], repeat,
                           fresh=lambda: shutil.rmtree(out, ignore_errors=True))
        ratio = build["wall"] / floor["wall"]
        row(label, f"{build['wall']:.3f} s (CPU {build['cpu']:.3f} s)",
            f"import floor {floor['wall']:.3f} s (CPU {floor['cpu']:.3f} s)", ratio,
            f"<= {target}x" if target else "reference", None if target is None else ratio <= target)


def bench_light(source: Path, repeat: int) -> None:
    from kazan_export.readers.source import load

    statement = load(source).statements[0].id
    floor = median_wall([PY, "-c", "import typer"], repeat)
    commands = {"validate": ["validate", str(source)], "quotes": ["quotes", str(source)],
                "text": ["text", str(source)], "cite": ["cite", statement, str(source)], "schema": ["schema"]}
    for name, args in commands.items():
        try:
            took = median_wall([*cli(), *args], repeat)
        except RuntimeError as exc:
            skip(f"light: {name}", str(exc).split(" failed: ")[-1].splitlines()[0][:90])
            continue
        trace = run([PY, "-X", "importtime", "-m", "kazan_export", *args])["stderr"]
        heavy = sorted({m.split(".")[0] for m in re.findall(r"\|\s+(\S+)\s*$", trace, re.MULTILINE)}
                       & {"docx", "reportlab"})
        note = f"imports {','.join(heavy)}" if heavy else "no docx/reportlab"
        row(f"light: {name}", f"{took:.3f} s ({note})", f"python+typer {floor:.3f} s", took / floor,
            "< 0.25 s, no heavy import", took < 0.25 and not heavy)


def bench_renders(source: Path, tmp: Path, repeat: int) -> None:
    from kazan_export.readers.source import load

    article = load(source)
    try:
        from kazan_export.writers.docx import render_docx
    except ImportError as exc:
        skip("render: docx", f"no docx writer ({exc})")
        return
    docx_time = median_call(lambda: render_docx(article), repeat)
    handout = tmp / "handout.docx"
    handout.write_bytes(render_docx(article))
    if shutil.which("pandoc"):
        md = tmp / "article.md"
        md.write_text(markdown(article), encoding="utf-8")
        pandoc = median_wall(["pandoc", str(md), "-o", str(tmp / "pandoc.docx")], repeat)
        row("render: docx (in-process)", f"{docx_time * 1000:.1f} ms", f"pandoc md->docx {pandoc * 1000:.0f} ms",
            docx_time / pandoc, "<= 0.5x", docx_time / pandoc <= 0.5)
    else:
        skip("render: docx (in-process)", "pandoc is not installed; apt-get install pandoc")
    try:
        from kazan_export.writers.pdf import render_pdf
    except ImportError as exc:
        skip("render: pdf", f"no pdf writer ({exc})")
        return
    pdf_time = median_call(lambda: render_pdf(article), repeat)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = (tmp / "lo-profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(tmp / "lo"), str(handout)]
        lo = median_wall(cmd, max(1, repeat // 2))
        row("render: pdf (in-process)", f"{pdf_time * 1000:.1f} ms", f"LibreOffice docx->pdf {lo * 1000:.0f} ms",
            pdf_time / lo, "<= 0.1x", pdf_time / lo <= 0.1)
    else:
        skip("render: pdf (in-process)", "LibreOffice is not installed; apt-get install libreoffice-writer-nogui")


def make_corpus(source: Path, folder: Path, n: int) -> None:
    """Write ``n`` variants of ``source`` into ``folder``: the same article under other ids."""
    text = source.read_text(encoding="utf-8")
    match = re.search(r"^id:\s*(\S+)\s*$", text, re.MULTILINE)
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"v{i:04d}.yaml").write_text(
            text[: match.start()] + f"id: variant-{i:04d}" + text[match.end():], encoding="utf-8")


def bench_batch(source: Path, tmp: Path, sizes: list[int]) -> None:
    """Build corpora of generated variants with 1 and 2 jobs; check time and memory stay flat.

    Time per article is marginal, (T(N) - T(1)) / (N - 1), in wall time and in CPU time (user +
    system of the build and its workers). CPU time is what "flat" is judged on: on a shared
    machine, other processes' load changes wall time but not the CPU the build itself needs.
    """
    single = tmp / "batch-1"
    make_corpus(source, single, 1)
    base, results = {}, {}
    for jobs in (1, 2):
        base[jobs] = run([*cli(), "build", str(single), "--out", str(tmp / "b1-out"), "--jobs", str(jobs)])
        for n in sizes:
            corpus = tmp / f"corpus-{n}"
            if not corpus.exists():
                make_corpus(source, corpus, n)
            out = tmp / f"batch-out-{n}-{jobs}"
            r = run([*cli(), "build", str(corpus), "--out", str(out), "--jobs", str(jobs)], sample=True)
            if r["code"] != 0:
                raise RuntimeError(f"batch build failed: {r['stderr'].strip()[:2000]}")
            shutil.rmtree(out)
            r["per"] = (r["wall"] - base[jobs]["wall"]) / (n - 1)
            r["cpu_per"] = (r["cpu"] - base[jobs]["cpu"]) / (n - 1)
            r["mem"] = max(r["maxrss"], r["tree"])
            results[jobs, n] = r
            print(f"  batch n={n} jobs={jobs}: {r['wall']:.2f} s wall, {r['per'] * 1000:.1f} ms/article wall "
                  f"(raw {r['wall'] / n * 1000:.1f}), {r['cpu_per'] * 1000:.1f} ms/article CPU, peak "
                  f"{r['maxrss'] / 2**20:.0f} MiB/process, {r['tree'] / 2**20:.0f} MiB tree, "
                  f"load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    small, large = sizes[0], sizes[-1]
    for jobs in (1, 2):
        a, b = results[jobs, small], results[jobs, large]
        drift = b["cpu_per"] / a["cpu_per"]
        row(f"batch jobs={jobs}: CPU/article n={small}->{large}",
            f"{a['cpu_per'] * 1000:.0f} -> {b['cpu_per'] * 1000:.0f} ms (wall {a['per'] * 1000:.0f} -> "
            f"{b['per'] * 1000:.0f})", "flat", drift, "within 10 %", abs(drift - 1) <= 0.10)
        mem = b["mem"] / a["mem"]
        row(f"batch jobs={jobs}: peak RSS n={small}->{large}",
            f"{a['mem'] / 2**20:.0f} -> {b['mem'] / 2**20:.0f} MiB", "flat", mem, "within 20 %", abs(mem - 1) <= 0.20)
    speedup = results[1, large]["wall"] / results[2, large]["wall"]
    row(f"batch n={large}: throughput jobs=2 / jobs=1", f"{results[2, large]['wall']:.1f} s",
        f"jobs=1 {results[1, large]['wall']:.1f} s", speedup, ">= 1.7x", speedup >= 1.7)
    # What two *free* cores would give: the CPU each article needs with 1 job and with 2 (the
    # parallel overhead), independent of other processes' load, which the wall ratio is not.
    bound = 2 * results[1, large]["cpu_per"] / results[2, large]["cpu_per"]
    row(f"batch n={large}: jobs=2 / jobs=1 on 2 free cores (from CPU)",
        f"{results[2, large]['cpu_per'] * 1000:.0f} ms CPU/article", f"jobs=1 {results[1, large]['cpu_per'] * 1000:.0f} ms",
        bound, "information", None)


def profile_build(source: Path, tmp: Path, top: int = 25) -> str:
    """Return cProfile's hot spots of an in-process build of ``source`` (imports included)."""
    from kazan_export.commands.build import run_build

    profiler = cProfile.Profile()
    stderr, sys.stderr = sys.stderr, io.StringIO()
    try:
        profiler.runcall(run_build, [source], tmp / "profile-out", ["docx", "pdf", "bib", "csl"], 1)
        profiler.runcall(run_build, [source], tmp / "profile-out", ["docx", "pdf", "bib", "csl"], 1)
    finally:
        sys.stderr = stderr
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


def table() -> str:
    heads = ("benchmark", "measured", "reference", "ratio", "target", "result")
    cells = [[str(r[h]) if r[h] is not None else "" for h in heads] for r in ROWS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(heads, widths)),
             "-|-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(cell, widths)) for cell in cells]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a small batch")
    parser.add_argument("--repeat", type=int, help="runs per whole-process measurement (default 7, quick 3)")
    parser.add_argument("--sizes", help="batch corpus sizes, comma-separated (default 50,200,500; quick 20,40,80: with fewer, start-up weighs on the first size)")
    parser.add_argument("--source", type=Path, help="article to measure (default: the bundled Kazan article)")
    parser.add_argument("--only", help="comma-separated parts: cold,light,render,batch")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots of a build")
    args = parser.parse_args()
    from kazan_export.resources import default_source

    source = (args.source or default_source()).resolve()
    repeat = args.repeat or (3 if args.quick else 7)
    sizes = [int(s) for s in (args.sizes or ("20,40,80" if args.quick else "50,200,500")).split(",")]
    parts = set((args.only or "cold,light,render,batch").split(","))
    print(f"kazan-export benchmarks on {os.cpu_count()} CPUs, {source.name}, repeat={repeat}, "
          f"load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    compile_package()
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        print("note: the machine is busy; wall times (parallel ones most) will be slower and noisier",
              file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="kazan-bench-") as name:
        tmp = Path(name)
        steps = [("cold", lambda: bench_cold_build(source, tmp, repeat)), ("light", lambda: bench_light(source, repeat)),
                 ("render", lambda: bench_renders(source, tmp, repeat)), ("batch", lambda: bench_batch(source, tmp, sizes))]
        for part, step in steps:
            if part in parts:
                try:
                    step()
                except RuntimeError as exc:
                    skip(part, str(exc).split(" failed: ")[-1].splitlines()[0][:90])
        if args.profile:
            print(profile_build(source, tmp))
    print(table())
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (other processes slow wall times, "
          "parallel ones most)")
    if args.json:
        args.json.write_text(json.dumps(ROWS, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
