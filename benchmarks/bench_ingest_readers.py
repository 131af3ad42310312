"""Speed of `kazan-export ingest` and its readers (issue #13).

Targets: `kazan-export ingest` of the Kazan text ≤ 0.5 s for the whole process, with no
trafilatura, python-docx or reportlab imported on that path; a batch of 100 web pages ≤ 1 s
per page. Measured here, never in timed tests:

- ``process``: whole-process `kazan-export ingest SEED -o FILE --force`, median of --repeat
  runs after one warm-up (bytecode compiled first, as an install has it), and the heavy
  modules that path imports (``-X importtime``);
- ``stages``: in-process, warm: read the text, attribute, render the YAML, integrity checks;
- ``batch``: 100 generated web pages (the Kazan paragraphs, a different share in each, inside
  navigation, advertisements and footer), each read with trafilatura, attributed and
  rendered in one process; one whole-process `ingest PAGE.html`; and the 100 pages given
  to one `kazan-export ingest PAGE… -o FOLDER` (a batch: trafilatura is imported once).

    python benchmarks/bench_ingest_readers.py [--repeat 11] [--pages 100]
"""

from __future__ import annotations

import argparse
import compileall
import html
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "meeting-in-kazan.txt"
HEAVY = ("trafilatura", "docx", "reportlab", "lxml", "markdown_it")

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Ledger</title>
<meta name="author" content="Ara Tadevosyan"><meta property="og:site_name" content="The Ledger">
<meta property="article:published_time" content="2019-03-{day:02d}T08:00:00Z">
<link rel="canonical" href="https://ledger.example.org/story/{n}"></head><body>
<div class="cookie-banner"><p>We use cookies. By continuing you accept them.</p></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad">Advertisement: the best boats at Boats-R-Us!</div>
<main><article><h1>{title}</h1><p class="byline">By Ara Tadevosyan</p>{body}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits the coast</a></li><li><a href="/b">Ferry prices rise</a></li></ul></aside>
<footer><p>© 2019 The Ledger. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer></body></html>"""


def pages(count: int) -> list[str]:
    """Return ``count`` web pages made of the Kazan article's headings and paragraphs."""
    from kazan_export.readers.text import read_text

    article = read_text(SEED.read_bytes(), name=str(SEED))
    units = [(s.heading.text if s.heading else None, [p.text for p in s.paragraphs]) for s in article.sections]
    out = []
    for n in range(count):
        start = n % len(units)
        chosen = units[start:] + units[:start]
        chosen = chosen[: 4 + n % (len(units) - 3)]
        body = "".join((f"<h2>{html.escape(h)}</h2>" if h else "") + "".join(f"<p>{html.escape(p)}</p>" for p in ps)
                       for h, ps in chosen)
        out.append(PAGE.format(title=f"Meeting in Kazan, part {n + 1}", day=n % 28 + 1, n=n, body=body))
    return out


CPU: dict[str, float] = {}  # median CPU seconds (user + system) of the last process_times(), by its first argument


def process_times(args: list[str], repeat: int) -> list[float]:
    """Return the wall seconds of ``repeat`` runs of ``args`` after one warm-up; their median CPU
    seconds go to CPU[args[-1]] (CPU time says more than wall time on a busy machine)."""
    import resource

    times, cpu = [], []
    for i in range(repeat + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i:  # the first run is a warm-up
            times.append(time.perf_counter() - start)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[args[-1]] = statistics.median(cpu)
    return times


def heavy_imports(args: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True)
    names = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    return sorted(m for m in HEAVY if m in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src" / "kazan_export", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "kazan.yaml"
        command = ["-m", "kazan_export", "ingest", str(SEED), "-o", str(draft), "--force"]
        times = process_times([sys.executable, *command], args.repeat)
        print(f"process: ingest of the Kazan text, median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}; CPU {CPU['--force']:.3f} s; target ≤ 0.5 s)")
        print(f"process: heavy modules imported on the text path: {heavy_imports(command) or 'none'}")
        baseline = process_times([sys.executable, "-c", "import typer"], args.repeat)
        print(f"process: `python -c 'import typer'` for reference, median {statistics.median(baseline):.3f} s "
              f"(CPU {CPU['import typer']:.3f} s)")

        from kazan_export.commands import ingest as run
        from kazan_export.readers.text import read_text
        from kazan_export.readers.checks import check_integrity
        from kazan_export.writers.yaml import render_yaml

        raw = SEED.read_bytes()
        stage: dict[str, list[float]] = {"read": [], "attribute": [], "render": [], "check": []}
        for _ in range(args.repeat + 1):
            t0 = time.perf_counter()
            article = read_text(raw, name=str(SEED))
            t1 = time.perf_counter()
            article = run.attribute(article)
            t2 = time.perf_counter()
            render_yaml(article)
            t3 = time.perf_counter()
            check_integrity(article, {})
            t4 = time.perf_counter()
            for key, value in zip(stage, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                stage[key].append(value)
        print("stages (in-process, warm, median): " + ", ".join(
            f"{k} {statistics.median(v[1:]) * 1000:.1f} ms" for k, v in stage.items()))

        from kazan_export.readers.html import read_html

        corpus = pages(args.pages)
        read_html(corpus[0], name="warm-up.html")
        t0 = time.perf_counter()
        articles = [read_html(page, name=f"page-{n}.html") for n, page in enumerate(corpus)]
        t1 = time.perf_counter()
        for article in articles:
            render_yaml(run.attribute(article))
        t2 = time.perf_counter()
        n = len(corpus)
        paragraphs = sum(len(a.paragraphs) for a in articles)
        print(f"batch: {n} web pages ({paragraphs} paragraphs): read {1000 * (t1 - t0) / n:.1f} ms/page, "
              f"read + attribute + render {1000 * (t2 - t0) / n:.1f} ms/page (target ≤ 1 s/page)")
        page = Path(tmp) / "page.html"
        page.write_text(corpus[-1], encoding="utf-8")
        times = process_times([sys.executable, "-m", "kazan_export", "ingest", str(page), "-o",
                               str(Path(tmp) / "page.yaml"), "--force"], max(3, args.repeat // 2))
        print(f"process: ingest of one web page, median {statistics.median(times):.3f} s "
              f"(CPU {CPU['--force']:.3f} s; most of it is importing trafilatura)")
        folder = Path(tmp) / "pages"
        drafts = Path(tmp) / "drafts"
        folder.mkdir()
        drafts.mkdir()
        for k, text in enumerate(corpus):
            (folder / f"page-{k:03d}.html").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kazan_export", "ingest", *sorted(map(str, folder.iterdir())),
                        "-o", str(drafts), "--force"], check=True, capture_output=True)
        elapsed = time.perf_counter() - start
        print(f"process: `kazan-export ingest` of the {n} pages in one call, {elapsed:.2f} s, "
              f"{1000 * elapsed / n:.0f} ms/page (target ≤ 1 s/page)")


if __name__ == "__main__":
    main()
