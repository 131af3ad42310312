"""The PDF writer: a briefing note (or, with ``full``, the whole article with notes).

The briefing reads in five minutes: summary, background, key statements by actor (quoted
exactly, each with speaker, role, date, occasion, outlet and citation key), a timeline
graphic with the same events as a table, outcome and aftermath, and sources. Every point
names the statements behind it, linked to the quotation or to its source entry.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError

from kazan_export.errors import RenderError
from kazan_export.model import Article, Point, Statement
from kazan_export.query import Selection, select
from kazan_export.writers.pdf_common import Kit, attribution, band, citation, source_name
from kazan_export.writers.pdf_doc import Page, RuledParagraph, build_pdf, make_styles
from kazan_export.writers.pdf_fonts import fonts_for
from kazan_export.writers.pdf_layout import load_layout
from kazan_export.writers.pdf_timeline import Timeline

SECTIONS = ("Summary / bottom line", "Background", "Key statements by actor", "Timeline",
            "Outcome and aftermath", "Sources and how to cite")


def render_pdf(article: Article, *, paper: str = "a4", full: bool = False, layout: Path | None = None,
               selection: Selection | None = None) -> bytes:
    """Return the PDF briefing note of ``article`` (the whole article with notes if ``full``).

    ``selection`` (when not empty) focuses the brief on the statements it selects.
    Raises :class:`TemplateError` for a bad layout file or paper name and
    :class:`RenderError` if the content cannot be laid out. Warns (:class:`KazanWarning`)
    for characters no shipped font can draw.
    """
    lay = load_layout(layout)
    fonts = fonts_for(lay)
    kit = Kit(article, lay, fonts, make_styles(lay, fonts))
    pagesize = lay.paper(paper)
    if full:
        from kazan_export.writers.pdf_full import full_story
        story, label = full_story(kit, selection), "Article"
    else:
        story, label = brief_story(kit, selection, pagesize), "Briefing note"
    meta = article.metadata
    page = Page(lay, kit.styles, running=kit.m(f"{label} · {meta.title}", "running"),
                footer=kit.m(citation(article), "footer"))
    info = dict(title=meta.title, author="; ".join(a.name for a in meta.authors) or None,
                subject=f"{label}: {meta.title}" + (f" ({meta.series})" if meta.series else ""),
                keywords=list(meta.keywords), lang=meta.language)
    try:
        data = build_pdf(story, page, pagesize=pagesize, info=info)
    except LayoutError as exc:
        raise RenderError(f"PDF: the content does not fit the page layout ({exc})") from None
    fonts.warn()
    return data


def key_statements(article: Article, selection: Selection | None) -> list[Statement]:
    """Return the statements the brief quotes: the selection, or those its points and timeline cite."""
    if selection is not None and not selection.is_empty():
        return list(select(article, selection))
    b = article.briefing
    wanted: dict[str, None] = {}
    for point in (*b.summary, *b.background, *b.outcome, *b.aftermath):
        wanted.update(dict.fromkeys(point.statements))
    for event in article.timeline:
        wanted.update(dict.fromkeys(event.statements))
    ids = {article.statement[s].id for s in wanted}
    return [s for s in article.statements if s.id in ids]


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
        first = f'<a name="st-{key}"/>{open_q}' if i == 0 else open_q
        last = close_q if i == len(parts) - 1 else ""
        flow.append(RuledParagraph(first + markup + last, kit.styles["quote"]))
    label = "reported" if statement.kind == "reported" else None
    bits = [kit.m(p, "attribution") for p in attribution(kit, statement, speaker=speaker)]
    if label:
        bits.insert(0, f"<i>{label}</i>")
    bits.append(kit.link(f"src-{key}", kit.m(key, "attribution", "bold")))
    flow.append(Paragraph(" · ".join(bits), kit.styles["attribution"]))
    return flow


def brief_story(kit: Kit, selection: Selection | None, pagesize: tuple[float, float]) -> list:
    """Return the flowables of the briefing note."""
    a, lay, st = kit.article, kit.layout, kit.styles
    focus = selection is not None and not selection.is_empty()
    chosen = key_statements(a, selection)
    quoted = {s.key for s in chosen}
    width = pagesize[0] - lay.mm("margins", "left") - lay.mm("margins", "right")
    story = [band(kit, lay.value("header", "label"), selection)]
    intro = (f"Built from the canonical source {source_name(a)}. Statements are quoted exactly; the keys "
             "in brackets lead to the statements that support each point.")
    if focus:
        intro += (f" This brief focuses on {len(chosen)} of {len(a.statements)} statements "
                  f"({selection.describe().removeprefix('Selected: ')}); summary, background and outcome "
                  "cover the whole article.")
    story.append(kit.para(intro, "meta"))
    b = a.briefing
    story += [kit.heading(1, SECTIONS[0], "sec-summary"), *_points(kit, b.summary, quoted, "No summary given.")]
    story += [kit.heading(2, SECTIONS[1], "sec-background"),
              *_points(kit, b.background, quoted, "No background given.")]
    story.append(kit.heading(3, SECTIONS[2], "sec-statements"))
    if not chosen:
        story.append(kit.para("No statement matches the selection.", "small"))
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
    drawing = Timeline(lay, kit.fonts, st).drawing(events, width)
    if drawing is not None:
        story += [drawing, Spacer(1, st["body"].spaceAfter)]
    undated = sum(1 for e in events if not e.date)
    if undated:
        story.append(kit.para(f"{undated} event(s) without a stated date appear in the table only.", "small"))
    if events:
        link = lambda key: kit.link(f"st-{key}" if key in quoted else f"src-{key}", kit.m(key, "cell"))  # noqa: E731
        story.append(Timeline(lay, kit.fonts, st).table(a, events, link))
    else:
        story.append(kit.para("The source records no timeline.", "small"))
    story.append(kit.heading(5, SECTIONS[4], "sec-outcome"))
    story += _points(kit, b.outcome, quoted, "No outcome given.")
    if b.aftermath:
        story.append(kit.heading(None, "Aftermath", "sec-aftermath", level=1))
        story += _points(kit, b.aftermath, quoted, "")
    story.append(kit.heading(6, SECTIONS[5], "sec-sources"))
    story += sources(kit, chosen)
    return story


def sources(kit: Kit, chosen: list[Statement]) -> list:
    """Return the sources section: the article's citation and one entry per statement."""
    a = kit.article
    quoted = {s.key for s in chosen}
    flow = [kit.para("Source article", "h2"), kit.para(citation(a), "body"),
            kit.para("Cite a statement as the speaker quoted in the article, with its paragraph (¶) "
                     "number. The keys below match the entries of kazan-export bib and kazan-export csl.",
                     "small"),
            kit.para("Statements quoted in this brief", "h2")]
    if not chosen:
        flow.append(kit.para("None.", "small"))
    rest = [s for s in a.statements if s.key not in quoted]
    for group, title in ((chosen, None), (rest, "Other statements in the article")):
        if title and group:
            flow.append(kit.para(title, "h2"))
        for s in group:
            key = kit.m(s.key, "note", "bold")
            if s.key in quoted:
                key = kit.link(f"st-{s.key}", key)
            who = kit.m(" · ".join(attribution(kit, s)), "note")
            flow.append(Paragraph(f'<a name="src-{s.key}"/>{key} — {who}', kit.styles["note"]))
    return flow
