"""Builds that survive a power cut and a killed build's lock file (#14, points 3 and 4)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from kazan_export.commands.build.lock import LOCK
from kazan_export.outputs import write_atomic
from kazan_export.writers import OUTPUTS

FIXTURES = Path(__file__).parent.parent / "fixtures"
HARBOUR = FIXTURES / "harbour-talks.yaml"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}


def _record(monkeypatch) -> list[tuple[str, str]]:  # noqa: ANN001
    """Record every fsync (of a file or a folder, with its path) and every rename, in order."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file"
        events.append((kind, os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst) -> None:  # noqa: ANN001
        events.append(("rename", os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr("kazan_export.outputs.os.fsync", fsync)
    monkeypatch.setattr("kazan_export.outputs.os.replace", replace)
    return events


def test_write_atomic_flushes_the_folder_after_the_rename(tmp_path, monkeypatch):
    events = _record(monkeypatch)
    write_atomic(tmp_path / "one.bib", "text")
    target = str((tmp_path / "one.bib").resolve())
    assert [k for k, _ in events] == ["fsync-file", "rename", "fsync-dir"]
    assert events[1][1].endswith("one.bib") and events[2][1] == str(tmp_path.resolve())
    assert Path(target).read_text() == "text"
    events.clear()
    write_atomic(tmp_path / "two.bib", "text", durable=False)  # a build syncs the folder itself, once
    assert [k for k, _ in events] == ["fsync-file", "rename"]


def test_a_build_flushes_the_output_folder_after_the_manifest(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kazan_export.cli import app

    out = tmp_path / "out"
    for run in (1, 2):  # a new folder, then a rebuild over an existing manifest
        events = _record(monkeypatch)
        monkeypatch.setattr("kazan_export.commands.build.ledger.FLUSH_EVERY", 1e9)  # no manifest midway, however slow
        result = CliRunner().invoke(app, ["build", str(HARBOUR), "--out", str(out), "--jobs", "1"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        folder = str(out.resolve())
        renames = [i for i, (k, _) in enumerate(events) if k == "rename"]
        syncs = [i for i, (k, p) in enumerate(events) if k == "fsync-dir" and p == folder]
        assert events[renames[-1]][1].endswith("manifest.json")
        assert syncs and syncs[-1] > renames[-1], events  # the last renames are on disk before exit
        outputs = sum(len(made) for made in OUTPUTS.values())  # every format's files
        assert len(renames) == outputs + 1 + (run == 2)  # the outputs and the manifest (and the interrupted one first)
        if run == 2:  # the interrupted manifest is on disk before the first output is replaced
            assert events[renames[0]][1].endswith("manifest.json") and syncs[0] < renames[1], events
        assert sum(1 for k, _ in events if k == "fsync-file") == len(renames)
        monkeypatch.undo()


def test_a_manifest_written_midway_is_flushed_with_the_files_it_lists(tmp_path, monkeypatch):
    """(#14) A long build's manifests of the files written so far are each followed by a flush
    of the folder, so that after a power cut while it runs the last of them is on disk with
    every rename it counts on."""
    from typer.testing import CliRunner

    from kazan_export.cli import app

    out = tmp_path / "out"
    events = _record(monkeypatch)
    monkeypatch.setattr("kazan_export.commands.build.ledger.FLUSH_EVERY", 0)  # a manifest after every file
    result = CliRunner().invoke(app, ["build", str(HARBOUR), "--out", str(out), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    folder = str(out.resolve())
    manifests = [i for i, (k, p) in enumerate(events) if k == "rename" and p.endswith("manifest.json")]
    outputs = sum(len(made) for made in OUTPUTS.values())
    assert len(manifests) >= outputs  # one midway after each file, and the final one
    for i in manifests:
        assert events[i + 1] == ("fsync-dir", folder), events[i:i + 2]


def _hold_lock_and_die(out: Path) -> int:
    """Start a process that takes the build's lock on ``out``, SIGKILL it; return its pid."""
    code = ("import sys, time; from pathlib import Path; from kazan_export.commands.build.lock import FolderLock\n"
            "with FolderLock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    holder.stdout.close()
    return holder.pid


def test_a_lock_file_left_by_sigkill_does_not_block_the_next_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pid = _hold_lock_and_die(out)
    lock = out / LOCK
    assert lock.read_text().strip() == str(pid)  # the killed process could not remove it
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "build", str(HARBOUR), "--out", str(out)],
                          capture_output=True, text=True, timeout=120, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "waiting for another build" not in proc.stderr  # the kernel released the dead one's lock
    assert time.monotonic() - started < 60
    assert not lock.exists()  # reused, then removed when the build finished
    assert (out / "manifest.json").is_file()


def test_a_lock_file_of_a_killed_real_build_is_reused_and_removed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    text = HARBOUR.read_text(encoding="utf-8")
    for n in range(6):
        (src / f"s{n}.yaml").write_text(text.replace("\nid: harbour-talks\n", f"\nid: s{n}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "kazan_export", "build", str(src), "--out", str(out),
                              "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    lock = out / LOCK
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().strip()) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be killed holding its lock"
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert lock.exists()
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "build", str(src), "--out", str(out),
                           "--jobs", "1"], capture_output=True, text=True, timeout=300, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "waiting for another build" not in proc.stderr and not lock.exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # its .part files went too
