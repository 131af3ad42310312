"""How PDF time grows with the length of one paragraph (#14): it should grow linearly.

Usage: ``python benchmarks/bench_long_paragraph.py [--sizes 50,100,200,400] [--full-only]``

For each size (in KB) it writes the harbour fixture with one paragraph of that many
characters (sentences of common words), all of it one statement of Məmmədova's, and times
``kazan-export pdf --full`` (the paragraph) and ``kazan-export pdf --speaker mammadova``
(the brief quotes the statement in full) on it (one run each, in a subprocess;
CPU seconds of the child, so a busy machine skews it less). It prints seconds per size and
the time per KB, which stays about the same when the time is linear. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HARBOUR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "harbour-talks.yaml"
PARAGRAPH = "the city would wait for the council's vote"
STATEMENT = 'text: "the city would wait for the council\'s vote"'
WORDS = "the harbour council mayor agreement summer vote city deal talks frank constructive waited".split()


def source(kb: int, folder: Path) -> Path:
    """Return the harbour fixture with a paragraph of ``kb`` thousand characters."""
    rng = random.Random(kb)
    sentences, size = [], 0
    while size < kb * 1000:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 20))).capitalize() + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    long = " ".join(sentences)
    text = HARBOUR.read_text(encoding="utf-8")
    assert text.count(PARAGRAPH) == 2 and text.count(STATEMENT) == 1  # in p5, and the statement
    text = text.replace(PARAGRAPH, f"{PARAGRAPH}: {long}")
    path = folder / f"long-{kb}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cpu(args: list[str]) -> float:
    """Return the CPU seconds (user + system) that the command took in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}
    subprocess.run([sys.executable, "-m", "kazan_export", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50,100,200,400")
    parser.add_argument("--full-only", action="store_true", help="skip the brief")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("| paragraph | pdf --full (s) | s per 100 KB | pdf --speaker, brief (s) | s per 100 KB |")
        print("|---|---|---|---|---|")
        for kb in (int(s) for s in options.sizes.split(",")):
            path = source(kb, folder)
            full = cpu(["pdf", "--full", str(path), "-o", str(folder / "full.pdf")])
            brief = None if options.full_only else cpu(["pdf", "--speaker", "mammadova", str(path),
                                                         "-o", str(folder / "brief.pdf")])
            tail = "— | —" if brief is None else f"{brief:.1f} | {brief / kb * 100:.2f}"
            print(f"| {kb} KB | {full:.1f} | {full / kb * 100:.2f} | {tail} |", flush=True)


if __name__ == "__main__":
    main()
