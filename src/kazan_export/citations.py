"""Citation facts shared by the BibTeX, biblatex and CSL writers: keys, names, titles, dates.

Everything here is pure and cheap to import and imports no writer: the ``cite`` command
(:mod:`kazan_export.commands.cite`) combines these facts with the writers.

Keys follow Better BibTeX's ``auth.lower + shorttitle(3, 3) + year`` pattern: the first
speaker's family name (an organisation's, group's or anonymous source's registry id) in
lower-case ASCII, the first three significant words of the statement capitalised, the year
when known; a letter suffix on a clash. Keys are *stored* in
the source (``key:``), so :func:`suggest_key` only proposes one; a published key never changes.
"""

from __future__ import annotations

import re

from kazan_export.dates import EdtfInterval, describe_date, parse_edtf
from kazan_export.errors import KazanError
from kazan_export.model import Article, Entity, Statement
from kazan_export.names import ascii_fold, transliterate  # noqa: F401 - re-exported (ids, keys)
from kazan_export.occasions import (  # noqa: F401 - citation facts, re-exported
    by_unnamed, described, event_title, genre, interviewer, is_named, speaks_for_outlet, title, unnamed,
    work_type,
)
from kazan_export.punctuation import MERGE as PUNCTUATION_MERGE, join_punctuation  # noqa: F401 - re-exported
from kazan_export.punctuation import closes_a_quote as _closes_a_quote

STYLES = ("apa", "chicago-author-date", "chicago-notes", "mla", "bibtex", "csl-json")
KEY_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_:+.-]*$")  # as the source schema allows
EXCERPT_WORDS = 25
# Function words skipped by shorttitle: Better BibTeX's English list (less over/down/after/some,
# which the Kazan keys keep), plus pronouns, auxiliaries and modals.
_SKIP = frozenset("""a ab aboard about above across against al along amid among an and anti around as at before
behind below beneath beside besides between beyond but by d da das de del dell dello dei degli
della dei des despite die do du during ein eine einem einen einer eines el en et except for
from gli i il in inside into is l la las le les like lo los near nor of off on onto or past per
plus round save since so sur than the through to toward towards un una unas under underneath
une unlike uno unos until up upon versus via von while with within without yet zu zum i me my
we our you your he him his she her it its they them their this that these those which who whom
whose what why how when where there here it's that's there's is are was were be been being am
have has had having do does will would shall should can could may might must not no only also
just if even""".split())
class CitationError(KazanError):
    """A statement cannot be cited (unknown id or key, unknown style)."""


def _auth(article: Article, statement: Statement) -> str:
    """Return who a key files a statement under: a person's family name (else the last word of
    the name), an organisation's, group's or anonymous source's registry id. Ids are ASCII by
    the schema, so a speaker never falls back to ``anon``, whatever script the name is in."""
    entity = article.entity[statement.speakers[0]]
    if entity.kind == "person":
        name = ascii_fold(entity.family or entity.name.split()[-1]) or ascii_fold(entity.name)
        return (name or ascii_fold(entity.id)).lower()
    return ascii_fold(entity.id).lower()  # organisations, groups, anonymous: their id


def author_key(article: Article, statement: Statement) -> str:
    """Return the ``auth.lower`` part of a key: who a citation is filed under."""
    return _auth(article, statement)


def _shorttitle(text: str, words: int = 3) -> str:
    tokens = [ascii_fold(w) for w in re.split(r"[\s/–—]+", text.replace("’", "'"))
              if w.strip("“”\"'‘’«»[]().,;:!?").lower().replace("’", "'") not in _SKIP]
    picked = [t for t in tokens if t][:words]
    return "".join(t[:1].upper() + t[1:].lower() for t in picked)


def date_years(text: str | None) -> range:
    """Return the years a date gives: its year, or every year of a closed interval; none for an
    unknown date or an open interval (``../2011-06-24``, "by 24 June 2011"), which styles print n.d."""
    d = None if text is None else parse_edtf(text)
    if isinstance(d, EdtfInterval):
        return range(d.start.year, d.end.year + 1) if d.start and d.end else range(0)
    return range(d.year, d.year + 1) if d else range(0)


def _year(text: str | None) -> int | None:
    """Return the year a key takes from a date: a date's, a closed interval's start; else None."""
    years = date_years(text)
    return years[0] if years else None


def suggest_key(article: Article, statement: Statement, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Return a Better BibTeX-style key for ``statement`` (``lavrovAnotherMeetingSet2018``).

    ``auth.lower`` is the first speaker's family name (an organisation's, group's or anonymous
    source's registry id), then the first three significant words of the text (function words
    skipped), then the year when the date gives one. ``taken`` holds keys already in use; on a
    clash a letter suffix is added (``…a``, ``…b``).
    """
    year = _year(statement.date)
    base = f"{_auth(article, statement)}{_shorttitle(statement.text)}{year or ''}"
    if base not in taken:
        return base
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if base + suffix not in taken:
            return base + suffix
    raise CitationError(f"more than 26 statements would share the key {base}; set keys by hand")


def article_key(article: Article) -> str:
    """Return the article's own key: first author, first title words, year when known.

    An article with no stated author is keyed by its title, as Better BibTeX does
    (``harbourAccordSigned2019``); a title with no letters gives ``anon``, and so does a key
    with no letter (``anon0``).
    """
    m = article.metadata
    family = ascii_fold(m.authors[0].family).lower() if m.authors else ""
    short = _shorttitle(m.title)
    if not family:
        short = (short[:1].lower() + short[1:]) or "anon"
    year = _year(m.published)
    key = f"{family}{short}{year or ''}"
    # a key of digits alone (a family "0", no title words, no date) starts as a key with no
    # author nor title does: biber (Perl) reads the key "0" as none, and stopped on the
    # statements' related = {0} ("Can't call method clone on an undefined value")
    return key if any(ch.isalpha() for ch in key) else "anon" + key


def title_case(text: str, names: tuple[str, ...] = ()) -> str:
    """Return ``text`` in English title case as citeproc-js (Zotero) and `cite` print it, the
    words of ``names`` (:func:`particle_names`) as written: the .bib titles' case
    (:func:`kazan_export.titlecase.title_case`, imported when a title is cased: its patterns
    cost a few ms to build, which commands that case no title do not pay)."""
    from kazan_export.titlecase import title_case as cased

    return cased(text, names)


def particle_names(article: Article) -> tuple[str, ...]:
    """Return the names of the article's authors and people that have a lower-case word among
    capitalised ones ("van der Berg", "al-Hāshimī", "bin Salman"), longest first: title case
    must leave them as written (citeproc-js printed "van Der Berg"), as CMOS 8.5 keeps a
    particle's case. The names of bodies and groups are not among them: title case capitalises
    their words ("The Mayors of …") as any other title words."""
    found = {a.name for a in article.metadata.authors} | {a.family for a in article.metadata.authors}
    for entity in article.entities:
        if entity.kind == "person":
            found.update((*entity.names(), entity.family or ""))
    kept = []
    for name in found:
        starts = [w[:1] for w in re.split(r"[\s\-\u2010/]+", name) if w[:1].isalpha()]
        if any(ch.islower() for ch in starts) and any(ch.isupper() for ch in starts):
            kept.append(name)
    return tuple(sorted(kept, key=lambda n: (-len(n), n)))


def excerpt(statement: Statement, words: int = EXCERPT_WORDS) -> str:
    """Return the first ``words`` words of the statement (paragraphs joined by a space), with "…" if cut."""
    tokens = statement.text.split()
    text = " ".join(tokens[:words])
    return text + " …" if len(tokens) > words else text


def pinpoint(article: Article, statement: Statement) -> str:
    """Return the paragraph number(s) of the statement in the article: ``"12"`` or ``"6–7"``."""
    numbers = [article.paragraph_number[p] for p in statement.anchor.paragraphs]
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def authors(article: Article, statement: Statement) -> tuple[Entity, ...]:
    """Return the statement's speakers who can be listed as authors (see :func:`is_named`)."""
    return tuple(e for e in article.speakers_of(statement) if is_named(e))


def kind_of(statement: Statement) -> str:
    """Return ``"interview"`` if the statement was given to an outlet or in an interview, else ``"speech"``.

    Kept for the BibTeX writer's ``entrysubtype``; CSL types come from :func:`work_type`.
    """
    occasion = (statement.occasion or "").lower()
    if "interview" in occasion or (statement.via and not statement.occasion):
        return "interview"
    return "speech"


def date_note(text: str | None, *, what: str = "Date", circa: bool = False) -> str | None:
    """Return a sentence for a date that cannot be given exactly, else None: "Date not stated
    in the source", "Dated by 24 June 2011", "Dated about 14 June 2011".

    ``circa=True``: the format marks approximate and uncertain dates itself (CSL ``circa``),
    so only unknown and open-ended dates get a note. The sentence never starts with a
    ``Label:`` that Zotero or citeproc-js would read as a field.
    """
    if text is None:
        return f"{what} not stated in the source"
    d = parse_edtf(text)
    lead = "Dated" if what == "Date" else f"{what} given as"
    if isinstance(d, EdtfInterval):
        return None if circa and d.start and d.end else f"{lead} {d.describe()}"
    if (d.approximate or d.uncertain) and not circa:
        return f"{lead} {d.describe()}"
    return None


def article_byline(article: Article) -> str | None:
    """Return the article's authors as a byline ("Leyla Əliyeva and Anna Petrosyan"), or None
    when the source records the author as unknown (``Metadata.authors == ()``)."""
    names = [a.name for a in article.metadata.authors]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def article_outlet(article: Article) -> str | None:
    """Return where the article appeared (its container, else its publisher), or None if unknown."""
    m = article.metadata
    return m.container or m.publisher or None


def _curly_singles(text: str) -> str:
    """Return ``text`` with straight single quotes curled, as citeproc-js prints them: an
    opening one after a space, an opening bracket or quote (or at the start), else closing."""
    return re.sub(r"(^|(?<=[\s(\[{“‘«\-—–]))'", "‘", text).replace("'", "’")


def nest_quotes(text: str) -> str:
    """Return ``text`` with its double quotes single (“the ‘April war’”, a straight pair too,
    „…“ as ‚…‘), as it reads inside double quotation marks."""
    return re.sub(r'"(\S[^"]*)"', r"‘\1’", text.replace("“", "‘").replace("”", "’").replace("„", "‚"))


def quote_title(text: str, then: str = "") -> str:
    """Return ``text`` in double quotes, its own double quotes turned single (“the ‘April war’”),
    as the CSL styles quote a title. ``then`` is the punctuation the sentence puts after the
    title: it goes inside the quotation marks, inside a closing single quote too (“the ‘April
    war,’”), and is joined with the title's final mark as citeproc-js joins them (“…Čelić?,”;
    a full stop after "?" or "!" is dropped): :func:`join_punctuation`."""
    inner = _curly_singles(nest_quotes(text))
    if then and _closes_a_quote(inner):
        return f"“{join_punctuation(inner[:-1], then)}’”"
    return f"“{join_punctuation(inner, then)}”"


def quoted_in(article: Article, statement: Statement) -> str:
    """Return the human-readable "quoted in" pointer (Chicago's practice), with the paragraph
    pinpoint; an article with no stated author is named by its title. One sentence for every
    writer (the biblatex ``addendum``, the BibTeX ``note``, the CSL-JSON ``note``, the RIS ``N1``):
    the title is quoted as the styles quote it (:func:`quote_title`), the comma after it inside
    the quotation marks and kept after "?" or "!" (“…Čelić?,” Northern Ledger, CMOS 17 §6.119);
    the article's date when it states one ("…, Coastal Affairs series, March 2019, para. 3")."""
    m = article.metadata
    number = pinpoint(article, statement)
    label = "para." if "–" not in number else "paras."
    quoted = quote_title(m.title, then=",")
    published = describe_date(m.published) if m.published else None  # an unknown date is left out
    where = ", ".join(x for x in (article_outlet(article), m.series and f"{m.series} series", published) if x)
    byline = article_byline(article)
    head = f"{byline}, {quoted}" if byline else quoted
    return f"Quoted in {head} {where + ', ' if where else ''}{label} {number}"
