"""BibTeX and biblatex entries: one ``@article`` for the article, one ``@misc`` per statement.

``dialect="bibtex"`` writes ASCII for classic BibTeX: text is LaTeX-encoded with pylatexenc
(č → ``{\\v{c}}``, ``& % $ # _ { } ~ ^ \\`` escaped), titles are braced so styles keep their case,
dates are ``year``/``month`` (``year = {n.d.}`` when unknown) and the "quoted in" relation is a
``note`` (not ``crossref``, which would lend the article's year to an undated statement).
``dialect="biblatex"`` writes UTF-8 (only LaTeX's special characters escaped) with ISO ``date``
fields for biber: EDTF qualifiers are kept
(``2011-06~``), an unknown date is EDTF's unspecified ``XXXX`` (biber accepts it and prints no
date), and the relation is ``related``/``relatedtype``/``relatedstring`` plus an ``addendum``.
In both, ASCII runs that TeX would turn into ligatures (``--``, ``''``, ``,,``) are split with
``{}``. URLs never pass through the LaTeX encoder. Entries are written with bibtexparser v2.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable
from functools import lru_cache

from kazan_export import citations as c
from kazan_export.dates import EdtfInterval, parse_edtf
from kazan_export.errors import KazanWarning, RenderError
from kazan_export.model import Article, Entity, Statement

DIALECTS = ("bibtex", "biblatex")
# An "@" that starts a line inside a field is read as a new entry by bibtexparser and other
# tools that split .bib files by lines; braced, it is the same "@" to BibTeX and LaTeX.
_LINE_START_AT = re.compile(r"(^|\n[ \t]*)@")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LANGUAGES = {"en": "english", "ru": "russian", "hy": "armenian", "az": "azerbaijani",
             "fr": "french", "de": "german", "uk": "ukrainian", "tr": "turkish"}
UNKNOWN_YEAR = "n.d."  # classic BibTeX: apalike insists on a year; "no date" is the honest one
UNSPECIFIED_DATE = "XXXX"  # EDTF (ISO 8601-2) for an unspecified year


# TeX reads some ASCII runs as ligatures (-- –, `` “, '' ”, ,, „): a {} between keeps them as typed.
_LIGATURES = [(re.compile(r"-(?=-)"), "-{}"), (re.compile(r"'(?=')"), "'{}"), (re.compile(r",(?=,)"), ",{}"),
              (re.compile(r"`"), r"{\\textasciigrave}"), (re.compile(r'"'), '{"}'),
              (re.compile(r"([ĦħĿŀ])"), r"\1"),  # pylatexenc maps these to look-alikes (\=H): keep them
              # BibTeX and biber count \{ and \} as braces: a lone one would unbalance the field
              (re.compile(r"\{"), r"{\\textbraceleft}"), (re.compile(r"\}"), r"{\\textbraceright}")]
_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", 
             "~": r"\textasciitilde", "^": r"\textasciicircum", "\\": r"\textbackslash"}


class _Encoder:
    """Escape text for LaTeX with pylatexenc: every non-ASCII character that has a LaTeX form
    (``bibtex``), or only LaTeX's special characters (``biblatex``, which stays UTF-8).

    pylatexenc looks at one character at a time (the ligature rules look one character
    ahead), so the text is NFC-normalised as pylatexenc does, and only the characters that
    pylatexenc would change are passed to it, one at a time (cached): byte for byte the same
    result as ``unicode_to_latex(text)``, many times faster on mostly plain text.
    """

    def __init__(self, dialect: str) -> None:
        from pylatexenc.latexencode import RULE_DICT, RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

        rules: list = [UnicodeToLatexConversionRule(rule_type=RULE_REGEX, rule=_LIGATURES,
                                                    replacement_latex_protection="none")]
        if dialect == "bibtex":
            rules.append("defaults")
        else:
            rules.append(UnicodeToLatexConversionRule(rule_type=RULE_DICT,
                                                      rule={ord(k): v for k, v in _SPECIALS.items()}))
        self._encoder = UnicodeToLatexEncoder(conversion_rules=rules, non_ascii_only=False,
                                              replacement_latex_protection="braces-all",
                                              unknown_char_policy="keep", unknown_char_warning=False)
        self._one = lru_cache(maxsize=4096)(self._encode_char)
        plain = "".join(ch for ch in map(chr, range(128)) if self._encoder.unicode_to_latex(ch) == ch)
        # a ligature pair's first character (-{}-), or any character pylatexenc changes on its own
        self._changed = re.compile(r"([-',])(?=\1)|[^" + re.escape(plain) + "]")

    def __call__(self, text: str) -> str:
        latex = self._changed.sub(self._replace, unicodedata.normalize("NFC", text))
        return _LINE_START_AT.sub(r"\1{@}", latex) if "@" in latex else latex

    def _replace(self, match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + "{}"
        if unicodedata.combining(match.group()):
            # a mark left over after NFC (stacked accents): pylatexenc would print a lone
            # \ddot{} instead; keep the mark as UTF-8 (render_bib warns about it)
            return match.group()
        return self._one(match.group())

    def _encode_char(self, ch: str) -> str:
        """Return pylatexenc's LaTeX for one character, or the character itself (UTF-8, which
        render_bib then warns about) if that LaTeX reads back as another text: pylatexenc
        writes look-alikes for some (″ as '', Greek Α as A, Ű as \\'{U})."""
        latex = self._encoder.unicode_to_latex(ch)
        if latex == ch or ch.isascii():
            return latex
        from kazan_export.latex import decode_latex

        return latex if unicodedata.normalize("NFC", decode_latex(latex)) == ch else ch


@lru_cache(maxsize=None)
def _encoder(dialect: str) -> _Encoder:
    """Return the LaTeX encoder of ``dialect``, made once per process."""
    return _Encoder(dialect)


def _part(text: str, enc) -> str:  # noqa: ANN001
    """Return a name part, braced if BibTeX would split it ("and", a comma)."""
    return "{" + enc(text) + "}" if re.search(r"\band\b|,", text, re.IGNORECASE) else enc(text)


def _name(entity: Entity, enc) -> str:  # noqa: ANN001
    if entity.kind == "person" and entity.family:
        return _part(entity.family, enc) + (", " + _part(entity.given, enc) if entity.given else "")
    return "{" + enc(entity.name) + "}"  # organisations and groups: one unsplittable name


def _names(entities: Iterable[Entity], enc) -> str:  # noqa: ANN001
    return " and ".join(_name(e, enc) for e in entities)


def _url(url: str) -> str:
    """Return the URL verbatim, but with ``{ } \\`` percent-encoded: a .bib field cannot hold an
    unbalanced brace, and RFC 3986 does not allow these characters in a URL unencoded anyway."""
    safe = url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    if safe != url:
        warnings.warn(f"URL {url} written as {safe} (braces and backslashes percent-encoded)", KazanWarning,
                      stacklevel=4)
    return safe


def _bibtex_date(text: str | None) -> list[tuple[str, str]]:
    """Return ``year``/``month``/``day`` fields; ``n.d.`` for unknown or open-ended dates."""
    d = None if text is None else parse_edtf(text)
    if isinstance(d, EdtfInterval):
        if d.start and d.end:
            year = str(d.start.year) if d.start.year == d.end.year else f"{d.start.year}--{d.end.year}"
            return [("year", year)]
        return [("year", UNKNOWN_YEAR)]
    if d is None:
        return [("year", UNKNOWN_YEAR)]
    fields = [("year", str(d.year))]
    if d.month:
        fields.append(("month", MONTHS[d.month - 1]))
    if d.day:
        fields.append(("day", str(d.day)))
    return fields


def _biblatex_date(text: str | None) -> str:
    return UNSPECIFIED_DATE if text is None else text


def _article_fields(article: Article, dialect: str, enc) -> tuple[str, list[tuple[str, str]]]:  # noqa: ANN001
    m = article.metadata
    author = " and ".join(_part(a.family, enc) + (", " + _part(a.given, enc) if a.given else "") for a in m.authors)
    fields = [("author", author)] if author else []  # unknown authors: no field (see issue #12.10)
    journal = m.container or m.publisher  # None: unknown, and the field is left out
    if dialect == "bibtex":
        fields += [("title", "{" + enc(m.title) + "}")] + ([("journal", enc(journal))] if journal else [])
        fields += [("publisher", enc(m.publisher))] if m.publisher else []
    else:
        fields += [("title", enc(m.title))] + ([("journaltitle", enc(journal))] if journal else [])
    if m.series:
        fields.append(("series", enc(m.series)))
    fields += _bibtex_date(m.published) if dialect == "bibtex" else [("date", _biblatex_date(m.published))]
    if m.url:
        fields.append(("url", _url(m.url)))  # verbatim: never LaTeX-encoded
    notes = [n for n in (c.date_note(m.published, what="Publication date"),
                         None if m.url else "Web address not stated in the source") if n]
    if notes:
        fields.append(("note", enc("; ".join(notes))))
    fields.append(("language", LANGUAGES.get(m.language, m.language)))
    if dialect == "biblatex":
        fields.append(("langid", LANGUAGES.get(m.language, m.language)))
    if m.keywords:
        fields.append(("keywords", enc(", ".join(m.keywords))))
    return "article", fields


def _statement_fields(article: Article, statement: Statement, dialect: str, enc) -> list[tuple[str, str]]:  # noqa: ANN001
    fields = []
    named = c.authors(article, statement)
    if named:
        fields.append(("author", _names(named, enc)))
    title = c.title(article, statement)
    fields.append(("title", "{" + enc(title) + "}" if dialect == "bibtex" else enc(title)))
    if not named and dialect == "bibtex":
        anonymous = article.speakers_of(statement)[0]
        words = anonymous.name.split()
        if words and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        label = " ".join(words)
        fields.append(("key", enc(label[:1].upper() + label[1:])))  # sort and label by the description
    if statement.via:  # the occasion is in the title already
        fields.append(("howpublished", enc(f"via {statement.via}")))
    if statement.place:
        fields.append(("location" if dialect == "biblatex" else "address", enc(statement.place)))
    if dialect == "bibtex":
        fields += _bibtex_date(statement.date)
    else:
        fields.append(("date", _biblatex_date(statement.date)))
    pointer = c.quoted_in(article, statement)
    notes = [c.date_note(statement.date), statement.note]
    if dialect == "bibtex":
        notes.insert(0, pointer)
    else:
        fields += [("related", c.article_key(article)), ("relatedtype", "quotedin"),
                   ("relatedstring", "Quoted in"), ("addendum", enc(pointer)),
                   ("entrysubtype", c.kind_of(statement))]
    note = ". ".join(n.rstrip(".") for n in notes if n)
    if note:
        fields.append(("note", enc(note + ".")))
    fields.append(("abstract", enc(c.excerpt(statement))))
    fields.append(("language", LANGUAGES.get(article.metadata.language, article.metadata.language)))
    return fields


def render_bib(article: Article, *, dialect: str = "bibtex", statements: Iterable[Statement] | None = None) -> str:
    """Return the bibliography: the article's entry, then one entry per statement in reading order.

    ``statements`` limits the statement entries (the article's entry is always included).
    Raises :class:`RenderError` for an unknown dialect or duplicate keys; warns
    (:class:`KazanWarning`) when the ``bibtex`` dialect must keep characters that have no
    LaTeX escape (they stay UTF-8; the ``biblatex`` dialect has no such loss).
    """
    if dialect not in DIALECTS:
        raise RenderError(f"unknown dialect '{dialect}'; choose bibtex or biblatex")
    import bibtexparser
    from bibtexparser.middlewares import AddEnclosingMiddleware
    from bibtexparser.model import Entry, Field

    enc = _encoder(dialect)
    chosen = article.statements if statements is None else tuple(statements)
    blocks = [(c.article_key(article), *_article_fields(article, dialect, enc))]
    blocks += [(s.key, "misc", _statement_fields(article, s, dialect, enc)) for s in chosen]
    keys = [key for key, _, _ in blocks]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RenderError(f"duplicate citation keys: {', '.join(duplicates)}; every key must be unique")
    library = bibtexparser.Library()
    for key, kind, fields in blocks:
        entry_fields = [Field(key=name, value=value, enclosing="no-enclosing" if name == "month" else None)
                        for name, value in fields]
        library.add(blocks=Entry(entry_type=kind, key=key, fields=entry_fields))
    bib_format = bibtexparser.BibtexFormat()
    bib_format.indent = "  "
    bib_format.block_separator = "\n"
    bib_format.trailing_comma = True
    stack = [AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{")]
    text = bibtexparser.write_string(library=library, unparse_stack=stack, bibtex_format=bib_format)
    kept = sorted(set(re.findall(r"[^\x00-\x7f]", text))) if dialect == "bibtex" and not text.isascii() else []
    if kept:
        warnings.warn(f"bibtex dialect: {len(kept)} character(s) have no LaTeX escape (or are in a URL) and "
                      f"stay UTF-8 ({''.join(kept)}); use --dialect biblatex for a lossless file",
                      KazanWarning, stacklevel=2)
    header = (f"% Citations of the article '{article.id}' and its statements ({dialect} dialect),\n"
              f"% generated by kazan-export: each statement is quoted in {c.article_key(article)}.\n\n")
    return header + text.strip("\n") + "\n"
