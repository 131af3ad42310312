"""`citeproc_pandoc`: the style pandoc is given is the bundled one, read faster."""

from __future__ import annotations

import pytest
from lxml import etree

from kazan_export.resources import templates_dir
from kazan_export.writers.citeproc_pandoc import compact_style

STYLES = sorted((templates_dir() / "csl").glob("*.csl"))


def _filter_with(monkeypatch, tmp_path, old: str, new: str) -> None:  # noqa: ANN001
    """Have pandoc run a copy of the filter (the one in use, perhaps changed already) with
    ``old`` replaced by ``new``; ``old`` must be in it, or the test would test nothing."""
    from kazan_export.writers import citeproc_pandoc

    text = citeproc_pandoc._FILTER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"filter-{len(list(tmp_path.glob('filter-*.lua')))}.lua"
    path.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(citeproc_pandoc, "_FILTER", path)


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


def test_the_head_start_changes_nothing_pandoc_prints(harbour, monkeypatch, tmp_path):
    """pandoc prepares before the documents reach it (the locale and the collation table):
    what it prints is what it prints with no head start at all, a bibliography of several
    works sorted included."""
    from conftest import need_tool
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    docs = []
    for style in ("apa", "chicago-author-date", "chicago-notes", "mla"):
        for fmt in ("text", "html"):
            items, cites = citeproc.plan(harbour, harbour.statements, style)
            docs.append((items, citeproc._markdown(cites), citeproc.style_path(style), fmt))
    printed = Documents(docs).results()
    late = Documents()  # started before the documents exist, as cite starts it
    late.send(docs)
    assert late.results() == printed
    _filter_with(monkeypatch, tmp_path, "pcall(warm_up, folder)", "")
    baseline = Documents(docs).results()
    assert printed == baseline
    given = [i["id"] for i in docs[0][0]]
    _, refs = baseline[0]  # APA lists every work it was given, sorted by the style
    assert sorted(k for k, _ in refs) == sorted(given) and [k for k, _ in refs] != given


def test_results_come_as_soon_as_printed_and_pandoc_is_stopped(harbour, monkeypatch, tmp_path):
    """The results are read from the line pandoc prints, not waited for until it exits: a
    pandoc that never exits after printing them still gives them, and is stopped; one that
    stops before printing them is an error with what it said."""
    from conftest import need_tool
    from kazan_export.errors import RenderError
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    items, cites = citeproc.plan(harbour, harbour.statements[:1], "apa")
    doc = [(items, citeproc._markdown(cites), citeproc.style_path("apa"), "text")]
    expected = Documents(doc).results()
    flush = "  io.stdout:flush()"
    _filter_with(monkeypatch, tmp_path, flush, flush + "\n  while true do end")
    running = Documents(doc)
    assert running.results() == expected
    assert running._proc.wait(timeout=10) == -9 and not running._folder.exists()  # stopped, not waited for
    write = "\n  io.stdout:write(pandoc.json.encode(results)"
    _filter_with(monkeypatch, tmp_path, write, '\n  io.stderr:write("[WARNING] a warning\\n  of two lines\\n")'
                                               '\n  error("no results for you") --')
    with pytest.raises(RenderError) as caught:
        Documents(doc).results()
    message = str(caught.value)  # one line: the warning and the Lua stack traceback left out
    assert message.startswith("pandoc failed: Error running filter ") and message.endswith(": no results for you")
    assert "\n" not in message and "WARNING" not in message and "two lines" not in message


def test_what_pandoc_said_when_it_failed_is_one_line():
    from kazan_export.writers.citeproc_pandoc import failure

    said = ("[WARNING] Citeproc: Bibliography entry with no printed form: x\n[WARNING] Could not deduce format\n"
            "  Defaulting to markdown\nError running filter f.lua:\nf.lua:12: attempt to index a nil value\n"
            "stack traceback:\n\tf.lua:12: in function 'Pandoc'\n")
    assert failure(said, 83) == "Error running filter f.lua: f.lua:12: attempt to index a nil value"
    assert failure("[WARNING] only a warning\n  and its line\n", 1) == "exit status 1"
    assert failure("", -9) == "exit status -9"


def test_a_pandoc_too_old_for_the_filter_is_named_with_what_to_do(harbour, monkeypatch, tmp_path):
    """pandoc before 3.1.1 has no pandoc.json for the filter: one line naming it and the fix,
    not a Lua error (with the system's pandoc where it is that old, else as if it were)."""
    import re
    import shutil
    import subprocess

    from conftest import need_tool
    from kazan_export.errors import RenderError
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    items, cites = citeproc.plan(harbour, harbour.statements[:1], "apa")
    doc = [(items, citeproc._markdown(cites), citeproc.style_path("apa"), "text")]
    old = shutil.which("pandoc", path="/usr/bin:/usr/local/bin")
    version = subprocess.run([old, "--version"], capture_output=True, text=True).stdout if old else ""
    found = re.match(r"pandoc\S* ([0-9.]+)", version)
    if found and tuple(int(n) for n in found[1].split(".")[:3]) < (3, 1, 1):
        monkeypatch.setenv("KAZAN_PANDOC", old)
        shown = found[1]
    else:
        _filter_with(monkeypatch, tmp_path, "if pandoc.json == nil or", "if true or")
        shown = r"[0-9.]+"
    with pytest.raises(RenderError, match=rf"^pandoc {shown} \(.*pandoc\) is too old for formatted citations, "
                                          r"which need pandoc 3\.1\.1 or newer: pip install pypandoc-binary, "
                                          r"or set KAZAN_PANDOC to a newer pandoc$"):
        Documents(doc).results()


def test_a_pandoc_that_stops_while_printing_its_results_is_an_error_naming_pandoc(harbour, monkeypatch, tmp_path):
    """Half a line (pandoc killed, out of memory or crashed while printing) is no result: it is
    the RenderError of a pandoc that failed, with its exit status, not a JSON decoding error
    (which the command line reports as a usage error, exit 2, without naming pandoc)."""
    from conftest import need_tool
    from kazan_export.errors import RenderError
    from kazan_export.writers import citeproc
    from kazan_export.writers.citeproc_pandoc import Documents

    need_tool("pandoc")
    items, cites = citeproc.plan(harbour, harbour.statements[:1], "apa")
    doc = [(items, citeproc._markdown(cites), citeproc.style_path("apa"), "text")]
    write = '  io.stdout:write(pandoc.json.encode(results), "\\n")'
    half = "  local s = pandoc.json.encode(results); io.stdout:write(s:sub(1, #s // 2)); io.stdout:flush(); os.exit(3)"
    _filter_with(monkeypatch, tmp_path, write, half)
    running = Documents(doc)
    with pytest.raises(RenderError, match="pandoc failed: exit status 3"):
        running.results()
    assert running._proc.wait(timeout=10) is not None and not running._folder.exists()


_ODD = [  # styles a user might drop in templates/csl, each with a corner of XML the compaction must keep
    '<term name="and"> <?keep this space?></term>',  # a processing instruction after a term's space
    '<term name="and">x/> </term>',  # term text that looks like the end of a tag
    '<term name="and"><!-- a comment --> and </term>',  # a comment inside a term's text
    '<term name="editor"><single> </single><multiple>eds.</multiple></term>',
    '<term name="and" xml:space="preserve">  plus  </term>',
]


@pytest.mark.parametrize("term", _ODD, ids=range(len(_ODD)))
def test_a_compacted_odd_style_prints_what_the_style_prints(tmp_path, term):
    """What pandoc prints from the compacted style is what it prints from the style as written."""
    import json
    import subprocess

    from conftest import need_tool
    from kazan_export.writers.citeproc_pandoc import pandoc_executable

    need_tool("pandoc")
    style = f"""<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="x.xsl"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <!-- comment -->
  <info><title>odd</title><id>odd</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <locale>
    <terms>
      {term}
    </terms>
  </locale>
  <citation>
    <layout delimiter="; ">
      <names variable="author"> <name and="text" delimiter=", "/> </names>
      <text term="and" prefix=" [" suffix="] "/>
      <text variable="title"/>
    </layout>
  </citation>
  <bibliography>
    <sort> <key variable="title"/> </sort>
    <layout>
      <group delimiter=" ">
        <names variable="author"><name and="text"/></names>
        <text term="editor" form="long"/>
        <text variable="title" prefix=" (" suffix=") "/>
      </group>
    </layout>
  </bibliography>
</style>
"""
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([{"id": "a", "type": "book", "title": "Zed", "author": [
        {"family": "Kovač", "given": "Ana"}, {"family": "Li", "given": "Wei"}, {"family": "Ng", "given": "Bo"}]},
        {"id": "b", "type": "book", "title": "Alpha", "author": [{"family": "Smith"}]}], ensure_ascii=False))
    printed = []
    for text in (style, compact_style(style)):
        (tmp_path / "s.csl").write_text(text, encoding="utf-8")
        printed.append(subprocess.run(
            [pandoc_executable(), "--citeproc", f"--csl={tmp_path / 's.csl'}", f"--bibliography={refs}",
             "--from=markdown", "--to=plain"], input="[@a; @b]\n", capture_output=True, text=True,
            check=True).stdout)
    assert printed[0] == printed[1]
    assert "Kovač" in printed[0] and "Alpha" in printed[0]
