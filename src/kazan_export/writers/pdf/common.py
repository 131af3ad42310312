"""Shared pieces of the PDF briefing and the full-article PDF: markup, band, citation lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from kazan_export.dates import describe_date
from kazan_export.model import Article, Statement
from kazan_export.query import Selection
from kazan_export.writers.pdf.doc import Band, heading
from kazan_export.writers.pdf.fonts import Fonts
from kazan_export.writers.pdf.layout import Layout
from kazan_export.writers.pdf.paragraph import LinearParagraph as Paragraph


@dataclass
class Kit:
    """What every story builder needs: the article, the layout, its fonts and styles."""

    article: Article
    layout: Layout
    fonts: Fonts
    styles: dict[str, ParagraphStyle]

    def m(self, text: str, style: str | ParagraphStyle, face: str | None = None) -> str:
        """Return ``text`` escaped for a paragraph in ``style`` (optionally another face)."""
        st = self.styles[style] if isinstance(style, str) else style
        font = st.fontName
        if face is not None:
            family = next(fam for (fam, f), n in self.fonts.faces.items() if n == font)
            font = self.fonts.face(family, face)
            return f'<font name="{font}">{self.fonts.markup(text, font)}</font>'
        return self.fonts.markup(text, font)

    def para(self, text: str, style: str) -> Paragraph:
        """Return a paragraph of plain ``text`` (escaped) in ``style``."""
        return Paragraph(self.m(text, style), self.styles[style])

    def link(self, target: str, markup: str) -> str:
        """Return ``markup`` as an internal link to the destination ``target``."""
        return f'<a href="#{target}" color="{self.layout.colour("link")}">{markup}</a>'

    def heading(self, number: int | None, title: str, key: str, level: int = 0, after: str = "") -> Paragraph:
        """Return a numbered section heading that is also an outline entry (``after``: markup
        that follows the title, such as a note mark)."""
        style = "h1" if level == 0 else "h2"
        mark = f'<font color="{self.layout.colour("accent")}">{number}</font>\u2002' if number else ""
        return heading(mark + self.m(title, style) + after, self.styles[style], key,
                       f"{number} {title}" if number else title, level)


def authors(article: Article) -> str:
    """Return the authors' names joined with "and", or "author not stated"."""
    names = [a.name for a in article.metadata.authors]
    if not names:
        return "author not stated"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def published(article: Article) -> str:
    """Return the publication date in words, or "not stated"."""
    meta = article.metadata
    return describe_date(meta.published) if meta.published else "not stated"


def coverage(article: Article) -> str:
    """Return the period the article covers in words, or "not stated"."""
    meta = article.metadata
    return describe_date(meta.coverage) if meta.coverage else "not stated"


def citation(article: Article) -> str:
    """Return the article's recommended citation, or one built from its metadata."""
    meta = article.metadata
    if meta.citation:
        return meta.citation
    parts = [f"{authors(article)}, “{meta.title}”"]
    parts += [p for p in (meta.series, meta.container, meta.publisher) if p]
    date = describe_date(meta.published) if meta.published else "publication date not stated"
    return ", ".join(parts) + f" ({date})" + (f", {meta.url}" if meta.url else "") + "."


def band(kit: Kit, label: str, selection: Selection | None) -> Flowable:
    """Return the first page's header band: label, title, series and source, date basis."""
    a, meta = kit.article, kit.article.metadata
    source = " · ".join(p for p in (meta.series, authors(a), meta.container, meta.publisher) if p)
    basis = f"Covers {coverage(a)} · Publication date: {published(a)}"
    lines = [kit.para(label, "band_label"), kit.para(meta.title, "band_title"),
             kit.para(source, "band_line"), kit.para(basis, "band_line")]
    if selection is not None and not selection.is_empty():
        lines.append(kit.para(selection.describe().replace("Selected:", "Focus:"), "band_line"))
    return Band(lines, kit.layout, kit.layout.logo())


def attribution(kit: Kit, statement: Statement, *, speaker: bool = True) -> list[str]:
    """Return the plain-text parts saying who said it, in what role, when, where and via whom."""
    a = kit.article
    role = a.role_of(statement)
    parts = []
    if speaker:
        parts.append(a.speaker_names(statement) + (f", {role}" if role else ""))
    elif role:
        parts.append(role)
    parts.append(describe_date(statement.date))
    if statement.occasion is None and statement.via is None:
        parts.append("occasion and outlet not stated")
    else:
        parts.append(statement.occasion or "occasion not stated")
    if statement.place:
        parts.append(statement.place)
    if statement.occasion is not None or statement.via is not None:
        parts.append(f"via {statement.via}" if statement.via else "outlet not stated")
    parts.append("¶ " + ", ".join(str(a.paragraph_number[p]) for p in statement.anchor.paragraphs))
    return parts


def source_name(article: Article) -> str:
    """Return the file name of the source the article was read from."""
    return Path(article.source).name
