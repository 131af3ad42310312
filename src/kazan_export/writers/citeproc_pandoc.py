"""pandoc's citeproc over one or many small documents, in one pandoc process.

pandoc is found as ``$KAZAN_PANDOC``, else the binary that the ``pypandoc-binary`` wheel ships,
else ``pandoc`` on ``PATH``. A Lua filter reads the documents (each: CSL-JSON references, a
CSL style, Markdown citing them, the writer's format), runs ``pandoc.utils.citeproc`` on each
(what ``pandoc --citeproc --csl=… --bibliography=…`` runs) and writes, as JSON, each paragraph
(or the note that stands for it) and each bibliography entry with its id. Starting pandoc and
reading its locale takes most of a document's time, so many documents in one run cost a
fraction each (the tests compare hundreds with citeproc-js). Field-final punctuation is
protected around pandoc as citeproc-js joins it, years get citeproc-js's "AD", and italics
follow citeproc-js's rule for scripts (:mod:`.citeproc_punctuation`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kazan_export.errors import RenderError
from kazan_export.writers.citeproc_punctuation import protect, restore, style_text, unitalic

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


_FILTER = r"""
function Pandoc(_)
  local folder = pandoc.path.directory(PANDOC_SCRIPT_FILE)
  local docs = pandoc.json.decode(io.open(pandoc.path.join{folder, "documents.json"}):read("a"), false)
  local opts = {wrap_text = "wrap-none"}
  local results = {}
  for _, d in ipairs(docs) do
    local doc = pandoc.read(io.open(d.markdown):read("a"), "markdown")
    doc.meta.bibliography = d.bibliography
    doc.meta.csl = d.csl
    doc = pandoc.utils.citeproc(doc)
    local function render(inlines)  -- the text only: no citation spans around it
      local piece = pandoc.Pandoc{pandoc.Plain(inlines)}:walk{Cite = function(c) return c.content end}
      return pandoc.write(piece, d.format, opts)
    end
    local pieces, refs = {}, {}
    for _, block in ipairs(doc.blocks) do
      if block.t == "Para" then
        local note = nil
        pandoc.walk_block(block, {Note = function(n) if note == nil then note = n end end})
        table.insert(pieces, render(note and pandoc.utils.blocks_to_inlines(note.content) or block.content))
      end
    end
    pandoc.walk_block(pandoc.Div(doc.blocks), {Div = function(div)
      if div.identifier:sub(1, 4) == "ref-" then
        table.insert(refs, {div.identifier:sub(5), render(pandoc.utils.blocks_to_inlines(div.content))})
      end
    end})
    table.insert(results, {pieces = pieces, refs = refs})
  end
  local f = io.open(pandoc.path.join{folder, "out.json"}, "w")
  f:write(pandoc.json.encode(results))
  f:close()
  return pandoc.Pandoc({})
end
"""


class Documents:
    """pandoc with citeproc over documents, running in the background from construction.

    ``documents`` are ``(items, markdown, csl_path, fmt)``. :meth:`results` returns, per
    document, what the processor printed: each citation (a note replaces the paragraph it
    stands in) and the bibliography, as ``(pieces, [(id, entry), …])``.
    """

    def __init__(self, documents: list[tuple[list[dict], str, Path, str]]):
        pandoc = pandoc_executable()  # raise before any file is made
        self._count = len(documents)
        self._writers = [WRITERS[fmt] for _, _, _, fmt in documents]
        self._tmp = tempfile.TemporaryDirectory(prefix="kazan-cite-")
        folder = self._folder = Path(self._tmp.name)
        listed, styles = [], {}  # each style once, with its "ad" term stood in for
        for n, (items, markdown, csl, fmt) in enumerate(documents):
            if csl not in styles:
                xml, term = style_text(Path(csl).read_text(encoding="utf-8"))
                styles[csl] = folder / f"style{len(styles)}.csl", term
                styles[csl][0].write_text(xml, encoding="utf-8")
            refs, text = folder / f"refs{n}.json", folder / f"cite{n}.md"
            refs.write_text(json.dumps(protect(items), ensure_ascii=False), encoding="utf-8")
            text.write_text(markdown, encoding="utf-8")
            listed.append({"bibliography": str(refs), "markdown": str(text), "csl": str(styles[csl][0]),
                           "format": WRITERS[fmt]})
        self._terms = [styles[csl][1] for _, _, csl, _ in documents]
        (folder / "documents.json").write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
        (folder / "pieces.lua").write_text(_FILTER, encoding="utf-8")
        args = [pandoc, "--from=markdown", "--to=plain", f"--lua-filter={folder / 'pieces.lua'}"]
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.PIPE, text=True, encoding="utf-8")
        except OSError as exc:
            self._tmp.cleanup()
            raise RenderError(f"pandoc could not run: {exc}") from None

    def results(self) -> list[tuple[list[str], list[tuple[str, str]]]]:
        """Return the pieces of every document; raise :class:`RenderError` if pandoc fails."""
        try:
            _, err = self._proc.communicate(timeout=TIMEOUT * max(1, self._count))
            if self._proc.returncode != 0:
                raise RenderError(f"pandoc failed: {err.strip()}")
            out = json.loads((self._folder / "out.json").read_text(encoding="utf-8"))
        except subprocess.TimeoutExpired:
            self.cancel()
            raise RenderError(f"pandoc did not finish within {TIMEOUT * max(1, self._count)} s") from None
        finally:
            self._tmp.cleanup()
        def text(written: str, writer: str, ad: str) -> str:
            return unitalic(restore(written, ad), writer).strip()

        return [([text(p, w, ad) for p in doc["pieces"] or []],
                 [(k, text(v, w, ad)) for k, v in doc["refs"] or [] if v.strip()])
                for doc, w, ad in zip(out, self._writers, self._terms, strict=True)]

    def cancel(self) -> None:
        """Stop pandoc (if still running) and remove its files."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()
        self._tmp.cleanup()

