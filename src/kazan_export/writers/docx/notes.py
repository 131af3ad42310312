"""The raw WordprocessingML the handout needs and python-docx has no API for.

python-docx (1.2) cannot write footnotes or fields, so this module holds the few pieces of
OOXML (ECMA-376 part 1) the handout builds by hand, all with lxml element calls — text is
assigned to elements, never spliced into XML strings, so ``<``, ``&`` and ``]]>`` stay text:

- the footnotes part (``/word/footnotes.xml``, relationship ``…/footnotes``, content type
  ``…wordprocessingml.footnotes+xml``) with the separator (id -1) and continuation separator
  (id 0) that Word writes, and ``w:footnotePr`` in the settings naming them, as Word does;
- footnotes (``w:footnote`` with a ``w:footnoteRef`` mark) and the ``w:footnoteReference``
  runs that point at them from the body;
- complex fields (``w:fldChar`` begin/separate/end around ``w:instrText``) such as PAGE and
  NUMPAGES, which Word and LibreOffice compute when they lay out the pages;
- plain paragraphs and text runs, page breaks, repeated table header rows and the default
  proofing language — written directly because python-docx's run API appends text one
  character at a time (this keeps the Kazan handout at a few tens of milliseconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml.etree import SubElement

FOOTNOTES_URI = "/word/footnotes.xml"
# what settings.xml children may follow w:footnotePr (CT_Settings sequence, ECMA-376 17.15.1.78)
_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)

_BREAKS = re.compile(r"(\t|\n)")
Segment = tuple[str, str | None]  # (text, character style id or None)


class Footnotes:
    """The footnotes part of one document; ``add`` numbers footnotes 1, 2, … in call order."""

    def __init__(self, document, text_style: str, mark_style: str):
        """Create an empty footnotes part in ``document`` (a python-docx Document), replacing any."""
        part = document.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                part.drop_rel(rid)
        self.root = OxmlElement("w:footnotes", nsdecls={p: nsmap[p] for p in ("w", "r")})
        for fid, kind in (("-1", "separator"), ("0", "continuationSeparator")):
            self.root.append(_separator(fid, kind))
        xml_part = XmlPart(PackURI(FOOTNOTES_URI), CT.WML_FOOTNOTES, self.root, part.package)
        part.relate_to(xml_part, RT.FOOTNOTES)
        _declare_separators(document.settings.element)
        self.text_style, self.mark_style, self.count = text_style, mark_style, 0

    def add(self, p, segments: Iterable[Segment]) -> int:
        """Append a footnote reference at the end of the ``w:p`` element ``p``; return the footnote's id.

        ``segments`` is the footnote text as (text, character style id or None) pairs.
        """
        self.count += 1
        fid = str(self.count)
        note = SubElement(self.root, qn("w:footnote"), {qn("w:id"): fid})
        body = paragraph(self.text_style)
        note.append(body)
        SubElement(text_run(body, "", self.mark_style), qn("w:footnoteRef"))
        text_run(body, " ")
        for text, style in segments:
            if text:
                text_run(body, text, style)
        SubElement(text_run(p, "", self.mark_style), qn("w:footnoteReference"), {qn("w:id"): fid})
        return self.count


def body_end(document):
    """Return the body's final ``w:sectPr`` (created if absent): new blocks go before it."""
    body = document.element.body
    end = body.find(qn("w:sectPr"))
    return end if end is not None else SubElement(body, qn("w:sectPr"))


def paragraph(style: str | None):
    """Return a new ``w:p`` element with paragraph style id ``style`` (None: the default)."""
    p = OxmlElement("w:p")
    if style:
        set_style(p, style)
    return p


def set_style(p, style: str) -> None:
    """Give the ``w:p`` element ``p`` (which has no ``w:pPr`` yet) the paragraph style id ``style``."""
    ppr = SubElement(p, qn("w:pPr"))
    p.insert(0, ppr)
    SubElement(ppr, qn("w:pStyle"), {qn("w:val"): style})


def text_run(p, text: str, style: str | None = None):
    """Append to ``p`` a ``w:r`` holding ``text`` (tabs and line breaks as ``w:tab``/``w:br``)
    in character style id ``style``; return the run."""
    run = SubElement(p, qn("w:r"))
    if style:
        SubElement(SubElement(run, qn("w:rPr")), qn("w:rStyle"), {qn("w:val"): style})
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(run, qn("w:tab"))
        elif piece == "\n":
            SubElement(run, qn("w:br"))
        elif piece:
            t = SubElement(run, qn("w:t"))
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(qn("xml:space"), "preserve")
    return run


def page_break(p) -> None:
    """Append a page break to the ``w:p`` element ``p``."""
    SubElement(SubElement(p, qn("w:r")), qn("w:br"), {qn("w:type"): "page"})


def add_field(p, instruction: str, placeholder: str, style: str | None = None) -> None:
    """Append a complex field (e.g. ``PAGE``) to the ``w:p`` element ``p``; ``placeholder`` is
    the result shown until Word or LibreOffice computes it."""
    SubElement(text_run(p, "", style), qn("w:fldChar"), {qn("w:fldCharType"): "begin"})
    instr = SubElement(text_run(p, "", style), qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    SubElement(text_run(p, "", style), qn("w:fldChar"), {qn("w:fldCharType"): "separate"})
    text_run(p, placeholder, style)
    SubElement(text_run(p, "", style), qn("w:fldChar"), {qn("w:fldCharType"): "end"})


def set_language(styles_element, language: str) -> None:
    """Set the default proofing language (``w:docDefaults/w:rPrDefault``) to ``language``."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _separator(fid: str, kind: str):
    note = OxmlElement("w:footnote", {qn("w:type"): kind, qn("w:id"): fid})
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(OxmlElement("w:spacing", {qn("w:after"): "0", qn("w:line"): "240",
                                         qn("w:lineRule"): "auto"}))
    p.append(ppr)
    run = OxmlElement("w:r")
    run.append(OxmlElement(f"w:{kind}"))
    p.append(run)
    note.append(p)
    return note


def _declare_separators(settings) -> None:
    """Name footnotes -1 and 0 in ``w:settings/w:footnotePr`` as Word does."""
    existing = settings.find(qn("w:footnotePr"))
    if existing is not None:
        settings.remove(existing)
    props = OxmlElement("w:footnotePr")
    for fid in ("-1", "0"):
        props.append(OxmlElement("w:footnote", {qn("w:id"): fid}))
    settings.insert_element_before(props, *_AFTER_FOOTNOTEPR)


def table_row(tr, header: bool = False) -> None:
    """Keep the ``w:tr`` element ``tr`` on one page; ``header``: repeat it at the top of each page."""
    trpr = tr.get_or_add_trPr()
    SubElement(trpr, qn("w:cantSplit"))
    if header:
        SubElement(trpr, qn("w:tblHeader"))
