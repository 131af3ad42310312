"""Zotero and citeproc-js as judges of the CSL-JSON export and of ``cite`` (#12).

``$KAZAN_JUDGES`` (else ``<repo>/../shared/judges``) holds Zotero's own CSL-JSON import and
export (``zotero/csl-roundtrip.js``) and citeproc-js (``citeproc-js``, after ``npm install``).
The articles judged: Kazan, the harbour fixture and generated hostile articles
(:mod:`strategies`, derandomised). Locally a missing judge skips with its reason; in CI
(``CI`` set) it fails.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import unicodedata
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, KINDS, need_tool
from kazan_export import citations as c
from kazan_export.errors import KazanWarning
from kazan_export.readers.source import load
from kazan_export.writers import citeproc
from kazan_export.writers.citeproc_names import initial
from kazan_export.writers.csl import FIELD_LINE, csl_items

STYLES = ("apa", "chicago-author-date", "chicago-notes", "mla")
HARNESS = Path(__file__).parent / "judges" / "citeproc_document.js"
TIMEOUT = 600


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI; see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def judges() -> Path:
    """Return the judges' folder, with node available."""
    need_tool("node")
    folder = Path(os.environ.get("KAZAN_JUDGES") or Path(__file__).resolve().parents[1].parent / "shared" / "judges")
    if not (folder / "zotero" / "csl-roundtrip.js").is_file():
        _missing(f"no judges at {folder}: set KAZAN_JUDGES")
    return folder


@pytest.fixture(scope="module")
def citeproc_js(judges: Path) -> Path:
    """Return the judges' folder once citeproc-js is installed in it."""
    if not (judges / "citeproc-js" / "node_modules" / "citeproc").is_dir():
        _missing(f"citeproc-js is not installed: run npm install in {judges / 'citeproc-js'}")
    return judges


JUDGED = FIXTURES / "cite-judged"  # generated articles, drawn once (see _draw_ended) and kept


@pytest.fixture(scope="module")
def articles() -> list:
    """Return Kazan, the harbour, Polish, Turkish and Caspian-names fixtures, the articles of other
    kinds (``conftest.KINDS``), and the generated articles of
    ``fixtures/cite-judged``: 4 hostile articles as test_judges draws them (``hostile-*``),
    2 whose titles, outlets, occasions, places and names end in punctuation (``ended-*``) and
    one made by hand whose statements are by persons and organisations together (``joint-speakers``).
    They are kept as files because hypothesis draws other articles when other tests have run
    before in the same process, and a comparison in CI must be repeatable."""
    fixtures = ("harbour-talks.yaml", "wiatraki-pl.yaml", "fener-tr.yaml", "caspian-names.yaml", *KINDS)
    return [load(), *(load(FIXTURES / f) for f in fixtures), *(load(p) for p in sorted(JUDGED.glob("*.yaml")))]


ENDED = 4  # draws kept by _draw_ended (duplicates among them were not kept as files)


def _draw_ended(folder: Path) -> list[Path]:
    """Return the paths of ENDED generated sources drawn with :func:`strategies.sources`'
    ``endings`` (derandomised): of 40 draws, those citing the most statements. How
    ``fixtures/cite-judged/ended-*.yaml`` were made (``hostile-*``: ``test_judges._draw``)."""
    from hypothesis import HealthCheck, Phase, given, settings

    from strategies import sources, to_yaml

    drawn: list[tuple[int, str]] = []

    @settings(max_examples=40, derandomize=True, database=None, phases=[Phase.generate],
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(sources(endings=True, long_statements=False))
    def collect(data: dict) -> None:
        drawn.append((len(data["statements"]), to_yaml(data)))

    collect()
    paths = []
    for n, (_, text) in enumerate(sorted(drawn, key=lambda d: -d[0])[:ENDED]):
        path = folder / f"ended-{n}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _space(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()


# --- Zotero ----------------------------------------------------------------------------------

_GLUED = ("-", "'", "\u2019", "\u02bb")  # a particle that ends so is written with no space after it


def _names(names: list[dict] | None) -> list[str]:
    """Return each name as one string: Zotero splits particles ("van", lower-case words of a
    given name) into fields of their own, which citeproc prints in the same places. A particle
    that ends in a hyphen or an apostrophe is split off the word it belongs to ("al-Hāshimī"
    comes back as "al-" and "Hāshimī", as citeproc-js's PARTICLE_FAMILY_REGEXP splits it, while
    Zotero's own item keeps the last name "al-Hāshimī"): it is joined to it again, with no space.
    A suffix is joined to the given name after a comma, where Zotero's export took it from."""
    def full(n: dict) -> str:
        if n.get("literal"):
            return n["literal"]
        particles = " ".join(p for p in (n.get("dropping-particle"), n.get("non-dropping-particle")) if p)
        family = n.get("family") or ""
        if particles:
            family = particles + ("" if particles.endswith(_GLUED) else " ") + family
        given = n.get("given") or ""
        if "suffix" in n:  # "Jo, Jr.": Zotero's export reads what follows a given name's comma
            given += "," + (f" {n['suffix']}" if n["suffix"] else "")  # as a suffix ("Mária," comes back "Mária", "")
        return " ".join(p for p in (given, family) if p)
    return [" ".join(sorted(full(n).split())) for n in names or []]


def _date(date: dict | None) -> tuple | None:
    if not date:
        return None
    return tuple(tuple(int(p) for p in part) for part in date.get("date-parts", [])), bool(date.get("circa"))


def test_zotero_keeps_what_a_citation_needs(judges: Path, articles: list, tmp_path: Path) -> None:
    """Every item through Zotero's import and export: type, authors, title, genre, event, date
    with its circa, outlet and place come back; the "Quoted in …" line with its paragraph is
    kept in Extra; no note line is read as a field (point 1)."""
    for n, article in enumerate(articles):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", KazanWarning)
            items = csl_items(article)
        path = tmp_path / f"a{n}.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        kept = json.loads(_run(["node", str(judges / "zotero" / "csl-roundtrip.js"), str(path)]))
        assert [k["id"] for k in kept] == [i["id"] for i in items]
        for item, back in zip(items, (k["csl"] for k in kept)):
            where = f"{article.id}: {item['id']}"
            assert back["type"] == item["type"], where
            assert _names(back.get("author")) == _names(item.get("author")), where
            assert _names(back.get("interviewer")) == _names(item.get("interviewer")), where
            for field in ("title", "genre", "event-title", "container-title"):
                assert back.get(field) == item.get(field), f"{where}: {field}"
            # Zotero's Presentation has one Place, which it exports as event-place only: a speech's
            # publisher-place is its event-place, kept so (as the Kazan statements' are)
            kept_place = back.get("publisher-place") or back.get("event-place")
            assert item.get("publisher-place") in (None, kept_place), f"{where}: publisher-place"
            issued = _date(item.get("issued"))
            if issued and any(part[0] < 100 for part in issued[0]):
                # Known Zotero limit (docs/citations.md): a year below 100 does not survive its
                # import; the item's custom.edtf keeps it for programs
                assert item["custom"]["edtf"], where
            else:
                assert _date(back.get("issued")) == issued, where
            for line in (item.get("note") or "").split("\n"):
                assert not FIELD_LINE.match(line), f"{where}: {line!r} would be read as a field"
            assert back.get("note") == item.get("note"), f"{where}: Zotero changed the note"
            place = item.get("event-place")
            assert place is None or back.get("event-place") == place or _space(f"Made in {place}.") in _space(back["note"]), where
        for statement, back in zip(article.statements, (k["csl"] for k in kept[1:])):
            assert back["note"].split("\n")[0].startswith("Quoted in "), statement.id
            assert re.search(r"paras?\. [0-9–]+\.$", back["note"].split("\n")[0]), statement.id
        article_note = kept[0]["csl"].get("note", "")
        m = article.metadata
        # the note is one sentence a line (Zotero splits Extra at line breaks): a series or a
        # keyword that holds one is written with a space there
        assert not m.series or _space(f"Series — {m.series}.") in _space(article_note)
        assert all(_space(k) in _space(article_note) for k in m.keywords)


def test_the_zotero_judge_reads_particles_and_line_breaks_as_zotero_keeps_them(judges: Path, harbour,
                                                                             tmp_path: Path) -> None:
    """The judge's rules (found by random draws, hunt11): a speaker "al-Hāshimī" comes back from
    Zotero as particle "al-" and family "Hāshimī" (Zotero's item keeps "al-Hāshimī"), the same
    name; a given name "Aynur," comes back "Aynur" with an empty suffix (what follows a comma
    is a suffix to Zotero's export: "Jo, Jr."); a series written over two lines is one line of
    the note. The harbour article so changed passes the judge, which reported them as lost."""
    import dataclasses

    assert _names([{"non-dropping-particle": "al-", "family": "Hāshimī", "given": "Khalid"}]) == \
        _names([{"family": "al-Hāshimī", "given": "Khalid"}])
    assert _names([{"non-dropping-particle": "van", "family": "Berg"}]) == _names([{"family": "van Berg"}])
    assert _names([{"non-dropping-particle": "al-", "family": "Hāshimī"}]) != _names([{"family": "al- Hāshimī"}])
    assert _names([{"family": "Novak", "given": "Mária", "suffix": ""}]) == _names([{"family": "Novak", "given": "Mária,"}])
    assert _names([{"family": "Novak", "given": "Jo", "suffix": "Jr."}]) == _names([{"family": "Novak", "given": "Jo, Jr."}])
    assert _names([{"family": "Novak", "given": "Mária"}]) != _names([{"family": "Novak", "given": "Mária,"}])
    renamed = {"novak": dict(family="al-Hāshimī", name="Ivo al-Hāshimī"), "mammadova": dict(given="Aynur,")}
    entities = tuple(dataclasses.replace(e, **renamed[e.id]) if e.id in renamed else e for e in harbour.entities)
    metadata = dataclasses.replace(harbour.metadata, series="Coastal\nAffairs\n")
    test_zotero_keeps_what_a_citation_needs(judges, [dataclasses.replace(harbour, entities=entities, metadata=metadata)],
                                            tmp_path)


def test_no_type_loses_the_outlet(judges: Path, kazan, tmp_path: Path) -> None:
    """Statements given to an outlet keep it (Zotero's Interview has no outlet field), and the
    outlet's own report is a newspaper article, not an interview of the outlet (point 2)."""
    items = {i["id"]: i for i in csl_items(kazan)}
    given = [s for s in kazan.statements if s.via]
    assert given and all(items[s.key]["type"] == "article-newspaper" for s in given)
    assert all(items[s.key]["container-title"] == s.via for s in given)
    report = items[kazan.statement["st-kommersant-readiness"].key]
    assert report["author"] == [{"literal": "Kommersant"}] and report["title"] == "Report in Kommersant"


# --- citeproc-js -----------------------------------------------------------------------------

def _documents(article, groups: list[tuple], styles=STYLES) -> list[tuple]:
    docs = []
    for style in styles:
        for group in groups:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", KazanWarning)
                items, cites = citeproc.plan(article, group, style)
            docs.append((article, style, group, items, cites))
    return docs


def _start_judge(judges: Path, docs: list[tuple], path: Path, fmt: str = "text") -> subprocess.Popen:
    """Start the judge on ``docs`` (``(article, style, group, items, cites[, fmt])``)."""
    path.write_text(json.dumps([{"style": str(citeproc.style_path(d[1])), "items": d[3], "cites": d[4],
                                 "format": d[5] if len(d) > 5 else fmt} for d in docs], ensure_ascii=False),
                    encoding="utf-8")
    return subprocess.Popen(["node", str(HARNESS), str(judges), str(path), fmt], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _judge(judges: Path, docs: list[tuple], tmp_path: Path, fmt: str = "text") -> list[dict]:
    proc = _start_judge(judges, docs, tmp_path / f"documents-{fmt}.json", fmt)
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    return json.loads(out)


class _Flat(HTMLParser):
    """HTML as runs of text with the styles that apply to them (italic, bold, small caps,
    super- and subscript): citeproc-js writes <i>, pandoc <em>, and each escapes differently."""

    STYLE = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[list] = []
        self.stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        small = "small-caps" in (attr.get("style") or "") or "smallcaps" in (attr.get("class") or "")
        if tag not in ("br", "img"):
            self.stack.append("sc" if small else self.STYLE.get(tag))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        styles = "".join(sorted({s for s in self.stack if s}))
        if self.runs and self.runs[-1][0] == styles:
            self.runs[-1][1] += data
        else:
            self.runs.append([styles, data])


def _same(text: str | None, fmt: str) -> object:
    """Return what is compared of a citation or entry: the text with white space normalised;
    for HTML, the text and each run of it in italics, bold, small caps, super- or subscript."""
    if text is None or fmt == "text":
        return _space(text)
    parser = _Flat()
    parser.feed(text)
    parser.close()
    return (_space("".join(d for _, d in parser.runs)),
            tuple((st, _space(d)) for st, d in parser.runs if st and _space(d)))


# Known differences of the two engines that no CSL-JSON value settles (docs/citations.md): a
# document whose items hold one of these is compared after undoing just that difference.
_TAG = re.compile(r"</?(?:b|i|sc|sup|sub)>")  # citeproc-js reads these tags in names too; pandoc in titles only



def _uninitialised(word: str) -> bool:
    """Return whether ``word`` of a given name is one character without case that citeproc-js
    does not take for an initial ("&", "-"): in APA it prints it as it is, pandoc as an
    initial ("&."); in Chicago and MLA both print "&." (citeproc_names)."""
    return len(word) == 1 and word == word.upper() and not initial(word)


def _uninitialised_words(names: list[dict]) -> set[str]:
    """Return the given-name words :func:`_uninitialised` says, where citeproc-js prints them
    so: before another word of the name ("& Jo", "Jo & Al": APA "& J.", "J. & A."; pandoc
    "&. J.", "J. &. A."). The last word gets the full stop from both ("Jo &", "\\": "J. &.",
    "\\.", found by a random draw, hunt11), so a word that is last in any of the names is left
    out: its full stop cannot be told from the other's."""
    inner, last = set(), set()
    for n in names:
        words = (n.get("given") or "").split()
        inner.update(w for w in words[:-1] if _uninitialised(w))
        last.update(words[-1:])
    return inner - last
_SPACE_END = re.compile("[\\s\u200b-\u200d\u2060\ufeff]$")


def _strings(items: list[dict]) -> list[str]:
    names = [n for i in items for k in ("author", "editor") for n in i.get(k, [])]
    return [v for i in items for v in i.values() if isinstance(v, str)] + [
        v for n in names for v in n.values() if isinstance(v, str)]


def _triggers(items: list[dict]) -> dict:
    """Return which known differences ``items`` can show: a name with a tag; the given-name
    words of one character without case that citeproc-js does not initialise (pandoc puts a
    full stop after "&" and "-", citeproc-js's APA leaves them); a field that ends in a space or a
    zero-width character (citeproc-js keeps a space before the style's full stop or comma);
    the organisations (CSL literal names) last of two names (in a bibliography entry,
    citeproc-js puts no delimiter before the "&" or "and" before them, "Kovač, A. & Water
    Board", where the styles' delimiter-precedes-last="always" and pandoc put one); a span in
    single quotes (:data:`_SINGLE_QUOTED`), whose marks are then compared as one; a superscript
    character (:func:`_superscript_base`), which citeproc-js's HTML prints in <sup>."""
    names = [n for i in items for n in i.get("author", [])]
    return {
        "tagged": any(_TAG.search(v) for n in names for v in n.values() if isinstance(v, str)),
        "uninitialised": _uninitialised_words(names),
        "spaced": any(_SPACE_END.search(v) for v in _strings(items)),
        "literal-last": {i["id"]: i["author"][-1]["literal"] for i in items
                         if len(i.get("author", [])) == 2 and "literal" in i["author"][-1]},
        "single-quoted": any(_SINGLE_QUOTED.search(v) for v in _strings(items)),
        "superscript": {ch: _superscript_base(ch) for v in _strings(items) for ch in v if _superscript_base(ch)},
    }


def _superscript_base(ch: str) -> str | None:
    """Return the character a superscript character (¹ ª º ⁿ …) is the superscript of, else None:
    citeproc-js's HTML prints it as that character in <sup> ("Är<sup>1</sup>"), pandoc as it is."""
    decomposition = unicodedata.decomposition(ch)
    return chr(int(decomposition.split()[1], 16)) if decomposition.startswith("<super>") else None


# A span in single quotes in a field the style does not quote ("100% ‘Kazan’" as a place):
# pandoc's citeproc reads it as a quotation and prints it in the locale's outer quotes
# ("“Kazan”"), citeproc-js keeps the user's marks (docs/citations.md)
_SINGLE_QUOTED = re.compile("‘[^’]*’")
_QUOTES = str.maketrans({q: '"' for q in "‘’“”"})


def _known(items: list[dict], pieces: list[str], refs: list, theirs: dict, fmt: str) -> bool:
    """Return True if pandoc's pieces equal citeproc-js's once the known differences that the
    document's items trigger are undone (HTML compared as text when a name holds a tag)."""
    known = _triggers(items)
    if not any(known.values()):
        return False
    as_text = fmt == "html" and known["tagged"]

    def undo(text: str, ours: bool, entry: str | None = None) -> object:
        if as_text:
            text = _same(text, fmt)[0]
        name = known["literal-last"].get(entry) if not ours else None
        if name:  # the style's delimiter before it, which citeproc-js leaves out: in the names
            # that open the entry (the first "& Name" or "and Name"), and only where it is missing
            text = re.sub(rf"(?<=[^,\s])(\s(?:&amp;|&#38;|&|and)\s{re.escape(name)})", r",\1", text, count=1)
        if ours and known["tagged"]:
            text = _TAG.sub("", text)
        text = unicodedata.normalize("NFC", text)
        for word in known["uninitialised"] if ours else ():
            word = unicodedata.normalize("NFC", word)
            for form in {word, html.escape(word, quote=False)}:  # pandoc's HTML writes "&amp;"
                text = re.sub(rf"{re.escape(form)}\.(?=\s)", form, text)
        if known["spaced"]:
            text = re.sub(r"\s+(?=[.,])", "", text)
        if known["single-quoted"]:
            text = text.translate(_QUOTES)
        if ours and fmt == "html" and known["superscript"]:  # (compared as text: the bare character)
            up = "{}" if as_text else "<sup>{}</sup>"
            text = "".join(up.format(known["superscript"][ch]) if ch in known["superscript"] else ch
                           for ch in text).replace("</sup><sup>", "")
        return _same(text, "text" if as_text else fmt)

    ours = [undo(p, True) for p in pieces], [(k, undo(e, True)) for k, e in refs]
    judged = ([undo(p, False) for p in theirs["citations"]],
              [(k, undo(e, False, entry=k)) for k, e in theirs["bibliography"]])
    return ours == judged


def _compare(judges: Path, docs: list[tuple], tmp_path: Path) -> list[list[str]]:
    """Return, per document (``(article, style, group, items, cites, fmt)``), the ways
    pandoc's citeproc (as ``cite`` runs it, :class:`~citeproc.Documents`) and citeproc-js
    disagree. The judge and two pandoc processes (one per core) run at the same time."""
    judge = _start_judge(judges, docs, tmp_path / "documents.json")
    half = (len(docs) + 1) // 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        running = [citeproc.Documents([(items, citeproc._markdown(cites), citeproc.style_path(style), fmt)
                                       for _, style, _, items, cites, fmt in part])
                   for part in (docs[:half], docs[half:]) if part]
        ours_all = [doc for r in running for doc in r.results()]
    out, err = judge.communicate(timeout=TIMEOUT)
    assert judge.returncode == 0, err
    problems = []
    for (article, style, group, items, _, fmt), theirs, (pieces, refs) in zip(docs, json.loads(out), ours_all, strict=True):
        ours = [_same(p, fmt) for p in pieces], [(k, _same(e, fmt)) for k, e in refs]
        judged = [_same(p, fmt) for p in theirs["citations"]], [(k, _same(e, fmt)) for k, e in theirs["bibliography"]]
        agree = ours == judged or _known(items, pieces, refs, theirs, fmt)
        problems.append([] if agree else [
            f"{article.id} {style} {fmt} {[s.key for s in group]}:\n  pandoc:      {pieces} {refs}\n"
            f"  citeproc-js: {theirs['citations']} {theirs['bibliography']}"])
    return problems


def _together(articles: list) -> list[tuple]:
    docs = []
    for article in articles:
        statements = article.statements
        groups = [tuple(statements[:4]), tuple(statements[-3:])]
        fassier = tuple(s for s in statements if s.speakers[0] == "fassier")[:3]
        if fassier:
            groups.append(fassier)
        singles = [(s,) for s in statements[:3]] if article is not articles[0] else []
        docs += _documents(article, [g for g in groups if g] + singles)
    return docs


def _dated(folder: Path) -> list:
    """Return the harbour fixture with its first statement dated in years where the "AD" term
    starts or stops (1, 79, 499, 500, 896, 999, 1000; year 0 neither processor prints: docs/citations.md)."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    assert "    date: 2019-03-04\n    occasion: Press briefing" in text  # st-novak-sign, the first
    out = []
    for year in ("0001", "0079", "0499", "0500", "0896", "0999", "1000"):
        path = folder / f"harbour-{year}.yaml"
        path.write_text(text.replace("date: 2019-03-04", f"date: {year}-03-04", 1), encoding="utf-8")
        out.append(load(path))
    return out


@pytest.fixture(scope="module")
def compared(citeproc_js: Path, kazan, articles: list, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Return the disagreements of every compared document, by comparison: every Kazan
    statement alone in each style (text); statements together, and the fixtures' and the
    generated articles' first statements alone (text and HTML). All of them go to one judge
    process (an engine per style, built once) and two pandoc processes: 560 documents."""
    dated = [d for a in _dated(tmp_path_factory.mktemp("dated"))
             for d in _documents(a, [(a.statements[0],), tuple(a.statements[:2])])]
    runs = {"alone": [(*d, "text") for d in _documents(kazan, [(s,) for s in kazan.statements])],
            "years": [(*d, "text") for d in dated],
            "together-text": [(*d, "text") for d in _together(articles)],
            "together-html": [(*d, "html") for d in _together(articles)]}
    problems = iter(_compare(citeproc_js, [d for docs in runs.values() for d in docs],
                             tmp_path_factory.mktemp("citeproc-js")))
    return {name: [p for _ in docs for p in next(problems)] for name, docs in runs.items()}


# Both document comparisons run in every run (CI included).

def test_cite_of_every_kazan_statement_alone_equals_citeproc_js(compared: dict) -> None:
    assert compared["alone"] == []


def test_years_get_the_ad_term_citeproc_js_gives_them(compared: dict) -> None:
    """pandoc adds "AD" to years below 1000, citeproc-js to years below 500 only: cite follows
    citeproc-js (the first harbour statement dated 0 to 1000)."""
    assert compared["years"] == []


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_cite_of_statements_together_equals_citeproc_js(compared: dict, fmt: str) -> None:
    """Several statements in one document: the letters are those these works need (point 7);
    the fixtures' and the generated articles' statements alone; as text and as HTML."""
    assert compared[f"together-{fmt}"] == []


def test_cite_of_all_kazan_statements_together_equals_citeproc_js(citeproc_js: Path, kazan, tmp_path: Path) -> None:
    """All 70 Kazan statements in one document, in APA and Chicago author-date: many works of
    one author in one year, some of them untitled, some dated with a guess ("[2011?]", "ca.
    2011"), so the year letters and the reference list's order test how pandoc is made to
    sort and find ambiguous citations as citeproc-js does (citeproc_sorting: before it, 6 APA
    and 8 Chicago citations carried other letters, e.g. "Nalbandian 2011e" for "2011a")."""
    docs = [(*d, "text") for d in _documents(kazan, [tuple(kazan.statements)], ("apa", "chicago-author-date"))]
    assert [p for doc in _compare(citeproc_js, docs, tmp_path) for p in doc] == []


def test_the_judge_harness_is_the_judges_cite_js_for_one_item(citeproc_js: Path, kazan, tmp_path: Path) -> None:
    """Our document harness gives what the judge's own cite.js gives for one cited item."""
    statement = kazan.statement["st-sargsyan-finish-line"]
    items, _ = citeproc.plan(kazan, (statement,), "apa")
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    js = citeproc_js / "citeproc-js"
    theirs = json.loads(_run(["node", str(js / "cite.js"), str(citeproc.style_path("apa")),
                              str(js / "locales-en-US.xml"), str(path), statement.key]))[statement.key]
    ours = _judge(citeproc_js, [(kazan, "apa", (statement,), items, [{"id": statement.key}])], tmp_path)[0]
    assert ours["citations"] == [theirs["citation"]]
    assert dict(ours["bibliography"])[statement.key] == theirs["bibliography"]


def test_the_judges_reused_engine_leaves_nothing_behind(citeproc_js: Path, articles: list, tmp_path: Path) -> None:
    """The harness resets one engine per style between documents: it prints what a new engine
    per document (``--fresh``) prints, over documents of different articles in one style,
    statements cited together first so that any left-over year letter or ibid would show."""
    kazan, harbour = articles[0], articles[1]
    docs = (_documents(kazan, [tuple(kazan.statements[:4])], styles=("apa", "chicago-notes"))
            + _documents(harbour, [tuple(harbour.statements[:2]), (harbour.statements[0],)], styles=("apa", "chicago-notes"))
            + _documents(kazan, [(kazan.statements[0],)], styles=("apa", "chicago-notes")))
    reused = _judge(citeproc_js, docs, tmp_path)
    path = tmp_path / "documents-text.json"  # the documents _judge wrote
    fresh = json.loads(_run(["node", str(HARNESS), str(citeproc_js), str(path), "text", "--fresh"]))
    assert reused == fresh
    assert len({json.dumps(r) for r in reused}) > 1  # the documents differ: the comparison can fail


# Titles that end in punctuation or hold quotation marks, for the "Quoted in" sentence
_QUOTED_TITLES = ("Two weeks after the “April war”", "Who won the “April war?”", 'A "deal"', "Talks 'go'",
                  "The mayors’", "Deal done?!", "Talks ‘go’!", "U.S.", "Talks, part 1,", "A deal;",
                  "Why? (Part 2)", "Talks: what next:")


def test_quoted_in_quotes_the_title_as_citeproc_js_does(citeproc_js: Path, articles: list, tmp_path: Path) -> None:
    """Our own "Quoted in …" sentence, the same in every writer (biblatex addendum, BibTeX note,
    CSL-JSON note, RIS N1), quotes the article's title as citeproc-js's Chicago note quotes it
    before a comma: its double quotes single, the comma inside the quotation marks, kept after
    "?" and "!" (“…Čelić?,” Northern Ledger), joined by citeproc-js's table. Compared without
    case: Chicago prints the title in title case, the sentence as the article prints it."""
    import dataclasses

    harbour = articles[1]
    judged = list(articles) + [dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=t))
                               for t in _QUOTED_TITLES]
    items = []
    for n, article in enumerate(judged):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", KazanWarning)
            items.append({**csl_items(article, ())[0], "id": f"a{n}"})
    docs = [(a, "chicago-notes", (), [item], [{"id": item["id"]}]) for a, item in zip(judged, items, strict=True)]
    theirs = _judge(citeproc_js, docs, tmp_path)
    for n, article in enumerate(judged):
        quoted = c.quote_title(article.metadata.title, then=",")
        note = theirs[n]["citations"][0]
        # a low double quote „ nests as ‚ (German); citeproc-js leaves it as it is
        ours = quoted.replace("‚", "„") if "„" in article.metadata.title else quoted
        assert ours.casefold() in note.casefold(), (article.metadata.title, quoted, note)
        for statement in article.statements[:3]:
            assert f" {quoted} " in c.quoted_in(article, statement) + " "


# Titles full of words citeproc-js's title case keeps lower-case and pandoc's capitalises (its
# CSL.SKIP_WORDS not among pandoc's stop words; a stop word after a full stop), and the cases
# where citeproc-js does capitalise them: first, after ":" "?" "!", last, in a capitalised word
_SKIP_WORD_TITLES = (
    "Minister rules out sale amid protests without a deal",
    "Talks stall as envoy says “no deal without Yerevan” despite pressure",
    "U.S. to leave port per agreement; strike off until spring",
    "Barrier built near the river since 2019, beyond budget and under review",
    "Rates rise above forecast: out of options toward recession",
    "Out-of-court deal rather than trial, like last year, versus the union",
    "Amid the strike: what workers fought against",
    "Why? because of cuts, plus delays, within weeks",
    "Port vs. city: Off the record, against the odds, after all",
)


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_title_case_keeps_lower_case_what_citeproc_js_keeps(citeproc_js: Path, articles: list,
                                                            tmp_path: Path, fmt: str) -> None:
    """Where a style title-cases a title (Chicago, MLA; APA in the in-text citation of a work
    with no author), cite keeps lower-case the words citeproc-js keeps lower-case ("Rules out
    Sale amid Protests without a Deal", where pandoc alone printed "Rules Out Sale Amid
    Protests Without"); APA's entries print the title as written: the nocase marks given to
    pandoc show in no output. Each title as the article's, with its authors and without."""
    import dataclasses

    harbour = articles[1]
    variants = [dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=t, **extra))
                for t in _SKIP_WORD_TITLES for extra in ({}, {"authors": ()})]
    docs = [(*d, fmt) for a in variants for d in _documents(a, [(a.statements[0],), tuple(a.statements[:2])])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


_PARTICLE_TITLES = ("Talks with van der Berg and al-Hāshimī end in a deal",
                    "van der Berg: talks with al-Hāshimī are over")


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_names_with_particles_print_as_written_in_titles(citeproc_js: Path, articles: list,
                                                         tmp_path: Path, fmt: str) -> None:
    """A title that names a speaker with particles ("van der Berg", "al-Hāshimī") prints them as
    written in every style, in cite as in citeproc-js given our CSL-JSON (Chicago and MLA
    printed "van Der Berg"); a title that starts with one capitalises its first letter only."""
    import dataclasses

    harbour = articles[1]
    renamed = {"novak": ("van der Berg", "Jan"), "mammadova": ("al-Hāshimī", "Khalid")}
    entities = tuple(dataclasses.replace(e, family=renamed[e.id][0], given=renamed[e.id][1],
                                         name=f"{renamed[e.id][1]} {renamed[e.id][0]}")
                     if e.id in renamed else e for e in harbour.entities)
    variants = [dataclasses.replace(harbour, entities=entities, metadata=dataclasses.replace(harbour.metadata, title=t))
                for t in _PARTICLE_TITLES]
    docs = [(*d, fmt) for a in variants for d in _documents(a, [(a.statements[0],), tuple(a.statements[:2])])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])
    printed = " ".join(" ".join(d["citations"]) + " ".join(e for _, e in d["bibliography"])
                       for d in _judge(citeproc_js, docs, tmp_path, fmt))
    assert "van der Berg" in printed and "al-Hāshimī" in printed and "Van der Berg:" in printed
    assert not re.search(r"van Der|Der Berg|Al-Hāshimī End|Bin ", printed)


# Speakers and authors in scripts citeproc-js does and does not treat as Latin ("romanesque"):
# family name, given name; a given name of two words; a Cyrillic capital past U+042F that
# citeproc-js does not initialise; a family name in one script and the given name in another
_SCRIPT_NAMES = (
    ("Պետրոսյան", "Աննա Մարիա"),  # Armenian
    ("ბერიძე", "ნინო"),  # Georgian
    ("الخطيب", "أحمد محمد"),  # Arabic
    ("כהן", "דוד"),  # Hebrew
    ("王", "小明"),  # Chinese
    ("山田", "太郎"),  # Japanese
    ("शर्मा", "राहुल"),  # Devanagari
    ("Παπαδόπουλος", "Γιώργος"),  # Greek
    ("Тоқаев", "Қасым-Жомарт"),  # Cyrillic (Kazakh)
    ("Лавров", "Сергей"),  # Cyrillic (Russian)
    ("Պետրոսյան", "Anna"),  # Armenian family name, Latin given name
    ("Petrosyan", "Աննա"),  # and the other way round
    ("शर्मा", "Rahul Kumar"),
)


def _in_scripts(harbour) -> list:
    """Return the harbour article once per name of _SCRIPT_NAMES: its first speaker (Novak)
    so named, its second (Məmmədova) by the next name, its authors both, and Novak's
    entity name as the source would write it."""
    import dataclasses

    from kazan_export.model import Author

    out = []
    for n, (family, given) in enumerate(_SCRIPT_NAMES):
        other_family, other_given = _SCRIPT_NAMES[(n + 1) % len(_SCRIPT_NAMES)]
        renamed = {"novak": (family, given), "mammadova": (other_family, other_given)}
        entities = tuple(dataclasses.replace(e, family=renamed[e.id][0], given=renamed[e.id][1],
                                             name=f"{renamed[e.id][1]} {renamed[e.id][0]}")
                         if e.id in renamed else e for e in harbour.entities)
        metadata = dataclasses.replace(harbour.metadata, authors=(Author(family, given), Author(other_family, other_given)))
        out.append(dataclasses.replace(harbour, entities=entities, metadata=metadata))
    return out


def test_names_in_every_script_are_printed_as_citeproc_js_prints_them(citeproc_js: Path, harbour,
                                                                      tmp_path: Path) -> None:
    """Names whose family name has no romanesque letter (Armenian, Georgian, Chinese,
    Japanese, Devanagari) print family name and given name in full, with nothing between
    them ("ՊետրոսյանԱննա Մարիա", where pandoc alone printed "ՊետրոսյանԱ. Մ." in APA), or a
    space before a given name that has one ("Պետրոսյան A."); an Arabic or Hebrew given name is
    initialised in APA ("الخطيب, أ. م."), and a given name starting with no romanesque letter
    never is ("Petrosyan, Աննա"). Every statement of each variant alone, then all together,
    in the four styles, as text (and together as HTML)."""
    docs = []
    for article in _in_scripts(harbour):
        statements = article.statements
        docs += [(*d, "text") for d in _documents(article, [(s,) for s in statements] + [tuple(statements)])]
        docs += [(*d, "html") for d in _documents(article, [tuple(statements)])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


# Found by random draws (hunt11): a given-name word with an apostrophe that pandoc cannot be
# given as it is ("d'Arc", "it's": coded by citeproc_names) printed its "'" straight, where
# citeproc-js prints ’; a family name alone with a particle printed "Berg, van der" in Chicago
_APOSTROPHE_GIVEN = ("Ivo d'Arc", "it's", "'t Jo", "Jo o'neil Al", "D'Arcy")
_PARTICLE_ALONE = ("van der Berg", "al-Hāshimī", "d'Alembert", "de la Cruz", "Van der Berg")


def test_apostrophes_and_family_names_alone_print_as_citeproc_js_prints_them(citeproc_js: Path, harbour,
                                                                             tmp_path: Path) -> None:
    """Novak's given name with an apostrophe ("Ivo d'Arc": "Novak, I. d’Arc", "Novak, Ivo
    d’Arc") and Məmmədova known by a family name with particles alone ("van der Berg": Chicago
    "van der Berg. n.d.", where cite printed "Berg, van der"), each statement alone and all
    together, in the four styles, as text and HTML: cite equals citeproc-js."""
    import dataclasses

    docs = []
    for given, family in zip(_APOSTROPHE_GIVEN, _PARTICLE_ALONE, strict=True):
        renamed = {"novak": dict(given=given, name=f"{given} Novak"), "mammadova": dict(family=family, given=None, name=family)}
        entities = tuple(dataclasses.replace(e, **renamed[e.id]) if e.id in renamed else e for e in harbour.entities)
        article = dataclasses.replace(harbour, entities=entities)
        statements = article.statements
        docs += [(*d, "text") for d in _documents(article, [(s,) for s in statements] + [tuple(statements)])]
        docs += [(*d, "html") for d in _documents(article, [tuple(statements)])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


def test_the_judge_undoes_the_full_stop_of_an_uncased_word_only_before_another(citeproc_js: Path, harbour,
                                                                               tmp_path: Path) -> None:
    """The judge's rule for a given-name word such as "&" (citeproc-js's APA prints "& J." and
    "J. & A.", pandoc "&. J.", "J. &. A."): a last word gets the full stop from both ("Jo &":
    "N. &.", "\\\\": "\\\\."), which the judge took away from ours only and so reported (a random
    draw, hunt11). Judged: Novak so named, in the four styles."""
    import dataclasses

    assert _uninitialised_words([{"given": "& Jo"}, {"given": "Jo & Al"}, {"given": "Jo -"}]) == {"&"}
    assert _uninitialised_words([{"given": "& Jo"}, {"given": "Jo &"}]) == set()
    docs = []
    for given in ("& Jo", "Jo & Al", "Jo &", "\\", "Jo \\"):
        entities = tuple(dataclasses.replace(e, given=given) if e.id == "novak" else e for e in harbour.entities)
        article = dataclasses.replace(harbour, entities=entities)
        docs += [(*d, fmt) for d in _documents(article, [(article.statements[0],)]) for fmt in ("text", "html")]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


def test_italics_of_a_text_without_romanesque_letters_are_citeproc_js_s(citeproc_js: Path, harbour,
                                                                         tmp_path: Path) -> None:
    """citeproc-js drops italics from a text with no romanesque letter only where the <text>
    that prints it sets them (MLA's and Chicago's outlets); a group's or a macro's italics it
    keeps (APA's outlets: "<i>人民日报</i>"), where cite dropped them too (a random draw, hunt11:
    an outlet "~"). The harbour article's outlet, a statement's outlet and the title in Chinese
    and Armenian, in the four styles, as HTML."""
    import dataclasses

    docs = []
    for outlet, via, title in (("人民日报", "Ազատություն", "北京"), ("Ազատություն", "人民日报", "Հայաստան")):
        statements = tuple(dataclasses.replace(s, via=via) if s.via else s for s in harbour.statements)
        metadata = dataclasses.replace(harbour.metadata, publisher=outlet, title=title)
        article = dataclasses.replace(harbour, metadata=metadata, statements=statements)
        docs += [(*d, "html") for d in _documents(article, [(s,) for s in statements] + [tuple(statements)])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


def test_a_range_of_years_from_below_500_gets_one_ad_term_after_it(citeproc_js: Path, harbour,
                                                                    tmp_path: Path) -> None:
    """citeproc-js prints the "AD" term of a range that starts in a year below 500 once, after
    its end ("79–1000 AD", "March 79–April 80 AD"), where cite printed pandoc's "79 AD–1000"
    and "6 AD–300 AD" (random draws, hunt11). The first harbour statement so dated, alone and
    with the next, in the four styles."""
    import dataclasses

    docs = []
    for date in ("0079/1000", "0006/0300", "0079-03/0080-04", "0499/0500", "0600/0700", "0450/2019"):
        first = dataclasses.replace(harbour.statements[0], date=date)
        article = dataclasses.replace(harbour, statements=(first, *harbour.statements[1:]))
        docs += [(*d, "text") for d in _documents(article, [(first,), tuple(article.statements[:2])])]
    problems = [p for ps in _compare(citeproc_js, docs, tmp_path) for p in ps]
    assert problems == [], f"{len(problems)} of {len(docs)} documents differ:\n" + "\n".join(problems[:6])


def test_the_single_quote_leniency_is_scoped_to_the_quote_marks() -> None:
    """The one known difference for a single-quoted span (pandoc prints it in double quotes)
    is undone only for items that hold one, and only the marks: another word still differs."""
    items = [{"id": "a", "type": "speech", "publisher-place": "100% ‘Kazan’"}]
    ours = ["Nguyễn. n.d. Speech. 100% “Kazan.”"]
    judged = {"citations": [], "bibliography": [["a", "Nguyễn. n.d. Speech. 100% ‘Kazan.’"]]}
    assert _known(items, [], [("a", ours[0])], judged, "text")
    other = {"citations": [], "bibliography": [["a", "Nguyễn. n.d. Speech. 100% ‘Kazan’."]]}
    assert not _known(items, [], [("a", ours[0])], other, "text")  # the full stop's place differs
    plain = [{"id": "a", "type": "speech", "publisher-place": "100% Kazan"}]
    assert not _known(plain, [], [("a", ours[0])], judged, "text")


def test_the_superscript_leniency_is_scoped_to_the_items_superscripts() -> None:
    """citeproc-js's HTML prints a superscript character as its base in <sup>: undone only for
    the superscript characters the items hold, and only in HTML."""
    items = [{"id": "a", "type": "speech", "publisher-place": "Ärĥ¹"}]
    ours = [("a", '<div class="csl-entry">Speech. Ärĥ¹.</div>')]
    judged = {"citations": [], "bibliography": [["a", '<div class="csl-entry">Speech. Ärĥ<sup>1</sup>.</div>']]}
    assert _known(items, [], ours, judged, "html")
    other = {"citations": [], "bibliography": [["a", '<div class="csl-entry">Speech. Ärĥ<sup>2</sup>.</div>']]}
    assert not _known(items, [], ours, other, "html")
    assert not _known([{"id": "a", "type": "speech", "publisher-place": "Ärĥ1"}], [], ours, judged, "html")
