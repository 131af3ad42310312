"""Formatted citations from the bundled CSL styles, processed by pandoc's citeproc.

Why pandoc: it is the correctness reference, and no Python CSL processor gets these styles
right (citeproc-py 0.11.1 abbreviates given names in Chicago and MLA, drops punctuation inside
quotation marks, sorts by code point, repeats substituted titles, prints a stray "Edition" and
does no year-suffix disambiguation). pandoc is found as ``$KAZAN_PANDOC``, else the binary that
the ``pypandoc-binary`` wheel ships (pandoc 3, fast), else ``pandoc`` on ``PATH``. It is needed
only by ``cite --style apa|chicago-author-date|chicago-notes|mla``.

The "quoted in" part follows each style's practice: Chicago notes give the statement's note,
then ", quoted in" and the article's note with the paragraph pinpoint; the author-date styles
print the statement's reference entry, then an in-text citation naming the article as the
source it is quoted in (APA "as cited in", Chicago "quoted in", MLA "qtd. in"). Every piece of
text is formatted by the processor; only these connecting words are ours.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from kazan_export import citations as c
from kazan_export.errors import RenderError, TemplateError
from kazan_export.model import Article, Statement
from kazan_export.resources import templates_dir

STYLE_FILES = {
    "apa": "apa.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "chicago-notes": "chicago-notes-bibliography.csl",
    "mla": "modern-language-association.csl",
}
# How each style introduces the source a statement is quoted in (in-text / note).
CONNECTOR = {"apa": "as cited in", "chicago-author-date": "quoted in", "chicago-notes": "quoted in"}
TIMEOUT = 60


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


def style_path(style: str) -> Path:
    """Return the bundled CSL file of ``style``; raise :class:`TemplateError` if it is missing."""
    path = templates_dir() / "csl" / STYLE_FILES[style]
    if not path.is_file():
        raise TemplateError(f"CSL style {path} is missing; reinstall kazan-export")
    return path


@lru_cache(maxsize=None)
def substitutes_authors(style: str) -> bool:
    """Return True if the style's bibliography replaces a repeated author with a dash
    (its ``subsequent-author-substitute`` attribute)."""
    return "subsequent-author-substitute=" in style_path(style).read_text(encoding="utf-8")


# A pandoc Lua filter, run after citeproc: keeps each paragraph (or the note that stands in
# for it), then the bibliography entry of each key listed in want.txt, a separator after each
# piece, so that pandoc's plain writer gives all the pieces in one run.
_FILTER = r"""
local sep = pandoc.Para{pandoc.Str("\u{2063}KAZAN-SEPARATOR\u{2063}")}
function Pandoc(doc)
  local out = {}
  local function add(blocks)
    for _, b in ipairs(blocks) do table.insert(out, b); table.insert(out, sep) end
  end
  for _, block in ipairs(doc.blocks) do
    if block.t == "Para" then
      local note = nil
      pandoc.walk_block(block, {Note = function(n) if note == nil then note = n end end})
      add(note and note.content or {block})
    end
  end
  local divs = {}
  pandoc.walk_block(pandoc.Div(doc.blocks), {Div = function(d) divs[d.identifier] = d.content end})
  local folder = pandoc.path.directory(PANDOC_SCRIPT_FILE)
  for key in io.lines(pandoc.path.join{folder, "want.txt"}) do
    if divs["ref-" .. key] == nil then error("KAZAN-NO-ENTRY " .. key) end
    add(divs["ref-" .. key])
  end
  return pandoc.Pandoc(out)
end
"""
SEPARATOR = "\u2063KAZAN-SEPARATOR\u2063"


class Pieces:
    """pandoc with citeproc over ``markdown``, running in the background from construction.

    :meth:`result` returns the plain text of each paragraph after citeproc (a note replaces
    the paragraph it stands in), then the bibliography entry of each of ``want_refs``.
    """

    def __init__(self, items: list[dict], markdown: str, style: str, want_refs: list[str]):
        self.style = style
        pandoc, csl = pandoc_executable(), style_path(style)  # raise before any file is made
        self._tmp = tempfile.TemporaryDirectory(prefix="kazan-cite-")
        folder = Path(self._tmp.name)
        files = {"refs.json": json.dumps(items, ensure_ascii=False), "pieces.lua": _FILTER,
                 "want.txt": "".join(f"{key}\n" for key in want_refs),
                 "cite.md": "---\nnocite: '@*'\n---\n\n" + markdown}
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        args = [pandoc, "--from=markdown", "--to=plain", "--wrap=none", "--citeproc",
                f"--csl={csl}", f"--bibliography={folder / 'refs.json'}",
                f"--lua-filter={folder / 'pieces.lua'}", str(folder / "cite.md")]
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, encoding="utf-8")
        except OSError as exc:
            self._tmp.cleanup()
            raise RenderError(f"pandoc could not run: {exc}") from None

    def result(self) -> list[str]:
        """Return the pieces; raise :class:`RenderError` if pandoc fails or finds no entry."""
        try:
            out, err = self._proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise RenderError(f"pandoc did not finish within {TIMEOUT} s") from None
        finally:
            self._tmp.cleanup()
        if self._proc.returncode != 0:
            missing = re.search(r"KAZAN-NO-ENTRY (\S+)", err)
            if missing:
                raise RenderError(f"the {self.style} style prints no bibliography entry for {missing.group(1)}")
            raise RenderError(f"pandoc failed: {err.strip()}")
        return [part.strip() for part in out.split(SEPARATOR)][:-1]

    def cancel(self) -> None:
        """Stop pandoc (if still running) and remove its files."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()
        self._tmp.cleanup()


def render_pieces(items: list[dict], markdown: str, style: str, want_refs: list[str]) -> list[str]:
    """Return the plain text of each paragraph of ``markdown`` after citeproc, then the
    bibliography entry of each of ``want_refs``. Notes replace the paragraph they stand in.
    """
    return Pieces(items, markdown, style, want_refs).result()


class Citation:
    """A formatted citation being made by pandoc in the background; see :func:`start_citation`."""

    def __init__(self, pieces: Pieces, finish):  # noqa: ANN001
        self._pieces, self._finish = pieces, finish

    def result(self) -> str:
        """Return the citation; raise :class:`RenderError` if pandoc fails."""
        return self._finish(self._pieces.result())

    def cancel(self) -> None:
        """Stop making it."""
        self._pieces.cancel()


def start_citation(article: Article, statement: Statement, style: str) -> Citation:
    """Start pandoc on the citation of ``statement`` in ``style``; return it as a :class:`Citation`.

    Raises :class:`RenderError` if pandoc cannot be started.
    """
    from kazan_export.writers.csl import csl_items

    # The statements that could be confused with this one (same first speaker) are registered
    # too, and cited first in key order (a paragraph we drop), so that year suffixes (Fassier
    # 2011a, 2011b: items alike in author, date and title keep this order) are those of pandoc's
    # `nocite: @*` over the CSL-JSON export; the other statements cannot change this citation.
    same = [s for s in article.statements if c.author_key(article, s) == c.author_key(article, statement)]
    if substitutes_authors(style):
        # the style's bibliography prints a repeated author as "———" (MLA), and it tells items
        # apart by title, not by year suffix: cite the statement alone, so its entry names them
        same = [statement]
    items = csl_items(article, same)
    akey, skey = items[0]["id"], statement.key
    number = c.pinpoint(article, statement)
    locator = f"para. {number}" if "–" not in number else f"paras. {number}"
    if style == "chicago-notes":  # first-reference notes: nothing may be cited before
        return Citation(Pieces(items, f"[@{{{skey}}}]\n\n[@{{{akey}}}, {locator}]\n", style, []), _notes)
    order = "[" + "; ".join(f"@{{{k}}}" for k in sorted(s.key for s in same)) + "]\n\n"
    source_cite = f"[qtd. in @{{{akey}}}, {locator}]" if style == "mla" else f"[@{{{akey}}}, {locator}]"
    pieces = Pieces(items, f"{order}[@{{{skey}}}]\n\n{source_cite}\n", style, [skey])
    return Citation(pieces, lambda parts: _author_date(parts, style))


def _notes(parts: list[str]) -> str:
    own, source = parts
    last = own.split()[-1] if own.split() else ""
    if last.endswith(".") and "." not in last[:-1]:  # the note's own full stop, not "n.d."
        own = own[:-1]
    return f"{own}, {CONNECTOR['chicago-notes']} {source}"


def _author_date(parts: list[str], style: str) -> str:
    _, own, source, entry = parts
    if style == "mla":  # MLA names only the source it is quoted in: (qtd. in Tadevosyan par. 9)
        return f"{entry}\n{source}"
    if own[:1] == "(" and own[-1:] == ")" and source[:1] == "(" and source[-1:] == ")":
        in_text = f"{own[:-1]}, {CONNECTOR[style]} {source[1:]}"
    else:
        in_text = f"{own}, {CONNECTOR[style]} {source}"
    return f"{entry}\n{in_text}"


def format_citation(article: Article, statement: Statement, style: str) -> str:
    """Return the formatted citation of ``statement`` in ``style`` with its "quoted in" part.

    Raises :class:`RenderError` if pandoc is missing or fails.
    """
    return start_citation(article, statement, style).result()


def format_entries(article: Article, style: str) -> dict[str, str]:
    """Return the bibliography entry of every statement in ``style`` by key, in one processor run.

    Raises :class:`RenderError` if pandoc is missing or fails, or if the style prints no entry
    for a statement (Chicago notes prints none for unpublished speeches: use a note).
    """
    from kazan_export.writers.csl import csl_items

    keys = [s.key for s in article.statements]
    return dict(zip(keys, render_pieces(csl_items(article), "", style, keys)))
