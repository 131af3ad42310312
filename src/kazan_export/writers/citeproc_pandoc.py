"""pandoc's citeproc over one or many small documents, in one pandoc process.

pandoc is found as ``$KAZAN_PANDOC``, else the binary that the ``pypandoc-binary`` wheel ships,
else ``pandoc`` on ``PATH``. A Lua filter reads the documents (each: CSL-JSON references, a
CSL style, Markdown citing them, the writer's format) from pandoc's standard input, runs
``pandoc.utils.citeproc`` on each (what ``pandoc --citeproc --csl=… --bibliography=…`` runs)
and prints, as one line of JSON, each paragraph (or the note that stands for it) and each
bibliography entry with its id; the line is read as soon as it is printed, and pandoc is
stopped then, not waited for while it writes nothing and exits. pandoc can be started before
the documents exist (:meth:`Documents.send` gives them): while it waits it cites two works in
a two-line style, which builds what every later run reuses (the en-US locale, about 20 ms,
and the Unicode collation table that sorting a bibliography of two or more works needs,
about 75 ms), so that ``cite`` overlaps this with starting its command line and reading the
source. Starting
pandoc and that set-up take most of a document's time, so many documents in one run cost a
fraction each (the tests compare hundreds with citeproc-js). Field-final punctuation is
protected around pandoc as citeproc-js joins it, years get citeproc-js's "AD", and italics
follow citeproc-js's rule for scripts (:mod:`.citeproc_punctuation`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from kazan_export.errors import RenderError

WRITERS = {"text": "plain", "html": "html", "markdown": "markdown-smart", "rtf": "html"}  # RTF is made from HTML
TIMEOUT = 60  # seconds per document


def pandoc_executable() -> str:
    """Return the pandoc to run; raise :class:`RenderError` if there is none."""
    env = os.environ.get("KAZAN_PANDOC")
    if env:
        return env
    spec = importlib.util.find_spec("pypandoc")  # finds the package without importing it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "files" / "pandoc"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    found = shutil.which("pandoc")
    if found:
        return found
    raise RenderError("formatted citations need pandoc (its citeproc is the CSL processor): "
                      "pip install pypandoc-binary, or apt-get install pandoc; "
                      "--style bibtex and --style csl-json work without it")


_WARM_UP_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>warm-up</title><id>warm-up</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="title"/></sort><layout><text variable="title"/></layout></bibliography>
</style>
"""

_FILTER = Path(__file__).with_name("citeproc_pieces.lua")  # the Lua filter pandoc runs


_COMMENT = re.compile(r"<!--.*?-->|<\?(?!xml[\s?]).*?\?>", re.S)  # comments, processing instructions
# A whole tag (no < or > in its attributes) and the blanks after it, before the next tag
_GAP = re.compile(r"(<[^<>]*>)\s+(?=<(/?))")
_TERM = re.compile(r"<(?:term|single|multiple)[\s>]")  # blanks directly inside one may be its text


def _gap(m: re.Match) -> str:
    tag, before_end = m[1], m[2]
    if before_end:  # blanks before an end tag go only after an end tag or an empty one
        return tag if tag.startswith("</") or tag.endswith("/>") else m[0]
    return m[0] if _TERM.match(tag) else tag


def compact_style(xml: str) -> str:
    """Return the CSL style ``xml`` without its comments, processing instructions and blanks
    between tags (the same style to a CSL processor: CSL has no mixed content, and the text
    of a term, even a space, is kept), which pandoc reads in about half the time. A style
    holding CDATA sections is returned as it is."""
    if "<![CDATA[" in xml:
        return xml
    return _GAP.sub(_gap, _COMMENT.sub("", xml))


def failure(stderr: str, status: int | None) -> str:
    """Return, in one line, what pandoc said when it failed: its warnings ("[WARNING] …" and
    their indented lines) and a Lua filter's stack traceback left out; its exit status if
    nothing else is left."""
    said, warning = [], False
    for line in stderr.splitlines():
        if line.startswith("[WARNING]"):
            warning = True
        elif not (warning and line[:1].isspace()):
            warning = False
            if line.strip() == "stack traceback:":
                break
            if line.strip():
                said.append(line.strip())
    return " ".join(said) or f"exit status {status}"


class Documents:
    """pandoc with citeproc over documents, running in the background from construction.

    ``documents`` are ``(items, markdown, csl_path, fmt)``; given here or later, once, to
    :meth:`send`. pandoc starts at once and, while they are being made, builds the locale and
    the collation table. :meth:`results` returns, per document, what the
    processor printed: each citation (a note replaces the paragraph it stands in) and the
    bibliography, as ``(pieces, [(id, entry), …])``; :meth:`cancel` stops it. Raises
    :class:`RenderError` if pandoc is missing or cannot be started (its files cannot be
    made, or it cannot run).
    """

    def __init__(self, documents: list[tuple[list[dict], str, Path, str]] | None = None):
        pandoc = pandoc_executable()  # raise before any file is made
        self._count, self._writers, self._terms, self._sent, self._stopped = 0, [], [], False, False
        try:
            self._tmp = tempfile.TemporaryDirectory(prefix="kazan-cite-")
        except OSError as exc:
            raise RenderError(f"pandoc's files cannot be made in {tempfile.gettempdir()}: "
                              f"{exc.strerror}; set TMPDIR to a writable folder") from None
        folder = self._folder = Path(self._tmp.name)
        args = [pandoc, str(folder / "empty.md"), "--from=markdown", "--to=plain", f"--output={os.devnull}",
                f"--lua-filter={_FILTER}"]
        try:
            (folder / "warm-up.csl").write_text(_WARM_UP_STYLE, encoding="utf-8")
            (folder / "empty.md").write_text("", encoding="utf-8")
            with (folder / "stderr.txt").open("wb") as err:  # a file: a pipe could fill and stop pandoc
                self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                              stderr=err, text=True, encoding="utf-8")
        except OSError as exc:
            self._tmp.cleanup()
            raise RenderError(f"pandoc could not run: {exc}") from None
        except BaseException:
            self._tmp.cleanup()
            raise
        if documents is not None:
            try:
                self.send(documents)
            except BaseException:
                self.cancel()
                raise

    def send(self, documents: list[tuple[list[dict], str, Path, str]]) -> None:
        """Give pandoc its documents (once; :meth:`results` waits for what it printed)."""
        if self._sent:
            raise ValueError("the documents were sent already")
        self._sent, folder = True, self._folder
        from kazan_export.writers.citeproc_case import style_allows  # not needed to start pandoc
        from kazan_export.writers.citeproc_punctuation import protect, style_text
        from kazan_export.writers.citeproc_sorting import MARK, PRINTED, author_sorted, may_tie, sorting_style
        # each style once: its file, "ad" term, whether it allows nocase marks, its text and
        # whether it sorts by author first; as sorting_style makes it (sorted as citeproc-js
        # sorts), only for the documents that need it: its file, probe style and macro sort keys
        listed, styles, sorted_styles = [], {}, {}
        for n, (items, markdown, csl, fmt) in enumerate(documents):
            if csl not in styles:
                xml, term = style_text(compact_style(Path(csl).read_text(encoding="utf-8")))
                styles[csl] = (folder / f"style{len(styles)}.csl", term, style_allows(xml), xml, author_sorted(xml))
                styles[csl][0].write_text(xml, encoding="utf-8")
            path, _, allows, xml, author_first = styles[csl]
            probe = None
            if may_tie(items, author_first):
                if csl not in sorted_styles:
                    fixed, probe_xml, keys = sorting_style(xml)
                    m = len(sorted_styles)
                    sorted_styles[csl] = folder / f"sorted{m}.csl", probe_xml and folder / f"probe{m}.csl", keys
                    sorted_styles[csl][0].write_text(fixed, encoding="utf-8")
                    if probe_xml:
                        sorted_styles[csl][1].write_text(probe_xml, encoding="utf-8")
                path, probe, keys = sorted_styles[csl]
            refs, text = folder / f"refs{n}.json", folder / f"cite{n}.md"
            refs.write_text(json.dumps(protect(items, allows), ensure_ascii=False), encoding="utf-8")
            text.write_text(markdown, encoding="utf-8")
            listed.append({"bibliography": str(refs), "markdown": str(text), "csl": str(path),
                           "format": WRITERS[fmt]})
            if probe:  # a citeproc run (~50 ms): only where it can change the order
                listed[-1].update(probe=str(probe), keys=keys, mark=MARK, printed=PRINTED)
        self._count = len(documents)
        self._writers = [WRITERS[fmt] for _, _, _, fmt in documents]
        self._terms = [styles[csl][1] for _, _, csl, _ in documents]
        try:
            with self._proc.stdin:  # closed after: pandoc reads to the end, then runs
                self._proc.stdin.write(json.dumps(listed, ensure_ascii=False))
        except OSError:  # pandoc stopped before reading: results() says why
            pass

    def results(self) -> list[tuple[list[str], list[tuple[str, str]]]]:
        """Return the pieces of every document sent; raise :class:`RenderError` if pandoc fails."""
        try:
            if not self._sent:
                self.send([])
            line = self._read_line(TIMEOUT * max(1, self._count))
            if not line.endswith("\n"):  # pandoc stopped before it printed the results (all of them)
                self._proc.wait(timeout=TIMEOUT)
                err = (self._folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
                raise RenderError(f"pandoc failed: {failure(err, self._proc.returncode)}")
            out = json.loads(line)
            if isinstance(out, dict):  # the filter's refusal: this pandoc cannot run it
                raise RenderError(f"pandoc {out['too_old']} ({self._proc.args[0]}) is too old for formatted "
                                  "citations, which need pandoc 3.1.1 or newer: pip install pypandoc-binary, "
                                  "or set KAZAN_PANDOC to a newer pandoc")
            self.cancel()  # its work is done: no need to wait while it writes nothing and exits (13–60 ms)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise RenderError(f"pandoc did not finish within {TIMEOUT * max(1, self._count)} s") from None
        except BaseException:  # Ctrl-C, a SIGTERM handler, a cancelled task: pandoc stops too
            self.cancel()
            raise
        finally:
            self._tmp.cleanup()
        from kazan_export.writers.citeproc_punctuation import restore, unitalic

        def text(written: str, writer: str, ad: str) -> str:
            return unitalic(restore(written, ad), writer).strip()

        return [([text(p, w, ad) for p in doc["pieces"] or []],
                 [(k, text(v, w, ad)) for k, v in doc["refs"] or [] if v.strip()])
                for doc, w, ad in zip(out, self._writers, self._terms, strict=True)]

    def _read_line(self, timeout: float) -> str:
        """Return the line pandoc prints when its documents are done (cut short, without its end,
        or '' if pandoc stopped before printing all of it); raise :class:`subprocess.TimeoutExpired`
        after ``timeout`` seconds."""
        line = []
        reader = threading.Thread(target=lambda: line.append(self._proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            raise subprocess.TimeoutExpired(self._proc.args, timeout)
        return line[0] if line else ""

    def __del__(self) -> None:  # dropped unsent (a caller's bug or an exception): pandoc would wait on its input
        proc = getattr(self, "_proc", None)
        if proc is not None and not getattr(self, "_stopped", False) and proc.poll() is None:
            proc.kill()

    def cancel(self) -> None:
        """Stop pandoc (if still running) and remove its files. pandoc is killed at once and
        reaped in the background: the system takes 7–19 ms to free its memory, and nothing
        needs to wait for that."""
        if self._stopped:
            return
        self._stopped = True
        if self._proc.poll() is None:
            self._proc.kill()
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                pipe.close()
            except OSError:  # the pipe is broken: pandoc is gone
                pass
        threading.Thread(target=self._proc.wait, daemon=True).start()
        self._tmp.cleanup()
