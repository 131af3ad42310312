"""The command line, through typer's runner and as a real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SEED
from unprivileged import drop_file_override, why_not

from kazan_export import __version__
from kazan_export.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version_and_help_on_every_command():
    assert run("--version").output.strip() == f"kazan-export {__version__}"
    for command in ("validate", "text", "quotes", "schema", "docx", "pdf", "bib", "csl", "cite", "build"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_validate_bundled_and_fixture():
    result = run("validate")
    assert result.exit_code == 0 and "70 statements" in result.output
    assert run("validate", str(FIXTURES / "harbour-talks.yaml")).exit_code == 0


def test_text_reproduces_the_seed():
    result = run("text")
    expected = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert result.exit_code == 0 and result.stdout.splitlines() == expected


def test_quotes_json_csv_and_table():
    data = json.loads(run("quotes", "--speaker", "lavrov", "--from", "2018", "--format", "json").stdout)
    assert [d["key"] for d in data] == ["lavrovAnotherMeetingSet2018"]
    assert data[0]["text"].startswith("Another meeting set in Kazan") and data[0]["via"] is None
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--kind", "reported", "--format", "csv").stdout)))
    assert rows and all(r["kind"] == "reported" for r in rows)
    table = run("quotes", "--contains", "Kosovo").stdout
    assert "fassier" in table.lower() and max(map(len, table.splitlines())) <= 80


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema") and "statements" in schema["properties"]


def test_bad_input_exit_codes(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\nid: x\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and f"{bad}:1:1:" in result.output and "Traceback" not in result.output
    assert run("quotes", "--from", "June 2011").exit_code == 2
    assert run("quotes", "--kind", "hearsay").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_real_process_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\x00\x01binary")
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "validate", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stderr.strip() == f"{bad}:1:1: is a binary file, not a YAML text source"


def test_light_commands_do_not_import_heavy_libraries():
    code = ("import sys; from kazan_export.cli import main; sys.argv=['kazan-export','{cmd}'];\n"
            "try: main()\nexcept SystemExit: pass\n"
            "heavy=[m for m in ('docx','reportlab','bibtexparser','citeproc','lxml') if m in sys.modules]\n"
            "sys.stderr.write('HEAVY=%s' % heavy)")
    for cmd in ("validate", "text", "quotes", "schema"):
        proc = subprocess.run([sys.executable, "-c", code.format(cmd=cmd)], capture_output=True, text=True)
        assert "HEAVY=[]" in proc.stderr, (cmd, proc.stderr[-300:])


def test_a_reversed_date_range_is_a_usage_error_everywhere(tmp_path):
    for command in (["quotes"], ["docx", "-o", str(tmp_path / "h.docx")], ["pdf", "-o", str(tmp_path / "b.pdf")]):
        result = run(*command, "--from", "2019", "--to", "2018")
        assert result.exit_code == 2, command
        assert result.stderr.strip() == ("error: --from 2019 is after --to 2018, so no date is in that range; "
                                         "swap them"), command
    assert list(tmp_path.iterdir()) == []


LOCKED_INPUTS = [  # (arguments, what the one line says); {locked} is a chmod-000 file
    (["validate", "{locked}"], "{locked}:1:1: cannot read the file (Permission denied)"),
    (["quotes", "{locked}"], "{locked}:1:1: cannot read the file (Permission denied)"),
    (["ingest", "{locked}", "-o", "{tmp}/draft.yaml"], "{locked}:1:1: cannot read the file (Permission denied)"),
    (["docx", "{harbour}", "--template", "{locked}", "-o", "{tmp}/out.docx"],
     "error: {locked}: cannot read the reference document (Permission denied)"),
    (["pdf", "{harbour}", "--layout", "{locked}", "-o", "{tmp}/out.pdf"],
     "error: {locked}: cannot read the layout file (Permission denied)"),
    (["build", "{locked}", "--out", "{tmp}/out"], "{locked}:1:1: cannot read the file (Permission denied)"),
]


@pytest.mark.skipif(why_not() is not None, reason=str(why_not()))
@pytest.mark.parametrize("args, line", LOCKED_INPUTS, ids=[a[0] for a, _ in LOCKED_INPUTS])
def test_an_unreadable_input_is_the_readers_one_line_not_a_usage_error(tmp_path, args, line):
    """Every path option leaves the reading to the library (click's own check said exit 2, 'Usage: …')."""
    locked = tmp_path / "locked.yaml"
    locked.write_text((FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    locked.chmod(0)
    values = {"locked": str(locked), "tmp": str(tmp_path), "harbour": str(FIXTURES / "harbour-talks.yaml")}
    proc = subprocess.run([sys.executable, "-m", "kazan_export", *(a.format(**values) for a in args)],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
                          preexec_fn=drop_file_override)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[0].startswith(line.format(**values)), proc.stderr
    assert "Usage:" not in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.yaml"]  # build makes no --out for it


@pytest.mark.skipif(why_not() is not None, reason=str(why_not()))
def test_an_existing_write_only_output_is_replaced_not_refused(tmp_path):
    target = tmp_path / "out.bib"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o200)
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "bib", str(FIXTURES / "harbour-talks.yaml"),
                           "-o", str(target)], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, preexec_fn=drop_file_override)
    assert proc.returncode == 0, proc.stderr
    target.chmod(0o600)
    assert target.read_text(encoding="utf-8").startswith("% Citations of the article 'harbour-talks'")


def test_an_undetermined_language_is_a_warning_and_no_bib_field(tmp_path):
    """``language: und`` (what ingest writes when the article does not say) validates, with a
    warning at its line saying what to set; the .bib files carry no language or langid for it."""
    import bibtexparser

    source = tmp_path / "und.yaml"
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("\n  language: en\n", "\n  language: und\n", 1), encoding="utf-8")
    line = text.splitlines().index("  language: en") + 1
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "validate", str(source)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and ": ok — " in proc.stdout, proc.stderr
    assert (f"{source}:{line}:13: warning: metadata.language is 'und' (undetermined); set it to the "
            "article's language as a BCP 47 code, e.g. en, pl or tr") in proc.stderr.splitlines()
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "validate", str(FIXTURES / "harbour-talks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "metadata.language" not in proc.stderr
    for dialect in ("bibtex", "biblatex"):
        proc = subprocess.run([sys.executable, "-m", "kazan_export", "bib", str(source), "--dialect", dialect],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        entries = bibtexparser.parse_string(proc.stdout).entries
        assert len(entries) > 1
        assert not [e.key for e in entries if "language" in e.fields_dict or "langid" in e.fields_dict]
        stated = run("bib", str(FIXTURES / "harbour-talks.yaml"), "--dialect", dialect).output
        assert all("language" in e.fields_dict for e in bibtexparser.parse_string(stated).entries)


def test_an_undetermined_language_keeps_the_title_as_written_in_citations(tmp_path):
    """CSL-JSON keeps ``language: und``: citeproc title-cases only English (or language-less)
    titles, so a title in a language not known is cited as written; in English it is title-cased."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  title: "))
    text = text.replace(title, "  title: harbour talks end without a deal", 1)
    printed = {}
    for language in ("und", "en"):
        source = tmp_path / f"{language}.yaml"
        source.write_text(text.replace("\n  language: en\n", f"\n  language: {language}\n", 1), encoding="utf-8")
        assert json.loads(run("csl", str(source)).output)[0]["language"] == language
        key = json.loads(run("quotes", str(source), "--format", "json").output)[0]["key"]
        result = run("cite", str(source), key, "--style", "chicago-notes")
        assert result.exit_code == 0, result.output
        printed[language] = result.output
    assert "“harbour talks end without a deal,”" in printed["und"]
    assert "“Harbour Talks End without a Deal,”" in printed["en"]  # as citeproc-js: "without" is one of its skip words


@pytest.mark.parametrize("args", [("text",), ("quotes",), ("cite", "st-novak-sign", str(FIXTURES / "harbour-talks.yaml"),
                                                            "--style", "csl-json")])
def test_a_closed_standard_output_is_one_line_not_a_traceback(args):
    """`kazan-export text >&-`: Python has no sys.stdout; the command says so and fails."""
    import os

    proc = subprocess.run([sys.executable, "-m", "kazan_export", *args], stderr=subprocess.PIPE, text=True,
                          timeout=120, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "error: standard output is closed; redirect it (> FILE) or give -o FILE\n"
