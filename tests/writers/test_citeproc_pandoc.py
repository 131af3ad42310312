"""`citeproc_pandoc`: the style pandoc is given is the bundled one, read faster."""

from __future__ import annotations

import pytest
from lxml import etree

from kazan_export.resources import templates_dir
from kazan_export.writers.citeproc_pandoc import compact_style

STYLES = sorted((templates_dir() / "csl").glob("*.csl"))


def _tree(xml: str) -> bytes:
    """Return the style as a CSL processor reads it: no comments, no blanks between tags."""
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(remove_comments=True))
    for el in root.iter():
        if len(el) and el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return etree.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_a_compacted_style_is_the_same_style(path):
    xml = path.read_text(encoding="utf-8")
    compact = compact_style(xml)
    assert len(compact) < 0.8 * len(xml)  # comments and indentation are most of the file
    assert "<!--" not in compact
    assert _tree(compact) == _tree(xml)


def test_text_of_a_term_is_kept_even_when_blank():
    xml = ('<style>\n  <!-- a comment with <tags> -->\n  <locale>\n    <terms>\n'
           '      <term name="x"> </term>\n      <term name="y">a <!-- c --> b</term>\n'
           '    </terms>\n  </locale>\n  <text value="  spaced  "/>\n</style>\n')
    assert compact_style(xml) == ('<style><locale><terms><term name="x"> </term>'
                                  '<term name="y">a  b</term></terms></locale>'
                                  '<text value="  spaced  "/></style>\n')


def test_a_style_with_cdata_is_given_as_it_is():
    xml = "<style>\n  <text value='x'/><![CDATA[ > < ]]>\n</style>"
    assert compact_style(xml) == xml


def test_the_head_start_changes_nothing_pandoc_prints(harbour):
    """pandoc prepares before the documents reach it (the locale, and the collation table
    unless told the bibliography has nothing to sort): what it prints is the same either way,
    a bibliography of several works sorted included."""
    from conftest import need_tool
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    docs = []
    for style in ("apa", "chicago-author-date", "mla"):
        items, cites = citeproc.plan(harbour, harbour.statements, style)
        docs.append((items, citeproc._markdown(cites), citeproc.style_path(style), "text"))
    printed = [Documents(docs, sorting=s).results() for s in (True, False)]
    assert printed[0] == printed[1]
    given = [i["id"] for i in docs[0][0]]
    _, refs = printed[0][0]  # APA lists every work it was given, sorted by the style
    assert sorted(k for k, _ in refs) == sorted(given) and [k for k, _ in refs] != given
