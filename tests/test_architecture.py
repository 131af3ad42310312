"""The package's layers: no import circle, and no import that runs upward (docs/architecture.md).

The import graph is computed from the modules' own source with :mod:`ast`, imports inside
functions included (a lazy import is still a dependency). Each module has a layer rank; a
module may import modules of its own rank or below, never above, and readers and writers
(siblings) never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "kazan_export"
ROOT = Path(__file__).resolve().parent.parent / "src" / PACKAGE

BOTTOM, MIDDLE, COMMANDS, TOP = 0, 1, 2, 3
LAYER_NAMES = {BOTTOM: "bottom (model and pure helpers)", MIDDLE: "readers/writers", COMMANDS: "commands",
               TOP: "top (entry, cli)"}
# Modules directly in the package, by name; everything under readers/, writers/ and commands/
# is ranked by its folder (a new reader or writer needs no entry here).
RANKS = {
    "errors": BOTTOM, "version": BOTTOM, "model": BOTTOM, "dates": BOTTOM, "citations": BOTTOM,
    "anchors": BOTTOM, "occasions": BOTTOM, "query": BOTTOM, "resources": BOTTOM, "outputs": BOTTOM, "latex": BOTTOM,
    "text_rules": BOTTOM, "epoch": BOTTOM, "files": BOTTOM,  # #14: shared rules for inputs and outputs
    "names": BOTTOM,  # what users type: names in any script, text without accents; anyascii
    "punctuation": BOTTOM,  # #12: how punctuation marks join (citeproc-js's table), for citations and cite
    "titlecase": BOTTOM,  # #12: citeproc-js's English title case, for the .bib titles and cite
    "latex_macros": BOTTOM, "bibfile": BOTTOM,  # #12: pylatexenc and bibtexparser each in one module
    "readers": MIDDLE, "writers": MIDDLE,
    "commands": COMMANDS,
    "cli": TOP, "cli_support": TOP, "entry": TOP, "__main__": TOP, "": TOP,  # "": the package's __init__
}
SIBLINGS = {"readers": "writers", "writers": "readers"}  # same rank, and neither imports the other


def module_name(path: Path, root: Path = ROOT, package: str = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    return {module_name(p, root, package): p for p in sorted(root.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """Return the package modules that module ``name`` imports anywhere in its source, with line numbers."""
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[: len(here) - (node.level - 1)]
                base = ".".join(here + ([base] if base else []))
            # "from pkg import mod" imports the module pkg.mod; "from mod import name", mod
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # "import kazan_export.writers.docx.x" -> nearest module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno))
    return found


def graph(root: Path = ROOT, package: str = PACKAGE) -> tuple[dict[str, Path], dict[str, list[tuple[str, int]]]]:
    found = modules(root, package)
    return found, {name: imports(name, path, set(found)) for name, path in found.items()}


def group(name: str, package: str = PACKAGE) -> str:
    """Return the top-level part of the package that ``name`` belongs to ("" for the package itself)."""
    return name[len(package) + 1:].split(".")[0] if name != package else ""


def rank(name: str, package: str = PACKAGE) -> int | None:
    return RANKS.get(group(name, package))


def layer_problems(found: dict[str, Path], edges: dict[str, list[tuple[str, int]]],
                   package: str = PACKAGE) -> list[str]:
    """Return one readable line per unranked module, upward import and sibling import."""
    problems = []
    for name in found:
        if rank(name, package) is None:
            problems.append(f"{name} has no layer rank: add '{group(name, package)}' to RANKS in "
                            f"tests/test_architecture.py (and to docs/architecture.md)")
    for name, targets in edges.items():
        mine = rank(name, package)
        for target, line in targets:
            theirs = rank(target, package)
            if mine is None or theirs is None:
                continue
            where = f"{found[name].name}:{line}: {name} imports {target}"
            if theirs > mine:
                problems.append(f"{where}, which is above it ({LAYER_NAMES[theirs]} > {LAYER_NAMES[mine]}); "
                                "move the shared code down or the importing code up")
            elif SIBLINGS.get(group(name, package)) == group(target, package):
                problems.append(f"{where}: readers and writers are siblings and never import each other; "
                                "move what both need to the bottom layer")
    return problems


def circles(edges: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Return the import circles (each as a list of modules, first repeated at the end)."""
    found, state, stack = [], {}, []

    def visit(name: str) -> None:
        state[name] = "open"
        stack.append(name)
        for target in dict.fromkeys(t for t, _ in edges.get(name, ())):  # each module once
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name)
    return found


def circle_problems(found: dict[str, Path], edges: dict[str, list[tuple[str, int]]]) -> list[str]:
    problems = []
    for circle in circles(edges):
        steps = []
        for a, b in zip(circle, circle[1:]):
            line = next(line for target, line in edges[a] if target == b)
            steps.append(f"{found[a].name}:{line} imports {b}")
        problems.append("import circle " + " -> ".join(circle) + " (" + "; ".join(steps) + ")")
    return problems


def test_every_module_has_a_layer_and_imports_only_downward():
    found, edges = graph()
    assert "kazan_export.model" in found and "kazan_export.cli" in found  # the walk found the package
    problems = layer_problems(found, edges)
    assert not problems, "imports against the layers (docs/architecture.md):\n" + "\n".join(problems)


def test_no_import_circles():
    found, edges = graph()
    problems = circle_problems(found, edges)
    assert not problems, "import circles:\n" + "\n".join(problems)


def test_the_package_init_only_reexports():
    found, edges = graph()
    assert {target for target, _ in edges[PACKAGE]} <= {"kazan_export.errors", "kazan_export.version"}


def test_the_checks_catch_a_circle_an_upward_and_a_sibling_import(tmp_path):
    """The test itself: a made-up package with each kind of fault fails with a message naming it."""
    root = tmp_path / "kazan_export"
    files = {
        "__init__.py": "",
        "model.py": "from kazan_export import cli\n",  # upward, and a circle with cli
        "cli.py": "def main():\n    from kazan_export.model import Article\n",  # lazy, still counted
        "readers/__init__.py": "",
        "readers/bib.py": "from ..writers.bibtex import render_bib\n",  # sibling, relative
        "writers/__init__.py": "",
        "writers/bibtex.py": "import kazan_export.model\n",
        "oddity.py": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    found, edges = graph(root)
    layers = "\n".join(layer_problems(found, edges))
    assert "model.py:1: kazan_export.model imports kazan_export.cli, which is above it" in layers
    assert "bib.py:1: kazan_export.readers.bib imports kazan_export.writers.bibtex: readers and writers" in layers
    assert "kazan_export.oddity has no layer rank" in layers
    assert "writers.bibtex imports" not in layers
    assert circle_problems(found, edges) == [
        "import circle kazan_export.cli -> kazan_export.model -> kazan_export.cli "
        "(cli.py:2 imports kazan_export.model; model.py:1 imports kazan_export.cli)"]


# Each heavy library has one owner: a module, or one package under writers/ (its modules share
# it). python-docx has two, one per direction: writers/docx/ writes Word files, readers/docx.py
# (ingest) reads them; a reader and a writer are siblings that cannot share a module, and
# the two use different parts of the library (no shared code a bottom module could hold).
# PyYAML is not in the list: it is not heavy in this sense, since every command that reads a
# source imports it (readers/positions, with line marks), and the ingest readers
# (markdown front matter, the development set) and `suggest`'s YAML output use it too.
OWNERS = {
    "bibtexparser": {"kazan_export.bibfile"},
    "pylatexenc": {"kazan_export.latex"},
    "rispy": {"kazan_export.writers.ris"},
    "reportlab": {"kazan_export.writers.pdf"},
    "bidi": {"kazan_export.writers.pdf"},
    "arabic_reshaper": {"kazan_export.writers.pdf"},
    "regex": {"kazan_export.writers.pdf"},
    "docx": {"kazan_export.writers.docx", "kazan_export.readers.docx"},
    "trafilatura": {"kazan_export.readers.html"},
    "markdown_it": {"kazan_export.readers.markdown"},
    "anyascii": {"kazan_export.names"},
    "jsonschema_rs": {"kazan_export.readers.checks"},
}


def library_imports(path: Path) -> set[str]:
    """Return the top-level names of the non-package modules that a source file imports (anywhere)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def owner(name: str) -> str:
    """Return the unit that owns what module ``name`` imports: a package under writers/ (all of
    writers/pdf/ is one owner), else the module itself."""
    parts = name.split(".")
    return ".".join(parts[:3]) if len(parts) > 3 and parts[1] == "writers" else name


def test_each_heavy_library_is_imported_by_its_one_owner():
    """#12 point 7: bibtexparser in bibfile only, pylatexenc in latex only, and so on."""
    users: dict[str, set[str]] = {lib: set() for lib in OWNERS}
    for name, path in modules().items():
        for lib in library_imports(path) & set(OWNERS):
            users[lib].add(owner(name))
    wrong = {lib: sorted(found) for lib, found in users.items() if found != OWNERS[lib]}
    assert not wrong, f"heavy libraries imported outside their owner: {wrong}"
