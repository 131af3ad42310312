"""The handout's package: the reference document (cached), style fallbacks, properties, zip.

A reference document is read and prepared once per process and file version (its body
cleared, missing styles copied from the bundled ``templates/reference.docx``); every render
then opens the prepared bytes. Output zips get fixed entry times and a stable entry order so
that renders with ``SOURCE_DATE_EPOCH`` set are byte-identical.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from kazan_export.epoch import build_time
from kazan_export.errors import RenderError, TemplateError
from kazan_export.resources import templates_dir
from kazan_export.writers.docx.template import clean_template

REFERENCE_NAME = "reference.docx"
# every style the handout names, with its type; the reference document defines them all
STYLES = {
    "Title": "paragraph", "Subtitle": "paragraph", "Source Details": "paragraph",
    "Credits": "paragraph", "Selection Note": "paragraph", "Heading 1": "paragraph",
    "Heading 2": "paragraph", "Body Text": "paragraph", "Omission": "paragraph",
    "Byline": "paragraph", "Citation": "paragraph", "Source Code": "paragraph", "Table Text": "paragraph",
    "Table Heading": "paragraph", "footnote text": "paragraph", "header": "paragraph",
    "footer": "paragraph", "footnote reference": "character", "Note Label": "character",
    "Citation Key": "character", "Role": "character", "Kazan Table": "table",
}


@dataclass(frozen=True)
class Prepared:
    """A reference document ready to render into: its bytes and the styles that were missing."""

    data: bytes
    missing: tuple[str, ...]


def reference_path() -> Path:
    """Return the bundled reference document's path."""
    return templates_dir() / REFERENCE_NAME


def prepare(template: Path | None) -> Prepared:
    """Return the prepared reference document (``None``: the bundled one), cached per file version.

    Raises :class:`TemplateError` if the file is missing or not a readable Word document.
    """
    path = Path(template) if template is not None else reference_path()
    try:
        stat = path.stat()
    except OSError:
        raise TemplateError(f"{path}: the reference document does not exist") from None
    return _prepare(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _prepare(path: str, mtime_ns: int, size: int) -> Prepared:
    doc = _open(Path(path))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):  # LibreOffice writes ".../officedocument/..."
        if rel.reltype != RT.CORE_PROPERTIES and rel.reltype.endswith("/metadata/core-properties"):
            del package_rels[rid]  # python-docx would add a second docProps/core.xml beside it
    missing: list[str] = []
    if Path(path) != reference_path().resolve():
        missing = _add_missing_styles(doc)
    out = io.BytesIO()
    doc.save(out)
    return Prepared(out.getvalue(), tuple(missing))


def _open(path: Path):
    """Return the Document of ``path``: the bundled reference as it is, a user's template as
    :func:`clean_template` reduces it (styles and page setup only)."""
    try:
        if path.resolve() == reference_path().resolve():
            return Document(str(path))
        return Document(io.BytesIO(clean_template(path, reference_path())))
    except TemplateError:
        raise
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise TemplateError(f"{path}: not a readable Word document ({type(exc).__name__}: {exc}); "
                            "pass a .docx saved by Word or LibreOffice") from None


@lru_cache(maxsize=1)
def _reference_styles():
    doc = _open(reference_path())
    return {_name(s): s for s in doc.styles.element.findall(qn("w:style"))}


def _name(style_el) -> str:
    """Return the style's name, case-folded (its id if it has none; "" if neither)."""
    name = style_el.find(qn("w:name"))
    value = name.get(qn("w:val")) if name is not None else None
    return (value or style_el.get(qn("w:styleId")) or "").casefold()


def _add_missing_styles(doc) -> list[str]:
    """Copy each style the user's template lacks from the bundled reference; return their names."""
    root = doc.styles.element
    have = {_name(s): s for s in root.findall(qn("w:style"))}
    ids = {s.get(qn("w:styleId")) for s in have.values()}
    reference = _reference_styles()
    by_id = {s.get(qn("w:styleId")): s for s in reference.values()}
    missing = []
    for name, kind in STYLES.items():
        found = have.get(name.casefold())
        if found is not None and found.get(qn("w:type")) == kind:
            continue
        missing.append(name)
        todo = [(reference[name.casefold()], True)]
        while todo:  # the style and whatever it is based on that the template also lacks
            original, wanted = todo.pop()
            style, sid = copy.deepcopy(original), original.get(qn("w:styleId"))
            if sid in ids and not wanted:
                continue
            if sid in ids:  # same id, other name or type: keep theirs, add ours beside it
                sid = f"{sid}Kazan"
                style.set(qn("w:styleId"), sid)
                style.find(qn("w:name")).set(qn("w:val"), f"{name} (kazan-export)")
            for tag in ("w:link", "w:next"):
                ref = style.find(qn(tag))
                if ref is not None and ref.get(qn("w:val")) not in ids:
                    style.remove(ref)
            based = style.find(qn("w:basedOn"))
            if based is not None and based.get(qn("w:val")) not in ids:
                todo.append((by_id[based.get(qn("w:val"))], False))
            root.append(style)
            ids.add(sid)
    return missing


def style_ids(doc) -> dict[str, str]:
    """Return, for each name in :data:`STYLES`, the style id to use in ``doc``."""
    found: dict[str, str] = {}
    for style in doc.styles.element.findall(qn("w:style")):
        name = _name(style)
        for wanted, kind in STYLES.items():
            if style.get(qn("w:type")) == kind and name in (wanted.casefold(),
                                                            f"{wanted} (kazan-export)".casefold()):
                found.setdefault(wanted, style.get(qn("w:styleId")))
    return found


def timestamp() -> datetime:
    """Return the build time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now (UTC).

    Raises :class:`~kazan_export.epoch.EpochError` for a value no zip entry can record.
    """
    return build_time()


def normalise_zip(data: bytes, when: datetime) -> bytes:
    """Return the package rewritten with entry time ``when`` (1980 at the earliest) in a stable order."""
    stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second),
                (1980, 1, 1, 0, 0, 0))
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RenderError(f"the package would hold {', '.join(twice)} twice; "
                          "re-save the template in Word or LibreOffice and try again")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            dst.writestr(info, src.read(name))
    return out.getvalue()
