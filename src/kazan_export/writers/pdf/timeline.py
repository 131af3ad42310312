"""The timeline of the PDF brief: a vector graphic of the dated events, and the same as a table.

Events stand on a line in date order at even spacing (a break mark shows a long gap);
a circle marks an event dated to the day, a square one dated only to the month or year
or to an interval; a hollow marker and "c." or "?" mark an approximate or uncertain date.
Events without a date are left out of the graphic and listed in the table only.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from kazan_export.dates import EdtfDate, EdtfInterval, describe_date, parse_edtf, sort_key, year_of
from kazan_export.model import Article, Event
from kazan_export.writers.pdf.bidi import visual
from kazan_export.writers.pdf.fonts import Fonts
from kazan_export.writers.pdf.layout import Layout

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MIN_COLUMN_EMS = 5  # a table column holds at least this many ems of the cell type, or the table is a list
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


def hard_wrap(line: str, font: str, size: float, width: float) -> list[str]:
    """Return ``line`` as it is if it fits ``width``, else cut into pieces that do: a word
    longer than a label is broken between user-perceived characters (Unicode's extended
    grapheme clusters, found by the ``regex`` module: never inside a letter with its marks, a
    conjunct, a Hangul syllable of jamo, an emoji sequence or a flag); one wider than
    ``width`` is a piece of its own."""
    if stringWidth(line, font, size) <= width:
        return [line]
    import regex  # a well-kept implementation of UAX #29; needed only for such a line

    pieces, current = [], ""
    for cluster in regex.findall(r"\X", line):
        if current and stringWidth(current + cluster, font, size) > width:
            pieces.append(current)
            current = cluster.lstrip()
        else:
            current += cluster
    return [*pieces, current] if current else pieces


def _fit(d: Drawing, height: float) -> Drawing:
    """Return ``d``, or ``d`` scaled down (and centred) to ``height`` if it is taller."""
    if d.height <= height:
        return d
    f = height / d.height
    group = Group(*d.contents)
    group.translate(d.width * (1 - f) / 2, 0)
    group.scale(f, f)
    out = Drawing(d.width, height, initialFontName=d.initialFontName, initialFontSize=d.initialFontSize)
    out.add(group)
    return out


class Timeline:
    """Builds the graphic and the table for the events of an article."""

    def __init__(self, layout: Layout, fonts: Fonts, styles: dict):
        self.layout, self.fonts, self.styles = layout, fonts, styles
        self.font = styles["cell"].fontName
        self.bold = styles["cell_head"].fontName

    def _lines(self, text: str, font: str, size: float, width: float) -> tuple[str, list[str]]:
        text = self.fonts.join_arabic(text, font)
        font = self.fonts.font_for(text, font)
        return font, [visual(piece) for line in simpleSplit(text, font, size, width)
                      for piece in hard_wrap(line, font, size, width)]

    def drawing(self, events: list[Event], width: float, height: float | None = None) -> Drawing | None:
        """Return the graphic of the dated ``events`` (in date order), or None if none is dated.

        Labels alternate above and below the line over ``[timeline] rows`` rows on each side,
        so that neighbouring labels never share a row; a label is as wide as four steps allow.
        A graphic taller than ``height`` (a page's text area) is scaled down to fit it.
        """
        dated = sorted((e for e in events if e.date), key=lambda e: sort_key(e.date))
        if not dated:
            return None
        lay, tl = self.layout, "timeline"
        size, dsize = lay.pt(tl, "label_pt"), lay.pt(tl, "date_pt")
        radius, gap = lay.pt(tl, "marker_radius_pt"), lay.pt(tl, "label_gap_pt")
        rows, row_gap = max(1, int(lay.value(tl, "rows"))), lay.pt(tl, "row_gap_pt")
        years = [year_of(e.date) or parse_edtf(e.date).latest()[0] for e in dated]
        breaks = {i for i in range(1, len(dated)) if years[i] - years[i - 1] >= lay.value(tl, "gap_mark_years")}
        slots = len(dated) - 1 + len(breaks)  # a break takes one extra step
        label_w = min(lay.mm(tl, "label_width"), width / 2)  # a narrow page: at most half its width
        step = (width - label_w) / slots if slots else 0
        if slots:
            label_w = min(label_w, max(step * 2 * rows - gap, radius * 8))
            step = (width - label_w) / slots
        xs, x = [], label_w / 2 if slots else width / 2
        for i in range(len(dated)):
            x += step if i in breaks else 0
            xs.append(x)
            x += step
        colours = {k: HexColor(lay.colour(k)) for k in ("accent", "muted", "heading", "text", "rule", "paper")}
        labels = []  # (x, side, row, [(font, size, leading, colour, text)])
        for i, (event, x) in enumerate(zip(dated, xs)):
            dfont, dlines = self._lines(short_date(event.date)[0], self.bold, dsize, label_w)
            lfont, llines = self._lines(event.label, self.font, size, label_w)
            lines = [(dfont, dsize, lay.pt(tl, "date_leading_pt"), colours["heading"], t) for t in dlines]
            lines += [(lfont, size, lay.pt(tl, "label_leading_pt"), colours["text"], t) for t in llines]
            labels.append((x, 1 if i % 2 == 0 else -1, (i // 2) % rows, lines))
        row_h = {(side, row): 0.0 for side in (1, -1) for row in range(rows)}
        for _, side, row, lines in labels:
            row_h[side, row] = max(row_h[side, row], sum(line[2] for line in lines))
        legend_h = lay.pt(tl, "legend_height_pt")
        below = sum(row_h[-1, r] + row_gap for r in range(rows)) + radius * 2
        above = sum(row_h[1, r] + row_gap for r in range(rows)) + radius * 2
        base = legend_h + below
        d = Drawing(width, base + above, initialFontName=self.font, initialFontSize=size)
        line_w = lay.pt(tl, "line_pt")
        d.add(Line(xs[0] - step / 2 if slots else 0, base, xs[-1] + step / 2 if slots else width, base,
                   strokeColor=colours["accent"], strokeWidth=line_w))
        for i in sorted(breaks):  # a break: two slanted strokes over a gap in the line
            mid = (xs[i - 1] + xs[i]) / 2
            d.add(Rect(mid - radius, base - radius, radius * 2, radius * 2, fillColor=colours["paper"], strokeColor=None))
            for dx in (-radius / 2, radius / 2):
                d.add(Line(mid + dx - radius / 2, base - radius, mid + dx + radius / 2, base + radius,
                           strokeColor=colours["accent"], strokeWidth=line_w / 2))
        boxes = []
        for x, side, row, lines in labels:
            own = sum(line[2] for line in lines)
            offset = radius * 2 + row_gap + sum(row_h[side, r] + row_gap for r in range(row))
            top = base + offset + own if side > 0 else base - offset
            d.add(Line(x, base, x, top - own if side > 0 else top, strokeColor=colours["rule"],
                       strokeWidth=lay.pt(tl, "leader_pt")))
            boxes.append((min(max(x, label_w / 2), width - label_w / 2), top, own, lines))
        for cx, top, own, lines in boxes:  # labels over the leaders, on a paper-coloured ground
            text_w = max(stringWidth(t, f, sz) for f, sz, _, _, t in lines)
            d.add(Rect(cx - text_w / 2 - gap / 4, top - own, text_w + gap / 2, own, fillColor=colours["paper"],
                       strokeColor=None))
            y = top
            for font, fsize, leading, colour, text in lines:
                y -= leading
                d.add(String(cx, y + (leading - fsize) / 2, text, fontName=font, fontSize=fsize, fillColor=colour,
                             textAnchor="middle"))
        for (x, *_), event in zip(labels, dated):
            self._marker(d, x, base, radius, *short_date(event.date)[1:])
        lx = radius
        for exact, doubtful, text in LEGEND:
            self._marker(d, lx, legend_h / 2, radius, exact, doubtful)
            font = self.fonts.font_for(text, self.font)
            d.add(String(lx + radius * 2, legend_h / 2 - size / 3, text, fontName=font, fontSize=size,
                         fillColor=colours["muted"]))
            lx += radius * 2 + stringWidth(text, font, size) + gap
        return d if height is None else _fit(d, height * 0.98)  # reportlab's frames keep a little room

    def _marker(self, d: Drawing, x: float, y: float, r: float, exact: bool, doubtful: bool) -> None:
        colour = HexColor(self.layout.colour("marker_uncertain" if doubtful else "marker_exact"))
        fill = HexColor(self.layout.colour("paper")) if doubtful else colour
        stroke = self.layout.pt("timeline", "marker_stroke_pt")
        if exact:
            d.add(Circle(x, y, r, fillColor=fill, strokeColor=colour, strokeWidth=stroke))
        else:
            d.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=fill, strokeColor=colour, strokeWidth=stroke))

    def table(self, article: Article, events: list[Event], quoted: set[str], link,  # noqa: ANN001
              width: float | None = None) -> list[Flowable]:
        """Return the events as a table: date, event, and the ¶ of each supporting statement.

        A statement's ¶ links to its quotation if ``quoted`` holds its key, else to its
        source entry; ``link(target, markup)`` makes the link. On a page of ``width`` (pt)
        where a column would be narrower than :data:`MIN_COLUMN_EMS` of the cell type (large
        type, narrow paper), the events are a list of paragraphs instead, which splits anywhere.
        """
        st, m = self.styles, self.fonts.markup
        cell, head = st["cell"], st["cell_head"]
        rows = [[m(h, head.fontName) for h in ("Date", "Event", "Sources (¶)")]]
        for event in sorted(events, key=lambda e: sort_key(e.date)):
            refs: dict[str, str] = {}  # ¶ number -> markup; the first statement there wins
            for ref in event.statements:
                s = article.statement[ref]
                target = f"st-{s.key}" if s.key in quoted else f"src-{s.key}"
                for p in s.anchor.paragraphs:
                    n = str(article.paragraph_number[p])
                    refs.setdefault(n, link(target, n))
            for p in event.paragraphs:
                n = str(article.paragraph_number[p])
                refs.setdefault(n, n)
            rows.append([m(describe_date(event.date), cell.fontName), m(event.label, cell.fontName),
                         "¶\u00a0" + ", ".join(v for _, v in sorted(refs.items(), key=lambda kv: int(kv[0]))) if refs else "—"])
        lay = self.layout
        widths = lay.value("table", "columns")  # per cent: date, event, sources
        pad = lay.pt("table", "padding_pt")
        if width is not None and min(widths) / 100 * width - 2 * pad < MIN_COLUMN_EMS * cell.fontSize:
            return [Paragraph(" · ".join(row), head if i == 0 else cell) for i, row in enumerate(rows)]
        rows = [[Paragraph(c, head if i == 0 else cell) for c in row] for i, row in enumerate(rows)]
        # splitInRow: a row taller than the page (an event citing many statements, a long
        # label, large type) continues on the next page, its cells split between lines
        table = Table(rows, colWidths=[f"{w}%" for w in widths], repeatRows=1, hAlign="LEFT", splitInRow=1)
        grid = lay.pt("table", "grid_pt")
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
        return [table]
