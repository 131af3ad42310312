"""RIS output: parsed back with rispy, and judged by citation-js's RIS reader (an independent program).

The citation-js judge is installed by .ci/run into ``$KAZAN_JUDGES/ris`` from tests/judges/ris
(``npm ci``); locally, copy that folder there and run ``npm ci`` in it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from conftest import FIXTURES, KINDS, need_tool
from kazan_export import citations as c
from kazan_export.dates import EdtfDate, EdtfInterval, parse_edtf
from kazan_export.errors import KazanWarning
from kazan_export.writers.ris import one_line, render_ris
from strategies import sources

REPO = Path(__file__).resolve().parents[2]


def _judge() -> Path:
    """Return citation-js's RIS judge script; skip locally (fail in CI) when it is not installed."""
    need_tool("node")
    root = Path(os.environ.get("KAZAN_JUDGES") or REPO.parent / "shared" / "judges")
    script = root / "ris" / "ris.js"
    if not (root / "ris" / "node_modules" / "@citation-js" / "plugin-ris").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the RIS judge is not installed in {script.parent} (see .ci/run)")
        pytest.skip(f"the RIS judge is not installed in {script.parent}: copy tests/judges/ris there and run npm ci")
    return script


def _drawn(n: int = 3) -> list:
    """Return ``n`` generated hostile articles (derandomised: the same on every run)."""
    from kazan_export.readers.source import build

    drawn: list = []

    @settings(max_examples=25, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(sources(control=True))
    def collect(data: dict) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", KazanWarning)
            drawn.append(build(data, "drawn.yaml"))

    collect()
    return sorted(drawn, key=lambda a: len(a.statements), reverse=True)[:n]


def _expected_year_and_date(text: str | None) -> tuple[str | None, str | None]:
    d = None if text is None else parse_edtf(text)
    if isinstance(d, EdtfDate):
        return f"{d.year:04d}", (f"{d.year:04d}/{d.month:02d}/{f'{d.day:02d}' if d.day else ''}/" if d.month else None)
    if isinstance(d, EdtfInterval) and d.start and d.end and d.start.year == d.end.year:
        return f"{d.start.year:04d}", None
    return None, None


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_rispy_reads_back_every_record(request, which):
    import rispy

    article = request.getfixturevalue(which)
    records = rispy.loads(render_ris(article))
    assert len(records) == len(article.statements) + 1
    head, rest = records[0], records[1:]
    m = article.metadata
    assert head["type_of_reference"] == "NEWS" and head["id"] == c.article_key(article)
    assert head["title"] == m.title and head["secondary_title"] == (m.container or m.publisher)
    assert head.get("authors", []) == [f"{a.family}, {a.given}" if a.given else f"{a.family}," for a in m.authors]
    assert head.get("keywords", []) == list(m.keywords)
    for statement, record in zip(article.statements, rest, strict=True):
        assert record["type_of_reference"] == "GEN" and record["id"] == statement.key
        assert record["title"] == c.title(article, statement)
        assert len(record.get("authors", [])) == len(c.authors(article, statement))
        year, date = _expected_year_and_date(statement.date)
        assert (record.get("year"), record.get("date")) == (year, date), statement.key
        note = record["notes"][0]
        assert c.quoted_in(article, statement) in note  # the article and the paragraph pinpoint
        assert (c.date_note(statement.date) or "") in note  # the qualifier, in words
        assert record["abstract"] == c.excerpt(statement)
        assert record.get("secondary_title") == (statement.via or c.event_title(statement))
        assert record["type_of_work"] == c.genre(article, statement)
        assert record.get("place_published") == statement.place


def test_an_unknown_or_open_date_has_no_year_only_the_note(kazan):
    import rispy

    records = {r["id"]: r for r in rispy.loads(render_ris(kazan))}
    white_house = records["whitehousePresidentObamaTold"]  # ../2011-06-24
    assert "year" not in white_house and "date" not in white_house
    assert c.date_note("../2011-06-24") in white_house["notes"][0]
    undated = next(s for s in kazan.statements if s.date is None)
    assert "year" not in records[undated.key] and "Date not stated in the source" in records[undated.key]["notes"][0]


def test_hostile_text_stays_one_line_per_tag(harbour):
    import rispy

    nasty = "line one\nER  - \r\nTY  - JOUR\u2028next\x00\x1b\x85 end"
    first = dataclasses.replace(harbour.statements[0], note=nasty, place="Kazan\nER  - ")
    article = dataclasses.replace(harbour, statements=(first, *harbour.statements[1:]))
    text = render_ris(article)
    records = rispy.loads(text)
    assert len(records) == len(harbour.statements) + 1
    assert records[1]["place_published"] == "Kazan ER -"
    assert one_line(nasty) in records[1]["notes"][0]
    assert all(line == "" or line[2:6] == "  - " for line in text.split("\n"))


def test_spaces_of_the_writers_own_are_kept(harbour):
    """A no-break space ("Novi\u00a0Sad"), a thin and a narrow no-break space are the writer's
    characters, not line breaks: RIS keeps them where only line breaks become one space."""
    import rispy

    place, note = "Novi\u00a0Sad", "10\u2009000 tonnes, 5\u202f% more"
    first = dataclasses.replace(harbour.statements[0], place=place, note=note + "\nsecond line")
    article = dataclasses.replace(harbour, statements=(first, *harbour.statements[1:]))
    record = rispy.loads(render_ris(article))[1]
    assert record["place_published"] == place
    assert note + " second line" in record["notes"][0]


def test_an_article_without_author_or_publisher_has_no_invented_name(harbour):
    import rispy

    metadata = dataclasses.replace(harbour.metadata, authors=(), publisher=None, container=None)
    records = rispy.loads(render_ris(dataclasses.replace(harbour, metadata=metadata)))
    head = records[0]
    assert "authors" not in head and "publisher" not in head and "secondary_title" not in head
    assert head["title"] == harbour.metadata.title
    assert all(r["notes"][0].startswith("Quoted in “Harbour talks") for r in records[1:])
    assert "unknown" not in render_ris(dataclasses.replace(harbour, metadata=metadata)).lower()


def _judged(tmp_path: Path, article) -> list[dict]:
    (tmp_path / "refs.ris").write_text(render_ris(article), encoding="utf-8")
    proc = subprocess.run([need_tool("node"), str(_judge()), "refs.ris"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _year_read(parts: list, year: str | None, date: str | None) -> bool:
    """Return whether citation-js read the record's year as ``year``. Its date parser
    (@citation-js/date) reads a DA of a year and a month, no day, as two numbers of which the
    larger is the year: "0001/08//" is the 8th year, month 1 ([8, 1]). That is the reader's
    limit (DA is YYYY/MM/DD/ as the RIS specification has it, and PY holds the year alone): for
    a year up to 12 the year and the month are only checked to be the two parts read."""
    read = parts[0] if parts[0] is None else f"{int(parts[0]):04d}"
    if year is not None and int(year) <= 12 and date and len(parts) >= 2:
        return sorted(int(p) for p in parts[:2]) == sorted((int(year), int(date.split("/")[1])))
    return read == year


def _judge_article(tmp_path: Path, article) -> None:
    kept = _judged(tmp_path, article)
    assert [i["id"] for i in kept] == [c.article_key(article), *(s.key for s in article.statements)]
    head, m = kept[0], article.metadata
    assert head["type"] == "article-newspaper" and head["title"] == one_line(m.title)
    # citation-js files a newspaper article's AU under "reporter", as the strings written
    reporters = head.get("reporter", [])
    assert ([reporters] if isinstance(reporters, str) else reporters) == [
        one_line(f"{a.family}, {a.given}" if a.given else f"{a.family},") for a in m.authors]
    year, date = _expected_year_and_date(m.published)
    assert _year_read(head.get("issued", {}).get("date-parts", [[None]])[0], year, date), head.get("issued")
    if m.container or m.publisher:
        assert head["container-title"] == one_line(m.container or m.publisher)
    for statement, item in zip(article.statements, kept[1:], strict=True):
        assert item["type"] == "document", statement.key
        assert item["title"] == one_line(c.title(article, statement))
        assert item["genre"] == one_line(c.genre(article, statement))
        names = c.authors(article, statement)
        got = item.get("author", [])
        assert len(got) == len(names), (statement.key, got)
        for entity, name in zip(names, got, strict=True):
            if entity.kind == "person" and entity.family:
                assert name["family"] == one_line(entity.family), (statement.key, name)
                assert name.get("given", "") == one_line(entity.given or ""), (statement.key, name)
            else:  # one corporate name, not split into given and family
                assert name["family"] == one_line(entity.name) and not name.get("given"), (statement.key, name)
        year, date = _expected_year_and_date(statement.date)
        parts = item.get("issued", {}).get("date-parts", [[None]])[0]
        assert _year_read(parts, year, date), (statement.key, item.get("issued"))
        if date:
            assert len(parts) == date.rstrip("/").count("/") + 1, (statement.key, parts)
        outlet = statement.via or c.event_title(statement)
        assert item.get("container-title") == (one_line(outlet) if outlet else None)
        assert item.get("publisher-place") == (one_line(statement.place) if statement.place else None)
        assert one_line(c.quoted_in(article, statement)) in item["note"], statement.key
        assert item["abstract"] == one_line(c.excerpt(statement))


@pytest.mark.parametrize("which", ["harbour", "kazan"])
def test_citation_js_keeps_type_authors_title_date_outlet_place_and_the_note(tmp_path, request, which):
    _judge_article(tmp_path, request.getfixturevalue(which))


@pytest.mark.parametrize("name", KINDS)
def test_citation_js_keeps_them_for_articles_of_other_kinds(tmp_path, name):
    """An interview by a named person, an authorless wire report, a blog post whose places
    hold no-break spaces (conftest.KINDS)."""
    from kazan_export.readers.source import load

    _judge_article(tmp_path, load(FIXTURES / name))


def test_citation_js_keeps_them_for_generated_hostile_articles(tmp_path):
    _judge()
    for n, article in enumerate(_drawn()):
        folder = tmp_path / f"a{n}"
        folder.mkdir()
        _judge_article(folder, article)


def test_reproducible_and_utf8(kazan):
    text = render_ris(kazan)
    assert text == render_ris(kazan) and text.startswith("TY  - NEWS\n") and text.endswith("ER  - \n")
    assert text.encode("utf-8").decode("utf-8") == text


def test_the_ris_command_writes_the_file(tmp_path, harbour):
    from conftest import FIXTURES

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    source = FIXTURES / "harbour-talks.yaml"
    proc = subprocess.run([sys.executable, "-m", "kazan_export", "ris", str(source), "-o", str(tmp_path / "h.ris")],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "h.ris").read_bytes() == render_ris(harbour).encode("utf-8")


def test_the_quoted_in_note_quotes_the_title_as_the_styles_do(harbour):
    """#12: N1 quotes a title ending in "?" with the comma after it, inside the quotation marks."""
    import rispy

    for record in rispy.loads(render_ris(harbour))[1:]:
        assert "“Harbour talks: a deal in Čelić?,” Northern Ledger, Coastal Affairs series, March 2019, para" in record["notes"][0]


def test_citation_js_reads_a_year_up_to_12_before_a_month_as_a_month(tmp_path):
    """The judge's rule for citation-js's date parser (found by a random draw: a statement
    dated 0001-08 came back as [8, 1], failing the judge): its own reading of DA, shown here,
    is the known limit :func:`_year_read` allows, and only there."""
    _judge()
    text = "".join(f"TY  - GEN\nID  - y{y}\nTI  - t\nPY  - {y:04d}\nDA  - {y:04d}/08//\nER  - \n" for y in (1, 7, 12, 13, 999))
    (tmp_path / "r.ris").write_text(text, encoding="utf-8")
    proc = subprocess.run([need_tool("node"), str(_judge()), "r.ris"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    read = {i["id"]: i["issued"]["date-parts"][0] for i in json.loads(proc.stdout)}
    assert read == {"y1": [8, 1], "y7": [8, 7], "y12": [12, 8], "y13": [13, 8], "y999": [999, 8]}
    assert all(_year_read(read[f"y{y}"], f"{y:04d}", f"{y:04d}/08//") for y in (1, 7, 12, 13, 999))
    assert not _year_read([8, 2], "0001", "0001/08//")  # a year or month lost still fails
    assert not _year_read([999, 8], "0998", "0998/08//")


def test_citation_js_keeps_the_dates_of_an_article_dated_in_the_year_1(tmp_path, harbour):
    """A statement and the article dated in years below 13 (a random draw: "0001-08"), judged
    as every article is."""
    first = dataclasses.replace(harbour.statements[0], date="0001-08")
    metadata = dataclasses.replace(harbour.metadata, published="0000-11")
    _judge_article(tmp_path, dataclasses.replace(harbour, metadata=metadata, statements=(first, *harbour.statements[1:])))
