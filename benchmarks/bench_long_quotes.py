"""How ``ingest`` time grows with the number of quotations in one paragraph (#13): linearly?

Usage: ``python benchmarks/bench_long_quotes.py [--counts 125,250,500,1000,2000]``

For each count it writes a plain-text article (a title, a byline, a short first paragraph, then
one paragraph of that many quotations, “…,” said X. / X said: “…” / “…,” she added., with three
speakers named in turn and a reported sentence now and then) and times
``kazan-export ingest`` of it (one run each, in a subprocess; CPU seconds of the child, so a busy
machine skews it less). It prints seconds per count and the time per 100 quotations, which stays
about the same when the time is linear. About 3000 quotations make a draft larger than a source
may hold (2 MB): ingest refuses it, and the row says so. Nothing here is a test.
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

WORDS = ("the harbour council mayor agreement summer vote city deal talks frank constructive waited "
         "berths ferry strike port union wages night shift cargo").split()
SPEAKERS = ("Mayor Jana Novak", "Port director Ali Rahimov", "union leader Mary Okafor")


def article(count: int) -> str:
    """Return the text of an article with one paragraph of ``count`` quotations."""
    rng = random.Random(count)
    sentences = []
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        speaker = SPEAKERS[i % len(SPEAKERS)]
        shape = i % 4
        if shape == 0:
            sentences.append(f"“{words.capitalize()},” said {speaker}.")
        elif shape == 1:
            sentences.append(f"{speaker[0].upper() + speaker[1:]} said: “{words.capitalize()}.”")
        elif shape == 2:
            sentences.append(f"“{words.capitalize()},” she added.")
        else:
            sentences.append(f"“{words.capitalize()}.” {speaker[0].upper() + speaker[1:]} said that the {words}.")
    return "\n\n".join([
        "Harbour talks go on into the night", "By Anna Petrosyan",
        "Port Alder, June 3, 2021. The harbour talks went on for a second night.",
        " ".join(sentences)]) + "\n"


def cpu(args: list[str]) -> tuple[float, str]:
    """Return the CPU seconds (user + system) that the command took in a child process, and
    its error message ("" if it succeeded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}
    done = subprocess.run([sys.executable, "-m", "kazan_export", *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    error = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), error


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="125,250,500,1000,2000")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("| quotations | paragraph (KB) | ingest (s) | s per 100 quotations |")
        print("|---|---|---|---|")
        for count in (int(c) for c in options.counts.split(",")):
            path = folder / f"quotes-{count}.txt"
            text = article(count)
            path.write_text(text, encoding="utf-8")
            seconds, error = cpu(["ingest", str(path), "-o", str(folder / f"quotes-{count}.yaml"), "--force"])
            tail = f"refused: {error}" if error else f"{seconds / count * 100:.2f}"
            print(f"| {count} | {len(text) // 1000} | {seconds:.1f} | {tail} |", flush=True)


if __name__ == "__main__":
    main()
