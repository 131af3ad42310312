"""Build ``templates/reference.docx``, the reference document of the Word handout.

Run ``python templates/make_reference_docx.py`` after changing a style here, then commit the
.docx. The handout code only *names* styles; every font, size, colour, margin and border lives
in the reference document, so a user can restyle a copy in Word and pass it with ``--template``
(as with pandoc's ``--reference-doc``).

Styles defined (names are what ``kazan_export.writers.docx`` uses):
paragraph — Normal, Title, Subtitle, Source Details, Credits, Selection Note, Heading 1,
Heading 2, Body Text, Omission, Byline, Citation, Source Code, Table Text, Table Heading, footnote text,
header, footer; character — footnote reference, Note Label, Citation Key, Role;
table — Kazan Table. The output is reproducible (fixed zip times, sorted entries).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUT = HERE / "reference.docx"

SERIF, SANS, MONO = "Cambria", "Calibri", "Consolas"
INK, ACCENT, MUTED, RULE, SHADE = "222222", "1F3A5F", "5A5A5A", "9FB3C8", "E8EEF5"


def _font(style, name=None, size=None, colour=None, bold=None, italic=None):
    font = style.font
    if name:
        font.name = name
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(attr), None)
    if size:
        font.size = Pt(size)
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _para(style, before=0, after=6, line=None, keep=False, align=None, indent=None, group=False):
    """Set spacing; ``group``: no space between paragraphs of this style (contextual spacing)."""
    fmt = style.paragraph_format
    if group:
        style.element.get_or_add_pPr().insert_element_before(
            OxmlElement("w:contextualSpacing"), "w:mirrorIndents", "w:suppressOverlap", "w:jc",
            "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
            "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.left_indent = fmt.right_indent = Cm(indent)


def _border(style, side, colour, size=6, space=1):
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc",
                                  "w:outlineLvl", "w:rPr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", colour)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


def _shade(element, fill):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _style(styles, name, kind=WD_STYLE_TYPE.PARAGRAPH, base="Normal"):
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
    if base and kind != WD_STYLE_TYPE.TABLE:
        style.base_style = styles[base] if kind == WD_STYLE_TYPE.PARAGRAPH else None
    style.hidden = False
    style.quick_style = True
    return style


def _table_style(styles):
    style = _style(styles, "Kazan Table", WD_STYLE_TYPE.TABLE, base=None)
    el = style.element
    for child in list(el):
        if child.tag in (qn("w:tblPr"), qn("w:tblStylePr"), qn("w:rPr"), qn("w:pPr")):
            el.remove(child)
    tblpr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "bottom", "insideH"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", RULE)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(width))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(borders)
    tblpr.append(margins)
    el.append(tblpr)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), ACCENT)
    rpr.append(colour)
    tcpr = OxmlElement("w:tcPr")
    tcpr.append(_shade(tcpr, SHADE))
    first.append(rpr)
    first.append(tcpr)
    el.append(first)


def _trim(doc) -> None:
    """Drop what a handout never uses: spare table styles, the thumbnail, Word 2010 extras."""
    keep = {"TableNormal", "TableGrid", "KazanTable"}
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in keep:
            doc.styles.element.remove(style)
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("thumbnail", "stylesWithEffects", "customXml"):
                del owner.rels[rid]


def build() -> bytes:
    """Return the reference document as reproducible bytes."""
    doc = Document()
    styles = doc.styles
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.1)

    normal = styles["Normal"]
    _font(normal, SERIF, 10.5, INK)
    _para(normal, 0, 0, 1.15)
    _font(_style(styles, "Title"), SANS, 24, ACCENT, bold=False)
    _para(styles["Title"], 0, 4, 1.0)
    _border(styles["Title"], "bottom", RULE, size=8, space=4)
    _font(_style(styles, "Subtitle"), SANS, 13, INK, italic=False)
    _para(styles["Subtitle"], 6, 2)
    _font(_style(styles, "Source Details"), SANS, 9.5, MUTED)
    _para(_style(styles, "Source Details"), 0, 8, group=True)
    _font(_style(styles, "Credits"), SANS, 8.5, MUTED, italic=True)
    _para(_style(styles, "Credits"), 0, 18, group=True)
    note = _style(styles, "Selection Note")
    _font(note, SANS, 10, ACCENT, bold=True)
    _para(note, 10, 4)
    note.element.get_or_add_pPr().append(_shade(note, SHADE))
    for level, size, before in ((1, 15, 16), (2, 12.5, 12)):
        heading = _style(styles, f"Heading {level}")
        _font(heading, SANS, size, ACCENT, bold=True, italic=False)
        _para(heading, before, 5, 1.0, keep=True)
    _border(styles["Heading 1"], "bottom", RULE, size=4, space=2)
    body = _style(styles, "Body Text")
    _para(body, 0, 7, 1.2, align=WD_ALIGN_PARAGRAPH.LEFT)
    omission = _style(styles, "Omission", base="Body Text")
    _font(omission, colour=MUTED)
    _para(omission, 0, 7, align=WD_ALIGN_PARAGRAPH.CENTER)
    byline = _style(styles, "Byline", base="Body Text")
    _font(byline, italic=True)
    _para(byline, 8, 2, align=WD_ALIGN_PARAGRAPH.RIGHT)
    citation = _style(styles, "Citation", base="Body Text")
    _para(citation, 2, 8, indent=0.8)
    _border(citation, "left", RULE, size=18, space=8)
    code = _style(styles, "Source Code")  # pandoc's name: a line of code, as the user types it
    _font(code, MONO, 9.5, ACCENT)
    _para(code, 0, 7, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    code.paragraph_format.left_indent = Cm(0.8)  # none on the right: a long command keeps its line
    code.font.no_proof = True  # no spelling marks under \cite{…}
    _font(_style(styles, "Table Text"), SANS, 9, INK)
    _para(styles["Table Text"], 0, 0, 1.0)
    _font(_style(styles, "Table Heading", base="Table Text"), bold=True, colour=ACCENT)
    _para(styles["Table Heading"], 0, 0, 1.0, keep=True)
    foot = _style(styles, "footnote text")
    foot.style_id = "FootnoteText"
    _font(foot, SANS, 8.5, INK)
    _para(foot, 0, 2, 1.0)
    ref = _style(styles, "footnote reference", WD_STYLE_TYPE.CHARACTER, base=None)
    ref.style_id = "FootnoteReference"
    ref.font.superscript = True
    _font(_style(styles, "Note Label", WD_STYLE_TYPE.CHARACTER, base=None), bold=True, colour=ACCENT)
    _font(_style(styles, "Citation Key", WD_STYLE_TYPE.CHARACTER, base=None), MONO, colour=ACCENT)
    _font(_style(styles, "Role", WD_STYLE_TYPE.CHARACTER, base=None), italic=True, colour=MUTED)
    for name in ("Header", "Footer"):
        _font(_style(styles, name), SANS, 8.5, MUTED)
    _para(styles["Header"], 0, 0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(styles["Footer"], 0, 0, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(styles["Header"], "bottom", RULE, size=4, space=3)
    _table_style(styles)

    body_el = doc.element.body
    for child in list(body_el):
        if child.tag != qn("w:sectPr"):
            body_el.remove(child)
    props = doc.core_properties
    props.title, props.author, props.comments = "kazan-export reference document", "kazan-export", ""
    props.last_modified_by, props.revision = "kazan-export", 1
    _trim(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return _normalise(raw.getvalue())


def _normalise(data: bytes) -> bytes:
    """Return the zip rewritten with fixed entry times and a stable order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")
