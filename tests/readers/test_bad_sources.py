"""Hostile and broken sources: every one is refused with exit code 1 and ``file:line:col:`` lines.

Each case mutates the harbour fixture (so line numbers can be checked against the text) or
builds a file that is broken at the byte level, then runs it through the real command line
three ways: ``python -m kazan_export validate FILE`` in a subprocess, and typer's runner for
``validate`` and ``docx -o``. For every case: exit code 1, one line per problem, each
``FILE:LINE:COL: message`` with the expected line, no traceback, and no output file.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from kazan_export.cli import app
from unprivileged import call_unprivileged, drop_file_override, why_not

FIXTURES = Path(__file__).parent.parent / "fixtures"
HARBOUR = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
TIMEOUT = 60  # a hang is a failure, not a skipped test; this is not a speed check


def line_of(text: str, needle: str) -> int:
    """Return the 1-based line of the only occurrence of ``needle`` in ``text``."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    return text[: text.index(needle)].count("\n") + 1


def replace_once(old: str, new: str, text: str = HARBOUR) -> str:
    """Return ``text`` with the only occurrence of ``old`` replaced (fail if not exactly one)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the fixture"
    return text.replace(old, new)


@dataclass
class Case:
    """A bad source: how to make it, and the problems (line, words) it must be refused with.

    ``lines`` lists (expected line, a fragment of the message); ``count`` is the exact number
    of error lines when given (defaults to ``len(lines)``).
    """

    id: str
    make: Callable[[Path], Path]
    lines: list[tuple[int, str]]
    count: int | None = None
    skip: Callable[[], str | None] = field(default=lambda: None)
    unprivileged: bool = False  # run with file permissions binding, also as root (tests/unprivileged.py)


def text_case(id: str, text: str, lines: list[tuple[int, str]], **kw) -> Case:
    def make(folder: Path) -> Path:
        path = folder / f"{id}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return Case(id, make, lines, **kw)


def bytes_case(id: str, data: bytes, lines: list[tuple[int, str]], **kw) -> Case:
    def make(folder: Path) -> Path:
        path = folder / f"{id}.yaml"
        path.write_bytes(data)
        return path

    return Case(id, make, lines, **kw)


def mutation(id: str, old: str, new: str, needle: str | None, words: str, **kw) -> Case:
    """A case made by one textual change; the problem is expected on the line of ``needle``."""
    text = replace_once(old, new)
    return text_case(id, text, [(line_of(text, needle or new), words)], **kw)


# -- the cases -----------------------------------------------------------------------------

def _big(folder: Path) -> Path:
    path = folder / "big.yaml"
    with path.open("w", encoding="utf-8") as handle:  # 50 MB: valid YAML, a huge comment
        handle.write(HARBOUR)
        chunk = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            handle.write(chunk)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "a-folder.yaml"
    path.mkdir()
    (path / "inside.yaml").write_text(HARBOUR, encoding="utf-8")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)  # nobody writes to it: reading it would block for ever
    return path


def _chmod_000(folder: Path) -> Path:
    path = folder / "locked.yaml"
    path.write_text(HARBOUR, encoding="utf-8")
    path.chmod(0)
    return path


def _no_fifo() -> str | None:
    return None if hasattr(os, "mkfifo") else "no FIFOs on this system"


def _no_proc() -> str | None:
    return None if Path("/proc/self/mem").exists() else "no /proc/self/mem on this system"


DEEP_TAIL = "extra: " + "[" * 150 + "]" * 150 + "\n"
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi")
)
LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS

_speeker = replace_once("    speakers: [port-authority]", "    speeker: [port-authority]")
_title = replace_once('  title: "Harbour talks', '  tittle: "Harbour talks')
_two = replace_once("date: 2019-03~", "date: 2019-02-30~",
                    replace_once("speakers: [official]", "speakers: [oficial]"))
_cut = replace_once("talks were “constructive & frank.”", "talks were “constructive & frank.\u0301”")
_alias = replace_once("    roles: [Mayor of Čelić]", "    roles: &r [Mayor of Čelić]",
                      replace_once("    kind: organisation\n", "    kind: organisation\n    roles: *r\n"))

CASES = [
    # files that are not YAML text at all
    bytes_case("empty-file", b"", [(1, "is empty")]),
    text_case("blank-file", "\n   \n\t\n", [(1, "is empty")]),
    text_case("comments-only", "# nothing here\n# at all\n", [(1, "no YAML content")]),
    bytes_case("binary", bytes(range(256)) * 8, [(1, "binary")]),
    bytes_case("non-utf8", replace_once("publisher: Northern Ledger", "publisher: Nörthern Ledger")
               .encode("utf-8").replace("Nörthern".encode(), "Nörthern".encode("latin-1")),
               [(line_of(HARBOUR, "publisher: Northern"), "not UTF-8")]),
    bytes_case("utf-16", HARBOUR.encode("utf-16"), [(1, "UTF-16")]),
    Case("fifo", _fifo, [(1, "not a regular file")], skip=_no_fifo),
    Case("folder", _folder, [(1, "is a folder")]),
    Case("missing-file", lambda folder: folder / "no-such.yaml", [(1, "no such file")]),
    Case("chmod-000", _chmod_000, [(1, "cannot read")], skip=why_not, unprivileged=True),
    Case("unreadable-proc-mem", lambda folder: Path("/proc/self/mem"), [(1, "cannot read")], skip=_no_proc),
    Case("50-MB", _big, [(1, "too large")]),
    # YAML that parses badly or uses features a source must not use
    mutation("syntax-tab-indent", "  publisher: Northern Ledger", "\tpublisher: Northern Ledger",
             None, "a tab character; YAML indents with spaces only"),
    # an unclosed quotation is reported where it opens, not at the end of the file (a user trial)
    mutation("syntax-unclosed-quote", '  title: "Harbour talks: a deal in Čelić?"', '  title: "Harbour talks: a deal in Čelić?',
             None, "closing quote"),
    mutation("syntax-bad-indent", "  language: en\n", "     language: en\n", "     language: en",
             "YAML syntax error"),
    mutation("syntax-flow", "  keywords: [ports, negotiations]", "  keywords: [ports, negotiations}",
             None, "YAML syntax error"),
    mutation("control-character", "Port Authority stated", "Port Authority\x07 stated", None,
             "control characters"),
    text_case("multi-document", HARBOUR + "---\nid: second\n",
              [(HARBOUR.count("\n") + 1, "another document")]),
    mutation("duplicate-yaml-key", "  publisher: Northern Ledger\n",
             "  publisher: Northern Ledger\n  publisher: Southern Ledger\n", "Southern", "appears twice"),
    text_case("deep-nesting", HARBOUR + DEEP_TAIL,
              [(HARBOUR.count("\n") + 1, "nested more than")]),
    text_case("very-deep-nesting", "x: " + "[" * 60000 + "]" * 60000 + "\n", [(1, "nested more than")]),
    text_case("block-nesting", "x:\n" + "".join("  " * i + "- \n" for i in range(1, 400)),
              [(101, "nested more than")]),
    text_case("billion-laughs", LAUGHS, [(2, "aliases")]),
    text_case("anchor-alias", _alias, [(line_of(_alias, "*r"), "aliases")]),
    mutation("merge-key", "  - id: port-authority\n", "  - <<: {kind: person}\n    id: port-authority\n",
             "<<", "merge keys"),
    mutation("python-tag", "publisher: Northern Ledger", "publisher: !!python/object/apply:os.system [ls]",
             None, "not allowed"),
    mutation("custom-tag", "publisher: Northern Ledger", "publisher: !ledger Northern", None, "not allowed"),
    mutation("non-text-key", "  language: en\n", "  language: en\n  42: answer\n", "42: answer",
             "keys must be text"),
    text_case("top-level-list", "- schema: 1\n- id: x\n", [(1, "must be a mapping")]),
    # shape (JSON Schema)
    mutation("schema-version", "schema: 1\n", "schema: 2\n", None, "must be 1"),
    mutation("wrong-type-list", "  keywords: [ports, negotiations]", "  keywords: ports, negotiations",
             None, "must be a list"),
    mutation("wrong-type-text", 'text: "constructive & frank."', "text: [constructive, frank]", None,
             "must be text"),
    mutation("null-value", "  publisher: Northern Ledger", "  publisher:", None, "must be text"),
    mutation("number-id", "      - id: p3\n", "      - id: 3\n", None, "must be text"),
    text_case("unknown-key-speeker", _speeker, [
        (line_of(_speeker, "speeker"), "unknown key 'speeker'"),
        (line_of(_speeker, "speeker") - 2, "missing the required field 'speakers'"),
    ]),
    text_case("unknown-key-tittle", _title, [
        (line_of(_title, "tittle"), "did you mean 'title'"),
        (line_of(_title, "metadata:") + 1, "missing the required field 'title'"),
    ]),
    text_case("missing-required", replace_once("  publisher: Northern Ledger\n", ""),
              [(line_of(HARBOUR, "metadata:") + 1, "missing the required field 'publisher'")]),
    mutation("bad-enum", "    kind: organisation", "    kind: company", None, "must be one of"),
    mutation("empty-text", 'text: "almost done."', 'text: ""', None, "is empty"),
    mutation("bad-citation-key", "key: portauthorityConstructiveFrank", "key: port authority 2019", None,
             "not valid"),
    # a heading is null or a mapping: a mapping is described by what is wrong inside it
    mutation("heading-unknown-key", "heading: {id: h-doubts, text: Doubts}", "heading: {id: h-doubts, txt: Doubts}",
             None, "unknown key 'txt' in body[3].heading; did you mean 'text'?", count=2),
    mutation("heading-text-wrong-type", "heading: {id: h-doubts, text: Doubts}", "heading: Doubts", None,
             "body[3].heading must be null or a mapping, not text"),
    # a pattern's "$" is the end of the text (ECMA-262), not "before a final newline" (Python)
    mutation("id-with-final-newline", "id: harbour-talks\n", 'id: "harbour-talks\\n"\n', None,
             "id is not valid"),
    mutation("date-not-edtf", "date: 2019-03-04\n    occasion", "date: March 4, 2019\n    occasion",
             "date: March 4", "not valid"),
    # integrity (ids, references, anchors, dates)
    # output names come from the article id: Windows cannot make CON.docx or nul.v2.docx (#14)
    mutation("windows-device-id", "id: harbour-talks\n", "id: CON\n", None,
             "article id 'CON' is a device name on Windows"),
    mutation("windows-device-id-with-dot", "id: harbour-talks\n", "id: nul.v2\n", None,
             "choose another id, such as 'nul.v2-article'"),
    mutation("duplicate-statement-id", "  - id: st-port-frank\n", "  - id: st-novak-sign\n",
             "  - id: st-novak-sign\n    key: portauthority", "duplicate statements id"),
    mutation("duplicate-paragraph-id", "      - id: p3\n", "      - id: p2\n",
             "      - id: p2\n        text: \"The Port", "duplicate body id", count=3),
    mutation("dangling-speaker", "speakers: [port-authority]", "speakers: [port-authorty]", None,
             "did you mean 'port-authority'"),
    mutation("dangling-anchor", "anchor: {paragraphs: [p3]}", "anchor: {paragraphs: [p33]}", None,
             "'p33' is not a known paragraph"),
    mutation("dangling-briefing", "      statements: [st-novak-sign]\n      paragraphs: [p1]",
             "      statements: [st-novak-sing]\n      paragraphs: [p1]", "st-novak-sing",
             "not a known statement"),
    mutation("dangling-heading", "repeats: st-novak-sign", "repeats: st-nobody", None, "not a known statement"),
    mutation("text-not-in-paragraph", 'text: "almost done."', 'text: "nearly done."', None,
             "not found verbatim"),
    mutation("text-ambiguous", 'text: "almost done."', 'text: "o"', None, "occurs"),
    text_case("text-cuts-a-character", _cut, [(line_of(_cut, 'text: "constructive'), "ends inside a character")]),
    mutation("anchor-out-of-order", "anchor: {paragraphs: [p6, p7]}", "anchor: {paragraphs: [p7, p6]}",
             None, "consecutive"),
    mutation("impossible-date", "date: 2019-03-04\n    occasion", "date: 2011-02-30\n    occasion",
             "2011-02-30", "not a day of the calendar"),
    mutation("month-13", "date: 2019-03~", "date: 2019-13~", None, "month 13"),
    mutation("interval-backwards", "coverage: 2018/2019", "coverage: 2019/2018", None, "ends before it starts"),
    # characters no writer can store or a terminal would execute (YAML escapes), and texts
    # longer than the PDF block that shows them (#14: validate passed them, docx/pdf failed)
    mutation("escape-in-a-name", "    name: Port Authority", '    name: "Port\\e]0;owned\\aAuthority"', None,
             "U+001B (ESCAPE) at character 5"),
    mutation("nul-in-a-paragraph", '"Mayor Aynur Məmmədova said that', '"Mayor Aynur\\0 Məmmədova said that',
             None, "U+0000 (NULL)"),
    mutation("nel-in-a-heading", "heading: {id: h-doubts, text: Doubts}", 'heading: {id: h-doubts, text: "Dou\\Nbts"}',
             None, "U+0085 (NEXT LINE)"),
    mutation("csi-in-a-role", "    roles: [Mayor of Čelić]", '    roles: ["Mayor\\x9b2J of Čelić"]', None,
             "U+009B"),
    mutation("noncharacter-in-the-title", '  title: "Harbour talks', '  title: "\\uFFFEHarbour talks', None,
             "noncharacter U+FFFE"),
    mutation("title-too-long", '  title: "Harbour talks: a deal in Čelić?"', '  title: "' + "Harbour talks " * 30 + '"',
             None, "has 420 characters; at most 400"),
    mutation("timeline-label-too-long", "    label: Mayors meet to discuss the harbour",
             "    label: " + "Mayors meet to discuss the harbour " * 15, None, "at most 500"),
    # (#14) every short field has a limit, with one rule and one message (readers/limits.py)
    mutation("citation-too-long", "  series: Coastal Affairs",
             '  series: Coastal Affairs\n  citation: "' + "Əliyeva, L. and Petrosyan, A. " * 40 + '"',
             "  citation:", "has 1200 characters; at most 1000 for a metadata.citation"),
    mutation("role-too-long", "    roles: [Mayor of Čelić]", "    roles: [" + "Mayor of Čelić " * 21 + "]",
             None, "people[1].roles[1] has 314 characters; at most 300"),
    mutation("occasion-too-long", "    occasion: Press briefing", "    occasion: " + "Press briefing " * 25,
             None, "at most 300 for a statements.occasion"),
    mutation("credit-too-long", '    photos: "Photos by Лена Смирнова."',
             '    photos: "' + "Photos by Лена Смирнова. " * 41 + '"', None, "metadata.credits.photos has"),
    # (#14) ids and keys are bounded too: they name files, anchors and bibliography entries
    mutation("article-id-too-long", "id: harbour-talks", "id: " + "harbour-talks-" * 15, None,
             "id has 210 characters; at most 200 for an id"),
    mutation("key-too-long", "    key: novakSignHarbourAgreement2019", "    key: novakSign" + "Harbour" * 40,
             None, "statements[1].key has 289 characters; at most 200 for a key"),
    text_case("two-problems", _two, [
        (line_of(_two, "oficial"), "did you mean 'official'"),
        (line_of(_two, "2019-02-30~"), "not a day of the calendar"),
    ]),
]
assert len({c.id for c in CASES}) == len(CASES)
assert len(CASES) >= 20


# -- running them ------------------------------------------------------------------------------

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<warning>warning: )?(?P<message>\S.*)$")


def check_report(path: Path, case: Case, out: str, err: str) -> None:
    """Assert that stderr is exactly one ``file:line:col:`` line per problem, as the case expects."""
    assert "Traceback" not in out + err, err
    assert "ok —" not in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message at all"
    errors = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a file:line:col: line: {line!r}"
        assert match["file"] == str(path), line
        assert int(match["col"]) >= 1, line
        if not match["warning"]:
            errors.append((int(match["line"]), match["message"]))
    assert len(errors) == len(set(errors)), f"a problem is reported twice: {errors}"
    assert len(errors) == (case.count or len(case.lines)), f"expected {case.lines}, got {errors}"
    for line, words in case.lines:
        assert any(n == line and words in message for n, message in errors), (
            f"expected line {line} with {words!r}; got {errors}")


@pytest.fixture(params=CASES, ids=[c.id for c in CASES])
def bad(request, tmp_path: Path) -> tuple[Case, Path]:
    """Return a case and its file, built in a fresh folder."""
    case: Case = request.param
    reason = case.skip()
    if reason:
        pytest.skip(reason)
    folder = tmp_path / "src"
    folder.mkdir()
    path = case.make(folder)
    yield case, path
    if path.is_file() and path.parent == folder:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_validate_subprocess(bad: tuple[Case, Path], tmp_path: Path) -> None:
    case, path = bad
    run = subprocess.run([sys.executable, "-m", "kazan_export", "validate", str(path)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                         preexec_fn=drop_file_override if case.unprivileged else None)
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])
    check_report(path, case, run.stdout, run.stderr)


@dataclass
class Ran:
    """What typer's runner gave: exit code, output, and the exception (if it was not an exit)."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def _invoke(args: list[str]) -> Ran:
    result = CliRunner().invoke(app, args)
    exc = result.exception
    return Ran(result.exit_code, result.stdout, result.stderr,
               exc if exc is None or isinstance(exc, SystemExit) else RuntimeError(repr(exc)))


def check_refused(case: Case, path: Path, args: list[str]) -> None:
    """Assert that the command ``args`` (run in-process) refuses ``path`` with exit code 1 and the case's lines."""
    result = call_unprivileged(lambda: _invoke(args)) if case.unprivileged else _invoke(args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.stderr
    check_report(path, case, result.stdout, result.stderr)


def test_validate_runner(bad: tuple[Case, Path]) -> None:
    case, path = bad
    check_refused(case, path, ["validate", str(path)])


def test_docx_writes_nothing(bad: tuple[Case, Path], tmp_path: Path) -> None:
    case, path = bad
    pytest.importorskip("kazan_export.writers.docx")
    out = tmp_path / "out"
    out.mkdir()
    check_refused(case, path, ["docx", str(path), "-o", str(out / "handout.docx")])
    assert list(out.iterdir()) == [], "an output file was written for a bad source"


def test_pdf_writes_nothing(bad: tuple[Case, Path], tmp_path: Path) -> None:
    case, path = bad
    out = tmp_path / "out"
    out.mkdir()
    check_refused(case, path, ["pdf", str(path), "-o", str(out / "brief.pdf")])
    assert list(out.iterdir()) == [], "an output file was written for a bad source"


def test_fixture_itself_is_valid() -> None:
    """The mutations start from a valid source (otherwise every case would pass for nothing)."""
    result = CliRunner().invoke(app, ["validate", str(FIXTURES / "harbour-talks.yaml")])
    assert result.exit_code == 0, result.stderr
