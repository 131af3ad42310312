"""One build at a time per output folder: an exclusive lock on a file inside it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from kazan_export.errors import KazanError

LOCK = ".kazan-export.lock"


class FolderLock:
    """Hold an exclusive ``flock`` on ``FOLDER/.kazan-export.lock`` while a build writes there.

    A second build into the same folder waits until the first one has finished (calling
    ``waiting(pid)`` once, with the holder's process id if known); builds into different
    folders do not wait for each other. The kernel releases the lock when its process dies,
    however it dies, so a killed build never blocks the next one. The file is removed on
    release; where ``fcntl`` is missing (Windows), builds are not serialised.
    """

    def __init__(self, folder: Path, waiting: Callable[[int | None], None] | None = None):
        self.path = Path(folder) / LOCK
        self.waiting = waiting
        self.fd: int | None = None

    def __enter__(self) -> "FolderLock":
        """Take the lock, waiting for another build to finish. Raises KazanError if the lock
        file cannot be made; a file system without locks only gets a warning."""
        try:
            import fcntl
        except ImportError:
            return self
        told = False
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            except OSError as exc:
                raise KazanError(f"cannot make the build's lock file {self.path} ({exc.strerror}); "
                                 "choose another --out") from None
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if not told and self.waiting is not None:
                        self.waiting(_holder(fd))
                        told = True
                    fcntl.flock(fd, fcntl.LOCK_EX)  # a signal handler's exception ends the wait
                # the previous holder removes the file on release: lock the file that is there now
                try:
                    current = os.path.samestat(os.fstat(fd), os.stat(self.path))
                except FileNotFoundError:
                    current = False
            except OSError as exc:  # no locks here (some network or FUSE file systems)
                os.close(fd)
                print(f"warning: cannot lock {self.path.parent} ({exc.strerror}); two builds into it at "
                      "once would mix their files", file=sys.stderr)
                return self
            except BaseException:
                os.close(fd)
                raise
            if current:
                break
            os.close(fd)
        self.fd = fd
        try:  # who holds it, for the message of a build that waits (best effort: the disk may be full)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # while still holding it: a waiting build then re-opens a new file
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
