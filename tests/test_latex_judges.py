"""LaTeX as the judge of the .bib files: what biblatex and BibTeX styles PRINT (pdftotext).

For each style, one LuaLaTeX document (fontspec, the bundled DejaVu Serif) cites every entry of
every judged article — the harbour fixture, Kazan and a few generated hostile articles — and
prints its bibliography: biblatex styles ``authoryear``, ``apa``, ``chicago-authordate`` (by
biblatex's ``style=`` and by ``\\usepackage[authordate]{biblatex-chicago}``, as its manual has it;
one ``refsection`` per article, one biber run), and natbib with ``apalike`` and ``plain`` over the
classic BibTeX dialect (bibtex once per article, each ``.bbl`` read into the one document).
The printed text of each article is then checked: no empty brackets, "Quoted in" once per
statement, "n.d." where the date is unknown (never "nd"), open dates not printed as ranges,
no lower-case "via" after a full stop, capitalised words of the titles still capitalised,
every speaker named.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from conftest import FIXTURES, KINDS, need_tool, with_unnamed_pairs
from kazan_export import citations as c
from kazan_export.dates import EdtfInterval, parse_edtf
from kazan_export.errors import KazanWarning
from kazan_export.readers.source import build, load
from kazan_export.model import Article
from kazan_export.writers.bibtex import render_bib
from strategies import sources

FONTS = Path(__file__).resolve().parents[1] / "templates" / "fonts"
DRAWN = 2
TIMEOUT = 300
BIBLATEX_STYLES = ("authoryear", "apa", "chicago-authordate", "biblatex-chicago:authordate")
NATBIB_STYLES = ("apalike", "plain", "plainnat")
# the scripts DejaVu Serif draws: words in them must be printed as written
_DRAWABLE = re.compile(r"^[A-Za-z\u00c0-\u024f\u0400-\u04ff\u0531-\u0587]+$")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\(\s+[,;.]|\s\)(?!\))")
_LINE = 60  # characters: a longer word may not break, and run off the page
_OPEN_RANGE = re.compile(r"[(\s,]–\s*\d|\d–\s*[).,;]|–\s*present")


def _drawn() -> list[Article]:
    """Return DRAWN generated hostile articles (derandomised: the same on every run)."""
    drawn: list[Article] = []

    @settings(max_examples=20, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(sources(long_statements=False))
    def collect(data: dict) -> None:
        drawn.append(build(data, "drawn.yaml"))

    collect()
    return sorted(drawn, key=lambda a: len(a.statements), reverse=True)[:DRAWN]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """Return the judged articles: harbour, Kazan, the Polish, Turkish and Caspian-names fixtures
    (other languages and scripts: their titles are not title-cased, their langid is babel's),
    the articles of other kinds (``conftest.KINDS``), then the generated ones."""
    others = ("wiatraki-pl.yaml", "fener-tr.yaml", "caspian-names.yaml", *KINDS)
    return [load(FIXTURES / "harbour-talks.yaml"), load(), *(load(FIXTURES / f) for f in others), *_drawn()]


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def _preamble() -> str:
    return ("\\documentclass{article}\n\\usepackage{fontspec}\n"
            f"\\setmainfont{{DejaVuSerif}}[Path={FONTS.as_posix()}/, Extension=.ttf,"
            " BoldFont=*-Bold, ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic]\n"
            "\\usepackage[english]{babel}\n\\usepackage{csquotes}\n"
            # ragged right: a justified line stretched by an unbreakable word (a random draw's title of
            # 120 hyphens) had gaps so wide that pdftotext read its words as two columns, interleaved
            "\\AtBeginDocument{\\raggedright}\n")


def _keys(article: Article) -> list[str]:
    return [c.article_key(article), *(s.key for s in article.statements)]


def _marker(n: int) -> str:
    return f"KAZANJUDGEDARTICLE{n}X"


def _printed(folder: Path, count: int) -> list[str]:
    """Return the printed text of each article (pdftotext, white space flattened)."""
    text = _run([need_tool("pdftotext"), "-enc", "UTF-8", "doc.pdf", "-"], folder).stdout
    text = re.sub(r"\n\s*\d+\s*\f", "\n", text)  # the page number at each page's foot, which can split an entry
    flat = " ".join(text.split())
    parts = re.split(r"KAZANJUDGEDARTICLE(\d+)X", flat)
    chunks = dict(zip(parts[1::2], parts[2::2]))
    assert sorted(chunks) == sorted(str(n) for n in range(count)), "an article's section is missing"
    return [chunks[str(n)] for n in range(count)]


def _bib(article: Article, dialect: str) -> str:
    """Return the .bib text of ``article`` in ``dialect``, its lossy-output warnings silenced (the judges read it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KazanWarning)
        return render_bib(article, dialect=dialect)


def _typeset(folder: Path, style: str, packages: str, body: list[str], commands: list[str]) -> list[str]:
    """Write doc.tex (our preamble, ``packages``, a ``body`` part per article), run ``commands`` on it
    in turn (each must succeed), and return the printed text of each article."""
    (folder / "doc.tex").write_text(
        _preamble() + packages + "\\begin{document}\n" + "".join(body) + "\\end{document}\n", encoding="utf-8")
    for cmd in commands:
        latex = Path(cmd).name == "lualatex"
        proc = _run([cmd, *(["-interaction=nonstopmode", "-halt-on-error"] if latex else []), "doc"], folder)
        assert proc.returncode == 0, f"{style}: {Path(cmd).name} failed:\n{proc.stdout[-3000:]}"
    return _printed(folder, len(body))


def _biblatex_document(folder: Path, articles: list[Article], style: str, preamble: str = "") -> list[str]:
    lualatex, biber = need_tool("lualatex"), need_tool("biber")
    body = []
    for n, article in enumerate(articles):
        (folder / f"a{n}.bib").write_text(_bib(article, "biblatex"), encoding="utf-8")
        cites = " ".join(f"\\parencite{{{k}}}" for k in _keys(article))
        body.append(f"\\section*{{{_marker(n)}}}\n\\begin{{refsection}}[a{n}.bib]\n{cites}\n"
                    "\\printbibliography[heading=none]\n\\end{refsection}\n")
    # "biblatex-chicago:authordate": loaded as biblatex-chicago's manual says, which sets its
    # options (nodates, datecirca, dateuncertain, …); "chicago-authordate": biblatex's style=
    # alone, biblatex's defaults
    load = (f"\\usepackage[{style.partition(':')[2]},backend=biber]{{biblatex-chicago}}" if style.startswith(
        "biblatex-chicago:") else f"\\usepackage[backend=biber,style={style}]{{biblatex}}")
    return _typeset(folder, style, f"{load}\n{preamble}", body, [lualatex, biber, lualatex])


def _natbib_document(folder: Path, articles: list[Article], style: str) -> list[str]:
    lualatex, bibtex = need_tool("lualatex"), need_tool("bibtex")
    body = []
    for n, article in enumerate(articles):
        (folder / f"a{n}.bib").write_text(_bib(article, "bibtex"), encoding="utf-8")
        (folder / f"a{n}.aux").write_text(f"\\citation{{*}}\n\\bibdata{{a{n}}}\n\\bibstyle{{{style}}}\n",
                                          encoding="utf-8")
        proc = _run([bibtex, f"a{n}"], folder)
        assert proc.returncode == 0 and "Warning--" not in proc.stdout, f"{style}, a{n}:\n{proc.stdout[-2000:]}"
        cites = " ".join(f"\\citep{{{k}}}" for k in _keys(article))
        body.append(f"\\section*{{{_marker(n)}}}\n{cites}\n\\input{{a{n}.bbl}}\n")
    option = "round" if style == "apalike" else "numbers"
    url = "\\usepackage{url}\n" if style == "plainnat" else ""  # plainnat prints \\url, which natbib does not define
    return _typeset(folder, style, f"\\usepackage[{option}]{{natbib}}\n{url}\\renewcommand{{\\refname}}{{}}\n", body,
                    [lualatex, lualatex])


def _squeeze(text: str) -> str:
    """Return ``text`` without white space and hyphens (a line break may split a word at a
    hyphen), in NFKC: pdftotext reads a compatibility ligature as its letters ("Ĳ" as "IJ")."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", unicodedata.normalize("NFKC", text))


def _undated(text: str | None) -> bool:
    return text is None or (isinstance(parse_edtf(text), EdtfInterval)
                            and not (parse_edtf(text).start and parse_edtf(text).end))


def _described(article: Article, statement, style: str) -> list[str]:
    """Return what the style prints to say what a statement is (#12 point 9): a statement made at
    an event is untitled — its genre, the event and its place (biblatex-apa prints no event for
    an @unpublished, only the venue: its limit, see test_biblatex_apa_prints_event_and_place_with_the_documented_map);
    another keeps its descriptive title. A speaker who is not an author is named in the title, but
    in BibTeX the first one of a statement with no author is named by the key (which apalike
    prints, plain does not) instead."""
    others = [c.described(e) for e in article.speakers_of(statement) if not c.is_named(e)]
    every = " by " + " and ".join(others) if others else ""
    if style in NATBIB_STYLES and not c.authors(article, statement):
        others = others[1:]
    by = [" by " + " and ".join(others)] if others else []
    if c.work_type(article, statement) != "speech":
        full = c.title(article, statement)
        return ["".join([full[: len(full) - len(every)], *by])]
    event = c.event_title(statement)
    place = [statement.place] if event and statement.place else []
    return [c.genre(article, statement), *by, *([event] if event and style != "apa" else []), *place]


def _judge(article: Article, printed: str, style: str) -> None:
    where = f"{style}, {article.id}"
    # an undated @article printed "In: Mediamax. Modern History ()" in authoryear (its issue and
    # date in parentheses, both empty) until its year was "n.d.": no exception now
    empty = _EMPTY_BRACKETS
    if style == "apa" and any("[" in c.genre(article, s) for s in article.statements):
        # biblatex-apa brackets a description ("[Statement]"): a generated genre that ends in
        # its own "[" prints as "…[]", which is not an empty bracket
        empty = re.compile(_EMPTY_BRACKETS.pattern.replace(r"|\[\s*\]", r"|\[\s+\]"))
    check = _without_own_edges(article, printed)
    found = _unexplained(empty, check, _own_texts(article))
    assert not found, (where, found, check[:3000])
    # (pdftotext may set a name's combining mark elsewhere on its line: "Quoted ́ in")
    unmarked = " ".join("".join(ch for ch in printed if unicodedata.category(ch) != "Mn").split())
    assert unmarked.count("Quoted in") == len(article.statements), (where, unmarked.count("Quoted in"))
    # the editor's notes and "not stated" sentences are kept in the .bib (annotation), not printed
    # in a reference list (a user trial: biblatex-apa printed "… failure [Publication date not stated
    # in the source; Web address not stated in the source]. Mediamax.")
    squeezed = _squeeze(printed)
    notes = [s.note for s in article.statements if s.note and len(s.note) > 60]  # long enough to be only a note
    for note in [*notes, "not stated in the source"]:
        assert _squeeze(note[:60]) not in squeezed, (where, note)
    if style != "apalike":  # see test_apalike_cannot_label_an_undated_work_n_d
        assert not re.search(r"\bnd\)", printed), (where, re.search(r".{40}\bnd\).{10}", printed))
    undated = sum(_undated(s.date) for s in article.statements) + _undated(article.metadata.published)
    assert printed.count("n.d.") >= undated, (where, printed.count("n.d."), undated)
    ranged = _without_own_dashes(article, printed)
    assert not _OPEN_RANGE.search(ranged), (where, _OPEN_RANGE.search(ranged))
    assert not re.search(r"\.\s+via\s", printed), (where, re.search(r".{40}\.\s+via\s.{20}", printed))
    squeezed = _squeeze(printed)
    titles = [article.metadata.title, *(t for s in article.statements for t in _described(article, s, style))]
    for title in titles:
        for word in re.split(r"[\s:;,.!?“”\"'‘’()\[\]]+", title):
            # (a word longer than a line runs off the page, where pdftotext does not read it)
            if len(word) <= _LINE and _DRAWABLE.match(word.replace("-", "")) and any(
                    ch.isupper() for ch in word[1:] + word[:1]):
                assert _squeeze(word) in squeezed, (where, word, title)
    for statement in article.statements:
        for entity in c.authors(article, statement):
            name = entity.family if entity.kind == "person" and entity.family else entity.name
            if all(_DRAWABLE.match(w.replace("-", "")) for w in name.split()):
                assert _squeeze(name) in squeezed, (where, statement.key, name)


# the characters DejaVu Serif draws, which pdftotext reads back; another prints as "\ufffd" or not
# at all
_DRAWN = r"[\x20-\x7e\u00a0-\u024f\u0400-\u04ff\u0531-\u0587]"


_TEX_QUOTES = {"'": "['’]", "`": "[`‘]", '"': '["”]'}  # fontspec's TeX ligatures print them curly


def _as_printed(text: str) -> str:
    """Return a pattern for ``text`` as pdftotext reads it back: each run of characters DejaVu
    Serif does not draw ("❤️") may be read as "\ufffd", as nothing, or as itself; a straight
    quotation mark as the curly one fontspec prints ("}×'" prints "}×’")."""
    def drawn(run: str) -> str:
        return "".join(_TEX_QUOTES.get(ch) or re.escape(ch) for ch in run)
    parts = re.split(f"({_DRAWN}+)", text)
    return "".join(drawn(part) if k % 2 else (r"[^\s()]*" if part else "") for k, part in enumerate(parts))


def _visible(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _own_names(article: Article) -> list[str]:
    """Return the source's names (of the speakers and of the article's authors) and genres."""
    own = [x for e in article.entities for x in (e.name, e.family, e.given) if x]
    own += [x for a in article.metadata.authors for x in (a.family, a.given) if x]
    return own + [c.genre(article, s) for s in article.statements]


def _own_texts(article: Article) -> list[str]:
    """Return the source's own texts that a style may print: its names and genres, titles,
    outlets, occasions, places."""
    m = article.metadata
    own = [x for x in (m.title, m.publisher, m.series, m.container) if x]
    return _own_names(article) + own + [x for s in article.statements for x in (s.occasion, s.place, s.via, s.role) if x]


def _unexplained(pattern: re.Pattern, check: str, own: list[str]) -> re.Match | None:
    """Return the first match of ``pattern`` in ``check`` no character of which is the source's
    own text: an occasion "… $5 )" or a title "… ã )… Kazan" prints its " )" as written, a title
    ")ô …" after the style's space, a name ")è" in the style's brackets "()è n.d.)" (random
    draws found the judge reporting these as empty)."""
    folded = check.casefold()
    covered: set[int] = set()
    texts = {" ".join(_visible(t).split()).casefold() for t in own}
    # and their runs of characters DejaVu Serif draws: pdftotext reads another as "�" (")è�_Sÿ")
    texts |= {run for t in texts for run in re.findall(_DRAWN + "{2,}", t)}
    for text in texts - {""}:
        i = folded.find(text)
        while i >= 0:
            covered.update(range(i, i + len(text)))
            i = folded.find(text, i + 1)
    for match in pattern.finditer(check):
        if not any(not ch.isspace() and match.start() + k in covered for k, ch in enumerate(match.group())):
            return match  # (one of its characters the source's: the bracket holds the source's text)
    return None


def _without_own_edges(article: Article, printed: str) -> str:
    """Return ``printed`` without invisible format characters (U+200B, U+2060, …), and without
    the space that a text of the source itself (:func:`_own_texts`: a name or description, a
    place, an occasion, a title) has at its edge once they are gone ("üÓ " + U+200B prints
    "(üÓ )", a name ending in a no-break space "(the \\v{c} )", a speech's place in authoryear's
    brackets "(_ ġ n )"; an author of the article too): that space is the source's text, not an
    empty field. A text of invisible characters alone (a family name U+200D) prints nothing:
    "(Novak and )" is then the source's too, and every space inside a bracket's edge is taken away."""
    check = unicodedata.normalize("NFC", " ".join(_visible(printed).split()))
    for text in map(_visible, _own_texts(article)):
        core = unicodedata.normalize("NFC", " ".join(text.split()))
        if not core:
            check = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", check))
        elif text[:1].isspace() or text[-1:].isspace():
            # (as pdftotext reads it, composed: "- \u200b❤️ e\u0301 \u200b" prints "(- \ufffd é )")
            printed_core = _as_printed(core)
            check = re.sub(f"({printed_core}) \\)", r"\1)", check)
            check = re.sub(f"\\( ({printed_core})", r"(\1", check)
    return check


def _without_own_dashes(article: Article, printed: str) -> str:
    """Return ``printed`` without the source's own names that have an en dash in them: a name
    ending in "–" before the year ("… no – 2011–9999") is not an open range."""
    own = [t for e in article.entities for t in (e.name, e.family, e.given) if t and "–" in t]
    for text in sorted(own, key=len, reverse=True):
        printed = printed.replace(" ".join(text.split()), "NAME")
    return printed


def _anonymous_label(article: Article, statement) -> str | None:
    """Return the text that names a statement's speaker when no speaker is an author (the
    BibTeX key: the first speaker's name without a leading article), else None."""
    if c.authors(article, statement):
        return None
    words = article.speakers_of(statement)[0].name.split()
    label = " ".join(words[1:] if words and words[0].lower() in ("a", "an", "the") else words)
    return label[:1].upper() + label[1:]


def _judge_anonymous(article: Article, printed: str, style: str) -> None:
    """A statement by a speaker who is not an author names the speaker once: apalike and
    plainnat print the key where the author goes, the title does not name the speaker again
    (#12 point 11). plain prints no key: there the entry names no speaker (docs/citations.md,
    known limits; see test_plain_cannot_name_an_anonymous_speaker). The other speakers who are
    not authors (a second one, one beside an author) are named in the title, in every style.

    apalike.bst prints an entry with a ``key`` and no author as the judge expects (its
    ``format.key`` puts the key where the author goes, ``author.key.label`` cites the whole key:
    "(Official close to the talks, 2019)"); plainnat.bst's ``format.key`` the same, cited by
    number. The label is counted where the key prints it (apalike: in the citation and the entry) and
    where a title names the same speaker beside an author; a label that the source's other
    texts hold (an article title "… the talks", an occasion) is not counted: it prints there too
    (before, such a label was counted wrong, not misprinted)."""
    squeezed = _squeeze(printed).casefold()
    labels = [label for s in article.statements if (label := _anonymous_label(article, s))]
    titles = _squeeze(" ".join(t for s in article.statements for t in _described(article, s, style))).casefold()
    keyed = {article.speakers_of(s)[0].name for s in article.statements if _anonymous_label(article, s)}
    others = [_squeeze(t).casefold() for t in _own_texts(article) if t not in keyed]
    for label in set(labels):
        key = _squeeze(label).casefold()
        if style == "plain" or not all(_DRAWABLE.match(w.replace("-", "")) for w in label.split()) or any(
                key in t for t in others):
            continue
        cited = 2 if style == "apalike" else 1  # apalike's citations name it too: "(Official close to the talks, 2019)"
        expected = cited * labels.count(label) + titles.count(key)
        assert squeezed.count(key) == expected, (style, label, squeezed.count(key), expected)
    for statement in article.statements:
        unnamed = [e for e in article.speakers_of(statement) if not c.is_named(e)]
        for entity in unnamed[0 if c.authors(article, statement) else 1:]:
            name = c.described(entity)
            if all(_DRAWABLE.match(w.replace("-", "")) for w in name.split()):
                assert _squeeze(name).casefold() in squeezed, (style, statement.key, name)


def _judge_quoted_in(article: Article, printed: str, style: str) -> None:
    """Each "Quoted in …" sentence prints the article's title as the CSL styles quote it: the
    comma inside the quotation marks, kept after "?" ("“…Čelić?,” Northern Ledger")."""
    quoted = c.quote_title(article.metadata.title, then=",")
    outlet = c.article_outlet(article)
    expected = _squeeze(f"{quoted} {outlet}" if outlet else quoted)
    assert _squeeze(printed).count(expected) == len(article.statements), (style, expected, printed[:600])


def _judge_event_place(article: Article, printed: str, style: str) -> None:
    """A statement made at an event prints the event's place: biblatex-apa, which prints no event
    for an @unpublished, prints its venue ("[Statement]. European Parliament."); the other styles
    the event and the place."""
    squeezed = _squeeze(printed)
    for statement in article.statements:
        event, place = c.event_title(statement), statement.place
        if c.work_type(article, statement) != "speech" or not (event and place) or not c.authors(article, statement):
            continue
        shown = {"apa": f"[{c.genre(article, statement)}]. {place}.",
                 "authoryear": f"{event} ({place})"}.get(style, f"{event}, {place}")
        assert _squeeze(shown) in squeezed, (style, statement.key, shown)


def _sentence_case(title: str) -> str:
    """Return the source's title as biblatex-apa prints it: as written, the first word after a
    colon capitalised (APA's rule)."""
    return re.sub(r"(:\s+)(\w)", lambda m: m[1] + m[2].upper(), title)


@pytest.mark.parametrize("style", BIBLATEX_STYLES)
def test_biblatex_styles_print_every_entry_right(tmp_path, articles, style):
    for n, (article, printed) in enumerate(zip(articles, _biblatex_document(tmp_path, articles, style),
                                               strict=True)):
        _judge(article, printed, style)
        if n < 2:  # #12 point 11: the English titles of harbour and Kazan, one title-case rule
            title = article.metadata.title
            expected = _sentence_case(title) if style == "apa" else c.title_case(title)
            assert _squeeze(expected) in _squeeze(printed), (style, expected, printed[:400])
            _judge_quoted_in(article, printed, style)
            _judge_event_place(article, printed, style)


def test_biblatex_chicago_prints_the_title_cite_chicago_prints(tmp_path, articles):
    """#12 point 11: "Hopes and Failure" in both, from one rule (citations.title_case)."""
    need_tool("pandoc")
    from kazan_export.commands.cite import cite

    printed = _biblatex_document(tmp_path, articles[:2], "chicago-authordate")
    for article, text in zip(articles[:2], printed, strict=True):
        reference = cite(article, article.statements[0].id, style="chicago-author-date")
        title = c.title_case(article.metadata.title)
        assert f"“{title}" in reference and _squeeze(title) in _squeeze(text), (reference, title)
        assert title != article.metadata.title  # the check can fail: the source is in sentence case


@pytest.mark.parametrize("style", NATBIB_STYLES)
def test_natbib_styles_print_every_entry_right(tmp_path, articles, style):
    # apalike abbreviates given names by bytes (8-bit BibTeX): a given name that starts with a
    # letter kept in UTF-8 (Cyrillic, Armenian: no LaTeX escape) starts with it braced, one letter
    # for BibTeX, or apalike prints half of it, which LuaLaTeX refuses (the generated articles have such names)
    for n, (article, printed) in enumerate(zip(articles, _natbib_document(tmp_path, articles, style), strict=True)):
        _judge(article, printed, style)
        _judge_anonymous(article, printed, style)
        if n < 2:
            _judge_quoted_in(article, printed, style)
            _judge_event_place(article, printed, style)


@pytest.mark.xfail(strict=True, reason="apalike labels a work with the letters and digits of its year "
                   "(purify$), so year = {n.d.} is cited as (Sahakian, nd); no .bib value can print n.d. there")
def test_apalike_cannot_label_an_undated_work_n_d(tmp_path):
    articles = [load(FIXTURES / "harbour-talks.yaml")]
    printed = _natbib_document(tmp_path, articles, "apalike")[0]
    assert "(Port Authority, n.d.)" in printed and not re.search(r"\bnd\)", printed)


def _apa_map() -> str:
    """Return the biblatex-apa source map that docs/citations.md gives its users."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "citations.md").read_text(encoding="utf-8")
    found = re.search(r"```latex\n(\\DeclareSourcemap\{.*?)```", docs, re.S)
    assert found, "docs/citations.md gives no \\DeclareSourcemap for biblatex-apa"
    return found[1]


def test_biblatex_apa_prints_event_and_place_with_the_documented_map(tmp_path, articles):
    """biblatex-apa's @unpublished prints the venue but no event: with the source map the docs give
    (an @unpublished with an eventtitle is read as biblatex-apa's @presentation), it prints APA 7
    §10.14's "[Statement]. Event, Place." for every statement made at an event."""
    printed = _biblatex_document(tmp_path, articles[:2], "apa", _apa_map())
    checked = 0
    for article, text in zip(articles[:2], printed, strict=True):
        _judge(article, text, "apa")
        squeezed = _squeeze(text)
        for statement in article.statements:
            event = c.event_title(statement)
            if c.work_type(article, statement) == "speech" and event:
                shown = event + (f", {statement.place}." if statement.place else ".")
                if c.authors(article, statement):  # else the description, "Statement by …", is its title
                    shown = f"[{c.genre(article, statement)}]. {shown}"
                assert _squeeze(shown) in squeezed, (statement.key, shown)
                checked += 1
    assert checked > 10


@pytest.mark.xfail(strict=True, reason="plain prints no key, and every field it prints apalike prints too "
                   "(apalike also prints the key, where the author goes): a speaker named for plain is named "
                   "twice in apalike, and a description is not an author (#12 point 11)")
def test_plain_cannot_name_an_anonymous_speaker(tmp_path):
    article = load(FIXTURES / "harbour-talks.yaml")
    printed = _squeeze(_natbib_document(tmp_path, [article], "plain")[0]).casefold()
    labels = {label for s in article.statements if (label := _anonymous_label(article, s))}
    assert labels and all(_squeeze(label).casefold() in printed for label in labels)


def test_biblatex_does_not_print_an_undetermined_language(tmp_path):
    """``language: und`` (an unreviewed ingest draft): biblatex printed "Statement. und." for each
    entry; no language (nor langid, not a babel language) is written for it now. A stated language
    is still written (biblatex clears it when it is the document's)."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    (tmp_path / "und.yaml").write_text(text.replace("\n  language: en\n", "\n  language: und\n", 1), encoding="utf-8")
    (tmp_path / "pl.yaml").write_text(text.replace("\n  language: en\n", "\n  language: pl\n", 1), encoding="utf-8")
    undetermined, polish = load(tmp_path / "und.yaml"), load(tmp_path / "pl.yaml")
    assert undetermined.metadata.language == "und"
    folder = tmp_path / "tex"
    folder.mkdir()
    und_printed, pl_printed = _biblatex_document(folder, [undetermined, polish], "authoryear")
    assert not re.search(r"\bund\b", und_printed), und_printed
    # the stated one is printed, by its name (the code "pl" was printed before: biblatex has no key pl)
    assert "Polish" in pl_printed and not re.search(r"\bpl\b", pl_printed), pl_printed


def test_apalike_abbreviates_a_given_name_in_any_script_to_its_whole_first_letter(tmp_path):
    """8-bit BibTeX abbreviates by byte: a Cyrillic or Armenian given name (kept in UTF-8) lost half
    its first letter in apalike ("Воронцов, \ufffd (2024)"), which LuaLaTeX refuses; it is one letter now."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    for old, new in (("{family: Əliyeva, given: Leyla}", "{family: Воронцова, given: Сергей Ильич}"),
                     ("{family: Petrosyan, given: Anna}", "{family: Պետրոսյան, given: Արմեն-Ալեքս}")):
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "names.yaml").write_text(text, encoding="utf-8")
    folder = tmp_path / "tex"
    folder.mkdir()
    printed = _natbib_document(folder, [load(tmp_path / "names.yaml")], "apalike")[0]
    assert "Воронцова, С. И." in printed and "Պետրոսյան, Ա.-Ա." in printed, printed


def test_apalike_prints_a_family_name_of_several_words_whole(tmp_path):
    """A family name of several words with no given name ("Сергей Воронцов", as a source may
    record one) was read by BibTeX as given names and a family name: apalike printed
    "Воронцов, \ufffd" (the first letter abbreviated by byte), which LuaLaTeX refuses."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    old = "{family: Əliyeva, given: Leyla}"
    assert old in text
    (tmp_path / "names.yaml").write_text(text.replace(old, "{family: Сергей Воронцов}"), encoding="utf-8")
    folder = tmp_path / "tex"
    folder.mkdir()
    printed = _natbib_document(folder, [load(tmp_path / "names.yaml")], "apalike")[0]
    assert "Сергей Воронцов" in printed, printed


@pytest.mark.parametrize("style", ["apa", "chicago-authordate", "authoryear"])
def test_biblatex_prints_a_qualified_date_after_the_quoted_in_sentence_not_as_a_description(tmp_path, style):
    """biblatex-apa printed the date sentence (a ``note``) after the title in brackets, as the
    work's description: "Interview with Euronews [Dated by 24 June 2011.]". It ends the addendum
    now, after "Quoted in …, para. N", in every style that prints no qualifier of its own
    (biblatex-apa prints "[ca. 2019, March]" and no sentence: see the next test)."""
    article = load(FIXTURES / "harbour-talks.yaml")
    printed = _biblatex_document(tmp_path, [article], style)[0]
    assert "[Dated" not in printed, printed
    if style != "apa":
        assert re.search(r"para\. 4\. Dated about March 2019\.", printed), printed


# each style's own qualifier of an approximate and an uncertain date, where it prints one
_QUALIFIERS = {"apa": (r"\[ca\. 2019, March\]", r"\[2011, June 14\?\]"),
               "biblatex-chicago:authordate": (r"\[ca\. March\]", r"\[June 14, 2011\?\]"),
               "biblatex-chicago:notes": (r"\[ca\. March 2019\]", r"\[June 14, 2011\?\]")}


@pytest.mark.parametrize("style", ["authoryear", "chicago-authordate", "apa", "biblatex-chicago:authordate",
                                   "biblatex-chicago:notes"])
def test_biblatex_prints_a_qualified_date_once(tmp_path, articles, style):
    """biblatex-apa, and biblatex-chicago loaded as its manual says, print a qualifier
    themselves ("[ca. 2019, March]", "[June 14, 2011?]"): with our "Dated about March 2019"
    after it, they said it twice. The sentence is printed only where the style prints no
    qualifier (authoryear, biblatex-chicago by biblatex's style= alone), once either way."""
    import dataclasses

    harbour, kazan = articles[:2]
    uncertain = next(s for s in kazan.statements if s.date == "2011-06-14?")
    approximate = next(s for s in harbour.statements if s.date == "2019-03~")
    alone = [dataclasses.replace(harbour, statements=(approximate,)), dataclasses.replace(kazan, statements=(uncertain,))]
    printed = _biblatex_document(tmp_path, alone, style)
    for text, sentence, own in ((printed[0], "Dated about March 2019", 0),
                                (printed[1], "Dated 14 June 2011 (uncertain)", 1)):
        if style in _QUALIFIERS:
            assert re.search(_QUALIFIERS[style][own], text) and sentence not in text, (style, text)
        else:
            assert text.count(sentence) == 1 and "?]" not in text and "ca." not in text, (style, text)


def test_biblatex_apa_prints_the_articles_full_date(tmp_path):
    """biblatex-apa printed a newspaper or web article's date as a journal's year, "(2019)";
    APA 7 gives it in full, "(2019, March)": biblatex-apa's subtype for such articles says so."""
    article = load(FIXTURES / "harbour-talks.yaml")
    assert article.metadata.published == "2019-03"
    printed = _biblatex_document(tmp_path, [article], "apa")[0]
    assert re.search(r"Əliyeva, L\., & Petrosyan, A\. \(2019, March\)\. Harbour talks", printed), printed
    assert "nonacademic" not in printed.lower()


@pytest.mark.parametrize("style", ["authoryear", "chicago-authordate", "apa", "biblatex-chicago:notes"])
def test_biblatex_nests_a_quotation_in_the_articles_title(tmp_path, style):
    """An article's title with a quotation in it: biblatex quotes the title, and printed
    "“Two Weeks after the “April War””"; the inner quotation is single there now. biblatex-apa,
    which does not quote the title, prints it double ("Two weeks after the “April war”"; the
    single marks it printed looked odd) and sentence-cases its words as the others
    (\\mkbibquote kept "“No Deal Without Yerevan”" title-cased)."""
    import dataclasses

    harbour = load(FIXTURES / "harbour-talks.yaml")
    titles = ("Two weeks after the “April war”", 'Two weeks after the "April war"',
              "Envoy says „no deal without Yerevan“ after talks")
    for n, title in enumerate(titles):
        article = dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=title))
        folder = tmp_path / str(n)
        folder.mkdir()
        printed = _biblatex_document(folder, [article], style)[0]
        if style == "apa":
            quoted = "Envoy says “no deal without Yerevan” after talks" if n == 2 else "after the “April war”"
        else:
            quoted = "Envoy Says ‘No Deal without Yerevan’ after Talks" if n == 2 else "after the ‘April War’"
        assert quoted in printed, (style, quoted, printed)  # (the "Quoted in" sentences print it as CSL does)
        assert "War””" not in printed and "war””" not in printed and "’’" not in printed, printed


@pytest.mark.parametrize("style", ["chicago-authordate", "biblatex-chicago:authordate", "biblatex-chicago:notes"])
def test_biblatex_chicago_prints_n_d_for_every_undated_entry(tmp_path, articles, style):
    """biblatex-chicago printed no "n.d." for an undated @misc in author-date (its manual: "In
    the misc and dataset types this automatic provision is turned off"), none at all in notes,
    where an undated @unpublished read "Bako Sahakian, Statement ()", and none loaded by
    biblatex's style= alone. Every undated entry has ``year = {n.d.}`` now, where the manual
    puts it: "n.d." in citations and entries, as CMOS 17 §§14.145 and 15.44 have it."""
    for article, printed in zip(articles[:2], _biblatex_document(tmp_path, articles[:2], style), strict=True):
        undated = sum(_undated(s.date) for s in article.statements) + _undated(article.metadata.published)
        assert undated and printed.count("n.d.") >= undated, (style, article.id, printed.count("n.d."), undated)
        # (biblatex-chicago's \\parencite in notes leaves a space before its closing parenthesis)
        assert not re.search(r"\(\s*\)", printed), (style, re.search(r".{60}\(\s*\)", printed))
        if style == "biblatex-chicago:authordate":  # in every citation, the @misc ones too
            for statement in article.statements:
                if _undated(statement.date) and (names := c.authors(article, statement)):
                    name = names[0].family if names[0].kind == "person" and names[0].family else names[0].name
                    assert re.search(re.escape(name) + r"[^()]{0,80}, n\.d\.(\[[a-z]\])?\)", printed), (statement.key, name)


def test_the_judge_reads_what_pdftotext_gives_and_the_sources_own_dashes():
    """Random draws found the judge wrong about two hostile inputs: pdftotext reads "Ĳ" and "ĳ"
    as "IJ" and "ij" (a title word "Ļĳ" was "not printed"), and a name ending in an en dash
    before the year ("no – 2011–9999") was read as an open range."""
    import dataclasses

    assert _squeeze("Ļĳ") in _squeeze("“Ļij”. In: Smith")
    harbour = load(FIXTURES / "harbour-talks.yaml")
    dashed = dataclasses.replace(harbour.entities[0], name="Port no –")
    article = dataclasses.replace(harbour, entities=(dashed, *harbour.entities[1:]))
    printed = "(Port no – 2011–2012) (Port no – n.d.)"
    assert _OPEN_RANGE.search(printed) and not _OPEN_RANGE.search(_without_own_dashes(article, printed))
    assert _OPEN_RANGE.search(_without_own_dashes(article, "(Other – 2011)"))  # a range still is one


@pytest.mark.parametrize("style", ["apa", "authoryear"])
def test_biblatex_prints_a_titles_first_capital_after_punctuation_and_a_quote_inside_a_word(tmp_path, style):
    """Random draws: a title whose first word starts with punctuation lost its capital in
    biblatex-apa ("(Ķ agreement" printed "(ķ agreement": its sentence case capitalises the
    field's first character, the "(", and lowered the rest), and a capitalised word with a
    quotation's close inside it (“Kazan”s) was braced around the close, which csquotes refused
    (LaTeX stopped: "Unbalanced groups or invalid nesting")."""
    import dataclasses

    harbour = load(FIXTURES / "harbour-talks.yaml")
    titles = ("(Ķ agreement reached", "¿Qué talks", "The “Kazan”s talks")
    articles = [dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title=t),
                                    statements=harbour.statements[:1]) for t in titles]
    printed = _biblatex_document(tmp_path, articles, style)
    assert "(Ķ" in printed[0] and "¿Qué" in printed[1], printed[:2]
    assert re.search(r"The .Kazan.s [Tt]alks", printed[2]), printed[2]


def test_the_judge_takes_the_sources_own_brackets_and_invisible_names_for_the_sources():
    """Random draws found the empty-bracket judge wrong three ways: an occasion or title with
    " )" in it ("… $5 )") prints it as written; an author of the article whose family name ends
    in U+200B after a space prints "(ĮDĢ )"; a title ")ô …" follows the style's space; a family name of invisible characters alone
    (U+200D) prints nothing, "(Novak and )"; such a name as pdftotext reads it back, composed and
    with "\ufffd" for a character DejaVu Serif lacks. A bracket the styles leave empty is still found."""
    import dataclasses

    harbour = load(FIXTURES / "harbour-talks.yaml")
    first = harbour.statements[0]
    authors = (dataclasses.replace(harbour.metadata.authors[0], family="ĮDĢ \u200b"),
               dataclasses.replace(harbour.metadata.authors[1], family="\u200d"))
    article = dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, authors=authors,
                                                                       title=")ô kazan \U000f0000"),
                                  statements=(dataclasses.replace(first, via="agreement $5 )"), *harbour.statements[1:]))
    # (hunts' draws: the name "- \u200b❤️ e\u0301 \u200b", which pdftotext reads composed, its
    # emoji as U+FFFD; "}×'…+ \u200b", whose straight apostrophe fontspec prints ’)
    authors += (dataclasses.replace(harbour.metadata.authors[0], family="- \u200b\u2764\ufe0f e\u0301 \u200b"),
                dataclasses.replace(harbour.metadata.authors[0], family="}×'\U0008af45+ \u200b"))
    article = dataclasses.replace(article, metadata=dataclasses.replace(article.metadata, authors=authors))
    for printed in ("(ĮDĢ \u200b) (ĮDĢ and \u200d)", "Via agreement $5 ). Quoted in", "(2019, March). )ô Kazan. N",
                    "()ô Kazan 2019)", "()ô Kazan \ufffd 2019)", "(- \ufffd \u00e9 ) - \ufffd",
                    "(José, ·Medvedev, and }×’\ufffd+ )"):
        assert _EMPTY_BRACKETS.search(_visible(printed))  # what the judge read before
        assert not _unexplained(_EMPTY_BRACKETS, _without_own_edges(article, printed), _own_texts(article)), printed
    assert _unexplained(_EMPTY_BRACKETS, _without_own_edges(harbour, "Talks (). Via x )"), _own_texts(harbour))


@pytest.mark.parametrize("style", NATBIB_STYLES)
def test_natbib_styles_name_every_speaker_who_is_not_an_author(tmp_path, style):
    """A random hunt's question: BibTeX's title left out every speaker who was not an author, the
    key naming the first: a second one ("… and a trader in Aktau") and one beside an author
    ("Statement" by Novak and an official close to the talks) were named nowhere. The title
    names them now; the key still names the first of a statement with no author, once."""
    article = with_unnamed_pairs(load(FIXTURES / "harbour-talks.yaml"))
    printed = _natbib_document(tmp_path, [article], style)[0]
    _judge_anonymous(article, printed, style)
    assert "trader in aktau" in printed.casefold() and "Official Close to the Talks" in printed, printed
    if style != "plain":
        assert printed.casefold().count("official close to the talks") == (3 if style == "apalike" else 2), printed


@pytest.mark.parametrize("style", ["apalike", "plainnat"])
def test_natbib_styles_typeset_a_bracket_in_a_name_and_a_given_name_after_a_digit(tmp_path, style):
    """Random draws stopped LuaLaTeX twice: a "]" in a name ended natbib's \\bibitem[…] label
    ("]]>": "Bibliography not compatible with author-year citations"), and apalike abbreviated
    a given name that starts with a digit or a full stop before a Cyrillic letter ("8Сергей",
    ".Ким") by half of the letter's bytes (BibTeX skips to the first letter)."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    old = "{family: Əliyeva, given: Leyla}"
    assert old in text
    (tmp_path / "names.yaml").write_text(text.replace(old, '{family: "Novak ]]>", given: "8Сергей .Ким"}'),
                                         encoding="utf-8")
    folder = tmp_path / "tex"
    folder.mkdir()
    printed = _natbib_document(folder, [load(tmp_path / "names.yaml")], style)[0]
    assert "Novak ]]>" in printed, printed
    assert ("Novak ]]>, С. К." if style == "apalike" else "8Сергей .Ким") in printed, printed


@pytest.mark.parametrize("style", ["authoryear", "chicago-authordate"])
def test_biblatex_cites_a_lower_case_family_name(tmp_path, style):
    """A random draw: biber misread a family name of one lower-case word beside a lower-case given
    name ("no, agreement"): citations printed "(Əliyeva and a. n. a. 2019)" and "(Əliyeva and )",
    the entry "agreement no agreement". A lower-case family name is braced now."""
    text = (FIXTURES / "harbour-talks.yaml").read_text(encoding="utf-8")
    old = "{family: Petrosyan, given: Anna}"
    assert old in text
    (tmp_path / "names.yaml").write_text(text.replace(old, "{family: 'no', given: agreement}"), encoding="utf-8")
    folder = tmp_path / "tex"
    folder.mkdir()
    printed = _biblatex_document(folder, [load(tmp_path / "names.yaml")], style)[0]
    assert re.search(r"\(Əliyeva and no[ ,)]", printed), printed


def test_the_judge_reads_a_line_of_wide_gaps_in_order(tmp_path):
    """A hunt's draw (kept in ``fixtures/hostile/latex-wide-gaps-*.yaml``): a title of 120 hyphens,
    which cannot break, stretched a justified line of the third entry so far that pdftotext read
    its words as two columns, interleaved ("Quoted . in Statement d’Artagnan 1 by"), and the judge
    counted no "Quoted in" for a statement plainnat prints. The page, looked at, was right; the
    judge's documents are set ragged right now."""
    articles = [load(p) for p in sorted((FIXTURES / "hostile").glob("latex-wide-gaps-*.yaml"))]
    assert len(articles) == 3
    for article, printed in zip(articles, _natbib_document(tmp_path, articles, "plainnat"), strict=True):
        _judge(article, printed, "plainnat")
        assert "Statement by i m #1, n.d. Quoted in d’Artagnan and" in printed, printed


@pytest.mark.parametrize("style", NATBIB_STYLES)
def test_bibtex_styles_print_the_year_1_bc(tmp_path, style):
    """A hunt's draw: two statements of one speaker dated in EDTF's year 0 (1 BC) were
    ``year = {0}``; natbib's numbers mode could not read plainnat's "0{\\natexlab{a}}" and LaTeX
    stopped, and every style printed the year "0". It is "1 BC", as CSL prints it."""
    import dataclasses

    harbour = load(FIXTURES / "harbour-talks.yaml")
    first, second, *rest = harbour.statements
    article = dataclasses.replace(harbour, statements=(
        dataclasses.replace(first, date="0000-12"),
        dataclasses.replace(second, date="0000-02", speakers=first.speakers), *rest))
    printed = _natbib_document(tmp_path, [article], style)[0]
    _judge(article, printed, style)
    assert printed.count("1 BC") >= 2 and not re.search(r"\b0\b", printed), printed
