"""The PDF page machinery: styles from the layout, the header band, footers, outline, build.

Pages carry a running header, the source's citation line and "Page X of Y" (drawn once
the page count is known). Headings made with :func:`heading` become outline entries
(bookmarks). :func:`build_pdf` returns the document's bytes; with ``SOURCE_DATE_EPOCH``
set it is byte-identical from run to run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kazan_export.epoch import source_date_epoch
from kazan_export.writers.pdf.fonts import Fonts
from kazan_export.errors import TemplateError
from kazan_export.writers.pdf.layout import POINTS_PER_MM, Layout
from kazan_export.writers.pdf.paragraph import LinearParagraph


_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


def make_styles(layout: Layout, fonts: Fonts) -> dict[str, ParagraphStyle]:
    """Return the paragraph styles of the layout's ``[styles.NAME]`` tables, by name.

    Raises :class:`TemplateError` for an unknown family, face, colour or alignment.
    """
    styles = {}
    for name in layout.data["styles"]:
        spec = layout.style(name)
        try:
            font = fonts.face(str(spec["family"]), str(spec["face"]))
            align = _ALIGN[str(spec["align"])]
        except KeyError as exc:
            raise TemplateError(f"layout style '{name}': {exc} is not a known font family, face or "
                                "alignment") from None
        styles[name] = ParagraphStyle(
            name, fontName=font, bulletFontName=font, fontSize=float(spec["size_pt"]),
            bulletFontSize=float(spec["size_pt"]),
            leading=float(spec["leading_pt"]), spaceBefore=float(spec["space_before_pt"]),
            spaceAfter=float(spec["space_after_pt"]), leftIndent=float(spec["indent"]) * POINTS_PER_MM,
            firstLineIndent=float(spec["first_line_indent"]) * POINTS_PER_MM, alignment=align,
            textColor=HexColor(layout.colour(str(spec["colour"]))),
            bulletColor=HexColor(layout.colour(str(spec["bullet_colour"]))),
            keepWithNext=int(name.startswith("h")), splitLongWords=1, bulletIndent=0)
    quote = styles["quote"]
    quote.ruleColor = HexColor(layout.colour("quote_rule"))
    quote.ruleWidth = layout.pt("quote", "rule_pt")
    quote.ruleGap = layout.pt("quote", "rule_gap_pt")
    return styles


class RuledParagraph(LinearParagraph):
    """A paragraph with a rule on its left (for quotations); it splits across pages."""

    def draw(self) -> None:
        style = self.style
        x = style.leftIndent - style.ruleGap
        self.canv.saveState()
        self.canv.setStrokeColor(style.ruleColor)
        self.canv.setLineWidth(style.ruleWidth)
        self.canv.line(x, 0, x, self.height)
        self.canv.restoreState()
        super().draw()


def heading(markup: str, style: ParagraphStyle, key: str, title: str, level: int = 0) -> Paragraph:
    """Return a heading paragraph that becomes an outline entry ``title`` at ``level``."""
    para = Paragraph(markup, style)
    para.outline = (key, title, level)
    return para


@dataclass
class Page:
    """What the page decoration draws: the running header and the footer's citation line.

    Both are plain text, set with ``markup(text, style name)``; each is cut (with "…") to the
    room its margin leaves, so that a long title or citation never runs off the page or over
    the text (both are printed whole in the body).
    """

    layout: Layout
    styles: dict[str, ParagraphStyle]
    running: str
    footer: str
    markup: Callable[[str, str], str]
    _fitted: dict = field(default_factory=dict)

    def fitted(self, kind: str, width: float, height: float) -> Paragraph:
        """Return the ``kind`` ("running" or "footer") line as a paragraph that fits ``width`` × ``height``."""
        key = (kind, width, height)
        if key not in self._fitted:
            self._fitted[key] = fit_text(getattr(self, kind), self.styles[kind], width, height,
                                         lambda t: self.markup(t, kind))
        return self._fitted[key]


def fit_text(text: str, style: ParagraphStyle, width: float, height: float,
             markup: Callable[[str], str]) -> Paragraph:
    """Return a paragraph of ``text`` in ``style``, or of its longest beginning with "…" that
    fits in ``width`` × ``height`` (at least one line)."""
    height = max(height, style.leading)

    def made(t: str) -> tuple[Paragraph, bool]:
        para = Paragraph(markup(t), style)
        return para, para.wrap(width, height)[1] <= height + 1e-6

    para, fits = made(text)
    if fits:
        return para
    low, high = 0, len(text) - 1  # the longest cut that fits: binary search on its length
    while low < high:
        mid = (low + high + 1) // 2
        if made(text[:mid].rstrip() + "…")[1]:
            low = mid
        else:
            high = mid - 1
    return made(text[:low].rstrip() + "…")[0]


class Band(Flowable):
    """The coloured header band of the first page, bled to the page edges.

    A band taller than the page (a long title, large type, small paper) splits between its
    lines, and inside a line's paragraph; the rest continues as a band on the next page.
    """

    def __init__(self, lines: list[Paragraph], layout: Layout, logo=None, first: bool = True):  # noqa: ANN001
        super().__init__()
        self.lines, self.layout, self.logo, self.first = lines, layout, logo, first
        self.pad = layout.mm("header", "band_padding")
        self.gap = layout.mm("header", "band_gap")

    def _line_height(self, para: Paragraph, height: float) -> float:
        return para.wrap(self.inner, height)[1] + para.style.spaceBefore + para.style.spaceAfter

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.inner = avail_width - (self.layout.mm("logo", "width") if self.logo else 0)
        self.heights = [self._line_height(p, avail_height) for p in self.lines]
        self.height = sum(self.heights) + self.pad + self.gap
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Return the lines that fit in ``avail_height`` as a band and the rest as another one
        (``[]`` if not even one line fits)."""
        self.wrap(avail_width, avail_height)
        room, used, head = avail_height - self.pad - self.gap, 0.0, []
        rest = list(self.lines)
        while rest:
            para = rest[0]
            h = self._line_height(para, room)
            if used + h <= room:
                head.append(rest.pop(0))
                used += h
                continue
            spaces = para.style.spaceBefore + para.style.spaceAfter
            parts = para.split(self.inner, room - used - spaces) if room - used - spaces > 0 else []
            if len(parts) == 2:
                head.append(parts[0])
                rest[0] = parts[1]
            break
        if not rest:
            return [self]
        if not head:
            return []
        return [Band(head, self.layout, self.logo, self.first), Band(rest, self.layout, None, first=False)]

    def draw(self) -> None:
        canv, layout = self.canv, self.layout
        left, top = layout.mm("margins", "left"), layout.mm("margins", "top")
        page_width = canv._pagesize[0]
        canv.saveState()
        canv.setFillColor(HexColor(layout.colour("band")))
        bleed = top if self.first else 0.0  # the rest of a split band stays below the running header
        canv.rect(-left, self.gap, page_width, self.height - self.gap + bleed, stroke=0, fill=1)
        y = self.height if self.first else self.height - self.pad / 2  # a rest: padding above and below
        for para, h in zip(self.lines, self.heights):
            y -= h
            para.drawOn(canv, 0, y + para.style.spaceAfter)
        if self.logo is not None:
            w, h = layout.mm("logo", "width"), layout.mm("logo", "height")
            canv.drawImage(str(self.logo), self.width - w, self.height - h, width=w, height=h,
                           preserveAspectRatio=True, anchor="ne", mask="auto")
        canv.restoreState()


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        outline = getattr(flowable, "outline", None)
        if outline:
            key, title, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


TOTAL_FORM = "kazanPageTotal"


class _Canvas(Canvas):
    """A canvas that, on saving, defines the form XObject holding the page total.

    Every footer draws "Page X of " and then this form, so "Y" is known only at the end
    without a second layout pass (links and bookmarks keep their pages).
    """

    footer_font: tuple[str, float, object] = ("Helvetica", 7.0, None)

    def save(self) -> None:
        font, size, colour = self.footer_font
        self.beginForm(TOTAL_FORM)
        self.setFont(font, size)
        self.setFillColor(colour)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


def _draw_footer(canv: Canvas, page: Page) -> None:
    layout, styles = page.layout, page.styles
    width, _ = canv._pagesize
    left, right = layout.mm("margins", "left"), layout.mm("margins", "right")
    base, gap = layout.mm("footer", "offset"), layout.pt("footer", "rule_gap_pt")
    inner = width - left - right
    label_w = min(layout.mm("footer", "page_label_width"), inner / 2)  # the citation keeps half the line
    room = layout.mm("margins", "bottom") - base - gap - layout.pt("footer", "rule_pt")
    cite = page.fitted("footer", inner - label_w, room)
    _, ch = cite.wrap(inner - label_w, room)
    top = base + ch
    style = styles["footer_right"]
    prefix = f"Page {canv.getPageNumber()} of "
    reserve = stringWidth("0" * len(str(canv.getPageNumber())), style.fontName, style.fontSize)
    x = width - right - reserve - stringWidth(prefix, style.fontName, style.fontSize)
    canv.saveState()
    canv.setStrokeColor(HexColor(layout.colour("rule")))
    canv.setLineWidth(layout.pt("footer", "rule_pt"))
    canv.line(left, top + gap, width - right, top + gap)
    cite.drawOn(canv, left, top - ch)
    canv.setFont(style.fontName, style.fontSize)
    canv.setFillColor(style.textColor)
    y = top - style.fontSize
    canv.drawString(x, y, prefix)
    canv.translate(x + stringWidth(prefix, style.fontName, style.fontSize), y)
    canv.doForm(TOTAL_FORM)
    canv.restoreState()


def _draw_running(canv: Canvas, page: Page) -> None:
    layout = page.layout
    width, height = canv._pagesize
    left, right = layout.mm("margins", "left"), layout.mm("margins", "right")
    para = page.fitted("running", width - left - right, page.styles["running"].leading)
    para.wrap(width - left - right, page.styles["running"].leading)
    y = height - layout.mm("header", "running_offset")
    canv.saveState()
    para.drawOn(canv, left, y)
    canv.setStrokeColor(HexColor(layout.colour("rule")))
    canv.setLineWidth(layout.pt("header", "rule_pt"))
    canv.line(left, y - layout.pt("header", "rule_gap_pt"), width - right, y - layout.pt("header", "rule_gap_pt"))
    canv.restoreState()


def build_pdf(story: list[Flowable], page: Page, *, pagesize: tuple[float, float],
              info: dict) -> tuple[bytes, int]:
    """Return the PDF bytes of ``story`` and its page count.

    ``info`` holds title, author, subject, keywords and lang.

    With ``SOURCE_DATE_EPOCH`` set, the creation date comes from it and the output is invariant.
    """
    layout = page.layout
    buffer = io.BytesIO()
    invariant = 1 if source_date_epoch() is not None else 0
    doc = _Doc(buffer, pagesize=pagesize, invariant=invariant, displayDocTitle=1,
               initialFontName=page.styles["footer"].fontName,
               leftMargin=layout.mm("margins", "left"), rightMargin=layout.mm("margins", "right"),
               topMargin=layout.mm("margins", "top"), bottomMargin=layout.mm("margins", "bottom"),
               creator="kazan-export", **info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("first", [frame], autoNextPageTemplate="later", onPage=lambda c, d: _draw_footer(c, page)),
        PageTemplate("later", [frame], onPage=lambda c, d: (_draw_running(c, page), _draw_footer(c, page))),
    ])
    style = page.styles["footer_right"]
    canvas_class = type("KazanCanvas", (_Canvas,), {"footer_font": (style.fontName, style.fontSize, style.textColor)})
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue(), doc.page
