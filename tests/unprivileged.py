"""Run a check as a process that file permissions bind, also when the tests run as root (CI does).

Root reads a chmod-000 file, so a test of "cannot read" proves nothing as root. Here root drops
the two capabilities that let it past permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) in a
child process, for the child and every program it runs: the child keeps uid 0, so it still
reaches the interpreter, the checkout and the test's files (all root's own), but a file whose
mode denies its owner is denied to it, as to any user. (Switching to ``nobody`` instead would
need the interpreter and its libraries readable by nobody; under /root/.pyenv they are not.)
"""

from __future__ import annotations

import ctypes
import os
import pickle
import sys
from typing import Callable, TypeVar

T = TypeVar("T")

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SETPCAP = 1, 2, 8
CAPABILITY_VERSION_3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def why_not() -> str | None:
    """Return why permissions cannot be made to bind here (None when they can, or already do)."""
    if not hasattr(os, "geteuid"):
        return "no POSIX permissions on this system"
    if not ROOT:
        return None
    if not sys.platform.startswith("linux"):
        return "running as root, and dropping root's file capabilities needs Linux"
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            effective = next(int(line.split()[1], 16) for line in status if line.startswith("CapEff:"))
    except (OSError, StopIteration, ValueError):
        return "running as root, and /proc/self/status does not show root's capabilities"
    if not effective >> CAP_SETPCAP & 1:
        return "running as root without CAP_SETPCAP: root's file capabilities cannot be dropped"
    return None


def drop_file_override() -> None:
    """Make file permissions bind this process and what it runs (a no-op when not root).

    Raises OSError if the kernel refuses (then the caller's check would prove nothing).
    """
    if not ROOT:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):  # gone for good, also after exec
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl(PR_CAPBSET_DROP, {cap}) failed")
    header, data = _Header(CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    keep = ~(1 << CAP_DAC_OVERRIDE | 1 << CAP_DAC_READ_SEARCH) & 0xFFFFFFFF
    data[0].effective &= keep
    data[0].permitted &= keep
    data[0].inheritable &= keep
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def call_unprivileged(func: Callable[[], T]) -> T:
    """Return ``func()`` computed with file permissions binding: in a forked child when root.

    The result must pickle. Raises RuntimeError with the child's error if ``func`` failed there.
    """
    if not ROOT:
        return func()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest, whatever fails here
        try:
            os.close(read)
            try:
                drop_file_override()
                reply = pickle.dumps((True, func()))
            except BaseException as exc:  # noqa: BLE001  (reported to the parent, which raises)
                reply = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(reply)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        reply = pipe.read()
    os.waitpid(pid, 0)
    if not reply:
        raise RuntimeError("the unprivileged child died without a reply")
    ok, value = pickle.loads(reply)
    if not ok:
        raise RuntimeError(f"in the unprivileged child: {value}")
    return value
