"""What the benchmark scripts share: timing, their command line, the Markdown given to pandoc.

The scripts run as ``python benchmarks/NAME.py``, so this folder is on ``sys.path``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def timed(func, repeat: int) -> list[float]:  # noqa: ANN001
    """Return the seconds of each of ``repeat`` calls of ``func()``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def median_call(func, repeat: int) -> float:  # noqa: ANN001
    """Return the median seconds of ``func()`` over ``repeat`` calls after one warm-up call."""
    func()
    return statistics.median(timed(func, repeat))


def focused_median(render, article, repeat: int) -> tuple[str, float]:  # noqa: ANN001
    """Return the first statement's speaker and the median seconds of ``render(article,
    selection=…)`` focused on that speaker (a handout or brief for one person)."""
    from kazan_export.query import Selection

    speaker = article.entity[article.statements[0].speakers[0]].name
    return speaker, statistics.median(timed(lambda: render(article, selection=Selection(speaker=speaker)), repeat))


def render_options(description: str):  # noqa: ANN201
    """Return the parsed ``--repeat``/``--source`` options and the article they name.

    Sets ``SOURCE_DATE_EPOCH`` (unless set) so that every render does the same work.
    """
    from kazan_export.readers.source import load

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--source", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    return args, load(args.source)


def markdown(article) -> str:  # noqa: ANN001
    """Return the article as pandoc Markdown with the handout's footnotes at the same places:
    the same document that pandoc is asked to turn into a DOCX."""
    from kazan_export.writers.docx.text import note_positions, note_text

    marks = note_positions(article, article.statements)
    out, notes = [f"# {article.metadata.title}\n"], []
    for section in article.sections:
        if section.heading:
            out.append(f"## {section.heading.text}\n")
        for p in section.paragraphs:
            text, start, pieces = p.text, 0, []
            for pos, st in marks.get(p.id, []):
                notes.append("".join(t for t, _ in note_text(article, st)))
                pieces.append(text[start:pos] + f"[^{len(notes)}]")
                start = pos
            out.append("".join(pieces) + text[start:] + "\n")
    out += [f"{p.text}\n" for p in (*article.byline, *article.closing)]
    out += [f"[^{n}]: {note}\n" for n, note in enumerate(notes, 1)]
    return "\n".join(out)


def compile_package() -> None:
    """Write kazan-export's bytecode, as ``pip install`` does, so that no run compiles it.

    The libraries of the floor (python-docx, reportlab, bibtexparser) were installed with
    their bytecode; an editable install or a checkout has none until something writes it,
    and with PYTHONDONTWRITEBYTECODE set (as here, and in run()) nothing would, so every run
    would compile the package from source (~30 ms of CPU) and measure that instead.
    """
    import compileall
    import sys

    import kazan_export

    folder = Path(kazan_export.__file__).parent
    compileall.compile_dir(str(folder), quiet=1)
    print(f"bytecode of {folder} is compiled (as pip install does)", file=sys.stderr)
