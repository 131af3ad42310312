"""Where the bundled files are: the default source, templates, the schema, fonts, CSL styles.

In an installed wheel they live in ``kazan_export/_data/``; in a source checkout they are the
repository's top-level ``sources/`` and ``templates/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_SOURCE_NAME = "meeting-in-kazan.yaml"


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name  # src/kazan_export -> repository root


def sources_dir() -> Path:
    """Return the folder of bundled sources."""
    return _data_dir("sources")


def templates_dir() -> Path:
    """Return the folder of bundled templates (reference DOCX, PDF layout, CSL, fonts)."""
    return _data_dir("templates")


def default_source() -> Path:
    """Return the path of the bundled Kazan article."""
    return sources_dir() / DEFAULT_SOURCE_NAME


def schema_path() -> Path:
    """Return the path of the source format's JSON Schema."""
    return _PACKAGE / "schema" / "article.schema.json"
