"""The full-article PDF: title, headings, paragraphs, byline and credits, with numbered notes.

Each statement gets a superscript number at the end of its text in the body, linked to an
endnote that gives its attribution (speaker, role, date, occasion, outlet, citation key);
the note links back to the place in the text.
"""

from __future__ import annotations


from kazan_export.anchors import AnchorError, locate
from kazan_export.model import Heading, Statement
from kazan_export.query import Selection, select
from kazan_export.writers.pdf.common import Kit, attribution, authors, band, citation, published
from kazan_export.writers.pdf.paragraph import LinearParagraph as Paragraph

CLOSING = "”’»\"'.,;:"


def _spans(kit: Kit) -> dict[str, list[tuple[int, int]]]:
    """Return, per paragraph id, the spans that statements' texts cover."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for s in kit.article.statements:
        try:
            for span in locate(kit.article, s):
                spans.setdefault(span.paragraph, []).append((span.start, span.end))
        except AnchorError:
            pass
    return spans


def _marks(kit: Kit, statements: list[Statement]) -> dict[str, list[tuple[int, int]]]:
    """Return, per paragraph id, the (offset, note number) pairs where note marks go.

    A mark goes after its statement and the closing quotation mark or punctuation right after
    it, and never inside another statement's text (it moves to that one's end), so that the
    text of every statement stays whole.
    """
    spans = _spans(kit)
    marks: dict[str, list[tuple[int, int]]] = {}
    for number, s in enumerate(statements, start=1):
        try:
            last = locate(kit.article, s)[-1]
            pid, end = last.paragraph, last.end
        except AnchorError:  # a source that did not validate: mark the end of its paragraph
            pid = s.anchor.paragraphs[-1]
            end = len(kit.article.paragraphs[pid].text)
        text, moved = kit.article.paragraphs[pid].text, True
        while moved:
            moved = False
            while end < len(text) and text[end] in CLOSING:
                end += 1
            for lo, hi in spans.get(pid, ()):
                if lo < end < hi:
                    end, moved = hi, True
        marks.setdefault(pid, []).append((end, number))
    return marks


def _paragraph_markup(kit: Kit, text: str, marks: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    colour = kit.layout.colour("link")
    for offset, number in sorted(marks):
        out.append(kit.m(text[pos:offset], "body"))
        out.append(f'<super><a href="#note-{number}" color="{colour}">{number}</a></super>'
                   f'<a name="ref-{number}"/>')  # the anchor after the mark: no line break before it
        pos = offset
    out.append(kit.m(text[pos:], "body"))
    return "".join(out)


def _heading(kit: Kit, heading: Heading, key: str, numbers: dict[str, int]) -> Paragraph:
    """Return a section heading; one that repeats a statement links to that statement's note."""
    number = numbers.get(heading.repeats or "")
    mark = "" if number is None else (
        f'<super><a href="#note-{number}" color="{kit.layout.colour("link")}">{number}</a></super>')
    return kit.heading(None, heading.text, key, after=mark)


def full_story(kit: Kit, selection: Selection | None) -> list:
    """Return the flowables of the whole article with a note for each (selected) statement."""
    a, lay = kit.article, kit.layout
    statements = list(select(a, selection))
    marks = _marks(kit, statements)
    numbers = {s.id: n for n, s in enumerate(statements, start=1)}
    story = [band(kit, lay.value("header", "full_label"), selection)]
    said = " ".join(x for x in (a.metadata.title, "By", authors(a), a.metadata.series, a.metadata.container,
                                a.metadata.publisher, "Published", published(a)) if x)
    story += [kit.para(text, "meta") for text in a.front_beyond(said)]  # the lines above the text, where they say more
    if a.byline:
        story.append(kit.para("By " + "; ".join(p.text for p in a.byline), "meta"))
    for section in a.sections:
        if section.heading is not None:
            story.append(_heading(kit, section.heading, f"sec-{section.id}", numbers))
        for p in section.paragraphs:
            story.append(Paragraph(_paragraph_markup(kit, p.text, marks.get(p.id, [])), kit.styles["body"]))
    story += [kit.para(p.text, "small") for p in a.closing]  # the article's own last lines, as printed
    printed = {p.text for p in a.closing}  # a credit the closing lines print is not repeated
    credits = [t for t in ([a.metadata.rights] if a.metadata.rights else []) + [t for _, t in a.metadata.credits]
               if t not in printed]
    if credits:
        story.append(kit.heading(None, "Rights and credits", "sec-credits"))
        story += [kit.para(text, "small") for text in credits]
    story.append(kit.heading(None, "Notes", "sec-notes"))
    if not statements:
        story.append(kit.para("No statement matches the selection.", "small"))
    for number, s in enumerate(statements, start=1):
        back = kit.link(f"ref-{number}", "↩")
        label = kit.m(f"{a.speaker_names(s)}", "note", "bold")
        kind = "quoted" if s.kind == "direct" else "reported"
        rest = kit.m(" · ".join([kind, *attribution(kit, s, speaker=False)]), "note")
        key = kit.m(s.key, "note", "bold")
        story.append(Paragraph(f"{label} · {rest} · {key} {back}", kit.styles["note"], bulletText=f"{number}.",
                               anchor=f"note-{number}"))
    story.append(kit.heading(None, "How to cite", "sec-cite"))
    story.append(kit.para(citation(a), "body"))
    return story
