"""The PDF page machinery: styles from the layout, the header band, footers, outline, build.

Pages carry a running header, the source's citation line and "Page X of Y" (drawn once
the page count is known). Headings made with :func:`heading` become outline entries
(bookmarks). :func:`build_pdf` returns the document's bytes; with ``SOURCE_DATE_EPOCH``
set it is byte-identical from run to run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

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
    """What the page decoration draws: the running header, the footer line, the band colour."""

    layout: Layout
    styles: dict[str, ParagraphStyle]
    running: str  # markup
    footer: str  # markup


class Band(Flowable):
    """The coloured header band of the first page, bled to the page edges."""

    def __init__(self, lines: list[Paragraph], layout: Layout, logo=None):  # noqa: ANN001
        super().__init__()
        self.lines, self.layout, self.logo = lines, layout, logo
        self.pad = layout.mm("header", "band_padding")
        self.gap = layout.mm("header", "band_gap")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.inner = avail_width - (self.layout.mm("logo", "width") if self.logo else 0)
        self.heights = [p.wrap(self.inner, avail_height)[1] + p.style.spaceBefore + p.style.spaceAfter
                        for p in self.lines]
        self.height = sum(self.heights) + self.pad + self.gap
        return avail_width, self.height

    def draw(self) -> None:
        canv, layout = self.canv, self.layout
        left, top = layout.mm("margins", "left"), layout.mm("margins", "top")
        page_width = canv._pagesize[0]
        canv.saveState()
        canv.setFillColor(HexColor(layout.colour("band")))
        canv.rect(-left, self.gap, page_width, self.height - self.gap + top, stroke=0, fill=1)
        y = self.height
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
    label_w = layout.mm("footer", "page_label_width")
    inner = width - left - right
    cite = Paragraph(page.footer, styles["footer"])
    _, ch = cite.wrap(inner - label_w, layout.mm("margins", "bottom"))
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
    para = Paragraph(page.running, page.styles["running"])
    para.wrap(width - left - right, layout.mm("margins", "top"))
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
