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
import shutil
import subprocess
import tempfile
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


def _run(args: list[str], data: str) -> str:
    try:
        done = subprocess.run([pandoc_executable(), *args], input=data, capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"pandoc could not run: {exc}") from None
    if done.returncode != 0:
        raise RenderError(f"pandoc failed: {done.stderr.strip()}")
    return done.stdout


def _para(text: str) -> dict:
    return {"t": "Para", "c": [{"t": "Str", "c": text}]}


def _find(blocks: list, match) -> list:  # noqa: ANN001
    """Return every node under ``blocks`` for which ``match(node)`` is true (depth first)."""
    found, stack = [], [blocks]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if match(node):
                found.append(node)
            stack.append(node.get("c"))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found


def render_pieces(items: list[dict], markdown: str, style: str, want_refs: list[str]) -> list[str]:
    """Return the plain text of each paragraph of ``markdown`` after citeproc, then the
    bibliography entry of each of ``want_refs``. Notes replace the paragraph they stand in.
    """
    with tempfile.TemporaryDirectory(prefix="kazan-cite-") as tmp:
        bib = Path(tmp) / "refs.json"
        bib.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        ast = json.loads(_run(["--from=markdown", "--to=json", "--citeproc", f"--csl={style_path(style)}",
                               f"--bibliography={bib}"], "---\nnocite: '@*'\n---\n\n" + markdown))
    blocks = []
    for block in ast["blocks"]:
        if block["t"] == "Para":
            notes = _find(block["c"], lambda n: n.get("t") == "Note")
            blocks.extend(notes[0]["c"] if notes else [block])
    divs = {n["c"][0][0]: n["c"][1] for n in _find(ast["blocks"], lambda n: n.get("t") == "Div")}
    for ref in want_refs:
        if f"ref-{ref}" not in divs:
            raise RenderError(f"the {style} style prints no bibliography entry for {ref}")
        blocks.extend(divs[f"ref-{ref}"])
    sep = "\u2063KAZAN-SEPARATOR\u2063"
    joined = [b for block in blocks for b in (block, _para(sep))]
    doc = {"pandoc-api-version": ast["pandoc-api-version"], "meta": {}, "blocks": joined}
    text = _run(["--from=json", "--to=plain", "--wrap=none"], json.dumps(doc))
    return [part.strip() for part in text.split(sep)][:-1]


def format_citation(article: Article, statement: Statement, style: str) -> str:
    """Return the formatted citation of ``statement`` in ``style`` with its "quoted in" part.

    Raises :class:`RenderError` if pandoc is missing or fails.
    """
    from kazan_export.writers.csl import csl_items

    # The statements that could be confused with this one (same first speaker) are registered
    # too, and cited first in key order (a paragraph we drop), so that year suffixes (Fassier
    # 2011a, 2011b: items alike in author, date and title keep this order) are those of pandoc's
    # `nocite: @*` over the CSL-JSON export; the other statements cannot change this citation.
    same = [s for s in article.statements if c.author_key(article, s) == c.author_key(article, statement)]
    items = csl_items(article, same)
    akey, skey = items[0]["id"], statement.key
    number = c.pinpoint(article, statement)
    locator = f"para. {number}" if "–" not in number else f"paras. {number}"
    if style == "chicago-notes":  # first-reference notes: nothing may be cited before
        own, source = render_pieces(items, f"[@{{{skey}}}]\n\n[@{{{akey}}}, {locator}]\n", style, [])
        last = own.split()[-1] if own.split() else ""
        if last.endswith(".") and "." not in last[:-1]:  # the note's own full stop, not "n.d."
            own = own[:-1]
        return f"{own}, {CONNECTOR[style]} {source}"
    order = "[" + "; ".join(f"@{{{k}}}" for k in sorted(s.key for s in same)) + "]\n\n"
    source_cite = f"[qtd. in @{{{akey}}}, {locator}]" if style == "mla" else f"[@{{{akey}}}, {locator}]"
    _, own, source, entry = render_pieces(items, f"{order}[@{{{skey}}}]\n\n{source_cite}\n", style, [skey])
    if style == "mla":  # MLA names only the source it is quoted in: (qtd. in Tadevosyan par. 9)
        return f"{entry}\n{source}"
    if own[:1] == "(" and own[-1:] == ")" and source[:1] == "(" and source[-1:] == ")":
        in_text = f"{own[:-1]}, {CONNECTOR[style]} {source[1:]}"
    else:
        in_text = f"{own}, {CONNECTOR[style]} {source}"
    return f"{entry}\n{in_text}"


def format_entries(article: Article, style: str) -> dict[str, str]:
    """Return the bibliography entry of every statement in ``style`` by key, in one processor run.

    Raises :class:`RenderError` if pandoc is missing or fails, or if the style prints no entry
    for a statement (Chicago notes prints none for unpublished speeches: use a note).
    """
    from kazan_export.writers.csl import csl_items

    keys = [s.key for s in article.statements]
    return dict(zip(keys, render_pieces(csl_items(article), "", style, keys)))
