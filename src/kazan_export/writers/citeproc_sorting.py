"""The CSL style as pandoc's citeproc is given it, so that it sorts and finds ambiguous citations
as citeproc-js (Zotero's engine) does: the order of a reference list, and so which work of
one author and year gets which year letter, depend on it.

pandoc's citeproc (0.13, pandoc 3.9) differs from citeproc-js in three ways that letters show
(the tests compare with citeproc-js all statements of an article cited together):

1. A sort key made by a macro that prints nothing is an empty key, which pandoc sorts before
   every other (``compSortKeyValue``: only a missing *variable* is "absent"); citeproc-js, as
   CSL 1.0.2 says ("items with an empty sort key value are placed at the end"), after them.
   An untitled "[Statement]" thus came before "Interview with …" of the same author and year.
   Each bibliography sort key ``i`` made by a macro is preceded here by a key on the variable
   ``kazan-printed-i``, which the Lua filter (:mod:`.citeproc_pandoc`) sets, to "0", on each
   item for which the macro prints something, found by a first run of :func:`probe_style`:
   items for which it prints nothing go after the others, as in citeproc-js.
2. A date in a sort key macro is its sortable form in both, but pandoc keeps the date's
   affixes ("[2011?]" of Chicago's guessed-at dates, whose "[" sorts before every digit) and
   citeproc-js drops them: the macros of sort keys are used here in copies without them.
3. Two citations are ambiguous (year letters, added names) if their text is the same; pandoc
   compares the text without affixes (``outputToText``), citeproc-js with them, so that
   "(Sargsyan [2016?])" and "(Sargsyan 2016)" needed letters in pandoc only. Each date's
   prefix and suffix are made text of their own here (a group: printed only with the date).
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree


CSL = "http://purl.org/net/xbiblio/csl"
PRINTED = "kazan-printed-"  # the variable that says that sort key i's macro prints something
MARK = "\U000f1234"  # around a key's number in the probe's entries (a private-use character)
_SORT_COPY = "--kazan-sort"


def _q(tag: str) -> str:
    return f"{{{CSL}}}{tag}"


def _affixes_as_text(date: etree._Element) -> None:
    """Replace ``date``'s prefix and suffix by text elements around it, in a group of its own."""
    from lxml import etree
    prefix, suffix = date.attrib.pop("prefix", ""), date.attrib.pop("suffix", "")
    group = etree.Element(_q("group"))
    date.addprevious(group)
    if prefix:
        etree.SubElement(group, _q("text"), value=prefix)
    group.append(date)
    if suffix:
        etree.SubElement(group, _q("text"), value=suffix)


def _sort_macros(root: etree._Element, macros: dict[str, etree._Element]) -> None:
    """Point each sort key's macro to a copy of it (and of the macros it calls) whose dates
    have no affixes."""
    copied: dict[str, str] = {}
    affixed: dict[str, bool] = {}

    def has_affixes(name: str) -> bool:  # a date with a prefix or suffix, in it or a macro it calls
        if name not in affixed:
            affixed[name] = False  # a macro calling itself adds nothing
            body = macros.get(name)
            affixed[name] = body is not None and any(
                (el.tag in (_q("date"), _q("date-part")) and (el.get("prefix") or el.get("suffix")))
                or (el.get("macro") and has_affixes(el.get("macro"))) for el in body.iter())
        return affixed[name]

    def sort_copy(name: str) -> str:
        if name not in macros or not has_affixes(name):  # the macro as it is: the style stays small
            return name
        if name not in copied:
            copied[name] = new = name + _SORT_COPY
            twin = copy.deepcopy(macros[name])
            twin.set("name", new)
            macros[name].addnext(twin)
            for el in twin.iter(_q("date"), _q("date-part")):
                el.attrib.pop("prefix", None)
                el.attrib.pop("suffix", None)
            for el in twin.iter():
                if el.get("macro"):
                    el.set("macro", sort_copy(el.get("macro")))
        return copied[name]

    for key in root.iter(_q("key")):
        if key.get("macro"):
            key.set("macro", sort_copy(key.get("macro")))


def _prints_author(key: etree._Element, macros: dict[str, etree._Element]) -> bool:
    """Return whether the sort ``key`` is the author: the variable, or a macro printing its names."""
    if key.get("variable"):
        return key.get("variable") == "author"
    seen, todo = set(), [key.get("macro")]
    while todo:
        name = todo.pop()
        if name in seen or name not in macros:
            continue
        seen.add(name)
        for el in macros[name].iter():
            if el.tag == _q("names") and "author" in (el.get("variable") or "").split():
                return True
            if el.get("macro"):
                todo.append(el.get("macro"))
    return False


def author_sorted(xml: str) -> bool:
    """Return whether the CSL style ``xml`` sorts its bibliography by author first (read with
    the standard library's parser: lxml, which the rest of this module needs, takes 20 ms to import)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml.encode("utf-8"))
    first = root.find(f"{_q('bibliography')}/{_q('sort')}/{_q('key')}")
    return first is not None and _prints_author(first, {m.get("name"): m for m in root.findall(_q("macro"))})


def may_tie(items: list[dict], author_first: bool) -> bool:
    """Return whether a document of ``items`` (CSL-JSON) needs the style as :func:`sorting_style`
    makes it: unless the style sorts by author first and no two items have authors of one family
    name (or none), the authors decide the order before any key the three differences touch,
    and no two citations are alike, so no letters are given (a ``cite`` of one statement: the
    statement and the article it is quoted in). Then the style is given as it is, and the
    probe's citeproc run (about 50 ms) and the rewriting (lxml) are left out."""
    if not author_first or len(items) < 2:
        return len(items) >= 2

    def names(item: dict) -> str:  # as a citation may print them: family names only
        return json.dumps([n.get("family") or n.get("literal") for n in item.get("author") or ()])

    authors = [names(i) for i in items if i.get("author")]
    return len(authors) < len(items) or len(set(authors)) < len(authors)


def sorting_style(xml: str) -> tuple[str, str | None, int]:
    """Return the CSL style ``xml`` as pandoc is given it (see the module's description),
    the probe style that tells which of its bibliography's macro sort keys print something
    for an item (``None`` if it has none) and how many such keys it has."""
    from lxml import etree  # only here: a cite of one statement needs none of it (may_tie)

    root = etree.fromstring(xml.encode("utf-8"))
    macros = {m.get("name"): m for m in root.findall(_q("macro"))}
    _sort_macros(root, macros)  # first: its copies' dates lose their affixes, the others' become text
    for date in list(root.iter(_q("date"))):
        if (date.get("prefix") or date.get("suffix")) and date.getparent().tag != _q("locale"):
            _affixes_as_text(date)
    sort = root.find(f"{_q('bibliography')}/{_q('sort')}")
    keyed = [k for k in (sort if sort is not None else []) if k.tag == _q("key") and k.get("macro")]
    probe = None
    if keyed:
        probe = copy.deepcopy(root)
        bib = probe.find(_q("bibliography"))
        for attr in ("subsequent-author-substitute", "subsequent-author-substitute-rule"):
            bib.attrib.pop(attr, None)
        bib.remove(bib.find(_q("sort")))
        layout = bib.find(_q("layout"))
        for child in list(layout):
            layout.remove(child)
        for attr in ("prefix", "suffix", "delimiter"):
            layout.attrib.pop(attr, None)
        for n, key in enumerate(keyed):
            etree.SubElement(layout, _q("text"), macro=key.get("macro"), prefix=f"{MARK}{n}{MARK}")
        for n, key in enumerate(keyed):
            key.addprevious(etree.Element(_q("key"), variable=f"{PRINTED}{n}"))
    out = etree.tostring(root, encoding="unicode")
    return out, None if probe is None else etree.tostring(probe, encoding="unicode"), len(keyed)
