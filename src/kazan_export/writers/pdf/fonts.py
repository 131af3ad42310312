"""Fonts of the PDF writer: register each TrueType face once, on first use; escape text for markup.

Every text that goes into reportlab's Paragraph markup passes through :meth:`Fonts.markup`,
which escapes ``& < >`` (so ``<b>not bold</b>`` prints literally), switches to a fallback
family for a character the main face lacks, and warns (:class:`KazanWarning`) naming a
character that no shipped font can draw, instead of printing a silent blank box.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zlib
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFError

from kazan_export.errors import KazanWarning, TemplateError
from kazan_export.writers.pdf.bidi import join_arabic, visual
from kazan_export.writers.pdf.layout import Layout

FACES = ("regular", "bold", "italic", "bold_italic")
_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_IGNORED = {"\n", "\t", "\r"}
_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Return reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16.

    reportlab 4 writes ``<1F600>`` (five hex digits, which readers reject) for such a
    character; PDF wants the UTF-16BE surrogate pair ``<D83DDE00>``. Fonts whose subset has
    only characters up to U+FFFF get reportlab's own CMap, byte for byte.
    """
    cmap = _original_cmap(fontname, subset)
    for v in subset:
        if v > 0xFFFF:
            cmap = cmap.replace(f"<{v:04X}>", f"<{chr(v).encode('utf-16-be').hex().upper()}>")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # module-level name reportlab looks up when saving


_files: dict[str, Path] = {}  # reportlab name -> TrueType file, reserved before the file is read
_names: dict[Path, str] = {}  # TrueType file -> reportlab name


def _name(path: Path) -> str:
    """Return the reportlab name of the TrueType file ``path``; the file is read on first use."""
    name = _names.get(path)
    if name is None:
        name = f"{path.stem}-{zlib.crc32(str(path).encode()):08X}" if path.stem in _files else path.stem
        _names[path], _files[name] = name, path
    return name


@lru_cache(maxsize=None)
def _sniff(path: Path) -> None:
    """Raise :class:`TemplateError` now, not at first use, if ``path`` is not a TrueType file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise TemplateError(f"{path}: not a usable TrueType font ({exc.strerror})") from None
    if head not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):  # what reportlab reads
        raise TemplateError(f"{path}: not a usable TrueType font (it starts with {head!r}, not a "
                            "TrueType signature; OpenType fonts with PostScript outlines are not supported)")


@lru_cache(maxsize=None)
def _register(path: Path) -> frozenset[int]:
    """Register the TrueType file with reportlab (once per process); return its code points.

    Raises :class:`TemplateError` if the file is not a usable TrueType font.
    """
    try:
        font = TTFont(_name(path), str(path))  # subset and embedded by reportlab when used
    except (TTFError, OSError) as exc:
        raise TemplateError(f"{path}: not a usable TrueType font ({exc})") from None
    pdfmetrics.registerFont(font)  # this maps the font's own name to itself in bold and italic,
    for faces in _families.values():  # so the families' <b>/<i> faces are mapped again
        _map(*faces)
    return frozenset(font.face.charToGlyph)


_families: dict[str, tuple[str, str, str, str]] = {}  # a family's regular face -> its four faces


def _map(regular: str, bold: str, italic: str, both: str) -> None:
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, both)


_original_find = pdfmetrics.findFontAndRegister


def _find_and_register(font_name: str):  # noqa: ANN202
    """Return the font reportlab asks for by name: one of ours is read and registered now
    (a face reached only through ``<b>``/``<i>`` or a style), any other as reportlab does."""
    path = _files.get(str(font_name))
    if path is None:
        return _original_find(font_name)
    _register(path)
    return pdfmetrics.getFont(font_name)


pdfmetrics.findFontAndRegister = _find_and_register  # reportlab's getFont calls it for unknown names


class _Coverage(dict):
    """Font name -> the code points it draws; a font file is read the first time it is asked for."""

    def __missing__(self, name: str) -> frozenset[int]:
        self[name] = chars = _register(_files[name])
        return chars


class Fonts:
    """The families of a layout, with coverage checks for every character.

    Font files are read lazily: a face when text is first set in it (or reportlab first
    asks for it), a fallback family's face only when the main face lacks a character.
    """

    def __init__(self, layout: Layout):
        self.faces: dict[tuple[str, str], str] = {}
        self.coverage: dict[str, frozenset[int]] = _Coverage()
        for family in ("serif", "sans"):
            for face in FACES:  # a missing or non-TrueType file is a TemplateError here
                path = layout.file(layout.value(f"fonts.{family}", face))
                _sniff(path)
                self.faces[family, face] = _name(path)
            faces = tuple(self.faces[family, f] for f in FACES)
            _families.pop(faces[0], None)  # the latest layout's mapping is applied last
            _families[faces[0]] = faces
            _map(*faces)
        self.fallback = [f for f in layout.value("fonts", "fallback") if (f, "regular") in self.faces]
        self.missing: dict[str, None] = {}  # characters no font can draw, in order of first use

    def read(self, family: str, face: str = "regular") -> None:
        """Read and register the font file of ``family`` in ``face`` now, not on first use.

        Raises :class:`TemplateError` if it is not a usable TrueType font.
        """
        self.coverage[self.faces[family, face]]  # noqa: B018 - reading it is the point

    def face(self, family: str, face: str = "regular") -> str:
        """Return the registered font name of ``family`` ("serif"/"sans") in ``face``."""
        return self.faces[family, face]

    def _candidates(self, font: str) -> list[str]:
        """Return the fonts to try, in order, for a character ``font`` lacks.

        The same face of each fallback family, then the regular face of the font's own
        family and of the fallback families (a bold face often has fewer symbols).
        """
        family, face = next(((fam, f) for (fam, f), n in self.faces.items() if n == font), ("", "regular"))
        names = [self.faces[f, face] for f in self.fallback]
        names += [self.faces[f, "regular"] for f in (family, *self.fallback) if (f, "regular") in self.faces]
        return [n for n in dict.fromkeys(names) if n != font]

    def _drawable(self, code: int, font: str) -> bool:
        """Return True if ``font`` or one of its fallbacks draws the character ``code``."""
        return code in self.coverage[font] or self._fallback_for(code, font) is not None

    def join_arabic(self, text: str, font: str) -> str:
        """Return :func:`join_arabic` of ``text``, joined only where ``font`` or a fallback can draw it."""
        return join_arabic(text, lambda ch: self._drawable(ord(ch), font))

    def _fallback_for(self, code: int, font: str) -> str | None:
        return next((n for n in self._candidates(font) if code in self.coverage[n]), None)

    def markup(self, text: str, font: str) -> str:
        """Return ``text`` escaped for Paragraph markup, drawable in ``font`` or a fallback.

        ``font`` is the registered name the text will be set in. Characters it lacks are
        wrapped in a ``<font>`` tag of the first fallback family that has them; a character
        no family has is kept (so the text stays extractable) and reported by :meth:`warn`.
        """
        covered = self.coverage[font]
        # a line break inside a paragraph prints as a space; reportlab's parser would also
        # swallow a zero-width space next to it, so make it a plain space first
        text = _LINE_BREAKS.sub(" ", visual(self.join_arabic(text, font)))
        if all(ord(ch) in covered or ch in _IGNORED for ch in text):
            return escape(text)
        out: list[str] = []
        for ch in text:
            code = ord(ch)
            if code in covered or ch in _IGNORED:
                out.append(escape(ch))
                continue
            other = self._fallback_for(code, font)
            if other is None:
                self.missing.setdefault(ch)
                out.append(escape(ch))
            else:
                out.append(f'<font name="{other}">{escape(ch)}</font>')
        return "".join(out)

    def font_for(self, text: str, font: str) -> str:
        """Return ``font``, or the first fallback that draws all of ``text`` (for canvas strings).

        Characters that no candidate draws are recorded for :meth:`warn`.
        """
        lacking = {ch for ch in text if ord(ch) not in self.coverage[font] and ch not in _IGNORED}
        if not lacking:
            return font
        for other in self._candidates(font):
            if all(ord(ch) in self.coverage[other] for ch in lacking):
                return other
        for ch in text:
            if ch in lacking and self._fallback_for(ord(ch), font) is None:
                self.missing.setdefault(ch)
        return font

    def warn(self) -> None:
        """Warn once per character that no shipped font can draw (it prints as a blank box)."""
        for ch in self.missing:
            name = unicodedata.name(ch, "unnamed character")
            warnings.warn(f"PDF: no shipped font can draw U+{ord(ch):04X} {name} ({ch!r}); it "
                          "prints as an empty box — add a font that has it to the layout's [fonts]",
                          KazanWarning, stacklevel=3)
        self.missing.clear()


def fonts_for(layout: Layout) -> Fonts:
    """Return the fonts of ``layout``, registered with reportlab once per process."""
    return Fonts(layout)
