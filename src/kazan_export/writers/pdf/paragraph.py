"""Paragraphs that split across pages in time linear in their length (#14).

reportlab breaks the rest of a split paragraph into lines again on every page, so a
paragraph many pages long costs time quadratic in its length (a 200 KB paragraph took 25 s).
The rest's lines are the same lines (same width, no first-line indent), so they are kept
and reused when the rest is wrapped at the same width; at any other width, lines are
broken as reportlab breaks them. The page shows exactly the same lines.

A paragraph can also be a link's destination (``anchor``): the destination is set when its
first line is drawn, not by an inline ``<a name>``. reportlab neither wraps nor splits a word
whose first fragment is an inline anchor, so a quotation's first word, wider than a narrow
column, ran past the margin and out of the page (found by the layout tests).
"""

from __future__ import annotations

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _split_blParaHard


class LinearParagraph(Paragraph):
    """A :class:`Paragraph` whose page splits reuse its line breaks."""

    _kept = None  # (width, ParaLines): the lines left from the paragraph this one was split from

    def __init__(self, text: str | None, style: object = None, *args: object, anchor: str | None = None,
                 **kwargs: object) -> None:
        super().__init__(text, style, *args, **kwargs)
        self.anchor = anchor  # the destination name of a link to this paragraph, or None

    def draw(self) -> None:
        """Draw the lines, first setting this paragraph's destination at its top edge."""
        if self.anchor is not None:
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)
        super().draw()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        """Return the size, reusing kept lines when the width is the one they were broken for."""
        kept = self._kept
        if kept is None or kept[0] != availWidth:
            self._kept = None
            return super().wrap(availWidth, availHeight)
        self.width, self.blPara = availWidth, kept[1]
        self.height = len(kept[1].lines) * self.style.leading
        return self.width, self.height

    def _get_split_blParaFunc(self):  # noqa: N802, ANN202 (reportlab's name)
        if self._kept is not None:  # kept lines hold their own words: split them as reportlab does
            return _split_blParaHard
        return super()._get_split_blParaFunc()

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
        """Return reportlab's split; the second part keeps the rest of this paragraph's lines."""
        parts = super().split(availWidth, availHeight)
        if parts:  # the destination stays with the first line; reportlab's parts do not carry it
            parts[0].anchor = self.anchor
        simple = getattr(self.style, "autoLeading", "") in ("", "off") and not getattr(self, "autoLeading", "")
        if len(parts) == 2 and simple and getattr(self, "blPara", None) is not None and self.blPara.kind == 1:
            first, rest = parts
            rest._kept = (availWidth, self.blPara.clone(lines=self.blPara.lines[len(first.blPara.lines):]))
        return parts
