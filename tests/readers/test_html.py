"""The web-page reader (trafilatura): the article without the page's boilerplate, its headings
and metadata; nothing fetched; dates never guessed."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from kazan_export.readers.html import read_html

from conftest import FIXTURES, only_problem

INGEST = FIXTURES / "ingest"
PAGE = INGEST / "harbour-deal.html"


@pytest.fixture()
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_article_text_headings_and_metadata(no_network):
    article = read_html(PAGE.read_bytes(), name=str(PAGE))
    assert article.text_lines() == (INGEST / "harbour-deal.expected.txt").read_text(encoding="utf-8").splitlines()
    m = article.metadata
    assert m.title == "Harbour deal stalls over council vote"
    assert [(a.given, a.family) for a in m.authors] == [("Leyla", "Əliyeva")]
    assert m.publisher == "The Northern Ledger"
    assert m.published == "2019-03-05"
    assert m.url == "https://ledger.example.org/2019/03/harbour-deal-stalls"
    assert m.language == "en-GB"
    assert [s.heading.text for s in article.sections if s.heading] == ["Doubts in the council", "What comes next"]
    assert article.statements == ()


def test_boilerplate_is_left_out(no_network):
    text = "\n".join(read_html(PAGE.read_bytes(), name=str(PAGE)).text_lines())
    for junk in ("cookies", "Advertisement", "Boats-R-Us", "Subscribe", "Most read", "Storm hits",
                 "Share on", "Be the first to comment", "Privacy", "Home", "Breadcrumbs", "Ports\n"):
        assert junk not in text, junk
    assert "constructive & frank" in text  # inline formatting flattened, entity decoded


def _page(body: str, head: str = "<title>A page</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


LONG = ("The committee met on a grey morning to weigh the proposal, which had been debated "
        "for months by every member of the board and by the public at large.")


def test_no_date_is_guessed_from_the_text():
    html = _page(f"<h1>Report</h1><p>{LONG}</p><p>{LONG} Again.</p><p>© 2020 Example Media. Posted 4 May 2018.</p>")
    article = read_html(html, name="nodate.html")
    assert article.metadata.published is None
    assert article.metadata.authors == () and article.metadata.url is None
    assert article.metadata.language == "und"


def test_a_host_name_is_not_taken_for_the_publisher():
    head = '<title>Report</title><link rel="canonical" href="https://news.example.com/a/report">'
    article = read_html(_page(f"<h1>Report</h1><p>{LONG}</p><p>{LONG} Again.</p>", head), name="host.html")
    assert article.metadata.url == "https://news.example.com/a/report"
    assert article.metadata.publisher is None


def test_line_breaks_start_paragraphs_and_lists_are_paragraphs():
    html = _page(f"<h1>Report</h1><p>{LONG}<br>Second line of it.</p><ul><li>{LONG} One.</li>"
                 f"<li>{LONG} Two.</li></ul><blockquote>{LONG} Quoted.</blockquote>")
    lines = read_html(html, name="br.html").text_lines()
    assert lines[:3] == ["Report", LONG, "Second line of it."]
    assert f"{LONG} One." in lines and f"{LONG} Two." in lines and f"{LONG} Quoted." in lines


def test_a_declared_charset_is_honoured():
    html = _page(f"<h1>Café</h1><p>{LONG} Déjà vu.</p><p>{LONG}</p>", '<meta charset="iso-8859-1"><title>Café</title>')
    article = read_html(html.encode("latin-1"), name="latin.html")
    assert article.metadata.title == "Café"
    assert f"{LONG} Déjà vu." in article.text_lines()


FRONT_PAGE = """<!DOCTYPE html><html><head><title>The Ledger — front page</title></head><body>
<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav></header>
<main><ul class='headlines'><li><a href='/a'>Storm hits the coast</a></li><li><a href='/b'>Ferry prices
rise again</a></li><li><a href='/c'>Port strike ends after two weeks</a></li></ul></main>
<footer><p>© 2019 The Ledger. All rights reserved.</p><p><a href='/privacy'>Privacy</a></p></footer></body></html>"""


@pytest.mark.parametrize("html", [
    FRONT_PAGE,
    _page("<nav><a href='/'>Home</a> <a href='/b'>B</a></nav>"),
    "<html><head><title>Only a script</title><script>var x = 1;</script></head><body></body></html>",
])
def test_a_page_with_no_article_text_is_refused(html):
    assert "has no article text" in only_problem(read_html, html, "empty.html").message


def test_trafilatura_is_imported_only_by_the_html_reader():
    code = ("import sys; from kazan_export.readers.text import read_text; "
            f"read_text(open({str(INGEST / 'ferry-strike.txt')!r}, 'rb').read()); "
            "import kazan_export.readers.html; "
            "print(sorted(m for m in ('trafilatura', 'docx', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_first_subheading_is_not_taken_for_the_title():
    html = _page(f"<h2>Background</h2><p>{LONG}</p><p>{LONG} Again.</p>", "<title>The real title</title>")
    article = read_html(html, name="h2.html")
    assert article.metadata.title == "The real title"
    assert article.sections[0].heading.text == "Background"
