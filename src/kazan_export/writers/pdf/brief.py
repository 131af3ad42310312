"""The PDF writer: a briefing note (or, with ``full``, the whole article with notes).

The briefing reads in five minutes: summary, background, key statements by actor (quoted
exactly, each with speaker, role, date, occasion, outlet and citation key), a timeline
graphic with the same events as a table, outcome and aftermath, and sources. Every point
names the statements behind it, linked to the quotation or to its source entry.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Spacer
from reportlab.platypus.doctemplate import LayoutError

from kazan_export.dates import describe_date
from kazan_export.epoch import source_date_epoch
from kazan_export.errors import RenderError
from kazan_export.model import Article, Point, Statement
from kazan_export.query import Selection, select
from kazan_export.writers.pdf.common import Kit, attribution, band, citation, source_name
from kazan_export.writers.pdf.doc import Page, RuledParagraph, build_pdf, make_styles
from kazan_export.writers.pdf.fonts import fonts_for
from kazan_export.writers.pdf.layout import load_layout
from kazan_export.writers.pdf.paragraph import LinearParagraph as Paragraph
from kazan_export.writers.pdf.timeline import Timeline

SECTIONS = ("Summary / bottom line", "Background", "Key statements by actor", "Timeline",
            "Outcome and aftermath", "Sources and how to cite")


def render_pdf(article: Article, *, paper: str = "a4", full: bool = False, layout: Path | None = None,
               selection: Selection | None = None) -> bytes:
    """Return the PDF briefing note of ``article`` (the whole article with notes if ``full``).

    ``selection`` (when not empty) focuses the brief on the statements it selects.
    Raises :class:`TemplateError` for a bad layout file or paper name and
    :class:`RenderError` if the content cannot be laid out. Warns (:class:`KazanWarning`)
    for characters no shipped font can draw. Raises
    :class:`~kazan_export.epoch.EpochError` for a ``SOURCE_DATE_EPOCH`` the outputs cannot record.
    """
    source_date_epoch()  # the one rule, before reportlab reads the variable with its own
    lay = load_layout(layout)
    fonts = fonts_for(lay)
    kit = Kit(article, lay, fonts, make_styles(lay, fonts))
    pagesize = lay.paper(paper)
    label = "Article" if full else "Briefing note"
    meta = article.metadata
    page = Page(lay, kit.styles, running=f"{label} · {meta.title}", footer=citation(article), markup=kit.m)
    info = dict(title=meta.title, author="; ".join(a.name for a in meta.authors) or None,
                subject=f"{label}: {meta.title}" + (f" ({meta.series})" if meta.series else ""),
                keywords=list(meta.keywords), lang=meta.language)
    if full:
        from kazan_export.writers.pdf.full import full_story
        data, _ = _build(full_story(kit, selection), page, pagesize, info)
    else:  # quote fewer statements until the brief keeps to [brief] max_pages
        budget, most = lay.value("brief", "quote_chars"), lay.value("brief", "max_pages")
        while True:
            chosen = key_statements(article, selection, budget)
            data, pages = _build(brief_story(kit, selection, pagesize, chosen), page, pagesize, info)
            if pages <= most or len(chosen) <= 1 or (selection is not None and not selection.is_empty()):
                break
            if _cites_none(article):  # the article's own statements, in reading order: keep the first half
                budget = sum(len(s.text) for s in chosen[: len(chosen) // 2])  # (a few renders, not one per statement)
            else:
                budget = sum(len(s.text) for s in chosen) - max(len(s.text) for s in chosen)
    fonts.warn()
    return data


def warm_up() -> None:
    """Prepare this process for rendering: read the bundled layout and the font files its
    styles use (and the italic of quotations), so that the first render does not wait for them.

    A build's worker process calls it while the sources are being loaded. Raises
    :class:`TemplateError` if the bundled layout or its fonts are broken.
    """
    lay = load_layout()
    fonts = fonts_for(lay)
    for name in lay.data["styles"]:
        spec = lay.style(name)
        fonts.read(str(spec["family"]), str(spec["face"]))
    fonts.read(str(lay.style("quote")["family"]), "italic")  # reported statements are set in italics


def _build(story: list, page: Page, pagesize: tuple[float, float], info: dict) -> tuple[bytes, int]:
    try:
        return build_pdf(story, page, pagesize=pagesize, info=info)
    except LayoutError as exc:
        raise RenderError(f"PDF: {_too_large(str(exc))} does not fit on a page of this layout; "
                          "shorten it, or use a layout with smaller type or margins") from None


_BLOCKS = {"Band": "the header band (title, series, authors, publisher)", "Table": "a row of the timeline table",
           "Drawing": "the timeline graphic (a label is too long)", "Paragraph": "a paragraph"}


def _too_large(message: str) -> str:
    """Return what reportlab's "Flowable <Band at 0x…> … too large" message is about, in words."""
    import re

    found = re.search(r"<(\w+) at 0x[0-9a-fA-F]+>", message)
    kind = found.group(1) if found else ""
    return next((words for name, words in _BLOCKS.items() if name in kind), "a block of the content")


def cited_statements(article: Article) -> list[Statement]:
    """Return the statements the briefing points and the timeline cite, in priority order.

    Summary first, then outcome, aftermath, background and timeline: the bottom line decides
    which statements are quoted when room is short.
    """
    b = article.briefing
    wanted: dict[str, None] = {}
    for point in (*b.summary, *b.outcome, *b.aftermath, *b.background):
        wanted.update(dict.fromkeys(article.statement[s].id for s in point.statements))
    for event in article.timeline:
        wanted.update(dict.fromkeys(article.statement[s].id for s in event.statements))
    return [article.statement[i] for i in wanted]


def _cites_none(article: Article) -> bool:
    """Return True if the article's briefing cites no statement (a new article, just ingested)."""
    b = article.briefing
    return not any(p.statements for p in (*b.summary, *b.background, *b.outcome, *b.aftermath))


def key_statements(article: Article, selection: Selection | None, budget: int) -> list[Statement]:
    """Return the statements the brief quotes in full, in reading order.

    With a non-empty ``selection``: every selected statement. Otherwise the cited statements
    in priority order while their text fits in ``budget`` characters (the layout's
    ``[brief] quote_chars``), so that the brief keeps to its page count; the others are
    listed in the sources section. A source whose briefing cites no statement (a new
    article, just ingested) has the article's statements in reading order instead.
    """
    if selection is not None and not selection.is_empty():
        return list(select(article, selection))
    b = article.briefing
    if _cites_none(article):
        bottom_line = dict.fromkeys(s.id for s in article.statements)
    else:
        bottom_line = dict.fromkeys(article.statement[s].id for p in (*b.summary, *b.outcome, *b.aftermath)
                                    for s in p.statements)
    chosen, used = set(), 0
    for s in (article.statement[i] for i in bottom_line):
        if used + len(s.text) <= budget or not chosen:
            chosen.add(s.id)
            used += len(s.text)
    return [s for s in article.statements if s.id in chosen]


def _cites(kit: Kit, point: Point, quoted: set[str]) -> str:
    a = kit.article
    refs = []
    for ref in point.statements:
        key = a.statement[ref].key
        refs.append(kit.link(f"st-{key}" if key in quoted else f"src-{key}", kit.m(key, "bullet")))
    refs += ["¶\u00a0" + str(a.paragraph_number[p]) for p in point.paragraphs]
    if not refs:
        return ""
    muted = kit.layout.colour("muted")
    return f' <font size="{kit.styles["meta"].fontSize}" color="{muted}">[{"; ".join(refs)}]</font>'


def _points(kit: Kit, points: tuple[Point, ...], quoted: set[str], empty: str) -> list:
    if not points:
        return [kit.para(empty, "small")]
    return [Paragraph(kit.m(p.text, "bullet") + _cites(kit, p, quoted), kit.styles["bullet"], bulletText="■")
            for p in points]


def quotation(kit: Kit, statement: Statement, *, speaker: bool = True) -> list:
    """Return the flowables of one quoted statement: its exact text, then its attribution."""
    key = statement.key
    parts = statement.text.split("\n")
    open_q, close_q = ("“", "”") if statement.kind == "direct" else ("", "")
    flow = []
    for i, text in enumerate(parts):
        markup = kit.m(text, "quote")
        if statement.kind == "reported":
            markup = f"<i>{markup}</i>"
        first = open_q if i == 0 else ""  # one pair of marks: text stays exact
        last = close_q if i == len(parts) - 1 else ""
        flow.append(RuledParagraph(first + markup + last, kit.styles["quote"], anchor=f"st-{key}" if i == 0 else None))
    bits = [kit.m(p, "attribution") for p in attribution(kit, statement, speaker=speaker)]
    heading = kit.article.repeated_in.get(statement.id)
    if heading is not None:  # the words a section heading quotes
        bits.append(kit.m(f"repeated in the heading {heading.text}", "attribution"))
    if statement.kind == "reported":  # its text is in italics; the label needs no other face
        bits.insert(0, "reported")
    bits.append(kit.link(f"src-{key}", kit.m(key, "attribution", "bold")))
    flow.append(Paragraph(" · ".join(bits), kit.styles["attribution"]))
    return flow


def brief_story(kit: Kit, selection: Selection | None, pagesize: tuple[float, float],
                chosen: list[Statement]) -> list:
    """Return the flowables of the briefing note, quoting the ``chosen`` statements in full."""
    a, lay, st = kit.article, kit.layout, kit.styles
    focus = selection is not None and not selection.is_empty()
    quoted = {s.key for s in chosen}
    width = pagesize[0] - lay.mm("margins", "left") - lay.mm("margins", "right")
    story = [band(kit, lay.value("header", "label"), selection)]
    intro = (f"Built from the canonical source {source_name(a)}. Statements are quoted exactly; the keys "
             "in brackets lead to the statements that support each point.")
    if focus:
        intro += (f" This brief focuses on {len(chosen)} of {len(a.statements)} statements "
                  f"({selection.describe().removeprefix('Selected: ')}); summary, background and outcome "
                  "cover the whole article.")
    b = a.briefing
    if not focus and _cites_none(a):
        intro += (" The source's briefing cites no statements yet (write its points under "
                  "briefing: in the source): the statements below are the article's, in reading order, "
                  "as many as the brief holds.")
    story.append(kit.para(intro, "meta"))
    story += [kit.heading(1, SECTIONS[0], "sec-summary"), *_points(kit, b.summary, quoted, "No summary given.")]
    story += [kit.heading(2, SECTIONS[1], "sec-background"),
              *_points(kit, b.background, quoted, "No background given.")]
    story.append(kit.heading(3, SECTIONS[2], "sec-statements"))
    if not chosen:
        story.append(kit.para("No statement matches the selection." if focus else
                              "The briefing points cite no statements.", "small"))
    groups: dict[tuple[str, ...], list[Statement]] = {}
    for s in chosen:
        groups.setdefault(s.speakers, []).append(s)
    for speakers, statements in groups.items():
        name = a.speaker_names(statements[0])
        story.append(kit.heading(None, name, f"actor-{'-'.join(speakers)}", level=1))
        for s in statements:
            story += quotation(kit, s, speaker=False)
    story.append(kit.heading(4, SECTIONS[3], "sec-timeline"))
    events = list(a.timeline)
    height = pagesize[1] - lay.mm("margins", "top") - lay.mm("margins", "bottom")
    drawing = Timeline(lay, kit.fonts, st).drawing(events, width, height)
    if drawing is not None:
        story += [drawing, Spacer(1, st["body"].spaceAfter)]
    undated = sum(1 for e in events if not e.date)
    if undated:
        story.append(kit.para(f"{undated} event(s) without a stated date appear in the table only.", "small"))
    if events:
        story += Timeline(lay, kit.fonts, st).table(a, events, quoted, kit.link, width)
    else:
        story.append(kit.para("The source records no timeline.", "small"))
    story.append(kit.heading(5, SECTIONS[4], "sec-outcome"))
    story += _points(kit, b.outcome, quoted, "No outcome given.")
    if b.aftermath:
        story.append(kit.heading(None, "Aftermath", "sec-aftermath", level=1))
        story += _points(kit, b.aftermath, quoted, "")
    story.append(kit.heading(6, SECTIONS[5], "sec-sources"))
    story += sources(kit, chosen, selection)
    return story


def sources(kit: Kit, chosen: list[Statement], selection: Selection | None) -> list:
    """Return the sources section: the article's citation and an entry per statement cited."""
    a = kit.article
    quoted = {s.key for s in chosen}
    listed = {s.id for s in (*chosen, *cited_statements(a))}
    entries = [s for s in a.statements if s.id in listed]
    flow = [kit.para("Source article", "h2"), kit.para(citation(a), "body"),
            kit.para(f"Cite a statement as the speaker quoted in the article, with its paragraph (¶) number; "
                     f"kazan-export cite KEY prints the full citation (Chicago, APA, MLA). The keys match the "
                     f"entries of kazan-export bib and kazan-export csl. The article holds "
                     f"{len(a.statements)} attributed statements; this brief cites {len(entries)} of them "
                     f"and quotes {len(chosen)} in full (kazan-export quotes lists them all).", "small"),
            kit.para("Statements cited in this brief, by speaker", "h2")]
    groups: dict[tuple[str, ...], list[Statement]] = {}
    for s in entries:
        groups.setdefault(s.speakers, []).append(s)
    for statements in groups.values():
        items = []
        for s in statements:
            key = kit.m(s.key, "entry", "bold")
            if s.key in quoted:
                key = kit.link(f"st-{s.key}", key)
            where = ", ".join(str(a.paragraph_number[p]) for p in s.anchor.paragraphs)
            note = kit.m(f" ({describe_date(s.date)}, ¶\u00a0{where}{', quoted above' if s.key in quoted else ''})",
                         "entry")
            items.append(f'{key}<a name="src-{s.key}"/>{note}')  # after the key: same line
        name = kit.m(a.speaker_names(statements[0]), "entry", "bold")
        flow.append(Paragraph(f"{name}: " + "; ".join(items), kit.styles["entry"]))
    return flow
