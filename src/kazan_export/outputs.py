"""Write output files safely: regular files atomically, devices, FIFOs and standard output directly."""

from __future__ import annotations

import os
import re
import secrets
import signal
import stat
import sys
from pathlib import Path

from kazan_export.errors import KazanError

STDOUT = "-"  # ``-o -``: standard output
PART = re.compile(r"^\..*\.(\d+)-[0-9a-f]{8}\.part$")  # our temporary files: .NAME.PID-RANDOM.part
MAX_NAME = 255  # bytes in a file name on every common file system
# names that stand for an open file descriptor rather than a file (Linux, macOS, the BSDs)
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}
# device names Windows reserves in every folder, with or without an extension (CON.docx too)
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))})


def write_atomic(path: str | os.PathLike, data: bytes | str, *, clean: bool = True, durable: bool = True) -> Path:
    """Write ``data`` to ``path``; readers see the old file or the whole new one, never a part.

    A regular file (or a missing one) is replaced atomically: a temporary file in the same
    folder, flushed to disk, then renamed over it; a new file gets the umask's permissions and
    an existing one keeps its mode (and, for root, its owner). A symbolic link is followed, so
    the link stays and its target is replaced. ``-``, ``/dev/stdout``, ``/dev/stderr`` and
    ``/dev/fd/N`` write to that stream; a character device (``/dev/null``, a terminal) or a
    FIFO is written to directly, never replaced. ``clean`` removes temporary files in the folder
    that a killed process left behind. ``durable`` then flushes the folder too
    (:func:`sync_folder`), so that the rename survives a power cut; a build passes False and
    syncs the folder once, after its manifest. Returns the path. Raises :class:`KazanError` for a
    folder, block device, socket or dangling link, or when the file cannot be written; an
    existing file is not touched on failure.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    path = Path(path)
    stream = stream_number(path)
    if stream is not None:
        _write_stream(path, stream, payload)
        return path
    try:
        info = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        if os.path.islink(path):
            raise KazanError(f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist; "
                             "create its target or choose another file") from None
        info = None
    except OSError as exc:
        raise KazanError(f"{path}: cannot write the file ({exc.strerror})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            _write_direct(path, payload)
            return path
        raise KazanError(f"{path}: is {_kind(info.st_mode)}, not a file; refusing to replace it, "
                         "choose a file name")
    target = Path(os.path.realpath(path)) if info is not None and os.path.islink(path) else path
    _replace(target, payload, info, clean)
    if durable:
        sync_folder(target.parent)
    return path


def sync_folder(folder: str | os.PathLike) -> bool:
    """Flush ``folder``'s entries (the renames made in it) to disk; return True if it was flushed.

    A renamed file's data is on disk once it is ``fsync``ed, but the new name is an entry of
    the folder, which is only durable once the folder itself is ``fsync``ed. Where a folder
    cannot be opened or flushed (Windows, some network file systems) this does nothing.
    """
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return False
    try:
        os.fsync(fd)
    except OSError:  # EINVAL: a file system that does not sync folders
        return False
    finally:
        os.close(fd)
    return True


def windows_reserved(name: str) -> bool:
    """Return True if Windows cannot make a file named ``name`` or ``name.EXT`` (``CON``, ``nul.x``, ``LPT1``)."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def stream_number(path: str | os.PathLike) -> int | None:
    """Return the file descriptor that ``path`` names (``-`` is 1, ``/dev/stderr`` 2), or None."""
    text = os.fspath(path)
    if isinstance(text, bytes) or text == "":
        return None
    if text == STDOUT:
        return 1
    text = os.path.abspath(text)
    if text in _STREAMS:
        return _STREAMS[text]
    match = _FD_PATH.match(text)
    return int(match[1]) if match else None


def clean_parts(folder: str | os.PathLike) -> list[str]:
    """Remove the temporary files in ``folder`` whose writing process is gone; return their names.

    A temporary file is named ``.NAME.PID-RANDOM.part``; one whose process still runs (or
    that is not ours) is left alone. Errors are ignored: this is tidying, not writing.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = PART.match(entry.name)
        if match is None or _alive(int(match[1])):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            pass
    return removed


def part_name(name: str) -> str:
    """Return a fresh temporary name for ``name``, shortened to fit :data:`MAX_NAME` bytes."""
    tail = f".{os.getpid()}-{secrets.token_hex(4)}.part"
    room = MAX_NAME - 1 - len(tail)
    head = os.fsencode(name)
    if len(head) > room:
        head = head[:room].decode("utf-8", "ignore").encode("utf-8") if _utf8(head) else head[:room]
    return "." + os.fsdecode(head) + tail


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or a platform without signals: leave it
        return True
    return True


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _replace(target: Path, payload: bytes, old: os.stat_result | None, clean: bool) -> None:
    """Write ``payload`` to a temporary file beside ``target`` and rename it over ``target``."""
    folder = target.parent
    if not folder.is_dir():
        raise KazanError(f"{target}: the folder {folder} does not exist; create it or choose another -o")
    if clean:
        clean_parts(folder)
    # The stop signals wait from the temporary file's making until this ``try`` holds it, so
    # that a Ctrl-C or SIGTERM cannot land in between and leave a stray ``.part``: a signal
    # that came meanwhile is raised at the unblocking, inside the ``try``, which removes it.
    blocked = block_stops()
    tmp = None
    try:
        tmp, fd = _create_part(target, 0o666 if old is None else 0o600)
        blocked = unblock_stops(blocked)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if old is not None:
                _keep_mode(handle.fileno(), old)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        unblock_stops(blocked)
        if isinstance(exc, OSError):
            raise KazanError(f"{target}: cannot write the file ({exc.strerror})") from None
        raise


_STOPS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


def block_stops() -> object:
    """Hold back SIGINT, SIGTERM and SIGHUP; return what :func:`unblock_stops` needs (None where
    signals cannot be held back, as on Windows)."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if hasattr(signal, "pthread_sigmask") else None


def unblock_stops(before: object) -> None:
    """Restore the signal mask :func:`block_stops` changed (a held-back signal is raised now);
    return None."""
    if before is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _create_part(target: Path, mode: int) -> tuple[Path, int]:
    """Return a new temporary file beside ``target`` and its descriptor. Raises :class:`KazanError`."""
    folder = target.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(5):
        tmp = folder / part_name(target.name)
        try:
            # a new file: 0o666 minus the umask, applied by the system as for any new file
            return tmp, os.open(tmp, flags, mode)
        except FileExistsError:
            continue
        except OSError as exc:
            raise KazanError(f"{target}: cannot write to {folder} ({exc.strerror})") from None
    raise KazanError(f"{target}: cannot make a temporary file in {folder}")


def _keep_mode(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's permissions (and, where allowed, its owner and group)."""
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.fchown(fd, old.st_uid if os.geteuid() == 0 else -1, old.st_gid)
        except OSError:  # not root and not in that group: the file becomes ours
            pass
    os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)


def _write_direct(path: Path, payload: bytes) -> None:
    """Write to a device or FIFO in place (opening a FIFO waits for its reader)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise KazanError(f"{path}: cannot open it for writing ({exc.strerror})") from None
    try:
        _write_all(path, fd, payload)
    finally:
        os.close(fd)


def _write_stream(path: Path, number: int, payload: bytes) -> None:
    """Write to an open file descriptor (standard output for ``-``), flushing Python's buffer first."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.fileno() == number:
                stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    _write_all(path, number, payload)


def _write_all(path: Path, fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    try:
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = "standard output" if str(path) == STDOUT else str(path)
        raise KazanError(f"{where}: cannot write ({exc.strerror})") from None
