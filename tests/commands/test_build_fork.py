"""The forked PDF helper of a single-source build: it works, fails loudly, and never lingers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kazan_export.commands.build import fork as build_fork
from kazan_export.errors import KazanError
from kazan_export.writers import OUTPUTS

pytestmark = pytest.mark.skipif(not build_fork.available(), reason="needs fork and two CPUs")
FIXTURES = Path(__file__).parent.parent / "fixtures"
FILES = 1 + sum(len(made) for made in OUTPUTS.values())  # every output of a source, and the manifest


def _nothing() -> None:
    pass


def _double(x: int) -> int:
    return 2 * x


def _die(x: int) -> int:
    os._exit(3)


def _fail(x: int) -> int:
    raise ValueError(f"bad {x}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_helper_returns_what_its_work_returns():
    helper = build_fork.ForkedHelper(_nothing, _double)
    assert helper.submit(21) is helper  # like a future: result() comes from it
    assert helper.result() == 42
    assert helper.pid == 0  # reaped
    helper.close()


def test_a_big_job_is_sent_while_this_process_goes_on():
    helper = build_fork.ForkedHelper(_nothing, len)
    helper.submit("x" * 5_000_000)  # far more than a pipe holds: submit() must not block
    assert helper.result() == 5_000_000


@pytest.mark.parametrize("work, message", [(_die, "died before it finished"), (_fail, "ValueError: bad 1")])
def test_a_helper_that_dies_or_fails_is_a_kazan_error(work, message):
    helper = build_fork.ForkedHelper(_nothing, work)
    helper.submit(1)
    with pytest.raises(KazanError, match=message):
        helper.result()
    helper.close()


def test_close_without_a_job_stops_the_helper():
    helper = build_fork.ForkedHelper(_nothing, _double)
    pid = helper.pid
    helper.close()
    assert helper.pid == 0 and not _alive(pid)


def _children_after(args: list[str], tmp_path: Path) -> str:
    """Run the CLI's entry point in a fresh interpreter; return what it reports about its helper."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.argv = ["kazan-export", *{args!r}]
        from kazan_export.commands.build import fork as build_fork
        from kazan_export.entry import main
        forked = []
        original = build_fork.ForkedHelper.__init__
        def spy(self, *a):
            original(self, *a)
            forked.append(self.pid)
        build_fork.ForkedHelper.__init__ = spy
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        alive = []
        for pid in forked:
            try:
                os.waitpid(pid, os.WNOHANG)
                alive.append(pid)  # not yet reaped by the build: a leak
            except ChildProcessError:
                pass
        print(len(forked), len(alive), code)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path, env={**os.environ, "SOURCE_DATE_EPOCH": "1309000000"})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.split()[-3:]  # after the help text, if any


@pytest.mark.parametrize("extra, forked, code", [
    ([], "1", "0"),                      # prestarted, adopted, renders the PDF
    (["--jobs", "1"], "1", "0"),         # prestarted, then discarded: one process renders
    (["--format", "docx,bib"], "1", "0"),  # no PDF: discarded
    (["--jobs", "x"], "1", "2"),         # a usage error: discarded
    (["--help"], "0", "0"),              # help: never forked
])
def test_the_prestarted_helper_is_adopted_or_discarded_never_left_running(tmp_path, extra, forked, code):
    args = ["build", str(FIXTURES / "harbour-talks.yaml"), "--out", str(tmp_path / "out"), *extra]
    assert _children_after(args, tmp_path) == [forked, "0", code]
    if code == "0" and "--help" not in extra:
        assert (tmp_path / "out" / "manifest.json").exists()


def test_a_prestarted_build_gives_the_same_bytes_as_one_process(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}
    outs = {}
    for jobs in ("0", "1"):
        out = tmp_path / f"out-{jobs}"
        proc = subprocess.run([sys.executable, "-m", "kazan_export", "build", str(FIXTURES / "harbour-talks.yaml"),
                               "--out", str(out), "--jobs", jobs], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        outs[jobs] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert outs["0"] == outs["1"] and len(outs["0"]) == FILES


def test_when_no_process_can_be_forked_the_build_renders_everything_itself(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kazan_export.cli import app

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(build_fork.os, "fork", refuse)
    build_fork.prestart()  # as the entry point does: no helper, no error
    assert build_fork.adopt() is None
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(FIXTURES / "harbour-talks.yaml"), "--out", str(out),
                                      "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == FILES
    assert not list(out.glob(".*.part"))


def test_an_unpicklable_result_is_reported_not_a_hang():
    helper = build_fork.ForkedHelper(_nothing, lambda x: (lambda: x))  # a lambda cannot be pickled
    helper.submit(1)
    with pytest.raises(KazanError, match="failed: cannot send the result back"):
        helper.result()


def test_ctrl_c_before_the_command_runs_is_one_line_and_exit_130(monkeypatch, capsys):
    from kazan_export import entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_fork, "prestart", interrupted)  # as if Ctrl-C came while typer imports
    monkeypatch.setattr(sys, "argv", ["kazan-export", "build"])
    with pytest.raises(SystemExit) as caught:
        entry.main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == "interrupted; no partial output was left\n"


def test_where_fork_is_not_used_a_pool_worker_renders_the_pdf_with_the_same_bytes(tmp_path, monkeypatch):
    """The split without a forked helper (macOS, Windows) still works, checked here through
    a multiprocessing pool worker."""
    import concurrent.futures

    from typer.testing import CliRunner

    from kazan_export.cli import app

    pools = []
    original = concurrent.futures.ProcessPoolExecutor.__init__

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        pools.append(kwargs.get("max_workers"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "__init__", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1309000000")
    outs = {}
    for name, forked in (("pool", False), ("helper", True)):
        monkeypatch.setattr(build_fork, "available", lambda forked=forked: forked)
        out = tmp_path / name
        result = CliRunner().invoke(app, ["build", str(FIXTURES / "harbour-talks.yaml"), "--out", str(out),
                                          "--jobs", "2"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outs[name] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert pools == [1]  # one pool, of one worker, for the first build only
    assert outs["pool"] == outs["helper"] and len(outs["pool"]) == FILES


def test_a_stop_signal_just_after_the_fork_never_carries_the_child_back_into_the_caller(tmp_path, monkeypatch):
    """A SIGTERM that reaches the helper before it has made itself a worker (its parent
    stopping at once: a malformed SOURCE_DATE_EPOCH, a Ctrl-C, a failed first write) ends
    it. It must never run the parent's handler there and return, as a second copy of the
    caller, into the caller's code: a CI run once ran the rest of this test suite twice so."""
    import signal

    class Stop(Exception):
        pass

    def stop(signum: int, frame: object) -> None:  # as the build's own handler does
        raise Stop

    parent, escaped, real_fork = os.getpid(), tmp_path / "escaped", os.fork

    def fork_then_sigterm() -> int:
        pid = real_fork()
        if pid == 0:  # the child, at the earliest moment a signal can reach it
            os.kill(os.getpid(), signal.SIGTERM)
        return pid

    before = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(build_fork.os, "fork", fork_then_sigterm)
    try:
        helper = build_fork.ForkedHelper(_nothing, _double)
    finally:
        if os.getpid() != parent:  # the child came back here: record it, never run pytest on
            escaped.write_text("the child ran the caller's code")
            os._exit(1)
        signal.signal(signal.SIGTERM, before)
    helper.submit(21)
    with pytest.raises(KazanError, match="died"):
        helper.result()
    assert not escaped.exists()
