"""The timeline of the PDF brief: a vector graphic of the dated events, and the same as a table.

Events stand on a line in date order at even spacing (a break mark shows a long gap);
a circle marks an event dated to the day, a square one dated only to the month or year
or to an interval; a hollow marker and "c." or "?" mark an approximate or uncertain date.
Events without a date are left out of the graphic and listed in the table only.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from kazan_export.dates import EdtfDate, EdtfInterval, describe_date, parse_edtf, sort_key, year_of
from kazan_export.model import Article, Event
from kazan_export.writers.pdf_fonts import Fonts
from kazan_export.writers.pdf_layout import Layout

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEGEND = ((True, False, "dated to the day"), (False, False, "to the month or year only"),
          (True, True, "approximate (c.) or uncertain (?)"))


def _short(d: EdtfDate) -> str:
    text = " ".join(str(p) for p in (d.day, SHORT_MONTHS[d.month - 1] if d.month else None, d.year) if p)
    return ("c. " if d.approximate else "") + text + ("?" if d.uncertain else "")


def short_date(text: str) -> tuple[str, bool, bool]:
    """Return ``(label, exact_day, doubtful)`` for an EDTF date: ``("c. Jun 2011", False, True)``."""
    d = parse_edtf(text)
    if isinstance(d, EdtfInterval):
        ends = [e for e in (d.start, d.end) if e]
        doubtful = any(e.approximate or e.uncertain for e in ends)
        if d.start and d.end:
            return f"{_short(d.start)}–{_short(d.end)}", False, doubtful
        return ("from " if d.start else "by ") + _short(ends[0]), False, True
    return _short(d), d.precision == "day", d.uncertain or d.approximate


class Timeline:
    """Builds the graphic and the table for the events of an article."""

    def __init__(self, layout: Layout, fonts: Fonts, styles: dict):
        self.layout, self.fonts, self.styles = layout, fonts, styles
        self.font = styles["cell"].fontName
        self.bold = styles["cell_head"].fontName

    def _lines(self, text: str, font: str, size: float, width: float) -> tuple[str, list[str]]:
        font = self.fonts.font_for(text, font)
        return font, simpleSplit(text, font, size, width)

    def drawing(self, events: list[Event], width: float) -> Drawing | None:
        """Return the graphic of the dated ``events`` (in date order), or None if none is dated."""
        dated = sorted((e for e in events if e.date), key=lambda e: sort_key(e.date))
        if not dated:
            return None
        lay, tl = self.layout, "timeline"
        size, lead, dsize = lay.pt(tl, "label_pt"), lay.pt(tl, "label_leading_pt"), lay.pt(tl, "date_pt")
        radius, gap_years = lay.pt(tl, "marker_radius_pt"), lay.value(tl, "gap_mark_years")
        rows, row_gap = max(1, int(lay.value(tl, "rows"))), lay.pt(tl, "row_gap_pt")
        years = [year_of(e.date) or parse_edtf(e.date).latest()[0] for e in dated]
        breaks = {i for i in range(1, len(dated)) if years[i] - years[i - 1] >= gap_years}
        slots = len(dated) - 1 + len(breaks)  # a break takes one extra step
        label_w = lay.mm(tl, "label_width")
        margin = label_w / 2
        step = (width - 2 * margin) / slots if slots else 0
        if slots and step * 2 * rows < label_w + row_gap:
            label_w = max(step * 2 * rows - row_gap, radius * 8)
        xs, x = [], margin if slots else width / 2
        for i in range(len(dated)):
            if i in breaks:
                x += step
            xs.append(x)
            x += step
        labels = []  # (x, side, row, [(font, size, line)...])
        for i, (event, x) in enumerate(zip(dated, xs)):
            side, row = (1 if i % 2 == 0 else -1), (i // 2) % rows
            date_label = short_date(event.date)[0]
            dfont, dlines = self._lines(date_label, self.bold, dsize, label_w)
            lfont, llines = self._lines(event.label, self.font, size, label_w)
            labels.append((x, side, row, [(dfont, dsize, t) for t in dlines] + [(lfont, size, t) for t in llines]))
        row_h = [[0.0] * rows, [0.0] * rows]  # [above, below][row]
        for _, side, row, lines in labels:
            h = sum(lead if s == size else dsize * 1.25 for _, s, _ in lines)
            row_h[side < 0][row] = max(row_h[side < 0][row], h)
        above, below = sum(row_h[0]) + rows * row_gap, sum(row_h[1]) + rows * row_gap
        legend_h = size * 2.2
        height = above + below + radius * 4 + legend_h
        base = legend_h + below + radius * 2
        d = Drawing(width, height, initialFontName=self.font, initialFontSize=size)
        accent, muted = HexColor(lay.colour("accent")), HexColor(lay.colour("muted"))
        d.add(Line(xs[0] - step / 2 if slots else 0, base, xs[-1] + step / 2 if slots else width, base,
                   strokeColor=accent, strokeWidth=lay.pt(tl, "line_pt")))
        for i in sorted(breaks):
            mid = (xs[i - 1] + xs[i]) / 2
            d.add(Rect(mid - radius, base - radius * 1.5, radius * 2, radius * 3, fillColor=HexColor("#FFFFFF"),
                       strokeColor=None))
            for dx in (-radius * 0.6, radius * 0.6):
                d.add(Line(mid + dx - radius * 0.5, base - radius * 1.3, mid + dx + radius * 0.5, base + radius * 1.3,
                           strokeColor=accent, strokeWidth=lay.pt(tl, "line_pt") * 0.7))
        rule = HexColor(lay.colour("rule"))
        for (x, side, row, lines), event in zip(labels, dated):
            own = sum(lead if s == size else dsize * 1.25 for _, s, _ in lines)
            offset = radius * 1.6 + row_gap + sum(row_h[side < 0][:row]) + row * row_gap
            top = base + offset + own if side > 0 else base - offset
            end = top - own if side > 0 else top
            lx = min(max(x, label_w / 2), width - label_w / 2)
            d.add(Line(x, base + side * radius, x, end, strokeColor=rule, strokeWidth=0.5))
            y = top
            for font, fsize, text in lines:
                y -= lead if fsize == size else dsize * 1.25
                colour = HexColor(lay.colour("heading")) if fsize == dsize else HexColor(lay.colour("text"))
                d.add(String(lx, y + (lead - size) / 2, text, fontName=font, fontSize=fsize, fillColor=colour,
                             textAnchor="middle"))
            self._marker(d, x, base, radius, *short_date(event.date)[1:])
        lx = radius
        for exact, doubtful, text in LEGEND:
            self._marker(d, lx, size * 0.75, radius * 0.8, exact, doubtful)
            font = self.fonts.font_for(text, self.font)
            d.add(String(lx + radius * 2, size * 0.4, text, fontName=font, fontSize=size, fillColor=muted))
            lx += radius * 2 + stringWidth(text, font, size) + size * 2.5
        return d

    def _marker(self, d: Drawing, x: float, y: float, r: float, exact: bool, doubtful: bool) -> None:
        colour = HexColor(self.layout.colour("marker_uncertain" if doubtful else "marker_exact"))
        fill = HexColor("#FFFFFF") if doubtful else colour
        if exact:
            d.add(Circle(x, y, r, fillColor=fill, strokeColor=colour, strokeWidth=1.2))
        else:
            d.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=fill, strokeColor=colour, strokeWidth=1.2))

    def table(self, article: Article, events: list[Event], quoted: set[str], link) -> Table:  # noqa: ANN001
        """Return the events as a table: date, event, and the ¶ of each supporting statement.

        A statement's ¶ links to its quotation if ``quoted`` holds its key, else to its
        source entry; ``link(target, markup)`` makes the link.
        """
        st, m = self.styles, self.fonts.markup
        cell, head = st["cell"], st["cell_head"]
        rows = [[Paragraph(m(h, head.fontName), head) for h in ("Date", "Event", "Sources (¶)")]]
        for event in sorted(events, key=lambda e: sort_key(e.date)):
            refs = []
            for ref in event.statements:
                s = article.statement[ref]
                n = ", ".join(str(article.paragraph_number[p]) for p in s.anchor.paragraphs)
                refs.append(link(f"st-{s.key}" if s.key in quoted else f"src-{s.key}", n))
            shown = {p for ref in event.statements for p in article.statement[ref].anchor.paragraphs}
            refs += [str(article.paragraph_number[p]) for p in event.paragraphs if p not in shown]
            rows.append([Paragraph(m(describe_date(event.date), cell.fontName), cell),
                         Paragraph(m(event.label, cell.fontName), cell),
                         Paragraph("¶\u00a0" + ", ".join(dict.fromkeys(refs)) if refs else "—", cell)])
        lay = self.layout
        widths = [0.17, 0.67, 0.16]
        table = Table(rows, colWidths=[f"{w * 100:.0f}%" for w in widths], repeatRows=1, hAlign="LEFT")
        pad, grid = lay.pt("table", "padding_pt"), lay.pt("table", "grid_pt")
        commands = [
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(lay.colour("table_header"))),
            ("LINEBELOW", (0, 0), (-1, -1), grid, HexColor(lay.colour("rule"))),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
            *[(k, (0, 0), (-1, -1), pad) for k in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")],
        ]
        commands += [("BACKGROUND", (0, i), (-1, i), HexColor(lay.colour("table_stripe")))
                     for i in range(2, len(rows), 2)]
        table.setStyle(TableStyle(commands))
        return table
