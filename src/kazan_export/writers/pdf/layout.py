"""The PDF layout: read ``templates/pdf-layout.toml`` (or a user's copy) into typed values.

Every appearance number of the PDF writer lives in the layout file; this module reads it
with :mod:`tomllib`, lays a user's file over the bundled one (so a copy may hold only the
keys it changes), checks the types and caches the result once per process and file.
It imports no PDF library.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from kazan_export.errors import TemplateError
from kazan_export.files import MAX_LAYOUT_BYTES, check_image, read_limited
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
# Numbers a layout may hold: every one finite, and in [0, 1000] (mm or pt) unless listed here.
PAPER_MM = (50.0, 5000.0)  # per side; a PDF page is at most 5080 mm
MIN_TEXT_MM = 30.0  # the text area left inside the margins, each way
RANGES: dict[str, tuple[float, float]] = {
    "first_line_indent": (-1000.0, 1000.0), "quote_chars": (0, 10_000_000), "rows": (1, 20),
    "max_pages": (1, 10_000), "gap_mark_years": (1, 10_000), "columns": (1.0, 100.0),
    **{key: (1.0, 1000.0) for key in ("size_pt", "leading_pt", "label_pt", "label_leading_pt",
                                      "date_pt", "date_leading_pt", "label_width")},
}


def default_layout_path() -> Path:
    """Return the path of the bundled layout file."""
    return templates_dir() / LAYOUT_NAME


def _read(path: Path) -> dict[str, Any]:
    if not path.exists() and not path.is_symlink():
        raise TemplateError(f"{path}: layout file not found; copy {default_layout_path()}")
    raw = read_limited(path, MAX_LAYOUT_BYTES, "layout file")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise TemplateError(f"{path}: the layout file is not UTF-8 text; re-save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise TemplateError(f"{path}: the layout file is nested too deeply to be a layout") from None


def _check_number(name: str, value: Any, path: Path) -> None:
    """Raise :class:`TemplateError` unless ``value`` (a number of setting ``name``) is finite and in range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if not math.isfinite(value):
        raise TemplateError(f"{path}: '{name}' must be a finite number, not {value!r}")
    key = name.rsplit(".", 1)[-1]
    low, high = PAPER_MM if name.startswith("paper.") else RANGES.get(key, (0.0, 1000.0))
    if not low <= value <= high:
        raise TemplateError(f"{path}: '{name}' is {value:g}; it must be between {low:g} and {high:g}")


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
            if type(base[key]) is int and isinstance(value, float):  # rows = 2.0 is 2; 2.5 is not a count
                if not value.is_integer():
                    raise TemplateError(f"{path}: '{name}' must be a whole number, not {value!r}")
                value = int(value) if abs(value) < 1e15 else value
            numbers = base[key] if isinstance(base[key], list) else [base[key]]
            if numbers and all(isinstance(v, (int, float)) for v in numbers) and isinstance(value, list):
                if len(value) != len(numbers) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                         for v in value):
                    raise TemplateError(f"{path}: '{name}' must be {len(numbers)} numbers like {base[key]!r}, "
                                        f"not {value!r}")
            for item in value if isinstance(value, list) else [value]:
                _check_number(name, item, path)
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
        width, height = size
        margins = self.data["margins"]
        inner = (width - margins["left"] - margins["right"], height - margins["top"] - margins["bottom"])
        if min(inner) < MIN_TEXT_MM:
            raise TemplateError(f"the layout's margins leave {inner[0]:g} × {inner[1]:g} mm of the "
                                f"{width:g} × {height:g} mm paper '{name}' for text; leave at least "
                                f"{MIN_TEXT_MM:g} mm each way")
        if self.value("logo", "file") and self.value("logo", "width") > inner[0] - MIN_TEXT_MM:
            raise TemplateError(f"the layout's logo width ({self.value('logo', 'width'):g} mm) leaves "
                                f"less than {MIN_TEXT_MM:g} mm of the band for the title; make it narrower")
        self._check_fit(name, inner[0] * POINTS_PER_MM, inner[1] * POINTS_PER_MM)
        return (width * POINTS_PER_MM, height * POINTS_PER_MM)

    def _check_fit(self, paper: str, width: float, height: float) -> None:
        """Raise :class:`TemplateError` unless every block can be laid out on the text area
        ``width`` × ``height`` (pt) of ``paper``, splitting it between lines where it must.

        The rule (#14): one line of any style, with its spacing, takes at most a quarter of the
        text area's height, and a character at most a quarter of its width; an indent leaves at
        least half the width; the header band's padding and gap with its tallest line take at
        most half the height, a table row with its padding at most a quarter; the table's
        columns add up to at most 100 per cent, each at least four paddings wide; the running
        header and the footer lie inside the top and bottom margins.
        """
        where = f"on paper '{paper}' ({width / POINTS_PER_MM:g} × {height / POINTS_PER_MM:g} mm of text area)"
        fix = "use smaller type, smaller spacing or a larger page"
        lines = {}
        for name in self.data["styles"]:
            st = self.style(name)
            lines[name] = max(float(st["size_pt"]), float(st["leading_pt"])) + float(st["space_before_pt"]) \
                + float(st["space_after_pt"])
            if lines[name] > height / 4:
                raise TemplateError(f"layout style '{name}': a line with its spacing is {lines[name]:g} pt high, more "
                                    f"than a quarter of the page {where}; {fix}")
            if float(st["size_pt"]) > width / 4:
                raise TemplateError(f"layout style '{name}': {st['size_pt']:g} pt type is wider than a quarter "
                                    f"of the page {where}; {fix}")
            indent = (float(st["indent"]) + max(0.0, float(st["first_line_indent"]))) * POINTS_PER_MM
            if indent > width / 2:
                raise TemplateError(f"layout style '{name}': its indent leaves less than half the width {where}; "
                                    "make it smaller")
        band = self.mm("header", "band_padding") + self.mm("header", "band_gap") + max(
            lines.get(n, 0.0) for n in ("band_label", "band_title", "band_line"))
        pad = self.pt("table", "padding_pt")
        row = 2 * pad + max(lines.get("cell", 0.0), lines.get("cell_head", 0.0))
        for what, need, part in (("the header band's padding and gap", band, 2), ("a table row's padding", row, 4)):
            if need > height / part:
                raise TemplateError(f"layout: {what} with a line of text take {need:g} pt, more than "
                                    f"{'half' if part == 2 else 'a quarter'} of the page {where}; {fix}")
        top, bottom = self.mm("margins", "top"), self.mm("margins", "bottom")
        running = float(self.style("running")["leading_pt"])
        offset = self.mm("header", "running_offset")
        if not running <= offset <= top - self.pt("header", "rule_gap_pt"):
            raise TemplateError(f"layout: the running header ({running:g} pt high, its baseline "
                                f"{offset:g} pt from the top edge) must lie inside the top margin "
                                f"({top:g} pt); change header.running_offset or margins.top")
        footer = self.mm("footer", "offset") + self.pt("footer", "rule_gap_pt") + self.pt("footer", "rule_pt") + max(
            float(self.style(n)["leading_pt"]) for n in ("footer", "footer_right"))
        if footer > bottom:
            raise TemplateError(f"layout: the footer (its offset, rule and a line of text) takes {footer:g} pt, "
                                f"more than the bottom margin ({bottom:g} pt); change footer.offset, "
                                "margins.bottom or the footer's type")
        columns = self.value("table", "columns")
        if sum(columns) > 100.0001 or 2 * pad > width * min(columns) / 100 / 2:
            raise TemplateError(f"layout: the table columns {columns!r} must add up to at most 100 (per cent) and "
                                "each leave room inside its padding; widen them or reduce table.padding_pt")

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
        if not path.exists():
            raise TemplateError(f"logo '{name}' not found next to the layout file ({self.folder})")
        check_image(path)
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
