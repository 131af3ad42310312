"""`kazan-export build` end to end: through typer's runner and a real subprocess."""

from __future__ import annotations

import hashlib
import io
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kazan_export.commands.build.manifest import safe_name
from kazan_export.writers import FORMATS, OUTPUTS
from kazan_export.cli import app
from kazan_export.readers.source import load
from kazan_export.resources import default_source

FIXTURES = Path(__file__).parent.parent / "fixtures"
HARBOUR = FIXTURES / "harbour-talks.yaml"
EPOCH = "1309000000"  # 2011-06-25


def _available() -> list[str]:
    """Return the formats whose writer is installed (in CI: all of them, or fail)."""
    found = []
    for name in FORMATS:
        _, _, module, function, _ = OUTPUTS[name][0]
        try:
            getattr(importlib.import_module(f"kazan_export.writers.{module}"), function)
            found.append(name)
        except (ImportError, AttributeError):
            if os.environ.get("CI"):
                pytest.fail(f"the {name} writer is missing")
    return found


@pytest.fixture(scope="module")
def formats() -> list[str]:
    """Return the formats to build; skip (locally) when no writer is installed yet."""
    found = _available()
    if not found:
        pytest.skip("no writer is installed yet")
    return found


def expected_files(stem: str, formats: list[str]) -> set[str]:
    return {stem + spec[1] for name in formats for spec in OUTPUTS[name]}


def variant(folder: Path, article_id: str, name: str | None = None) -> Path:
    """Write a copy of the harbour fixture with another id; return its path."""
    text = HARBOUR.read_text(encoding="utf-8").replace("\nid: harbour-talks\n", f"\nid: {article_id}\n", 1)
    assert f"\nid: {article_id}\n" in text
    path = folder / (name or f"{article_id}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(args: list[str], **env: str):  # noqa: ANN201
    return CliRunner().invoke(app, args, env=env or None, catch_exceptions=False)


def run_process(args: list[str], cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "kazan_export", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=600)


def check_manifest(out: Path, sources: dict[str, Path], formats: list[str]) -> dict:
    """Assert the manifest lists exactly the files in ``out`` with their true sizes and hashes."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in out.iterdir()} - {"manifest.json"}
    listed = {o["path"] for o in manifest["outputs"]}
    assert listed == on_disk == set().union(*(expected_files(s, formats) for s in sources))
    for entry in manifest["outputs"]:
        path = out / entry["path"]
        assert entry["size"] == path.stat().st_size > 0
        assert entry["sha256"] == sha(path)
        assert entry["format"] in {spec[0] for name in formats for spec in OUTPUTS[name]}
    built = {s["id"]: s for s in manifest["sources"] if s["status"] == "built"}
    assert set(built) == set(sources)
    for article_id, source in sources.items():
        assert built[article_id]["sha256"] == sha(source)
        assert sorted(built[article_id]["outputs"]) == sorted(expected_files(article_id, formats))
    assert (out / "manifest.json").read_text(encoding="utf-8") == json.dumps(
        manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return manifest


def check_contents(out: Path, stem: str, title: str, formats: list[str]) -> None:
    """Assert each output really is its format and carries the article."""
    if "docx" in formats:
        import docx

        document = docx.Document(str(out / f"{stem}.docx"))
        assert any(title in p.text for p in document.paragraphs)
    if "pdf" in formats:
        from pypdf import PdfReader

        data = (out / f"{stem}-briefing.pdf").read_bytes()
        assert data.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(out / f"{stem}-briefing.pdf").pages)
        assert title.split()[0] in text
    if "bib" in formats:
        import bibtexparser

        for name in (f"{stem}.bib", f"{stem}-biblatex.bib"):
            library = bibtexparser.parse_string((out / name).read_text(encoding="utf-8"))
            assert library.entries and not library.failed_blocks
        assert (out / f"{stem}.bib").read_bytes() != (out / f"{stem}-biblatex.bib").read_bytes()
    if "csl" in formats:
        items = json.loads((out / f"{stem}.csl.json").read_text(encoding="utf-8"))
        assert any(item.get("title") == title for item in items)
    if "ris" in formats:
        import rispy

        records = rispy.loads((out / f"{stem}.ris").read_text(encoding="utf-8"))
        assert records[0]["type_of_reference"] == "NEWS" and records[0]["title"] == title


def test_default_build_is_the_kazan_article_into_out(tmp_path, monkeypatch, formats):
    if not default_source().exists():
        pytest.skip("the bundled Kazan source has not landed yet")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["build", "--format", ",".join(formats)])
    assert result.exit_code == 0, result.output
    check_manifest(tmp_path / "out", {"meeting-in-kazan": default_source()}, formats)
    check_contents(tmp_path / "out", "meeting-in-kazan", "Meeting in Kazan: Hopes and failure", formats)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][0]["path"] == "kazan_export:sources/meeting-in-kazan.yaml"


def test_build_through_the_runner_writes_every_output(tmp_path, formats):
    out = tmp_path / "new" / "out"  # created with its parents
    result = run_cli(["build", str(HARBOUR), "--out", str(out), "--format", ",".join(formats)])
    assert result.exit_code == 0, result.output
    check_manifest(out, {"harbour-talks": HARBOUR}, formats)
    check_contents(out, "harbour-talks", "Harbour talks: a deal in Čelić?", formats)
    assert "built harbour-talks (1/1)" in result.stderr


def test_a_real_process_is_reproducible_with_source_date_epoch(tmp_path, formats):
    runs = []
    for n, jobs in ((1, "1"), (2, "2")):  # one process, then the PDF in a worker beside this one
        out = tmp_path / f"out{n}"
        proc = run_process(["build", str(HARBOUR), "--out", str(out), "--format", ",".join(formats),
                            "--jobs", jobs], SOURCE_DATE_EPOCH=EPOCH)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "built harbour-talks (1/1)" in proc.stderr  # plain lines: stderr is not a terminal
        runs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert runs[0] == runs[1]  # every output, and the manifest, byte for byte
    manifest = check_manifest(tmp_path / "out1", {"harbour-talks": HARBOUR}, formats)
    assert manifest["source_date_epoch"] == int(EPOCH)


def test_jobs_2_builds_the_same_bytes_as_one_job(tmp_path, formats):
    sources = {f"talks-{n}": variant(tmp_path / "src", f"talks-{n}") for n in range(3)}
    fmt = ",".join(formats)
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-j{jobs}"
        proc = run_process(["build", str(tmp_path / "src"), "--out", str(out), "--jobs", jobs,
                            "--format", fmt], SOURCE_DATE_EPOCH=EPOCH)
        assert proc.returncode == 0, proc.stderr
        check_manifest(out, sources, formats)
        results[jobs] = {p.name: p.read_bytes() for p in out.iterdir()}
        assert [line for line in proc.stderr.splitlines() if line.startswith("built")] == [
            f"built talks-{n} ({n + 1}/3)" for n in range(3)]
    assert results["1"] == results["2"]


def test_a_failing_source_does_not_stop_the_others(tmp_path, formats):
    src = tmp_path / "src"
    good = {"alpha": variant(src, "alpha"), "omega": variant(src / "deeper", "omega")}
    bad = variant(src, "broken", "middle.yml")
    bad.write_text(bad.read_text(encoding="utf-8").replace("  language: en\n", "  language: 7\n", 1),
                   encoding="utf-8")
    line = bad.read_text(encoding="utf-8").splitlines().index("  language: 7") + 1
    (src / "notes.txt").write_text("not a source")
    out = tmp_path / "out"
    for jobs in ("1", "2"):
        result = run_cli(["build", str(src), "--out", str(out), "--jobs", jobs, "--format", ",".join(formats)])
        assert result.exit_code == 1
        assert f"{bad}:{line}:13: metadata.language must be text" in result.stderr
        assert f"failed {bad}" in result.stderr
        manifest = check_manifest(out, good, formats)
        failed = [s for s in manifest["sources"] if s["status"] == "failed"]
        assert [(s["path"], s["sha256"], s["outputs"]) for s in failed] == [(bad.as_posix(), sha(bad), [])]
        assert not list(out.glob("broken*"))


def test_a_second_source_with_the_same_id_is_an_error(tmp_path, formats):
    first = variant(tmp_path, "same", "a.yaml")
    second = variant(tmp_path, "same", "b.yaml")
    second.write_text(second.read_text(encoding="utf-8").replace("Harbour talks", "Other talks"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(["build", str(first), str(second), "--out", str(out), "--format", ",".join(formats)])
    assert result.exit_code == 1
    line = second.read_text(encoding="utf-8").splitlines().index("id: same") + 1
    assert f"{second}:{line}:1: article id 'same' is already used by {first}" in result.stderr
    check_manifest(out, {"same": first}, formats)
    if "csl" in formats:  # the first source's outputs were not replaced by the second's
        assert "Other talks" not in (out / "same.csl.json").read_text(encoding="utf-8")


def test_an_unwritable_output_folder_is_one_clear_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker / "sub", blocker):  # root ignores chmod; a file in the path cannot be passed
        proc = run_process(["build", str(HARBOUR), "--out", str(out)])
        assert proc.returncode == 1
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and str(out) in lines[0], proc.stderr
    assert blocker.read_text() == "not a folder"


def _folder_state(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}


def test_a_typo_in_the_source_name_touches_nothing(tmp_path, formats):
    """A source that does not exist stops the build before anything: the manifest of the good
    build stays as it was (it still describes the files), and no folder is made."""
    out = tmp_path / "out"
    fmt = ",".join(formats)
    assert run_process(["build", str(HARBOUR), "--out", str(out), "--format", fmt]).returncode == 0
    before = _folder_state(out)
    missing = tmp_path / "harbour-talsk.yaml"
    proc = run_process(["build", str(missing), "--out", str(out), "--format", fmt])
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"{missing}:1:1: no such file or folder; give YAML sources or folders of them",
                     f"error: nothing was built and {out}/ was not touched; fix the source path above"]
    assert _folder_state(out) == before
    check_manifest(out, {"harbour-talks": HARBOUR}, formats)
    fresh = tmp_path / "fresh"
    proc = run_process(["build", str(missing), "--out", str(fresh)], cwd=tmp_path)
    assert proc.returncode == 1 and not fresh.exists()
    assert not (tmp_path / "out" / ".kazan-export.lock").exists()


def test_one_missing_source_among_several_builds_none(tmp_path, formats):
    """As make and pandoc do: every bad path is reported, then nothing is built."""
    out = tmp_path / "out"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["build", str(tmp_path / "nope.yaml"), str(HARBOUR), str(empty), "--out", str(out),
                      "--format", ",".join(formats)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder" in result.stderr
    assert f"{empty}:1:1: no *.yaml or *.yml sources in this folder" in result.stderr
    assert "fix the source paths above" in result.stderr
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_source_that_is_not_a_regular_file_builds_none(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # opening it for reading would block: it is refused before
    proc = run_process(["build", str(pipe), str(HARBOUR), "--out", str(tmp_path / "out")])
    assert proc.returncode == 1
    assert f"{pipe}:1:1: is not a regular file" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_an_unreadable_source_builds_none(tmp_path):
    from unprivileged import call_unprivileged, why_not

    if why_not():
        pytest.skip(why_not())
    secret = tmp_path / "secret.yaml"
    secret.write_bytes(HARBOUR.read_bytes())
    secret.chmod(0)
    out = tmp_path / "out"

    def build() -> tuple[int, str]:
        proc = run_process(["build", str(secret), "--out", str(out)])
        return proc.returncode, proc.stderr

    code, stderr = call_unprivileged(build)
    assert code == 1
    assert f"{secret}:1:1: cannot read the file (Permission denied)" in stderr
    assert not out.exists()


def test_an_unknown_format_is_a_usage_error(tmp_path):
    result = run_cli(["build", str(HARBOUR), "--out", str(tmp_path / "out"), "--format", "docx,odt"])
    assert result.exit_code == 2
    assert "unknown format 'odt'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_malformed_source_date_epoch_is_refused(tmp_path):
    result = run_cli(["build", str(HARBOUR), "--out", str(tmp_path / "out")], SOURCE_DATE_EPOCH="yesterday")
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH" in result.stderr


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_an_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch, formats):
    out = tmp_path / "out"
    fmt = ",".join(formats)
    assert run_cli(["build", str(HARBOUR), "--out", str(out), "--format", fmt]).exit_code == 0
    before = _snapshot(out)
    changed = HARBOUR.read_text(encoding="utf-8").replace("Harbour talks", "Changed talks")
    source = tmp_path / "harbour-talks.yaml"
    source.write_text(changed, encoding="utf-8")
    calls = []

    def interrupted_fsync(fd: int) -> None:  # the data is half on disk when Ctrl-C arrives
        calls.append(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr("kazan_export.outputs.os.fsync", interrupted_fsync)
    result = run_cli(["build", str(source), "--out", str(out), "--format", fmt])
    assert calls and result.exit_code == 130
    assert "interrupted" in result.stderr
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    assert _snapshot(out) == before


def test_a_writer_interrupted_midway_keeps_the_old_outputs(tmp_path, monkeypatch, formats):
    if len(formats) < 2:
        pytest.skip("needs two writers")
    out = tmp_path / "out"
    assert run_cli(["build", str(HARBOUR), "--out", str(out), "--format", ",".join(formats)]).exit_code == 0
    before = _snapshot(out)
    _, _, module, function, _ = OUTPUTS[formats[-1]][0]

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(f"kazan_export.writers.{module}"), function, boom)
    result = run_cli(["build", str(HARBOUR), "--out", str(out), "--format", ",".join(formats)])
    assert result.exit_code == 130
    assert _snapshot(out) == before


def test_a_render_error_keeps_the_old_outputs_of_that_source(tmp_path, monkeypatch, formats):
    from kazan_export.errors import RenderError

    out = tmp_path / "out"
    other = variant(tmp_path / "src", "other")
    args = ["build", str(HARBOUR), str(other), "--out", str(out), "--format", ",".join(formats)]
    assert run_cli(args).exit_code == 0
    before = {k: v for k, v in _snapshot(out).items() if k.startswith("harbour-talks")}
    _, _, module, function, _ = OUTPUTS[formats[-1]][0]
    writer = importlib.import_module(f"kazan_export.writers.{module}")
    real = getattr(writer, function)

    def fails_for_harbour(article, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if article.id == "harbour-talks":
            raise RenderError("cannot render this")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(writer, function, fails_for_harbour)
    result = run_cli(args)
    assert result.exit_code == 1
    assert f"{HARBOUR}:1:1: cannot render" in result.stderr and "cannot render this" in result.stderr
    assert {k: v for k, v in _snapshot(out).items() if k.startswith("harbour-talks")} == before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {o["source"] for o in manifest["outputs"]} == {other.as_posix()}


@given(st.text(max_size=300))
def test_output_names_never_leave_the_folder(article_id):
    name = safe_name(article_id)
    assert 0 < len(name) <= 100
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert name[0].isalnum() and name[-1].isalnum()
    assert (Path("/out") / f"{name}-briefing.pdf").parent == Path("/out")


def test_safe_name_keeps_ordinary_ids():
    assert safe_name("meeting-in-kazan") == "meeting-in-kazan"
    assert safe_name("../../etc/passwd") == "etc_passwd"
    assert safe_name("...") == "article"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pdf_render_error_in_a_worker_fails_only_that_source(tmp_path, monkeypatch, formats, jobs):
    if "pdf" not in formats:
        pytest.skip("needs the pdf writer")
    from kazan_export.errors import RenderError

    writer = importlib.import_module("kazan_export.writers.pdf")

    def fails(article, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise RenderError(f"cannot lay out {article.id}")

    monkeypatch.setattr(writer, "render_pdf", fails)  # inherited by forked workers
    out = tmp_path / "out"
    result = run_cli(["build", str(HARBOUR), "--out", str(out), "--jobs", jobs, "--format", ",".join(formats)])
    assert result.exit_code == 1
    assert f"{HARBOUR}:1:1: cannot render pdf: cannot lay out harbour-talks" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def test_ctrl_c_in_a_parallel_build_leaves_whole_files_and_a_true_manifest(tmp_path, formats):
    import signal

    src = tmp_path / "src"
    for n in range(8):
        variant(src, f"talks-{n}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kazan_export", "build", str(src), "--out", str(out),
                             "--jobs", "2", "--format", ",".join(formats)], stderr=subprocess.PIPE, text=True)
    try:
        seen = [proc.stderr.readline()]
        while seen[-1] and not seen[-1].startswith("built "):  # warnings may come first
            seen.append(proc.stderr.readline())
        assert seen[-1].startswith("built talks-0 (1/8)"), seen
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=120) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert "interrupted" in rest and "Traceback" not in rest
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") or p.name.endswith(".part")]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interrupted"] is True
    listed = {o["path"]: o for o in manifest["outputs"]}
    assert expected_files("talks-0", formats) <= set(listed)
    assert {p.name for p in out.iterdir()} - {"manifest.json"} == set(listed)
    for name, entry in listed.items():
        assert entry["sha256"] == sha(out / name)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_and_a_pipe_plain_lines():
    from kazan_export.commands.build.progress import Reporter

    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        with Reporter(2, stream=stream) as report:
            report.message("a.yaml:3:1: a problem")
            report.advance("failed a.yaml", 1)
            report.advance("built b", 2)
    assert pipe.getvalue() == "a.yaml:3:1: a problem\nfailed a.yaml (1/2)\nbuilt b (2/2)\n"
    shown = terminal.getvalue()
    assert "a.yaml:3:1: a problem" in shown and "\x1b[" in shown  # drawn with terminal control codes
    assert "(1/2)" not in shown and "building" in shown


def test_the_default_build_writes_the_ris_with_the_other_outputs(tmp_path):
    """#12 point 6: RIS is one of the default outputs, and the manifest lists it."""
    out = tmp_path / "out"
    result = run_cli(["build", str(HARBOUR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["format"] for o in manifest["outputs"]}
    assert listed["harbour-talks.ris"] == "ris" and len(listed) == sum(map(len, OUTPUTS.values()))
    import rispy

    records = rispy.loads((out / "harbour-talks.ris").read_text(encoding="utf-8"))
    assert len(records) == 1 + len(load(HARBOUR).statements)
