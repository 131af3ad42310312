"""The Word handout: the article with a real footnote on every attributed statement.

:func:`render_docx` starts from a reference document (``templates/reference.docx`` or the
user's restyled copy, like pandoc's ``--reference-doc``), clears its body and writes the
title block, the article in reading order, the "Key statements" and "Timeline" tables and a
"How to cite" section. Paragraphs only *name* styles; fonts, sizes, colours and margins come
from the reference document. What the footnotes and citation say comes from
:mod:`.text`; footnotes and fields are built in :mod:`.notes`; the template cache,
style fallbacks and reproducible zip live in :mod:`.package`.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from docx import Document
from docx.oxml.table import CT_Tbl
from docx.shared import Cm

from kazan_export.citations import article_byline, article_key
from kazan_export.dates import describe_date, overlaps, sort_key
from kazan_export.errors import KazanWarning, RenderError
from kazan_export.model import Article
from kazan_export.query import Selection, select
from kazan_export.writers.docx import notes as docx_notes, package as docx_package, text as docx_text

KEY_COLUMNS = (("Speaker", 3.3), ("Date", 2.4), ("Statement", 6.5), ("Key", 4.2))
PROPERTY_LIMIT = 255  # python-docx (and Word) keep at most this many characters per property
TIMELINE_COLUMNS = (("Date", 3.0), ("Event", 9.2), ("Statements", 4.2))
KEY_CHAR_CM, CELL_MARGINS_CM, MAX_KEY_CM = 0.2, 0.45, 6.4  # a 9 pt monospaced character, cell padding


def _key_room(columns: tuple, keys: list[str]) -> tuple:
    """Return ``columns`` with the last (keys) column widened, at the expense of the widest one,
    so that the longest run of a key that may not break (between changes of case) fits."""
    pieces = [len(p) for k in keys for p in docx_text.breakable_key(k).split(docx_text.BREAK_OPPORTUNITY)]
    need = min(MAX_KEY_CM, max(pieces, default=0) * KEY_CHAR_CM + CELL_MARGINS_CM)
    extra = max(0.0, need - columns[-1][1])
    widest = max(range(len(columns) - 1), key=lambda i: columns[i][1])
    return tuple((name, width + extra if i == len(columns) - 1 else width - extra if i == widest else width)
                 for i, (name, width) in enumerate(columns))


def render_docx(article: Article, *, template: Path | None = None,
                selection: Selection | None = None) -> bytes:
    """Return the Word handout of ``article`` as .docx bytes.

    ``template`` is a reference document whose styles to use (default: the bundled one);
    ``selection`` (if not empty) keeps only the paragraphs that hold the selected statements.
    Raises :class:`RenderError` for text Word cannot store (naming the statement or paragraph),
    an anchor that does not hold or a selection that matches nothing, and
    :class:`TemplateError` for an unreadable template. Styles missing from a user's template
    are taken from the bundled one, with one :class:`KazanWarning` naming them.
    """
    focused = selection is not None and not selection.is_empty()
    statements = select(article, selection) if focused else article.statements
    if focused and not statements:
        raise RenderError(f"no statement matches ({selection.describe()}); widen --speaker/--from/--to")
    docx_text.check_text(article)
    notes_at = docx_text.note_positions(article, statements)
    prepared = docx_package.prepare(template)
    if prepared.missing:
        names = ", ".join(f"'{n}' ({docx_package.STYLES[n]})" for n in prepared.missing)
        warnings.warn(f"{template}: no style {names}; using the bundled reference document's",
                      KazanWarning, stacklevel=2)
    doc = Document(io.BytesIO(prepared.data))
    w = _Writer(doc, article)
    w.title_block(selection if focused else None, len(statements))
    w.body(notes_at, {p for st in statements for p in st.anchor.paragraphs} if focused else None)
    w.key_table(statements)
    w.timeline(selection if focused else None)
    w.how_to_cite(statements)
    w.header_footer()
    when = docx_package.timestamp()
    _properties(doc, article, when)
    docx_notes.set_language(doc.styles.element, article.metadata.language)
    out = io.BytesIO()
    doc.save(out)
    return docx_package.normalise_zip(out.getvalue(), when)


def _properties(doc, article: Article, when) -> None:
    meta, props = article.metadata, doc.core_properties
    values = {
        "title": meta.title,
        "author": "; ".join(a.name for a in meta.authors),
        "subject": ", ".join(x for x in (meta.series, meta.publisher) if x),
        "keywords": ", ".join(meta.keywords),
        "language": meta.language,
        "category": "Handout",
        "comments": f"Handout of “{meta.title}” with attributed statements, made by kazan-export.",
        "identifier": meta.url or "",
        "last_modified_by": "kazan-export",
    }
    for name, value in values.items():
        setattr(props, name, _property_text(name, value))
    props.revision = 1
    props.created = props.modified = when


def _property_text(name: str, value: str) -> str:
    """Return ``value`` cut to the 255 characters a core property holds, warning if cut.

    The document body keeps the full text; only the file's properties are shortened.
    """
    if len(value) <= PROPERTY_LIMIT:
        return value
    warnings.warn(f"the document property '{name}' holds at most {PROPERTY_LIMIT} characters; "
                  f"it was shortened (the handout's text keeps all {len(value)})", KazanWarning)
    return value[: PROPERTY_LIMIT - 1] + "…"


class _Writer:
    """Writes the handout's blocks into a python-docx Document, naming styles by id."""

    def __init__(self, doc, article: Article):
        self.doc, self.article = doc, article
        self.ids = docx_package.style_ids(doc)
        self.end = docx_notes.body_end(doc)
        self.notes = docx_notes.Footnotes(doc, self.ids.get("footnote text"),
                                          self.ids.get("footnote reference"))

    def para(self, style: str, text: str = "", container=None):
        """Append a paragraph in ``style`` (to the body, or to ``container``); return its ``w:p``."""
        p = docx_notes.paragraph(self.ids.get(style))
        if container is not None:
            container.append(p)
        else:
            self.end.addprevious(p)
        if text:
            docx_notes.text_run(p, text)
        return p

    def run(self, p, text: str, style: str = ""):
        return docx_notes.text_run(p, text, self.ids.get(style) if style else None)

    def title_block(self, selection: Selection | None, count: int) -> None:
        art, meta = self.article, self.article.metadata
        self.para("Title", meta.title)
        byline = article_byline(art)
        if byline:  # an article whose author the source records as unknown has no "By" line
            self.para("Subtitle", "By " + byline)
        where = ", ".join(x for x in (meta.series and f"«{meta.series}»", meta.container, meta.publisher) if x)
        self.run(self.para("Source Details"), where or "Publisher not stated")  # unknown is said, not left blank
        published = ("Published " + describe_date(meta.published)) if meta.published else "Publication date not stated"
        self.para("Source Details", f"{published} · " + (meta.url or "URL not stated"))
        said = " ".join((meta.title, f"By {byline}" if byline else "", where, published))
        for text in art.front_beyond(said):  # the article's own lines above its text, where they say more
            self.para("Source Details", text)
        if meta.coverage:
            self.para("Source Details", f"Events covered: {describe_date(meta.coverage)}")
        for text in ([meta.rights] if meta.rights else []) + [text for _, text in meta.credits]:
            self.para("Credits", text)
        if selection is not None:
            total = len(art.statements)
            self.para("Selection Note", f"{selection.describe()} — {count} of {total} statements, "
                      "shown in the paragraphs that contain them.")

    def body(self, notes_at, keep: set[str] | None) -> None:
        """Write the sections in reading order; with ``keep``, only those paragraphs, with "[…]"
        where paragraphs are left out (before a heading if they belong to earlier sections)."""
        number = self.article.paragraph_number  # 1-based reading order
        previous = 0
        for section in self.article.sections:
            chosen = [p for p in section.paragraphs if keep is None or p.id in keep]
            if keep is not None and not chosen:
                continue
            if keep is not None and section.paragraphs and number[section.paragraphs[0].id] > previous + 1:
                self.para("Omission", "[…]")
                previous = number[section.paragraphs[0].id] - 1
            if section.heading:
                self.para("Heading 1", section.heading.text)
            for paragraph in chosen:
                if number[paragraph.id] > previous + 1:
                    self.para("Omission", "[…]")
                previous = number[paragraph.id]
                self.statement_paragraph(paragraph.text, notes_at.get(paragraph.id, []))
        if keep is not None and previous < len(number):
            self.para("Omission", "[…]")
        for paragraph in self.article.byline:
            self.para("Byline", paragraph.text)
        if keep is None:
            for paragraph in self.article.closing:
                self.para("Credits", paragraph.text)

    def statement_paragraph(self, text: str, spots) -> None:
        """Append a body paragraph with a footnote reference at each of ``spots``."""
        p, start = self.para("Body Text"), 0
        for position, st in spots:
            if position > start:
                docx_notes.text_run(p, text[start:position])
            self.notes.add(p, [(t, self.ids.get(s)) for t, s in docx_text.note_text(self.article, st)])
            start = position
        if start < len(text):
            docx_notes.text_run(p, text[start:])

    def table(self, columns, rows) -> None:
        """Append a table: a repeated header row of column names, then ``rows`` of cells, each
        cell a list of (text, character style name) runs."""
        widths = [Cm(width) for _, width in columns]
        tbl = CT_Tbl.new_tbl(len(rows) + 1, len(columns), sum(widths))
        self.end.addprevious(tbl)
        if self.ids.get("Kazan Table"):
            tbl.tblStyle_val = self.ids["Kazan Table"]
        for col, width in zip(tbl.tblGrid.gridCol_lst, widths):
            col.w = width
        heading = [[(name, "")] for name, _ in columns]
        for n, (tr, cells) in enumerate(zip(tbl.tr_lst, [heading, *rows])):
            docx_notes.table_row(tr, header=n == 0)
            style = self.ids.get("Table Heading" if n == 0 else "Table Text")
            for tc, width, parts in zip(tr.tc_lst, widths, cells):
                tc.width = width
                p = tc.p_lst[0]
                if style:
                    docx_notes.set_style(p, style)
                for text, char_style in parts:
                    self.run(p, text, char_style)

    def key_table(self, statements) -> None:
        docx_notes.page_break(self.para(""))
        self.para("Heading 1", "Key statements")
        if not statements:
            self.para("Body Text", "The article attributes no statements.")
            return
        rows = []
        for st in statements:
            role = self.article.role_of(st)
            who = [(self.article.speaker_names(st), "")] + ([("\n" + role, "Role")] if role else [])
            excerpt = docx_text.excerpt(st.text)
            said = [(f"“{excerpt}”", "")] if st.kind == "direct" else [(excerpt, ""), (" (reported)", "Role")]
            rows.append([who, [(describe_date(st.date), "")], said, [(docx_text.breakable_key(st.key), "Citation Key")]])
        self.table(_key_room(KEY_COLUMNS, [st.key for st in statements]), rows)

    def timeline(self, selection: Selection | None) -> None:
        events = sorted(self.article.timeline, key=lambda e: sort_key(e.date))
        if selection is not None and (selection.date_from or selection.date_to):
            events = [e for e in events if overlaps(e.date, selection.date_from, selection.date_to)]
        if not self.article.timeline:
            return
        self.para("Heading 1", "Timeline")
        if not events:
            self.para("Body Text", "No event of the article's timeline falls in the selected dates.")
            return
        keys = {st.id: st.key for st in self.article.statements}
        rows = [[[(describe_date(e.date), "")], [(e.label, "")],
                 [("\n".join(docx_text.breakable_key(keys[s]) for s in e.statements) or "—",
                   "Citation Key" if e.statements else "")]]  # one key a line: no lone "," on a line
                for e in events]
        self.table(_key_room(TIMELINE_COLUMNS, [keys[s] for e in events for s in e.statements]), rows)

    def how_to_cite(self, statements) -> None:
        self.para("Heading 1", "How to cite")
        p = self.para("Body Text", "Cite the article as follows (its key is ")
        for text, style in ((article_key(self.article), "Citation Key"), ("):", "")):
            self.run(p, text, style)
        self.para("Citation", docx_text.recommended_citation(self.article))
        if not statements:
            return
        key = statements[0].key
        self.para("Body Text", "To cite a single statement, use its citation key, given in its footnote and "
                  "in the Key statements table.")
        # Each line to copy is a paragraph of its own ("Source Code", pandoc's name): it never
        # breaks where it fits on a line (LibreOffice breaks after a backslash, Word and
        # LibreOffice after a hyphen, so "\\" and "cite{…}" fell on two lines), and no invisible
        # no-break character (a word joiner, a no-break hyphen) is copied with it.
        for before, command, after, code in (
                ("In LaTeX, with the entries that ", "kazan-export bib", " writes:", f"\\cite{{{key}}}"),
                ("In pandoc Markdown, with the entries that ", "kazan-export csl", " writes:", f"[@{key}]"),
                ("A formatted citation of the statement, with its “quoted in” part:", "", "",
                 f"kazan-export cite --style apa {key}")):  # the key last: no break in --style
            p = self.para("Body Text", before)
            if command:
                self.run(p, command, "Citation Key")
                self.run(p, after)
            self.para("Source Code", code)
        self.para("Body Text", "Each footnote says whether the words are quoted directly or reported, "
                  "who said them and in what role, on what occasion and when, as the article gives it.")

    def header_footer(self) -> None:
        meta = self.article.metadata
        section = self.doc.sections[0]
        for part, style in ((section.header, "header"), (section.footer, "footer")):
            part.is_linked_to_previous = False
            for child in list(part._element):
                part._element.remove(child)
        self.para("header", " · ".join(x for x in (meta.series or meta.publisher, meta.title) if x),
                  container=section.header._element)
        p = self.para("footer", "Page ", container=section.footer._element)
        docx_notes.add_field(p, "PAGE", "1")
        docx_notes.text_run(p, " of ")
        docx_notes.add_field(p, "NUMPAGES", "1")
