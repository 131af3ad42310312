"""The build's manifest (``manifest.json``) and the names of its output files.

The manifest lists every source (its path, sha256, id, status and outputs) and every output
(path, format, size, sha256, source), sorted, with no timestamp but ``SOURCE_DATE_EPOCH``,
so that it is byte-identical from run to run.
"""

from __future__ import annotations

import re
from pathlib import Path

from kazan_export import resources
from kazan_export.version import __version__

MANIFEST = "manifest.json"
MAX_NAME = 100  # characters of an output name's stem
BUNDLED = "kazan_export:sources/"  # how the manifest names a bundled source


def safe_name(article_id: str) -> str:
    """Return a file name stem for an article id: letters, digits, ``-``, ``_`` and inner dots."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._-")[:MAX_NAME].rstrip("._-")
    return name or "article"


def display_name(path: Path) -> str:
    """Return how the manifest names the source at ``path`` (bundled sources by package path)."""
    bundled = resources.sources_dir()
    try:
        return BUNDLED + path.resolve().relative_to(bundled.resolve()).as_posix()
    except ValueError:
        return printable_path(path.as_posix())


def printable_path(text: str) -> str:
    """Return a file name as UTF-8 text: bytes that are not UTF-8 become ``\\xNN`` (``caf\\xe9.yaml``)."""
    import os

    return os.fsencode(text).decode("utf-8", "backslashreplace")


def manifest_json(sources: list[dict], outputs: list[dict], epoch: int | None, interrupted: bool = False,
                  kept: list[dict] = (), stale: list[dict] = ()) -> str:
    """Return the manifest's text: sorted keys, no timestamps but ``SOURCE_DATE_EPOCH``.

    ``kept`` (files of an earlier build, checked) and ``stale`` (files it cannot vouch for)
    appear only when not empty; see :mod:`~kazan_export.commands.build.ledger`.
    """
    import json

    data = {"manifest": 1, "generator": f"kazan-export {__version__}", "sources": sources,
            "outputs": sorted(outputs, key=lambda o: o["path"])}
    for key, items in (("kept", kept), ("stale", stale)):
        if items:
            data[key] = sorted(items, key=lambda o: o["path"])
    if interrupted:
        data["interrupted"] = True
    if epoch is not None:
        data["source_date_epoch"] = epoch
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
