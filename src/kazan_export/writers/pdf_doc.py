"""The PDF page machinery: styles from the layout, the header band, footers, outline, build.

Pages carry a running header, the source's citation line and "Page X of Y" (drawn once
the page count is known). Headings made with :func:`heading` become outline entries
(bookmarks). :func:`build_pdf` returns the document's bytes; with ``SOURCE_DATE_EPOCH``
set it is byte-identical from run to run.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kazan_export.writers.pdf_fonts import Fonts
from kazan_export.writers.pdf_layout import Layout


def make_styles(layout: Layout, fonts: Fonts) -> dict[str, ParagraphStyle]:
    """Return the paragraph styles of the layout, by name."""
    t = "text"
    body, head = layout.value(t, "body_family"), layout.value(t, "heading_family")
    colour = {k: HexColor(layout.colour(k)) for k in layout.data["colours"]}
    after = layout.pt(t, "space_after_paragraph_pt")

    def style(name: str, family: str, face: str, size: str, leading: str, **kw) -> ParagraphStyle:
        kw.setdefault("textColor", colour["text"])
        kw.setdefault("bulletFontName", fonts.face(family, face))
        return ParagraphStyle(name, fontName=fonts.face(family, face), fontSize=layout.pt(t, size),
                              leading=layout.pt(t, leading), splitLongWords=1, **kw)

    indent, list_indent = layout.mm(t, "quote_indent"), layout.mm(t, "list_indent")
    band_line = dict(textColor=colour["band_muted"], fontSize=layout.pt("header", "band_line_pt"),
                     leading=layout.pt("header", "band_line_leading_pt"))
    styles = {
        "body": style("body", body, "regular", "body_pt", "body_leading_pt", spaceAfter=after),
        "bullet": style("bullet", body, "regular", "body_pt", "body_leading_pt", spaceAfter=after * 0.6,
                        leftIndent=list_indent, bulletIndent=0, bulletFontName=fonts.face(head, "bold"),
                        bulletColor=colour["accent"]),
        "quote": style("quote", body, "regular", "quote_pt", "quote_leading_pt", leftIndent=indent,
                       spaceAfter=after * 0.4),
        "attribution": style("attribution", head, "regular", "small_pt", "small_leading_pt",
                             leftIndent=indent, textColor=colour["muted"], spaceAfter=after * 1.6),
        "h1": style("h1", head, "bold", "heading_pt", "heading_leading_pt", textColor=colour["heading"],
                    spaceBefore=layout.pt(t, "space_before_heading_pt"),
                    spaceAfter=layout.pt(t, "space_after_heading_pt"), keepWithNext=1),
        "h2": style("h2", head, "bold", "subheading_pt", "subheading_leading_pt", textColor=colour["heading"],
                    spaceBefore=layout.pt(t, "space_after_heading_pt"), spaceAfter=after * 0.5, keepWithNext=1),
        "meta": style("meta", head, "regular", "small_pt", "small_leading_pt", textColor=colour["muted"],
                      spaceAfter=after * 0.4),
        "small": style("small", head, "regular", "small_pt", "small_leading_pt", textColor=colour["muted"],
                       spaceAfter=after * 0.3),
        "note": style("note", body, "regular", "small_pt", "small_leading_pt", spaceAfter=after * 0.5,
                      leftIndent=layout.mm(t, "note_indent"), bulletIndent=0),
        "cell": ParagraphStyle("cell", fontName=fonts.face(head, "regular"), bulletFontName=fonts.face(head, "regular"), fontSize=layout.pt("table", "pt"),
                               leading=layout.pt("table", "leading_pt"), textColor=colour["text"], splitLongWords=1),
        "cell_head": ParagraphStyle("cell_head", fontName=fonts.face(head, "bold"), fontSize=layout.pt("table", "pt"),
                                    leading=layout.pt("table", "leading_pt"), textColor=colour["heading"]),
        "band_label": ParagraphStyle("band_label", fontName=fonts.face(head, "bold"),
                                     fontSize=layout.pt("header", "label_pt"), leading=layout.pt("header", "label_pt") * 1.4,
                                     textColor=colour["band_muted"]),
        "band_title": ParagraphStyle("band_title", fontName=fonts.face(head, "bold"),
                                     fontSize=layout.pt("header", "band_title_pt"),
                                     leading=layout.pt("header", "band_title_leading_pt"), textColor=colour["band_text"],
                                     spaceBefore=2, spaceAfter=4),
        "band_line": ParagraphStyle("band_line", fontName=fonts.face(head, "regular"), **band_line),
        "running": ParagraphStyle("running", fontName=fonts.face(head, "regular"), textColor=colour["muted"],
                                  fontSize=layout.pt("header", "running_pt"), leading=layout.pt("header", "running_pt") * 1.3),
        "footer": ParagraphStyle("footer", fontName=fonts.face(head, "regular"), textColor=colour["muted"],
                                 fontSize=layout.pt("footer", "pt"), leading=layout.pt("footer", "pt") * 1.3),
    }
    styles["footer_right"] = ParagraphStyle("footer_right", parent=styles["footer"], alignment=TA_RIGHT)
    styles["quote"].ruleColor = colour["quote_rule"]
    styles["quote"].ruleWidth = layout.pt(t, "quote_rule_pt")
    return styles


class RuledParagraph(Paragraph):
    """A paragraph with a rule on its left (for quotations); it splits across pages."""

    def draw(self) -> None:
        style = self.style
        x = style.leftIndent - style.ruleWidth * 3
        self.canv.saveState()
        self.canv.setStrokeColor(style.ruleColor)
        self.canv.setLineWidth(style.ruleWidth)
        self.canv.line(x, -style.spaceAfter * 0.0, x, self.height)
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
        self.inner = avail_width - (self.layout.mm("logo", "height") * 2 if self.logo else 0)
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
            size = layout.mm("logo", "height")
            canv.drawImage(str(self.logo), self.width - size * 2, self.height - size, width=size * 2,
                           height=size, preserveAspectRatio=True, anchor="ne", mask="auto")
        canv.restoreState()


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        outline = getattr(flowable, "outline", None)
        if outline:
            key, title, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def _canvas_class(page: Page) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keep each page until the end, then draw "Page X of Y" on all of them."""

        def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _draw_footer(self, page, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _draw_footer(canv: Canvas, page: Page, number: int, total: int) -> None:
    layout, styles = page.layout, page.styles
    width, _ = canv._pagesize
    left, right = layout.mm("margins", "left"), layout.mm("margins", "right")
    base = layout.mm("footer", "offset")
    inner = width - left - right
    label = Paragraph(f"Page {number} of {total}", styles["footer_right"])
    label_w = inner * 0.16
    _, lh = label.wrap(label_w, base)
    cite = Paragraph(page.footer, styles["footer"])
    _, ch = cite.wrap(inner - label_w, base * 3)
    top = base + max(ch, lh)
    canv.saveState()
    canv.setStrokeColor(HexColor(layout.colour("rule")))
    canv.setLineWidth(layout.pt("footer", "rule_pt"))
    canv.line(left, top + 3, width - right, top + 3)
    cite.drawOn(canv, left, top - ch)
    label.drawOn(canv, width - right - label_w, top - lh)
    canv.restoreState()


def _draw_running(canv: Canvas, doc: BaseDocTemplate, page: Page) -> None:
    layout = page.layout
    width, height = canv._pagesize
    left, right, top = layout.mm("margins", "left"), layout.mm("margins", "right"), layout.mm("margins", "top")
    para = Paragraph(page.running, page.styles["running"])
    _, h = para.wrap(width - left - right, top)
    y = height - top * 0.55
    canv.saveState()
    para.drawOn(canv, left, y)
    canv.setStrokeColor(HexColor(layout.colour("rule")))
    canv.setLineWidth(layout.pt("header", "rule_pt"))
    canv.line(left, y - 3, width - right, y - 3)
    canv.restoreState()


def build_pdf(story: list[Flowable], page: Page, *, pagesize: tuple[float, float], info: dict) -> bytes:
    """Return the PDF bytes of ``story``; ``info`` holds title, author, subject, keywords, lang.

    With ``SOURCE_DATE_EPOCH`` set, the creation date comes from it and the output is invariant.
    """
    layout = page.layout
    buffer = io.BytesIO()
    invariant = 1 if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else 0
    doc = _Doc(buffer, pagesize=pagesize, invariant=invariant, displayDocTitle=1,
               initialFontName=page.styles["footer"].fontName,
               leftMargin=layout.mm("margins", "left"), rightMargin=layout.mm("margins", "right"),
               topMargin=layout.mm("margins", "top"), bottomMargin=layout.mm("margins", "bottom"),
               creator="kazan-export", **info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("first", [frame], autoNextPageTemplate="later"),
        PageTemplate("later", [frame], onPage=lambda c, d: _draw_running(c, d, page)),
    ])
    doc.build(story, canvasmaker=_canvas_class(page))
    return buffer.getvalue()
