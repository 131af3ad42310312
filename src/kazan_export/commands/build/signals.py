"""Signals in a build: SIGTERM and SIGHUP stop it like Ctrl-C, and its workers die with it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from kazan_export.errors import Interrupted

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@contextmanager
def interrupts() -> Iterator[None]:
    """Within the block, raise :class:`Interrupted` on SIGTERM or SIGHUP, as Ctrl-C raises
    KeyboardInterrupt, so the build writes a true manifest and stops its workers; a second
    signal kills at once. Outside the main thread (where Python cannot handle signals), do nothing."""
    import signal
    import threading

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread() or not wanted:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for number in wanted:
            signal.signal(number, signal.SIG_DFL)
        raise Interrupted(signum)

    before = {number: signal.signal(number, stop) for number in wanted}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def as_worker(parent: int | None) -> None:
    """Make this (forked) process a worker: default SIGTERM and SIGHUP, Ctrl-C ignored (the
    parent handles it), and, given the ``parent``'s id, die when it dies (Linux asks the kernel
    to send SIGKILL; everywhere, exit now if it has already gone)."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the parent-id check below still holds
            pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
