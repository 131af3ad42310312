"""Writing one output file (#14): what the target is decides how it is written, never replaced blindly."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kazan_export.errors import KazanError
from kazan_export.outputs import clean_parts, part_name, stream_number, write_atomic

FIXTURES = Path(__file__).parent / "fixtures"
HARBOUR = FIXTURES / "harbour-talks.yaml"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(args: list[str], umask: int | None = None, **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    """Run the real command line in a subprocess (``umask`` set in the child only)."""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "kazan_export", *args], capture_output=True,
                          preexec_fn=preexec, timeout=300, **kwargs)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# -- targets that are not regular files -------------------------------------------------------

def test_a_character_device_is_written_to_and_stays_a_device(tmp_path):
    if ROOT:  # root could replace /dev/null itself: use a private node of the same device
        null = tmp_path / "null"
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        null = Path("/dev/null")
    before = os.stat(null)
    proc = run(["bib", str(HARBOUR), "-o", str(null)])
    assert proc.returncode == 0, proc.stderr
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert not [p for p in null.parent.iterdir() if p.name.endswith(".part")]


def test_dev_stdout_and_dash_write_to_standard_output():
    expected = run(["csl", str(HARBOUR)]).stdout
    assert expected.startswith(b"[")
    link = os.lstat("/dev/stdout") if os.path.lexists("/dev/stdout") else None
    for target in ("/dev/stdout", "-"):
        proc = run(["csl", str(HARBOUR), "-o", target])
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == expected, target
    if link is not None:  # the link is still the system's link, not a 16 KB file
        now = os.lstat("/dev/stdout")
        assert (now.st_ino, stat.S_IFMT(now.st_mode)) == (link.st_ino, stat.S_IFMT(link.st_mode))


def test_dash_sends_a_docx_to_standard_output_and_makes_no_file(tmp_path):
    proc = run(["docx", str(HARBOUR), "-o", "-"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"PK\x03\x04")  # a zip: the DOCX itself
    import io

    import docx

    assert any("Harbour talks" in p.text for p in docx.Document(io.BytesIO(proc.stdout)).paragraphs)
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_standard_output_is_followed_not_replaced(tmp_path):
    link = tmp_path / "to-stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = run(["csl", str(HARBOUR), "-o", str(link)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"[") and link.is_symlink()


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("kind", ["folder", "socket", "block device"])
def test_a_folder_socket_or_block_device_is_refused_and_left_alone(tmp_path, kind):
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
        (target / "inside").write_text("keep")
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    else:
        if not ROOT:
            pytest.skip("making a block device node needs root")
        os.mknod(target, stat.S_IFBLK | 0o600, os.makedev(7, 250))  # a loop device nobody set up
    before = os.lstat(target)
    with pytest.raises(KazanError, match=f"is a {kind}, not a file; refusing to replace it"):
        write_atomic(target, b"data")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]
    proc = run(["csl", str(HARBOUR), "-o", str(target)])  # the command line: one line, exit 1
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().splitlines() == [
        f"error: {target}: is a {kind}, not a file; refusing to replace it, choose a file name"]


def test_a_symbolic_link_keeps_pointing_at_its_file_which_is_replaced(tmp_path):
    real = tmp_path / "real.bib"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.bib"
    link.symlink_to("real.bib")
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.bib"
    assert real.read_text() == "new" and mode(real) == 0o640


def test_a_dangling_link_is_refused(tmp_path):
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(KazanError, match="symbolic link .* which does not exist"):
        write_atomic(link, "x")
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_stream_names():
    assert [stream_number(p) for p in ("-", "/dev/stdout", "/dev/stderr", "/dev/fd/7", "/proc/self/fd/3")] == [1, 1, 2, 7, 3]
    assert [stream_number(p) for p in ("", "out.bib", "/dev/null", "./-", "/dev/fd/x")] == [None] * 5


# -- permissions ------------------------------------------------------------------------------

@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077, 0o002])
def test_a_new_file_follows_the_umask(tmp_path, umask):
    target = tmp_path / "new.bib"
    proc = run(["bib", str(HARBOUR), "-o", str(target)], umask=umask)
    assert proc.returncode == 0, proc.stderr
    assert mode(target) == 0o666 & ~umask


@pytest.mark.parametrize("existing", [0o600, 0o640, 0o664, 0o444])
def test_an_existing_file_keeps_its_mode(tmp_path, existing):
    target = tmp_path / "old.bib"
    target.write_text("old")
    target.chmod(existing)
    write_atomic(target, "new")
    assert target.read_text() == "new" and mode(target) == existing


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_root_keeps_an_existing_files_owner(tmp_path):
    target = tmp_path / "theirs.bib"
    target.write_text("old")
    os.chown(target, 4321, 4321)
    write_atomic(target, "new")
    info = os.stat(target)
    assert (info.st_uid, info.st_gid) == (4321, 4321)


# -- names and temporary files ---------------------------------------------------------------

@pytest.mark.parametrize("length", [245, 255])
def test_a_long_output_name_fits_its_temporary_name(tmp_path, length):
    name = "n" * (length - len(".bib")) + ".bib"
    proc = run(["bib", str(HARBOUR), "-o", str(tmp_path / name)])
    assert proc.returncode == 0, proc.stderr
    assert b"@article{" in (tmp_path / name).read_bytes()
    assert len(os.fsencode(part_name("é" * 200))) <= 255
    assert part_name("é" * 200).encode("utf-8")  # never cut inside a character


def test_temporary_files_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    leftover = tmp_path / f".out.bib.{dead}-0123abcd.part"
    live = tmp_path / f".out.bib.{os.getpid()}-89abcdef.part"
    other = tmp_path / ".someone-else.part"
    for path in (leftover, live, other):
        path.write_text("half")
    write_atomic(tmp_path / "out.bib", "whole")
    assert not leftover.exists() and live.exists() and other.exists()
    assert clean_parts(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "keep.bib"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kazan_export.outputs.os.fsync", full)
    with pytest.raises(KazanError, match="No space left on device"):
        write_atomic(target, "new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.bib"]


def test_a_ctrl_c_right_after_the_temporary_file_is_made_leaves_no_part(tmp_path, monkeypatch):
    """SIGINT lands just after the ``.part`` is created (found under load: a parallel build
    stopped by Ctrl-C left one): it is raised inside the write, which removes the file."""
    import signal

    import kazan_export.outputs as outputs

    real_open = os.open

    def open_then_interrupt(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if str(path).endswith(".part"):
            os.kill(os.getpid(), signal.SIGINT)
        return fd

    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(outputs.os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        outputs.write_atomic(target, "new")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert target.read_text(encoding="utf-8") == "old"
