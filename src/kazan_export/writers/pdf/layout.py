"""The PDF layout: read ``templates/pdf-layout.toml`` (or a user's copy) into typed values.

Every appearance number of the PDF writer lives in the layout file; this module reads it
with :mod:`tomllib`, lays a user's file over the bundled one (so a copy may hold only the
keys it changes), checks the types and caches the result once per process and file.
It imports no PDF library.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from kazan_export.errors import TemplateError
from kazan_export.resources import templates_dir

LAYOUT_NAME = "pdf-layout.toml"
POINTS_PER_MM = 72.0 / 25.4
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# What a paragraph style of the ``[styles.NAME]`` tables may set, with its default.
STYLE_KEYS: dict[str, object] = {
    "family": "serif", "face": "regular", "size_pt": 10.0, "leading_pt": 12.0,
    "space_before_pt": 0.0, "space_after_pt": 0.0, "indent": 0.0, "first_line_indent": 0.0,
    "colour": "text", "bullet_colour": "text", "align": "left",
}


def default_layout_path() -> Path:
    """Return the path of the bundled layout file."""
    return templates_dir() / LAYOUT_NAME


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise TemplateError(f"{path}: layout file not found; copy {default_layout_path()}") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the layout file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], over: dict[str, Any], where: str, path: Path) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        name = f"{where}.{key}" if where else key
        if where.startswith("styles.") and key in STYLE_KEYS and key not in base:
            base = {**base, key: STYLE_KEYS[key]}
        if key not in base:
            raise TemplateError(f"{path}: unknown layout setting '{name}'; see {default_layout_path()}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise TemplateError(f"{path}: '{name}' must be a table ([{name}])")
            out[key] = _merge(base[key], value, name, path)
        else:
            expected = (int, float) if isinstance(base[key], (int, float)) else type(base[key])
            if not isinstance(value, expected) or isinstance(value, bool) != isinstance(base[key], bool):
                raise TemplateError(f"{path}: '{name}' must be like {base[key]!r}, not {value!r}")
            out[key] = value
    return out


class Layout:
    """Typed access to the layout settings; lengths come back in PostScript points."""

    def __init__(self, data: dict[str, Any], folder: Path):
        self.data = data
        self.folder = folder  # where a user's font and logo files are looked up first

    def value(self, section: str, key: str) -> Any:
        """Return a raw setting; raise :class:`TemplateError` if it is missing."""
        node: Any = self.data
        for part in (*section.split("."), key):
            if not isinstance(node, dict) or part not in node:
                raise TemplateError(f"layout setting '{section}.{key}' is missing")
            node = node[part]
        return node

    def pt(self, section: str, key: str) -> float:
        """Return a length given in points (keys ending in ``_pt``) or a plain number."""
        return float(self.value(section, key))

    def mm(self, section: str, key: str) -> float:
        """Return a length given in millimetres, converted to points."""
        return float(self.value(section, key)) * POINTS_PER_MM

    def style(self, name: str) -> dict[str, object]:
        """Return the settings of paragraph style ``name``, with defaults filled in."""
        return {**STYLE_KEYS, **self.value("styles", name)}

    def colour(self, key: str) -> str:
        """Return a colour of the ``[colours]`` table as ``#RRGGBB``."""
        text = self.value("colours", key)
        if not isinstance(text, str) or not _COLOUR.match(text):
            raise TemplateError(f"layout colour '{key}' must be written #RRGGBB, not {text!r}")
        return text

    def paper(self, name: str) -> tuple[float, float]:
        """Return the page size for ``name`` ("a4", "letter") in points."""
        size = self.data.get("paper", {}).get(name)
        if not (isinstance(size, list) and len(size) == 2 and all(isinstance(v, (int, float)) for v in size)):
            choices = ", ".join(sorted(self.data.get("paper", {})))
            raise TemplateError(f"paper '{name}' is not in the layout's [paper] table ({choices})")
        return (size[0] * POINTS_PER_MM, size[1] * POINTS_PER_MM)

    def file(self, name: str) -> Path:
        """Return a font or image file: next to the layout file first, then the bundled fonts."""
        for folder in (self.folder, self.folder / "fonts", templates_dir() / "fonts"):
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise TemplateError(f"layout file '{name}' not found next to the layout or in {templates_dir() / 'fonts'}")

    def logo(self) -> Path | None:
        """Return the logo image, or None when the layout names none."""
        name = self.value("logo", "file")
        if not name:
            return None
        path = (self.folder / name)
        if not path.is_file():
            raise TemplateError(f"logo '{name}' not found next to the layout file ({self.folder})")
        return path


@lru_cache(maxsize=None)
def _bundled() -> dict[str, Any]:
    return _read(default_layout_path())


@lru_cache(maxsize=8)
def _load_cached(path: Path | None) -> Layout:
    base = _bundled()
    if path is None:
        return Layout(base, default_layout_path().parent)
    return Layout(_merge(base, _read(path), "", path), path.parent)


def load_layout(path: str | Path | None = None) -> Layout:
    """Return the layout of ``path`` laid over the bundled one (the bundled one if None).

    Read once per process and file. Raises :class:`TemplateError` for a missing or
    malformed file, an unknown setting or a value of the wrong type.
    """
    return _load_cached(None if path is None else Path(path).resolve())
