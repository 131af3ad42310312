"""Hostile inputs besides sources (#14): templates, layouts, logos, SOURCE_DATE_EPOCH, stdout,
and what reaches a terminal or a spreadsheet.

Every case runs the real command line in a subprocess and must end with a clear one-line
message and the documented exit code: no traceback, no hang, no output file.
"""

from __future__ import annotations

import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
HARBOUR = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
REFERENCE = Path(__file__).parent.parent / "templates" / "reference.docx"
TIMEOUT = 120  # a hang is a failure; this is not a speed check
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args: str, env: dict | None = None, cwd: Path | None = None, stdout=subprocess.PIPE,
        memory_mb: int | None = 2000) -> subprocess.CompletedProcess:
    """Run ``python -m kazan_export ARGS`` with at most ``memory_mb`` of address space."""
    environment = {**os.environ, **(env or {})}
    environment.pop("SOURCE_DATE_EPOCH", None) if env is None or "SOURCE_DATE_EPOCH" not in env else None

    def limit() -> None:  # a runaway read fails fast instead of taking the machine's memory
        if memory_mb is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    return subprocess.run([sys.executable, "-m", "kazan_export", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=TIMEOUT, env=environment,
                          cwd=cwd, preexec_fn=limit)


def refused(result: subprocess.CompletedProcess, *words: str, code: int = 1) -> str:
    """Assert a clean refusal: exit ``code``, one ``error:`` line holding ``words``; return it."""
    err = result.stderr
    assert "Traceback" not in err, err
    assert result.returncode == code, (result.returncode, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def source(tmp_path: Path, text: str = HARBOUR, name: str = "harbour.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- reference documents (--template) ------------------------------------------------------------

def _zip_bomb(path: Path) -> Path:
    """A reference DOCX whose styles part unpacks to 1 GB (about 1 MB on disk)."""
    with zipfile.ZipFile(REFERENCE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name != "word/styles.xml":
                dst.writestr(name, src.read(name))
        with dst.open("word/styles.xml", "w", force_zip64=True) as part:
            block = b" " * 2**20
            for _ in range(1024):
                part.write(block)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)  # nobody writes to it: reading it would block for ever
    return path


TEMPLATES = {
    "dev-zero": (lambda p: Path("/dev/zero"), "not a regular file"),
    "fifo": (lambda p: _fifo(p / "pipe.docx"), "not a regular file"),
    "folder": (lambda p: p, "is a folder"),
    "missing": (lambda p: p / "missing.docx", "does not exist"),
    "zip-bomb": (lambda p: _zip_bomb(p / "bomb.docx"), "zip bomb"),
    "too-large": (lambda p: _file(p / "big.docx", b"\0" * (21 * 2**20)), "too large"),
    "not-a-zip": (lambda p: _file(p / "text.docx", b"hello"), "not a Word document"),
    "zip-without-document": (lambda p: _plain_zip(p / "other.docx"), "no main document part"),
}


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hello")
    return path


@pytest.mark.parametrize("case", sorted(TEMPLATES))
def test_bad_template_is_refused_quickly_and_clearly(case: str, tmp_path: Path) -> None:
    make, words = TEMPLATES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    template = make(folder)
    out = tmp_path / "out.docx"
    result = run("docx", str(FIXTURES / "harbour-talks.yaml"), "--template", str(template), "-o", str(out))
    refused(result, str(template), words)
    assert not out.exists()


def _hostile_template(path: Path) -> Path:
    """The bundled reference with an external attachedTemplate, a macro project, custom XML,
    document variables, an external link, a header with an image and a picture bullet; its
    "Body Text" style is set in a font no other style uses, so that it can be found."""
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
            'http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
    ext = ('<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/{}" Target="{}" TargetMode="External"/>')
    with zipfile.ZipFile(REFERENCE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/settings.xml":
                data = data.replace(b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom').replace(
                    b"</w:settings>", b'<w:docVars><w:docVar w:name="token" w:val="SECRET-TOKEN"/>'
                    b'</w:docVars></w:settings>')
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    ext.format("rIdL", "hyperlink", "https://attacker.example/link")
                    + '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
                      'relationships/vbaProject" Target="vbaProject.bin"/>'
                    + '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/'
                      '2006/relationships/customXml" Target="../customXml/item1.xml"/>'
                    + "</Relationships>").encode())
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType="'
                                    b'application/vnd.ms-office.vbaProject"/></Types>')
            elif name == "word/styles.xml":
                start = data.index(b'w:styleId="BodyText"')
                end = data.index(b"</w:style>", start)
                assert b"<w:rPr>" not in data[start:end]
                font = b'<w:rPr><w:rFonts w:ascii="Kazan Test Sans" w:hAnsi="Kazan Test Sans"/></w:rPr>'
                data = data[:end] + font + data[end:]  # its last child: after the paragraph properties
            dst.writestr(name, data)
        dst.writestr("word/_rels/settings.xml.rels", rels.format(
            ext.format("rIdT", "attachedTemplate", "file://attacker.example/share/normal.dotm")))
        dst.writestr("word/vbaProject.bin", b"MACRO PROJECT " * 50)
        dst.writestr("customXml/item1.xml", "<secret>SECRET-TOKEN</secret>")
    return path


def test_template_gives_its_styles_and_nothing_else(tmp_path: Path) -> None:
    template = _hostile_template(tmp_path / "hostile.docx")
    out = tmp_path / "handout.docx"
    result = run("docx", str(FIXTURES / "harbour-talks.yaml"), "--template", str(template), "-o", str(out))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as handout:
        names = handout.namelist()
        everything = b"".join(handout.read(n) for n in names)
        rels = b"".join(handout.read(n) for n in names if n.endswith(".rels"))
        styles = handout.read("word/styles.xml")
        content_types = handout.read("[Content_Types].xml")
    assert not [n for n in names if "vba" in n.lower() or n.startswith("customXml")], names
    assert b'TargetMode="External"' not in rels
    assert b"attachedTemplate" not in everything
    assert b"docVar" not in everything and b"SECRET-TOKEN" not in everything
    assert b"attacker.example" not in everything
    assert b"vbaProject" not in content_types and b"macroEnabled" not in content_types
    assert b"Kazan Test Sans" in styles  # the template's styles are what the handout uses
    from docx import Document

    doc = Document(str(out))
    assert any(p.text.startswith("In March 2019") for p in doc.paragraphs)


def test_template_style_without_a_name_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "nameless.docx"
    with zipfile.ZipFile(REFERENCE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/styles.xml":  # a style with neither a name nor an id
                data = data.replace(b"</w:styles>", b'<w:style w:type="paragraph"><w:pPr/></w:style>'
                                    b'<w:style w:type="paragraph" w:styleId="NoName"/></w:styles>')
            dst.writestr(name, data)
    out = tmp_path / "handout.docx"
    result = run("docx", str(FIXTURES / "harbour-talks.yaml"), "--template", str(path), "-o", str(out))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert zipfile.is_zipfile(out)


# -- layout files (--layout) and logos -----------------------------------------------------------

def _png(width: int, height: int) -> bytes:
    """A valid grey PNG of ``width`` × ``height`` pixels (its rows compress to almost nothing)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


LAYOUTS = {
    "zero-paper": ("[paper]\na4 = [0.0, 297.0]\n", "paper"),
    "negative-paper": ("[paper]\na4 = [-210.0, 297.0]\n", "paper"),
    "huge-paper": ("[paper]\na4 = [1e9, 297.0]\n", "paper"),
    "nan-paper": ("[paper]\na4 = [nan, 297.0]\n", "finite"),
    "string-paper": ("[paper]\na4 = ['wide', 297.0]\n", "paper"),
    "nan-margin": ("[margins]\ntop = nan\n", "finite"),
    "inf-margin": ("[margins]\nleft = inf\n", "finite"),
    "negative-margin": ("[margins]\nleft = -5.0\n", "margins.left"),
    "margins-eat-the-page": ("[margins]\nleft = 120.0\nright = 120.0\n", "margins"),
    "zero-font-size": ("[styles.body]\nsize_pt = 0.0\n", "size_pt"),
    "nan-leading": ("[styles.body]\nleading_pt = nan\n", "finite"),
    "huge-font-size": ("[styles.body]\nsize_pt = 1e300\n", "size_pt"),
    "zero-rows": ("[timeline]\nrows = 0\n", "rows"),
    "nan-column": ("[table]\ncolumns = [nan, 67, 16]\n", "finite"),
    "deep-nesting": ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
    "not-toml": ("[paper\n", "not valid TOML"),
    "not-utf8": (b"[header]\nlabel = '\xff'\n", "UTF-8"),
    "non-image-logo": ("[logo]\nfile = 'logo.png'\n", "not a PNG or JPEG"),
    "huge-png-logo": ("[logo]\nfile = 'huge.png'\n", "pixels"),
    # (#14) accepted layouts must render: a block that cannot fit the page even split is refused
    "a-line-taller-than-a-quarter-page": ("[styles.body]\nleading_pt = 200.0\n", "more than a quarter of the page"),
    "footer-outside-its-margin": ("[footer]\noffset = 30.0\n", "more than the bottom margin"),
    "columns-over-100": ("[table]\ncolumns = [50, 67, 16]\n", "add up to at most 100"),
}


@pytest.mark.parametrize("case", sorted(LAYOUTS))
def test_bad_layout_is_refused_clearly(case: str, tmp_path: Path) -> None:
    text, words = LAYOUTS[case]
    layout = tmp_path / "layout.toml"
    layout.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (tmp_path / "logo.png").write_text("this is not an image")
    (tmp_path / "huge.png").write_bytes(_png(13000, 13000))  # 1.7 GB decoded, ~300 KB on disk
    out = tmp_path / "out.pdf"
    result = run("pdf", str(FIXTURES / "harbour-talks.yaml"), "--layout", str(layout), "-o", str(out))
    refused(result, words)
    assert not out.exists()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_layout_that_is_not_a_regular_file_is_refused(special: str, tmp_path: Path) -> None:
    path = Path(special) if special != "fifo" else _fifo(tmp_path / "layout.toml")
    out = tmp_path / "out.pdf"
    result = run("pdf", str(FIXTURES / "harbour-talks.yaml"), "--layout", str(path), "-o", str(out))
    refused(result, "not a regular file")
    assert not out.exists()


def test_a_good_logo_is_still_drawn(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_png(400, 140))
    layout = tmp_path / "layout.toml"
    layout.write_text("[logo]\nfile = 'logo.png'\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = run("pdf", str(FIXTURES / "harbour-talks.yaml"), "--layout", str(layout), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert b"/Subtype /Image" in out.read_bytes()


# -- SOURCE_DATE_EPOCH: one parser for every command ----------------------------------------------

BAD_EPOCHS = {"letters": "abc", "negative": "-5", "twenty-digits": "9" * 20, "year-2108": "4354819200",
              "fraction": "1.5", "five-thousand-digits": "1" * 5000}


@pytest.mark.parametrize("command", ["docx", "pdf", "build"])
@pytest.mark.parametrize("case", sorted(BAD_EPOCHS))
def test_bad_source_date_epoch_is_one_message_everywhere(command: str, case: str, tmp_path: Path) -> None:
    args = {"docx": ["-o", str(tmp_path / "x.docx")], "pdf": ["-o", str(tmp_path / "x.pdf")],
            "build": ["--out", str(tmp_path / "out")]}[command]
    result = run(command, str(FIXTURES / "harbour-talks.yaml"), *args,
                 env={"SOURCE_DATE_EPOCH": BAD_EPOCHS[case]})
    line = refused(result, "error: SOURCE_DATE_EPOCH=")
    assert ("2107" in line) == (case in ("twenty-digits", "year-2108", "five-thousand-digits")), line
    assert len(line) < 300
    assert not list(tmp_path.glob("x.*")) and not (tmp_path / "out" / "harbour-talks.docx").exists()


EMBED_A_TIME = ("docx", "pdf", "build")  # the commands whose outputs hold a date: they parse it


def _ignoring_args(command: str, folder: Path) -> tuple[list[str], Path | None]:
    """Return the arguments of a run of ``command`` on the harbour fixture and the file it writes."""
    harbour = str(FIXTURES / "harbour-talks.yaml")
    args = {"schema": [], "cite": [harbour, "novakSignHarbourAgreement2019"], "bib": [harbour, "-o", str(folder / "x.bib")],
            "ingest": [str(Path(__file__).parent / "fixtures" / "ingest" / "ferry-strike.txt"),
                       "-o", str(folder / "d.yaml"), "--language", "en"]}
    written = {"bib": folder / "x.bib", "ingest": folder / "d.yaml"}
    return args.get(command, [harbour]), written.get(command)


def test_commands_that_embed_no_time_ignore_source_date_epoch_as_the_readme_says(tmp_path: Path) -> None:
    """The reproducible-builds.org rule: a tool that does not use SOURCE_DATE_EPOCH ignores it,
    whatever it holds (the same bytes as with it unset); the README names exactly which commands
    parse it (and refuse a bad one: the test above) and which ignore it."""
    from kazan_export.cli import app

    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    ignoring = sorted(commands - set(EMBED_A_TIME))
    for command in ignoring:
        outputs = []
        for n, env in enumerate(({}, {"SOURCE_DATE_EPOCH": "abc"})):
            folder = tmp_path / f"{command}-{n}"
            folder.mkdir()
            args, written = _ignoring_args(command, folder)
            result = run(command, *args, env=env or None)
            assert result.returncode == 0 and "SOURCE_DATE_EPOCH" not in result.stderr, (command, result.stderr)
            outputs.append((result.stdout, written.read_bytes() if written else None))
        assert outputs[0] == outputs[1], command
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("### Reproducible outputs", 1)[1].split("\n## ", 1)[0].split())
    embed = section.split("The commands whose output embeds a time — ", 1)[1].split(" — ", 1)[0]
    other = section.split("The other commands — ", 1)[1].split(" — ", 1)[0]
    named = lambda text: sorted(re.findall(r"`([a-z]+)`", text))  # noqa: E731
    assert named(embed.split(" (", 1)[0]) == sorted(EMBED_A_TIME)
    assert named(other) == ignoring


def test_latest_source_date_epoch_is_recorded(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    result = run("docx", str(FIXTURES / "harbour-talks.yaml"), "-o", str(out),
                 env={"SOURCE_DATE_EPOCH": "4354819199"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        assert {i.date_time[0] for i in z.infolist()} == {2107}
        assert b"2107-12-31T23:59:59Z" in z.read("docProps/core.xml")


# -- standard output full or closed --------------------------------------------------------------

def test_stdout_full_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = run("text", str(FIXTURES / "harbour-talks.yaml"), stdout=full)
    refused(result, "standard output")


def test_stdout_closed_early_is_quiet() -> None:
    big = [sys.executable, "-m", "kazan_export", "quotes"]  # the Kazan listing: far more than a pipe holds
    with subprocess.Popen(big, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=TIMEOUT)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert code == 0, err


# -- spreadsheets: CSV formula injection ------------------------------------------------------

def _formula_source(tmp_path: Path) -> Path:
    text = HARBOUR.replace('"Mayor Ivo Novak said on March 4 that “we will sign the harbour agreement '
                           'before summer.”"',
                           '"Mayor Ivo Novak said on March 4: =HYPERLINK(\\"http://x\\") we will sign."')
    text = text.replace('text: "we will sign the harbour agreement before summer."',
                        'text: "=HYPERLINK(\\"http://x\\") we will sign."')
    text = text.replace("name: Port Authority", "name: \"@SUM(1+1)\"")
    text = text.replace("occasion: Press briefing", "occasion: \"-2+3 briefing\"")
    return source(tmp_path, text)


def test_csv_neutralises_formulas_and_json_keeps_the_text(tmp_path: Path) -> None:
    import csv
    import json

    path = _formula_source(tmp_path)
    result = run("quotes", str(path), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = [v for row in rows for v in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    novak = next(r for r in rows if r["id"] == "st-novak-sign")
    assert novak["text"] == "'=HYPERLINK(\"http://x\") we will sign."
    assert novak["occasion"] == "'-2+3 briefing"
    assert "'@SUM(1+1)" in [r["speakers"] for r in rows]
    records = json.loads(run("quotes", str(path), "--format", "json").stdout)
    assert next(r for r in records if r["id"] == "st-novak-sign")["text"] == '=HYPERLINK("http://x") we will sign.'


# -- terminals: escapes are shown, not executed ------------------------------------------------

def run_on_terminal(*args: str) -> tuple[int, str]:
    """Run the command line with a pseudo-terminal as stdout; return (exit code, what it printed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kazan_export", *args], stdout=slave,
                            stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], TIMEOUT)
        if not ready:
            proc.kill()
            raise AssertionError("no output on the terminal")
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.stderr.close()
    return proc.wait(timeout=TIMEOUT), b"".join(chunks).decode("utf-8")


def _bidi_source(tmp_path: Path) -> Path:
    text = HARBOUR.replace("constructive & frank.", "constructive \u202e& frank.")
    return source(tmp_path, text)


@pytest.mark.parametrize("command", [["text"], ["quotes"], ["quotes", "--format", "csv"]])
def test_terminal_sees_bidi_overrides_as_escapes_and_a_pipe_gets_them_exactly(command: list[str],
                                                                              tmp_path: Path) -> None:
    path = _bidi_source(tmp_path)
    code, shown = run_on_terminal(*command, str(path))
    assert code == 0
    assert "\u202e" not in shown and "\\u202e" in shown
    piped = run(*command, str(path))
    assert piped.returncode == 0 and "\u202e" in piped.stdout and "\\u202e" not in piped.stdout


def test_json_escapes_bidi_overrides_and_keeps_the_text(tmp_path: Path) -> None:
    import json

    piped = run("quotes", str(_bidi_source(tmp_path)), "--format", "json")
    assert "\u202e" not in piped.stdout and "\\u202e" in piped.stdout
    assert any("\u202e" in r["text"] for r in json.loads(piped.stdout))


def test_messages_show_bidi_overrides_as_escapes(tmp_path: Path) -> None:
    text = HARBOUR.replace("speakers: [port-authority]", "speakers: [\"port\u202eauthority\"]")
    result = run("validate", str(source(tmp_path, text)))
    assert result.returncode == 1
    assert "\u202e" not in result.stderr and "port\\u202eauthority" in result.stderr


def test_build_failed_line_shows_escapes_in_a_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "bad\x1b]0;owned\x07\x1b[2J.yaml"
    bad.write_text("schema: 1\n", encoding="utf-8")
    result = run("build", str(folder), "--out", str(tmp_path / "out"), "--format", "csl")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr, result.stderr
    assert "bad\\x1b]0;owned\\x07\\x1b[2J.yaml" in result.stderr
