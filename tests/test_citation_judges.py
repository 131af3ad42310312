"""Zotero and citeproc-js as judges of the CSL-JSON export and of ``cite`` (#12).

``$KAZAN_JUDGES`` (else ``<repo>/../shared/judges``) holds Zotero's own CSL-JSON import and
export (``zotero/csl-roundtrip.js``) and citeproc-js (``citeproc-js``, after ``npm install``).
The articles judged: Kazan, the harbour fixture and generated hostile articles
(:mod:`strategies`, derandomised). Locally a missing judge skips with its reason; in CI
(``CI`` set) it fails.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import FIXTURES, need_tool
from kazan_export.errors import KazanWarning
from kazan_export.readers.source import load
from kazan_export.writers import citeproc
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


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list:
    """Return Kazan, the harbour fixture and the generated hostile articles of test_judges."""
    from test_judges import _draw

    folder = tmp_path_factory.mktemp("cite-judged")
    return [load(), load(FIXTURES / "harbour-talks.yaml"), *(load(p) for p in _draw(folder))]


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _space(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()


# --- Zotero ----------------------------------------------------------------------------------

def _names(names: list[dict] | None) -> list[str]:
    """Return each name as one string: Zotero splits particles ("van", lower-case words of a
    given name) into fields of their own, which citeproc prints in the same places."""
    def full(n: dict) -> str:
        parts = (n.get("given"), n.get("dropping-particle"), n.get("non-dropping-particle"), n.get("family"))
        return n.get("literal") or " ".join(p for p in parts if p)
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
            for field in ("title", "genre", "event-title", "container-title"):
                assert back.get(field) == item.get(field), f"{where}: {field}"
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
        assert not m.series or f"Series — {m.series}." in article_note
        assert all(k in article_note for k in m.keywords)


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
            docs.append((style, group, items, cites))
    return docs


def _judge(judges: Path, docs: list[tuple], tmp_path: Path, fmt: str = "text") -> list[dict]:
    path = tmp_path / "documents.json"
    path.write_text(json.dumps([{"style": str(citeproc.style_path(style)), "items": items, "cites": cites}
                                for style, _, items, cites in docs], ensure_ascii=False), encoding="utf-8")
    return json.loads(_run(["node", str(HARNESS), str(judges), str(path), fmt]))


def _agree(article, docs: list[tuple], judged: list[dict]) -> list[str]:
    """Return the disagreements between pandoc's citeproc and citeproc-js, document by document
    (pandoc runs for a few documents at a time: each :class:`~citeproc.Pieces` starts at once)."""
    problems, ours_all = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        for start in range(0, len(docs), 4):
            running = [citeproc.Pieces(items, citeproc._markdown(cites), style)
                       for style, _, items, cites in docs[start:start + 4]]
            ours_all += [r.result() for r in running]
    for (style, group, items, cites), theirs, (pieces, refs) in zip(docs, judged, ours_all):
        ours = [_space(p) for p in pieces], [(k, _space(e)) for k, e in refs]
        judged_pair = [_space(p) for p in theirs["citations"]], [(k, _space(e)) for k, e in theirs["bibliography"]]
        if ours != judged_pair:
            problems.append(f"{article.id} {style} {[s.key for s in group]}:\n  pandoc:      {ours}\n"
                            f"  citeproc-js: {judged_pair}")
    return problems


# The two document comparisons run ~300 pandoc and citeproc-js documents (minutes on a loaded
# 2-core machine); they run when KAZAN_CITEPROC_JS_ALL=1 (not yet in CI: see the #12 report).
_ALL = pytest.mark.skipif(not os.environ.get("KAZAN_CITEPROC_JS_ALL"),
                          reason="set KAZAN_CITEPROC_JS_ALL=1 to compare every document with citeproc-js")


@_ALL
def test_cite_of_every_kazan_statement_alone_equals_citeproc_js(citeproc_js: Path, kazan, tmp_path: Path) -> None:
    docs = _documents(kazan, [(s,) for s in kazan.statements])
    assert _agree(kazan, docs, _judge(citeproc_js, docs, tmp_path)) == []


@_ALL
def test_cite_of_statements_together_equals_citeproc_js(citeproc_js: Path, articles: list, tmp_path: Path) -> None:
    """Several statements in one document: the letters are those these works need (point 7)."""
    problems = []
    for article in articles:
        statements = article.statements
        groups = [tuple(statements[:4]), tuple(statements[-3:])]
        fassier = tuple(s for s in statements if s.speakers[0] == "fassier")[:3]
        if fassier:
            groups.append(fassier)
        singles = [(s,) for s in statements[:3]] if article is not articles[0] else []
        docs = _documents(article, [g for g in groups if g] + singles)
        problems += _agree(article, docs, _judge(citeproc_js, docs, tmp_path))
    assert problems == []


def test_the_judge_harness_is_the_judges_cite_js_for_one_item(citeproc_js: Path, kazan, tmp_path: Path) -> None:
    """Our document harness gives what the judge's own cite.js gives for one cited item."""
    statement = kazan.statement["st-sargsyan-finish-line"]
    items, _ = citeproc.plan(kazan, (statement,), "apa")
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    js = citeproc_js / "citeproc-js"
    theirs = json.loads(_run(["node", str(js / "cite.js"), str(citeproc.style_path("apa")),
                              str(js / "locales-en-US.xml"), str(path), statement.key]))[statement.key]
    ours = _judge(citeproc_js, [("apa", (statement,), items, [{"id": statement.key}])], tmp_path)[0]
    assert ours["citations"] == [theirs["citation"]]
    assert dict(ours["bibliography"])[statement.key] == theirs["bibliography"]
