"""A build that never loses, mislabels or leaks (#14): faults, signals, clashes and concurrent builds.

After any build, finished or not, every file ``manifest.json`` lists (in ``outputs`` and
``kept``) has the listed size and hash; one failing source does not stop the others; two
builds into one folder are serialised; no worker process outlives its build.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kazan_export.writers import OUTPUTS

FIXTURES = Path(__file__).parent.parent / "fixtures"
HARBOUR = FIXTURES / "harbour-talks.yaml"
SUFFIXES = tuple(suffix for made in OUTPUTS.values() for _, suffix, *_ in made)  # every output, ".docx" first
SEED = int(os.environ.get("KAZAN_FAULT_SEED", "14"))


def variant(folder: Path, article_id: str, title: str | None = None, name: str | None = None) -> Path:
    """Write a copy of the harbour fixture with another id (and title); return its path."""
    text = HARBOUR.read_text(encoding="utf-8").replace("\nid: harbour-talks\n", f"\nid: {article_id}\n", 1)
    if title:
        text = text.replace("Harbour talks", title)
    path = folder / (name or f"{article_id}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kazan_export", "build", *args]


def build(*args: str, umask: int | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=600, preexec_fn=preexec,
                          cwd=cwd, env={**os.environ, "SOURCE_DATE_EPOCH": "1309000000"})


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def true_manifest(out: Path, where: str = "") -> dict:
    """Assert every file the manifest lists (outputs and kept) has its listed size and hash; return it."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = manifest["outputs"] + manifest.get("kept", [])
    names = [entry["path"] for entry in listed]
    assert len(names) == len(set(names)), f"{where}: a file is listed twice: {names}"
    for entry in listed:
        path = out / entry["path"]
        assert path.is_file(), f"{where}: {entry['path']} is listed but missing"
        assert (path.stat().st_size, sha(path)) == (entry["size"], entry["sha256"]), f"{where}: {entry['path']}"
    stale = {s["path"] for s in manifest.get("stale", [])}
    assert not stale & set(names), where
    return manifest


def descendants(pid: int) -> set[int]:
    """Return the ids of every living (not zombie) process below ``pid``, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    living.add(pid)
        except OSError:
            pass
    return living


def wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids)


# -- two outputs with one name (point 2) ------------------------------------------------------

@pytest.mark.parametrize("order", [("x", "x-biblatex"), ("x-biblatex", "x")])
def test_an_output_name_two_sources_would_share_fails_the_second(tmp_path, order):
    paths = [variant(tmp_path / "src", article_id, name=f"{n}-{article_id}.yaml") for n, article_id in enumerate(order)]
    out = tmp_path / "out"
    proc = build(*map(str, paths), "--out", str(out), "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    first, second = order
    assert f"output x-biblatex.bib of article '{second}' would overwrite the same file of article '{first}'" in proc.stderr
    manifest = true_manifest(out)
    assert {o["path"] for o in manifest["outputs"]} == {first + s for s in SUFFIXES}
    assert [s["status"] for s in manifest["sources"]] == ["built", "failed"]
    assert {p.name for p in out.iterdir()} == {first + s for s in SUFFIXES} | {"manifest.json"}
    assert "1 of 2 source(s) built" in proc.stderr and f"({len(SUFFIXES)} files" in proc.stderr


# -- the manifest stays true (point 3) --------------------------------------------------------

def test_an_output_name_taken_by_a_folder_fails_that_source_only(tmp_path):
    src = tmp_path / "src"
    variant(src, "alpha"), variant(src, "beta")
    out = tmp_path / "out"
    (out / "alpha.docx").mkdir(parents=True)
    (out / "alpha.docx" / "mine.txt").write_text("keep")
    proc = build(str(src), "--out", str(out), "--jobs", "2")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{out / 'alpha.docx'}: is a folder, not a file" in proc.stderr
    manifest = true_manifest(out)
    assert {o["path"] for o in manifest["outputs"]} == {f"alpha{s}" for s in SUFFIXES[1:]} | {f"beta{s}" for s in SUFFIXES}
    assert {s["id"]: s["status"] for s in manifest["sources"]} == {"alpha": "failed", "beta": "built"}
    assert (out / "alpha.docx" / "mine.txt").read_text() == "keep"


def test_a_rebuild_whose_source_now_fails_keeps_its_old_files_listed(tmp_path):
    source = variant(tmp_path / "src", "gamma")
    out = tmp_path / "out"
    assert build(str(source), "--out", str(out)).returncode == 0
    before = {p.name: sha(p) for p in out.iterdir() if p.name != "manifest.json"}
    source.write_text(source.read_text(encoding="utf-8").replace("  language: en\n", "  language: 7\n", 1), encoding="utf-8")
    proc = build(str(source), "--out", str(out))
    assert proc.returncode == 1
    manifest = true_manifest(out)
    assert manifest["outputs"] == [] and manifest["sources"][0]["status"] == "failed"
    assert {k["path"]: k["sha256"] for k in manifest["kept"]} == before  # still there, still true
    assert "interrupted" not in manifest and "stale" not in manifest


def test_a_source_file_name_that_is_not_utf8_is_built_and_listed(tmp_path):
    src = tmp_path / "src"
    variant(src, "delta")
    os.rename(src / "delta.yaml", os.fsencode(src) + b"/caf\xe9.yaml")
    out = tmp_path / "out"
    proc = build(str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    manifest = true_manifest(out)
    assert manifest["sources"][0]["path"].endswith("caf\\xe9.yaml")
    assert len(manifest["outputs"]) == len(SUFFIXES)  # every output of the registry, RIS included (#12)


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({done.stderr.strip() or 'mount refused'}); "
                    "needs root and CAP_SYS_ADMIN")


def _blocks(size: int) -> int:
    return -(-size // 4096) * 4096  # tmpfs gives files whole 4 KB pages


@pytest.fixture
def small_disk(tmp_path):
    """Return a file system, unmounted afterwards, sized from a real build of one harbour
    variant (so it holds whatever the registry builds): one whole build, the small outputs
    (all but the PDF) of two more sources and 24 KB for the manifest, so a second PDF (~90 KB)
    does not fit."""
    probe = tmp_path / "probe"
    assert build(str(variant(tmp_path / "probe-src", "probe")), "--out", str(probe)).returncode == 0
    sizes = {p.name: _blocks(p.stat().st_size) for p in probe.iterdir() if p.name != "manifest.json"}
    pdf = sum(v for k, v in sizes.items() if k.endswith(".pdf"))
    small = sum(sizes.values()) - pdf
    disk = tmp_path / "disk"
    room = sum(sizes.values()) + 2 * small + 6 * 4096
    # the second source writes its DOCX first, then its PDF: that must not fit
    assert room - sum(sizes.values()) - sizes["probe.docx"] < pdf, "a second PDF would fit"
    _mount_tmpfs(disk, f"{room // 1024}k")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_disk_that_fills_part_way_leaves_a_true_manifest(tmp_path, small_disk, jobs):
    src = tmp_path / "src"
    for n in range(3):
        variant(src, f"full-{n}")
    out = small_disk / "out"
    proc = build(str(src), "--out", str(out), "--jobs", jobs)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "No space left on device" in proc.stderr
    manifest = true_manifest(out)  # written, true, and it says what failed
    assert [s["status"] for s in manifest["sources"]][0] == "built", proc.stderr
    assert "failed" in [s["status"] for s in manifest["sources"]], proc.stderr
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    # the same build into the full disk again: the old files stay listed only where still true
    proc = build(str(src), "--out", str(out), "--jobs", jobs)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    true_manifest(out)


def test_a_disk_too_full_for_the_manifest_keeps_the_old_one_true(tmp_path, small_disk):
    out = small_disk / "out"
    source = variant(tmp_path / "src", "epsilon")
    assert build(str(source), "--out", str(out)).returncode == 0
    with open(small_disk / "filler", "wb", buffering=0) as filler:  # fill what is left
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass
    source.write_text(source.read_text(encoding="utf-8").replace("Harbour talks", "Changed talks"), encoding="utf-8")
    proc = build(str(source), "--out", str(out))
    assert proc.returncode == 1 and "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    true_manifest(out)


def test_a_disk_that_fills_in_process_is_reported_per_file(tmp_path, monkeypatch):
    """The same without a mount: the third fsync of the build finds the disk full."""
    from typer.testing import CliRunner

    from kazan_export.cli import app

    src = tmp_path / "src"
    variant(src, "zeta-0"), variant(src, "zeta-1")
    out = tmp_path / "out"
    real = os.fsync
    calls = []

    def filling(fd: int) -> None:
        calls.append(fd)
        if len(calls) in (3, 4):
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr("kazan_export.outputs.os.fsync", filling)
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(out), "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.count("No space left on device") == 2
    manifest = true_manifest(out)
    assert {s["id"]: s["status"] for s in manifest["sources"]} == {"zeta-0": "failed", "zeta-1": "built"}
    assert len(manifest["outputs"]) == 2 * len(SUFFIXES) - 2  # zeta-0 lost its 3rd and 4th outputs


# -- signals at random points, and no orphans (points 3 and 9) ---------------------------------

def _kill_at_random(tmp_path: Path, rng: random.Random, sig: int, jobs: str, sources: int, run: int,
                    took: dict) -> None:
    """Build (no SOURCE_DATE_EPOCH: every build's bytes differ) and send ``sig`` at a random
    moment of it; the first build of each kind runs whole, to time it and leave a manifest."""
    src = tmp_path / f"src-{sources}"
    out = tmp_path / "out"
    if (jobs, sources) not in took:
        for n in range(sources):
            variant(src, f"sig-{n}", title=f"Signal {n}")
        start = time.monotonic()
        assert subprocess.run(command(str(src), "--out", str(out), "--jobs", jobs), capture_output=True,
                              timeout=600).returncode == 0
        took[(jobs, sources)] = time.monotonic() - start
    proc = subprocess.Popen(command(str(src), "--out", str(out), "--jobs", jobs),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    delay = rng.uniform(0.0, took[(jobs, sources)])
    workers: set[int] = set()
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= descendants(proc.pid)
        time.sleep(0.01)
    where = f"run {run}: {signal.Signals(sig).name} after {delay:.2f} s, --jobs {jobs}, {sources} sources (seed {SEED})"
    if proc.poll() is None:
        workers |= descendants(proc.pid)
        proc.send_signal(sig)
    try:  # a worker that outlives the build holds stderr open: that is a failure, not a hang
        err = proc.communicate(timeout=120)[1].decode(errors="replace")
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"{where}: stderr still open 120 s later (workers {sorted(alive(workers))} outlived the build)")
    code = proc.returncode
    assert "Traceback" not in err, where + "\n" + err
    assert code in (0, 128 + sig, -sig), where + "\n" + err
    assert not wait_gone(workers), f"{where}: workers outlived the build"
    if (out / "manifest.json").exists():
        manifest = true_manifest(out, where)
        if not manifest.get("interrupted"):  # finished before the signal took effect: complete
            assert all(s["status"] == "built" for s in manifest["sources"]), where
    else:
        assert code != 0, where


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_killed_at_random_points_leaves_a_true_manifest_and_no_workers(tmp_path, sig):
    rng = random.Random(SEED * 100 + sig)
    took: dict = {}
    for run, (jobs, sources) in enumerate([("2", 4), ("2", 1), ("1", 2), rng.choice([("2", 4), ("2", 1)])]):
        _kill_at_random(tmp_path, rng, sig, jobs, sources, run, took)
    # whatever was left, the next build finishes, cleans the temporaries and is wholly true
    proc = build(str(tmp_path / "src-4") if (tmp_path / "src-4").exists() else str(HARBOUR), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    manifest = true_manifest(tmp_path / "out")
    assert "interrupted" not in manifest
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


def test_pool_workers_die_with_a_killed_build(tmp_path):
    src = tmp_path / "src"
    for n in range(6):
        variant(src, f"orphan-{n}")
    proc = subprocess.Popen(command(str(src), "--out", str(tmp_path / "out"), "--jobs", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = descendants(proc.pid)
            time.sleep(0.02)
        assert len(workers) >= 2, "the build never started its workers"
        proc.kill()
        proc.wait(timeout=30)
        assert not wait_gone(workers), "pool workers outlived a SIGKILLed build"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sigterm_is_an_interrupted_build_with_exit_code_143(tmp_path):
    src = tmp_path / "src"
    for n in range(6):
        variant(src, f"term-{n}")
    out = tmp_path / "out"
    proc = subprocess.Popen(command(str(src), "--out", str(out), "--jobs", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        while line and not line.startswith("built "):
            line = proc.stderr.readline()
        assert line.startswith("built term-0 (1/6)"), line
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=120)[1]  # a worker left behind would hold stderr open
        assert proc.returncode == 143
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert "interrupted" in rest and "Traceback" not in rest
    manifest = true_manifest(out)
    assert manifest["interrupted"] is True
    assert {f"term-0{s}" for s in SUFFIXES} <= {o["path"] for o in manifest["outputs"]}


def test_temporaries_left_by_a_killed_build_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (out / f".harbour-talks.docx.{dead}-0123abcd.part").write_bytes(b"half a docx")
    proc = build(str(HARBOUR), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


# -- two builds into one folder at once (point 3) --------------------------------------------

def test_two_builds_into_one_folder_are_serialised(tmp_path):
    out = tmp_path / "out"
    trees = {}
    for side in ("a", "b"):
        trees[side] = tmp_path / f"src-{side}"
        for n in range(3):
            variant(trees[side], f"both-{n}", title=f"Side {side.upper()} talks")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}
    procs = [subprocess.Popen(command(str(trees[side]), "--out", str(out), "--jobs", "1"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for side in ("a", "b")]
    errs = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert any("waiting for another build" in e for e in errs), errs  # one of them waited its turn
    manifest = true_manifest(out)
    assert len(manifest["outputs"]) == 3 * len(SUFFIXES)
    sides = {json.loads((out / f"both-{n}.csl.json").read_text(encoding="utf-8"))[0]["title"] for n in range(3)}
    assert len(sides) == 1  # one build's files throughout, not a mixture
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


# -- permissions through a build (point 8) ----------------------------------------------------

def test_build_outputs_follow_the_umask_and_keep_existing_modes(tmp_path):
    out = tmp_path / "out"
    assert build(str(HARBOUR), "--out", str(out), umask=0o027).returncode == 0
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {
        name: 0o640 for name in [f"harbour-talks{s}" for s in SUFFIXES] + ["manifest.json"]}
    (out / "harbour-talks.docx").chmod(0o600)
    assert build(str(HARBOUR), "--out", str(out), umask=0o022).returncode == 0
    assert stat.S_IMODE((out / "harbour-talks.docx").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "harbour-talks.bib").stat().st_mode) == 0o640



# -- small things (point 12) -----------------------------------------------------------------

def test_an_empty_out_is_a_usage_error_and_writes_nothing(tmp_path):
    proc = build(str(HARBOUR), "--out", "", cwd=tmp_path)
    assert proc.returncode == 2 and "--out" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_signal_inside_a_reportlab_flowable_is_still_that_signal():
    """reportlab re-raises an exception from a container's wrap as ``type(exc)(message)``
    (annotateException): a SIGTERM that lands there must still exit 143 with one line, not a
    TypeError traceback (seen in the random-kill test above, once in a few runs)."""
    import io

    import typer
    from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate

    from kazan_export.cli_support import guarded
    from kazan_export.errors import Interrupted

    class Stopped(Flowable):
        def wrap(self, width, height):  # noqa: ANN001, ANN201
            raise Interrupted(signal.SIGTERM.value)  # as signals.stop raises it

    def render() -> None:
        SimpleDocTemplate(io.BytesIO()).build([KeepTogether([Stopped()])])

    with pytest.raises(Interrupted) as caught:
        render()
    assert isinstance(caught.value.__context__, Interrupted)  # reportlab did re-make it
    assert caught.value.signum == 15
    with pytest.raises(typer.Exit) as exited:
        guarded(render)()
    assert exited.value.exit_code == 143
