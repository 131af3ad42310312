"""A user's reference DOCX, reduced to what a handout takes from it: styles and page setup.

The handout is built in a copy of the bundled reference package, into which only these
parts of the user's template are carried: its styles, numbering (without picture bullets),
theme (if it refers to no other part), font table (without embedded fonts), the settings
that change how text is laid out, and the page size and margins of its last section.
Everything else is left behind — relationships (an external ``attachedTemplate``, links,
images), macros, custom XML, document variables, mail merge data, headers, footers, the
body. The zip is checked (:mod:`kazan_export.files`) before any part is unpacked.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from kazan_export.errors import TemplateError
from kazan_export.files import MAX_TEMPLATE_BYTES, check_zip, read_limited, read_zip_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_TYPE = R + "/officeDocument"
# the bundled package's part for each kind of part taken from a template
CARRIED = {R + "/styles": "word/styles.xml", R + "/numbering": "word/numbering.xml",
           R + "/theme": "word/theme/theme1.xml", R + "/fontTable": "word/fontTable.xml",
           R + "/settings": "word/settings.xml"}
# settings that change the layout of text; the others (attachedTemplate, docVars, mailMerge,
# protection, rsids, ...) stay behind
SETTINGS = {"zoom", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
            "doNotHyphenateCaps", "evenAndOddHeaders", "mirrorMargins", "gutterAtTop",
            "characterSpacingControl", "compat", "themeFontLang", "clrSchemeMapping",
            "decimalSymbol", "listSeparator"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _xml(data: bytes, name: str, part: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{name}: the part {part} is not well-formed XML ({exc})") from None


def _relationships(package: zipfile.ZipFile, part: str, name: str) -> dict[str, str]:
    """Return {relationship type: target part name} of the internal relationships of ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in package.namelist():
        return {}
    out = {}
    for rel in _xml(read_zip_member(package, rels_name), name, rels_name):
        if rel.get("TargetMode") == "External":
            continue  # never followed
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(rel.get("Type", ""), path)
    return out


def _drop_relationship_attributes(root: etree._Element) -> None:
    for el in root.iter():
        for attr in [a for a in el.attrib if a.startswith(f"{{{R}}}")]:
            del el.attrib[attr]


def _remove(root: etree._Element, *tags: str) -> None:
    for el in [e for tag in tags for e in root.iter(f"{{{W}}}{tag}")]:
        el.getparent().remove(el)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _carry(kind: str, root: etree._Element, has_rels: bool) -> etree._Element | None:
    """Return the part of ``kind`` reduced to what the handout may take, or None to keep ours."""
    if kind == R + "/theme":
        return None if has_rels or any(a.startswith(f"{{{R}}}") for e in root.iter() for a in e.attrib) else root
    if kind == R + "/numbering":
        _remove(root, "numPicBullet", "lvlPicBulletId")
    elif kind == R + "/fontTable":
        _remove(root, "embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
    elif kind == R + "/settings":
        for child in list(root):
            if etree.QName(child).localname not in SETTINGS or etree.QName(child).namespace != W:
                root.remove(child)
    _drop_relationship_attributes(root)
    return root


def clean_template(path: Path, reference: Path) -> bytes:
    """Return the bundled ``reference`` package carrying the template's styles and page setup.

    Raises :class:`TemplateError` for a file that is not a regular file, too large, not a
    zip, a zip bomb, or not a Word document.
    """
    name = str(path)
    package = check_zip(read_limited(path, MAX_TEMPLATE_BYTES, "reference document"), name)
    main = _relationships(package, "", name).get(DOC_TYPE)
    if not main or main not in package.namelist():
        raise TemplateError(f"{name}: not a Word document (no main document part); "
                            "pass a .docx saved by Word or LibreOffice")
    parts = _relationships(package, main, name)
    with zipfile.ZipFile(reference) as bundled:
        out = {n: bundled.read(n) for n in bundled.namelist()}
    for kind, ours in CARRIED.items():
        theirs = parts.get(kind)
        if theirs is None or theirs not in package.namelist():
            continue
        root = _carry(kind, _xml(read_zip_member(package, theirs), name, theirs),
                      bool(_relationships(package, theirs, name)))
        if root is not None:
            out[ours] = _serialise(root)
    out["word/document.xml"] = _page_setup(out["word/document.xml"],
                                           _xml(read_zip_member(package, main), name, main))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, data in out.items():
            dst.writestr(part, data)
    return buffer.getvalue()


def _page_setup(ours: bytes, theirs: etree._Element) -> bytes:
    """Return our document part with the page size, margins and columns of the template's
    last section (its headers, footers and other references left out)."""
    root = etree.fromstring(ours, _PARSER)
    body = root.find(f"{{{W}}}body")
    found = theirs.find(f"{{{W}}}body")
    sect = found.find(f"{{{W}}}sectPr") if found is not None else None
    if sect is None:
        return ours
    _remove(sect, "headerReference", "footerReference", "printerSettings")
    _drop_relationship_attributes(sect)
    old = body.find(f"{{{W}}}sectPr")
    if old is not None:
        body.replace(old, sect)
    else:
        body.append(sect)
    return _serialise(root)
