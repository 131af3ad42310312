"""BibTeX and biblatex entries: one ``@article`` for the article, one entry per statement.

A statement made at an event is an untitled work (biblatex ``@unpublished`` with
``titleaddon``/``eventtitle`` and the event's place as ``venue``; BibTeX ``@misc`` titled by its genre, the event in
``howpublished``); others are ``@misc`` with a descriptive title. English titles are stored
in title case (:func:`citations.title_case`).

``dialect="bibtex"`` writes ASCII for classic BibTeX: text is LaTeX-encoded with pylatexenc
(č → ``{\\v{c}}``, ``& % $ # _ { } ~ ^ \\`` escaped; letters whose LaTeX needs a package, such
as Cyrillic's T2A ``\\CYRR`` or TIPA's ``\\textschwa``, stay UTF-8 with a warning), titles are
braced so styles keep their case, dates are ``year``/``month`` (``year = {n.d.}`` when unknown)
and the "quoted in" relation is a ``note`` (not ``crossref``, which would lend the article's
year to an undated statement).
``dialect="biblatex"`` writes UTF-8 (only LaTeX's special characters escaped) with ISO ``date``
fields for biber: EDTF qualifiers are kept (``2011-06~``), and a qualified date's sentence is
printed only where the style prints no qualifier itself (:mod:`biblatex_marks`); an unknown or
open-ended date has no ``date`` but ``year = {n.d.}``, which biblatex-chicago prints (an open
``../2011-06-24`` would print as the range "–2011"); the note says what is known. A quotation
in the article's title is in csquotes' nesting quotes. Capitalised title words are braced
(``{Kazan}``) against biblatex-apa's sentence case. The relation is an ``addendum`` ("Quoted in
…, para. 5", then a qualified date's sentence: biblatex-apa prints a ``note`` as a description) plus ``related``/``relatedtype`` with ``options = {related=false}``, so that
biblatex does not print the article a second time. Names with escaped characters use biber's
extended name format with explicit initials; a family name of several words is taken whole there
and braced elsewhere (no particle is guessed from its case: biblatex leaves one out of citations).
What biber 2.18 misreads is written so that it cannot (:mod:`bibtex_names`). In both, ASCII runs that TeX would turn into
ligatures (``--``, ``''``, ``,,``) are split with ``{\\/}`` (see :mod:`kazan_export.latex`). URLs never pass through the LaTeX
encoder. pylatexenc is used through :mod:`kazan_export.latex`, bibtexparser v2 through
:mod:`kazan_export.bibfile`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from kazan_export import bibfile
from kazan_export import citations as c
from kazan_export.errors import KazanWarning, RenderError
from kazan_export.latex import encoder
from kazan_export.model import Article, Statement
from kazan_export.writers import biblatex_marks as marks
from kazan_export.writers.bibtex_dates import MONTHS, UNKNOWN_YEAR  # noqa: F401 - re-exported
from kazan_export.writers.bibtex_dates import biblatex_date as _biblatex_date, bibtex_date as _bibtex_date
from kazan_export.writers.bibtex_languages import language_fields
from kazan_export.writers.bibtex_names import entity_names, names

DIALECTS = ("bibtex", "biblatex")


def _url(url: str) -> str:
    """Return the URL verbatim, but with ``{ } \\`` percent-encoded: a .bib field cannot hold an
    unbalanced brace, and RFC 3986 does not allow these characters in a URL unencoded anyway."""
    safe = url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    if safe != url:
        warnings.warn(f"URL {url} written as {safe} (braces and backslashes percent-encoded)", KazanWarning,
                      stacklevel=4)
    return safe


_WORD = re.compile(r"\S+")


def _title(article: Article, text: str, dialect: str, enc, quotes: bool = False) -> str:  # noqa: ANN001
    """Return a title field: an English title in title case (:func:`citations.title_case`, as
    `cite --style chicago-*` prints it; names with particles as written). BibTeX: braced whole, so that styles print it as
    stored. biblatex: every word with a capital letter *in the source* braced (``Meeting in
    {Kazan}: {Hopes} and Failure``, ``{RIA} {Novosti}``), so that biblatex-chicago prints the
    title case and biblatex-apa's sentence case gives back the source's form. ``quotes``
    (biblatex): a quotation in it is marked with csquotes' nesting quotes (:mod:`biblatex_marks`)."""
    roles = marks.quote_roles(text) if quotes and dialect == "biblatex" else None
    source = marks.as_singles(text, roles) if quotes and dialect == "biblatex" else text
    english = article.metadata.language.lower().startswith("en")
    cased = c.title_case(source, c.particle_names(article)) if english else source
    if dialect == "bibtex":
        return "{" + enc(cased) + "}"
    if len(cased) != len(source):  # casing changed a length: the marks' places are lost
        roles = None
    return marks.tex_quotes(_protected(marks.with_stand_ins(cased, roles), marks.with_stand_ins(source, roles), enc))


def _protected(text: str, source_text: str, enc) -> str:  # noqa: ANN001
    """Return ``text`` for biblatex with each word braced whose word in ``source_text`` (the
    same words, perhaps in another case) has a capital letter, the title's first letter aside
    when it is the field's first character: biblatex-apa's sentence case capitalises the first
    character only, whatever it is, and lowered a capital after it ("(Ķ agreement" printed
    "(ķ agreement", '"Ķ' printed '”ķ')."""
    cased = text
    source = source_text.split()
    out, end = [], 0
    for n, match in enumerate(_WORD.finditer(cased)):
        word = match.group()
        own = source[n] if n < len(source) else word
        letters = [ch for ch in own if ch.isalpha()]
        capital = any(ch.isupper() for ch in (letters[1:] if n == 0 and own[:1].isalpha() else letters))
        lead, core, trail = re.fullmatch(r"(\W*)(.*?)(\W*)", word, re.DOTALL).groups()
        out += [enc(cased[end:match.start()]),
                enc(lead) + marks.braced(core, enc) + enc(trail) if capital and core else enc(word)]
        end = match.end()
    return "".join(out) + enc(cased[end:])


def _article_fields(article: Article, dialect: str, enc) -> tuple[str, list[tuple[str, str]]]:  # noqa: ANN001
    m = article.metadata
    fields = []
    if m.authors:  # no author stated: none written, so styles cite the title first
        fields.append(("author", names(((a.family, a.given, True) for a in m.authors), enc)))
    outlet = m.container or m.publisher
    # biblatex's standard styles and biblatex-chicago quote an article's title, biblatex-apa does
    # not: a quotation in it nests ("“…the ‘April War’”", APA "the “April war”")
    fields.append(("title", _title(article, m.title, dialect, enc, quotes=True)))
    if dialect == "bibtex":
        if not m.authors:  # apalike sorts and labels an authorless work by its key
            fields.append(("key", enc(m.title)))
        # BibTeX's @article requires an author (plain and apalike warn "empty author"): an
        # authorless article is a @misc, whose outlet is its ``howpublished``
        venue = "journal" if m.authors else "howpublished"
        fields += [(name, enc(value)) for name, value in ((venue, outlet), ("publisher", m.publisher)) if value]
    else:
        if outlet:
            fields.append(("journaltitle", enc(outlet)))
        # biblatex-apa's subtype for newspaper and magazine articles: their full date,
        # "(2025, April 8)", not a journal's year; the other styles ignore it
        fields.append(("entrysubtype", "nonacademic"))
    if m.series:
        fields.append(("series", enc(m.series)))
    fields += _bibtex_date(m.published) if dialect == "bibtex" else _biblatex_date(m.published)
    if m.url:
        fields.append(("url", _url(m.url)))  # verbatim: never LaTeX-encoded
    fields += _notes(dialect, enc, [c.date_note(m.published, what="Publication date")],
                     None if m.url else "Web address not stated in the source", m.published)
    if m.language_known:  # "und" (undetermined): biblatex would print it, and it is no babel language
        fields += language_fields(m.language, dialect, langid=True)
    if m.keywords:
        fields.append(("keywords", enc(", ".join(m.keywords))))
    journal = outlet and (m.authors or dialect != "bibtex")  # no outlet stated: not a journal article
    return ("article" if journal else "misc"), _with_options(fields, dialect)


def _statement_fields(article: Article, statement: Statement, dialect: str, enc) -> tuple[str, list[tuple[str, str]]]:  # noqa: ANN001
    """Return the entry type and fields of a statement. Said at an event or on an unnamed
    occasion (:func:`citations.work_type` ``speech``), it is an untitled work, as in CSL:
    biblatex ``@unpublished`` with ``titleaddon`` (what it is: "[Statement]" in biblatex-apa),
    ``eventtitle`` and ``venue`` (its place); BibTeX ``@misc`` titled by what it is, with the event and
    place in ``howpublished`` and ``type``. Other statements keep their descriptive title."""
    fields = []
    named = c.authors(article, statement)
    others = c.unnamed(article, statement)
    if named:
        fields.append(("author", entity_names(named, enc)))
    speech = c.work_type(article, statement) == "speech"
    genre, event = c.genre(article, statement), c.event_title(statement)
    title = genre if speech else c.title(article, statement)
    by = c.by_unnamed(others)
    if by and not title.endswith(by):
        title += by  # a speech is titled by its genre: the speakers who are not authors follow, as in CSL
    if dialect == "bibtex" and by and not named:
        # the key names the first (apalike prints it where the author goes), the title the others:
        # a second speaker, or one beside an author, was named nowhere in BibTeX
        title = title[: -len(by)] + c.by_unnamed(others[1:])
    if dialect == "biblatex" and speech and not by:
        fields.append(("titleaddon", _protected(genre, genre, enc)))  # untitled: styles print the description
    else:
        fields.append(("title", _title(article, title, dialect, enc)))
    if not named and dialect == "bibtex":
        anonymous = article.speakers_of(statement)[0]
        words = anonymous.name.split()
        if words and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        label = " ".join(words)
        fields.append(("key", enc(label[:1].upper() + label[1:])))  # sort and label by the description
    if speech and dialect == "bibtex":
        fields.append(("type", enc(genre)))
        where = ", ".join(x for x in (event, statement.place) if x)
        if where:
            fields.append(("howpublished", enc(where)))
    elif speech and event:
        fields.append(("eventtitle", enc(event)))
    elif dialect == "bibtex" and statement.place and not statement.via:
        fields.append(("howpublished", enc(statement.place)))  # plain and apalike print no address in a @misc
    if statement.via:  # the occasion is in the title already; styles print it after a full stop:
        # biblatex's \autocap capitalises "via" there only, BibTeX styles always put it there
        fields.append(("howpublished", ("\\autocap{v}ia " if dialect == "biblatex" else "Via ") + enc(statement.via)))
    if statement.place:
        # biblatex: where a speech was made is its venue, which every style prints with the event
        # or without one (biblatex-apa prints no location in an @unpublished); another place is a location
        where = "venue" if speech else "location"
        fields.append((where if dialect == "biblatex" else "address", enc(statement.place)))
    if dialect == "bibtex":
        fields += _bibtex_date(statement.date)
    else:
        fields += _biblatex_date(statement.date)
    pointer = c.quoted_in(article, statement)
    notes = [c.date_note(statement.date)]
    if dialect == "bibtex":
        notes.insert(0, pointer)
    else:
        # the addendum prints "Quoted in …" with the paragraph, then what no date field can say
        # ("Dated by 24 June 2011"), at the end of the entry in every style (biblatex-apa prints a
        # note in brackets after the title, as the work's description: "Interview [Dated by …]");
        # related=false keeps the link machine-readable without biblatex printing the article again
        # (only where the style prints no qualifier of its own: biblatex_marks.unless_style_qualifies)
        dated = marks.unless_style_qualifies(statement.date, ". " + enc(notes[0].rstrip("."))) if (
            statement.date is not None and notes[0]) else ""
        notes = notes if statement.date is None else []  # "not stated" is kept unprinted, as in BibTeX
        fields += [("related", c.article_key(article)), ("relatedtype", "quotedin"),
                   ("relatedstring", "Quoted in"), ("addendum", enc(pointer.rstrip(".")) + dated)]
    fields += _notes(dialect, enc, notes, statement.note, statement.date)
    fields.append(("abstract", enc(c.excerpt(statement))))
    if article.metadata.language_known:
        fields += language_fields(article.metadata.language, dialect)
    return ("unpublished" if speech and dialect == "biblatex" else "misc"), _with_options(fields, dialect)


def _notes(dialect: str, enc, printed: list[str | None], kept: str | None,  # noqa: ANN001
           date: str | None) -> list[tuple[str, str]]:
    """Return the ``note`` (biblatex: ``addendum``) that styles print (the "quoted in" sentence and a qualified date's
    sentence, "Dated by 24 June 2011", which no date field can say) and the ``annotation``
    (BibTeX ``annote``) that they keep but do not print: that a date is not stated (every
    style prints its own "n.d." for it), that a web address is not stated, the source's
    editor's note. Both end with a full stop."""
    if date is None:  # the style's "n.d." says it; the sentence goes with the unprinted notes
        printed, unknown = [n for n in printed if n and not n.endswith("not stated in the source")], [
            n for n in printed if n and n.endswith("not stated in the source")]
    else:
        unknown = []
    fields = []
    printed_name = "note" if dialect == "bibtex" else "addendum"  # biblatex-apa prints a note as a description
    for name, notes in ((printed_name, printed), ("annotation" if dialect == "biblatex" else "annote", [*unknown, kept])):
        text = ". ".join(n.rstrip(".") for n in notes if n)
        if text:
            qualified = name == "addendum" and date is not None  # only a qualified date's sentence
            fields.append((name, marks.unless_style_qualifies(date, enc(text + ".")) if qualified else enc(text + ".")))
    return fields


def _with_options(fields: list[tuple[str, str]], dialect: str) -> list[tuple[str, str]]:
    """Return ``fields`` with biblatex's per-entry ``options``: ``related=false`` for a statement
    (the addendum says where it is quoted), ``annotation=false`` where there is an annotation
    (biblatex-apa prints annotations, APA 9.51; the other styles do not, and ignore the option)."""
    if dialect != "biblatex":
        return fields
    names = {name for name, _ in fields}
    options = [o for o, needed in (("related=false", "related" in names), ("annotation=false", "annotation" in names))
               if needed]
    return [*fields, ("options", ",".join(options))] if options else fields


def render_bib(article: Article, *, dialect: str = "bibtex", statements: Iterable[Statement] | None = None) -> str:
    """Return the bibliography: the article's entry, then one entry per statement in reading order.

    ``statements`` limits the statement entries (the article's entry is always included).
    Raises :class:`RenderError` for an unknown dialect or duplicate keys; warns
    (:class:`KazanWarning`) when the ``bibtex`` dialect must keep characters that have no
    LaTeX escape (they stay UTF-8; the ``biblatex`` dialect has no such loss).
    """
    if dialect not in DIALECTS:
        raise RenderError(f"unknown dialect '{dialect}'; choose bibtex or biblatex")
    enc = encoder(dialect)
    chosen = article.statements if statements is None else tuple(statements)
    blocks = [(c.article_key(article), *_article_fields(article, dialect, enc))]
    blocks += [(s.key, *_statement_fields(article, s, dialect, enc)) for s in chosen]
    keys = [key for key, _, _ in blocks]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RenderError(f"duplicate citation keys: {', '.join(duplicates)}; every key must be unique")
    text = bibfile.write(blocks)
    kept = sorted(set(re.findall(r"[^\x00-\x7f]", text))) if dialect == "bibtex" and not text.isascii() else []
    if kept:
        warnings.warn(f"bibtex dialect: {len(kept)} character(s) have no LaTeX escape (or are in a URL) and "
                      f"stay UTF-8 ({''.join(kept)}); use --dialect biblatex for a lossless file",
                      KazanWarning, stacklevel=2)
    header = (f"% Citations of the article '{article.id}' and its statements ({dialect} dialect),\n"
              f"% generated by kazan-export: each statement is quoted in {c.article_key(article)}.\n\n")
    return header + text.strip("\n") + "\n"
