"""One forked helper process that renders one part of a single-source build.

A single-source build renders its PDF (the slowest format) in a helper while this process
loads the source and renders the other formats. The helper is forked with ``os.fork`` as
soon as the build starts, so it imports reportlab and reads the fonts while this process is
still validating the source; the article is then sent to it through a pipe, and the
rendered bytes come back through another. Forking directly, instead of through
``multiprocessing``, saves that package's imports and its pool's threads (about 5 ms of
start-up, all of it before the helper can start importing).

Only where ``os.fork`` is safe (Linux): elsewhere, :func:`available` is False and the build
renders the source in one process or in a ``multiprocessing`` pool.

:func:`prestart` forks the PDF helper before the command line is even parsed (importing and
running typer takes ~30 ms of a ~235 ms cold build); the build adopts it with
:func:`adopt`, or :func:`discard` stops it when the build does not need it (several
sources, ``--jobs 1``, no PDF, a usage error). The helper only imports and reads fonts until
it is sent a job, so a discarded one has written nothing.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

from kazan_export.errors import KazanError


_prestarted: "ForkedHelper | None" = None


def available() -> bool:
    """Return True where a helper can be forked (Linux) and a second CPU can run it."""
    return sys.platform == "linux" and hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1


def prestart() -> None:
    """Fork the PDF helper of a single-source build now, if a helper can be forked here."""
    global _prestarted
    if _prestarted is None and available():
        _prestarted = _fork_pdf_helper()


def adopt() -> "ForkedHelper | None":
    """Return the helper :func:`prestart` forked (the caller now owns it), or None."""
    global _prestarted
    helper, _prestarted = _prestarted, None
    return helper


def discard() -> None:
    """Stop the prestarted helper if nobody adopted it."""
    helper = adopt()
    if helper is not None:
        helper.close()


def pdf_helper() -> "ForkedHelper | None":
    """Return the prestarted PDF helper, or fork one now; None if no process can be made."""
    return adopt() or _fork_pdf_helper()


def _fork_pdf_helper() -> "ForkedHelper | None":
    try:
        return ForkedHelper(_prepare_pdf, render_part_in_child)
    except OSError:  # no process to spare: the build renders everything itself
        return None


def _prepare_pdf() -> None:  # in the child: the build's modules are imported there, not here
    from kazan_export.commands.build.render import warm_up_writers

    warm_up_writers(("pdf",))


def render_part_in_child(source: str, article: Any, name: str) -> Any:
    """Run :func:`kazan_export.commands.build.render.render_part` (imported in the child, not here)."""
    from kazan_export.commands.build.render import render_part

    return render_part(source, article, name)


class ForkedHelper:
    """A child process, forked on creation, that runs ``prepare()`` and then, once, ``work(*job)``.

    Call :meth:`submit` with the job's arguments (picklable) and later :meth:`result` for
    ``work``'s return value (picklable). :meth:`close` stops the child if it is still
    running. Raises :class:`KazanError` from :meth:`result` if the child died or raised.
    """

    def __init__(self, prepare: Callable[[], None], work: Callable[..., Any]):
        """Fork the child now. Raises OSError if the system cannot make a process or a pipe."""
        import gc

        from kazan_export.outputs import block_stops, unblock_stops

        parent = os.getpid()
        job_read, self._job_write = os.pipe()
        self._result_read, result_write = os.pipe()
        self.pid = -1
        # The child's garbage collections skip the objects frozen here instead of walking
        # (and so copying) this process's whole heap; this process unfreezes its own.
        gc.freeze()
        # Ctrl-C, SIGTERM and SIGHUP wait until the child has made itself a worker: one that
        # came just after the fork would otherwise run this process's handler in the child
        # and carry the child, as a second copy of the caller, back into the caller's code.
        held = block_stops()
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (job_read, self._job_write, self._result_read, result_write):
                os.close(fd)
            raise
        finally:
            if self.pid:
                gc.unfreeze()
                unblock_stops(held)
        if self.pid == 0:  # the child: never returns
            _child(job_read, result_write, (self._job_write, self._result_read), prepare, work, parent, held)
        os.close(job_read)
        os.close(result_write)
        self._sender = None

    def submit(self, *job: Any) -> "ForkedHelper":
        """Send the job to the child without waiting for it to read (it may still be preparing);
        return this helper, whose :meth:`result` gives the outcome (as a future's does)."""
        import pickle
        import threading

        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        fd, self._job_write = self._job_write, None
        self._sender = threading.Thread(target=_write_all, args=(fd, data), daemon=True)
        self._sender.start()
        return self

    def result(self) -> Any:
        """Return what ``work`` returned in the child; raise KazanError if it failed or died."""
        import pickle

        with os.fdopen(self._result_read, "rb") as stream:
            self._result_read = None
            data = stream.read()
        self._reap()
        if self._sender is not None:
            self._sender.join()
        if not data:
            raise KazanError("the PDF helper process died before it finished (out of memory?); "
                             "try --jobs 1")
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - cut short: the child died while writing
            raise KazanError("the PDF helper process died while sending the PDF; try --jobs 1") from None
        if not ok:
            raise KazanError(f"the PDF helper process failed: {value}")
        return value

    def close(self) -> None:
        """Stop the child if it is still running and release the pipes."""
        import signal

        for fd in (self._job_write, self._result_read):
            if fd is not None:
                os.close(fd)
        self._job_write = self._result_read = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self._reap()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
    except OSError:  # the child died: result() says so
        pass


def _child(job_read: int, result_write: int, parents_ends: tuple[int, int], prepare: Callable[[], None],
           work: Callable[..., Any], parent: int, held: object) -> None:
    """Run in the forked child, with the stop signals held back since the fork: become a
    worker, prepare, read the job, work, write the result, and exit (never return)."""
    import gc
    import pickle

    status = 0
    try:
        from kazan_export.commands.build.signals import as_worker
        from kazan_export.outputs import unblock_stops

        for fd in parents_ends:
            os.close(fd)
        as_worker(parent)  # Ctrl-C is the parent's to handle; die with the parent
        unblock_stops(held)  # a SIGTERM sent meanwhile ends this process now
        prepare()
        gc.disable()  # one job, then exit: collecting its garbage would only cost time
        with os.fdopen(job_read, "rb") as stream:
            data = stream.read()
        if not data:  # the parent gave up (an invalid source, Ctrl-C): nothing to do
            os._exit(0)
        try:
            reply = (True, work(*pickle.loads(data)))
        except Exception as exc:  # noqa: BLE001 - a bug: report it to the parent, in one line
            reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - a bug too: say so rather than die silently
            payload = pickle.dumps((False, f"cannot send the result back ({type(exc).__name__}: {exc})"))
        with os.fdopen(result_write, "wb") as stream:
            stream.write(payload)
    except BaseException:  # noqa: BLE001 - never run the parent's code in the child
        status = 1
    finally:
        os._exit(status)
