"""Build every output for a batch of sources into one folder, with a manifest.

``run_build`` is what ``kazan-export build`` runs. For each source it renders the Word
handout (``<id>.docx``), the PDF briefing note (``<id>-briefing.pdf``), BibTeX and biblatex
(``<id>.bib``, ``<id>-biblatex.bib``) and CSL-JSON (``<id>.csl.json``), then writes
``manifest.json``. Sources are rendered in worker processes when ``jobs > 1``; workers load
and render and return the bytes, and only the main process writes, each file atomically
(:func:`kazan_export.outputs.write_atomic`), in the order the sources were given. A source
that fails is reported and skipped, and none of its outputs is replaced. One build at a
time writes into a folder (:mod:`~kazan_export.commands.build.lock`), and its manifest is
true whenever it stops (:mod:`~kazan_export.commands.build.ledger`).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from kazan_export.errors import KazanError, one_line

if TYPE_CHECKING:
    from pathlib import Path

# The entry point imports this package (for fork.py) before anything else, to fork the PDF
# helper as early as it can: the functions import what they need when a build runs.

SUFFIXES = (".yaml", ".yml")


def _unreadable(path: Path) -> str | None:
    """Return why ``path`` cannot be a source (not a regular file, or not readable), or None."""
    if not path.is_file():  # a pipe or device would block or never end
        return "is not a regular file (a pipe, device or socket); give YAML sources or folders of them"
    try:
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as exc:
        return f"cannot read the file ({exc.strerror}); check its permissions"
    return None


def find_sources(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Return the source files named by ``paths`` and a problem line for each bad path.

    A folder stands for every ``*.yaml`` and ``*.yml`` file below it, recursively, in
    sorted order, skipping hidden files and folders. A file given twice is built once.
    A path that does not exist, a folder with no sources, and a file that is not a regular
    readable file are problems (:func:`run_build` then builds nothing, as make stops).
    """
    found: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                problems.append(f"{path}:1:1: no *.yaml or *.yml sources in this folder")
        elif path.exists():
            files = [path]
        else:
            problems.append(f"{path}:1:1: no such file or folder; give YAML sources or folders of them")
            files = []
        for file in files:
            why = _unreadable(file)
            if why:
                problems.append(f"{file}:1:1: {why}")
                continue
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found, problems




def _prepare(out: Path) -> None:
    """Create ``out`` if needed and check that files can be written in it; raise KazanError."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except FileExistsError:
        raise KazanError(f"cannot use {out} as the output folder: it is a file") from None
    except OSError as exc:
        raise KazanError(f"cannot write to the output folder {out} ({exc.strerror}); "
                         "choose another --out") from None


def _write(result, out: Path, ledger, report, n: int) -> bool:  # noqa: ANN001
    """Write one source's outputs (or report its problems); record them; return True if built.

    A file that cannot be written (a full disk, a folder in its place) is reported and the
    source marked failed; its other files are still written, and the build goes on.
    """
    import hashlib
    from pathlib import Path

    from kazan_export.commands.build.manifest import display_name, safe_name
    from kazan_export.outputs import write_atomic

    for line in result.warnings:
        report.message(line if ": warning: " in line else f"warning: {line}")
    stem = safe_name(result.id) if result.id else None
    entry = {"path": display_name(Path(result.source)), "sha256": result.sha256, "id": result.id}
    if result.ok:
        clash = ledger.claim(result.source, result.id, stem, [f"{stem}{suffix}" for _, suffix, _ in result.outputs])
        if clash:
            result.problems.append(f"{result.source}:{result.id_line}:1: {clash}")
    if not result.ok:
        for line in result.problems:
            report.message(line)
        ledger.source({**entry, "status": "failed", "outputs": []})
        report.advance(f"failed {result.source}", n)
        return False
    record = ledger.source({**entry, "status": "built", "outputs": []})
    for fmt, suffix, data in result.outputs:
        target = out / f"{stem}{suffix}"
        try:
            if target.resolve().parent != out.resolve():  # safe_name forbids it; a link may not
                raise KazanError(f"{target}: refusing to write outside {out}")
            ledger.touching = True
            write_atomic(target, data, clean=False, durable=False)  # the folder is synced at the end
        except KazanError as exc:
            report.message(f"error: {exc}")
            record["status"] = "failed"
            continue
        ledger.wrote({"path": target.name, "format": fmt, "size": len(data),
                      "sha256": hashlib.sha256(data).hexdigest(), "source": entry["path"]})
        record["outputs"].append(target.name)
    built = record["status"] == "built"
    report.advance(f"built {stem}" if built else f"failed {result.source}", n)
    return built


def run_build(sources: list[Path], out: Path, formats: list[str], jobs: int = 1) -> int:
    """Build every output of every source into ``out``; return the exit code (0, 1 or 2).

    ``jobs`` is the number of processes (0 or less: one per usable CPU). Problems are printed
    on stderr, one per line. Builds into one folder are serialised (a lock in it), and
    ``manifest.json`` is true of the files it lists whenever the build stops (see
    :mod:`~kazan_export.commands.build.ledger`). Raises :class:`KazanError` if ``out`` or its
    manifest cannot be written or ``SOURCE_DATE_EPOCH`` is malformed, and lets
    KeyboardInterrupt through (:class:`~kazan_export.errors.Interrupted` for SIGTERM and SIGHUP).
    """
    from pathlib import Path

    from kazan_export import resources
    from kazan_export.commands.build.jobs import Renderer
    from kazan_export.commands.build.ledger import Ledger
    from kazan_export.commands.build.lock import FolderLock
    from kazan_export.commands.build.manifest import MANIFEST, display_name
    from kazan_export.commands.build.progress import Reporter
    from kazan_export.commands.build.signals import interrupts
    from kazan_export.outputs import clean_parts
    from kazan_export.writers import FORMATS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        print(f"error: unknown format {', '.join(map(repr, unknown)) or '(none)'}; "
              f"choose from {','.join(FORMATS)}", file=sys.stderr)
        return 2
    wanted = tuple(f for f in FORMATS if f in formats)
    paths, problems = find_sources([Path(s) for s in sources] or [resources.default_source()])
    if problems:  # a typo in a path: stop before anything is made or rewritten, as make does
        for line in problems:
            print(one_line(line), file=sys.stderr)
        print(one_line(f"error: nothing was built and {out}/ was not touched; fix the source "
                       f"path{'s' if len(problems) > 1 else ''} above"), file=sys.stderr)
        return 1
    if jobs <= 0:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    failed = 0

    def waiting(pid: int | None) -> None:
        holder = f" (process {pid})" if pid else ""
        print(f"waiting for another build into {out}/{holder} to finish", file=sys.stderr, flush=True)

    # The workers start first (they import the writers while this process checks the rest);
    # leaving the block early, on a bad SOURCE_DATE_EPOCH or --out, stops them.
    with interrupts(), Renderer(paths, wanted, jobs) as renderer:
        from kazan_export.epoch import source_date_epoch

        epoch = source_date_epoch()
        _prepare(out)
        with FolderLock(out, waiting):
            clean_parts(out)  # temporaries of builds that were killed: the lock says none runs
            ledger = Ledger(out, epoch, [display_name(p) for p in paths])
            ledger.begin()
            try:
                with Reporter(len(paths)) as report:
                    for n, result in enumerate(renderer, start=1):
                        failed += not _write(result, out, ledger, report, n)
            except BaseException:  # stopped (a signal, a dead worker): say so, and what is true
                try:
                    ledger.finish(interrupted=True)
                except KazanError as exc:  # the manifest already there is still true
                    print(f"error: {exc}", file=sys.stderr)
                raise
            ledger.finish()
        ok = sum(1 for b in ledger.sources if b["status"] == "built")
        print(f"{ok} of {ok + failed} source(s) built into {out}/ ({len(ledger.outputs)} files, {MANIFEST})"
              + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0
