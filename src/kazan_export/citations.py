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
import unicodedata

from kazan_export.dates import EdtfInterval, parse_edtf
from kazan_export.errors import KazanError
from kazan_export.model import Article, Entity, Statement

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
# Words that already say what kind of utterance an occasion is ("Interview with RIA Novosti").
_UTTERANCES = ("interview", "speech", "address", "statement", "remarks", "comments", "letter",
               "message", "article", "op-ed", "testimony", "declaration", "post",
               "call", "calls", "conversation", "appeal", "tweet")


class CitationError(KazanError):
    """A statement cannot be cited (unknown id or key, unknown style)."""


def ascii_fold(text: str) -> str:
    """Return ``text`` with accents removed and only ASCII letters and digits kept (Čelić → Celic)."""
    special = {"ə": "e", "Ə": "E", "ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
               "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}
    text = "".join(special.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _auth(article: Article, statement: Statement) -> str:
    entity = article.entity[statement.speakers[0]]
    if entity.kind == "person":
        return ascii_fold(entity.family or entity.name.split()[-1]).lower() or "anon"
    return ascii_fold(entity.id).lower() or "anon"  # organisations, groups, anonymous: their id


def author_key(article: Article, statement: Statement) -> str:
    """Return the ``auth.lower`` part of a key: who a citation is filed under."""
    return _auth(article, statement)


def _shorttitle(text: str, words: int = 3) -> str:
    tokens = [ascii_fold(w) for w in re.split(r"[\s/–—]+", text.replace("’", "'"))
              if w.strip("“”\"'‘’«»[]().,;:!?").lower().replace("’", "'") not in _SKIP]
    picked = [t for t in tokens if t][:words]
    return "".join(t[:1].upper() + t[1:].lower() for t in picked)


def _year(text: str | None) -> int | None:
    """Return the year of a date, or of its end when only the end is known (``../2011-06-24``)."""
    if text is None:
        return None
    d = parse_edtf(text)
    if isinstance(d, EdtfInterval):
        d = d.start or d.end
    return d.year if d else None


def suggest_key(article: Article, statement: Statement, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Return a Better BibTeX-style key for ``statement`` (``lavrov2018AnotherMeetingSet``).

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
    """Return the article's own key: first author, first title words, year when known."""
    family = (ascii_fold(article.metadata.authors[0].family).lower() if article.metadata.authors else "") or "anon"
    year = _year(article.metadata.published)
    return f"{family}{_shorttitle(article.metadata.title)}{year or ''}"


def find_statement(article: Article, ref: str) -> Statement:
    """Return the statement with id or key ``ref``; raise :class:`CitationError` if none."""
    try:
        return article.statement[ref]
    except KeyError:
        import difflib

        guess = difflib.get_close_matches(ref, list(article.statement), n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else "; `kazan-export quotes` lists them"
        raise CitationError(f"no statement has the id or key '{ref}'{hint}") from None


def excerpt(statement: Statement, words: int = EXCERPT_WORDS) -> str:
    """Return the first ``words`` words of the statement (paragraphs joined by a space), with "…" if cut."""
    tokens = statement.text.split()
    text = " ".join(tokens[:words])
    return text + " …" if len(tokens) > words else text


def pinpoint(article: Article, statement: Statement) -> str:
    """Return the paragraph number(s) of the statement in the article: ``"12"`` or ``"6–7"``."""
    numbers = [article.paragraph_number[p] for p in statement.anchor.paragraphs]
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def is_named(entity: Entity) -> bool:
    """Return True if the entity can stand as an author (everything but anonymous sources)."""
    return entity.kind != "anonymous"


def authors(article: Article, statement: Statement) -> tuple[Entity, ...]:
    """Return the statement's speakers who can be listed as authors (anonymous ones are not)."""
    return tuple(e for e in article.speakers_of(statement) if is_named(e))


def kind_of(statement: Statement) -> str:
    """Return ``"interview"`` if the statement was given to an outlet or in an interview, else ``"speech"``."""
    occasion = (statement.occasion or "").lower()
    if "interview" in occasion or (statement.via and not statement.occasion):
        return "interview"
    return "speech"


def _occasion_phrase(occasion: str) -> str:
    """Return the occasion as it reads after "Statement at": ``a hearing on …``, ``the PACE session``."""
    words = occasion.split()
    if words[0].lower() in ("the", "a", "an"):
        return occasion[0].lower() + occasion[1:]
    sentence_case = words[0][:1].isupper() and words[0][1:].islower() and (len(words) == 1 or words[1].islower())
    if sentence_case:  # "Hearing on …", "Trilateral meeting …": a common noun, not a name
        lowered = occasion[0].lower() + occasion[1:]
        return ("an " if lowered[0] in "aeiou" else "a ") + lowered
    return "the " + occasion  # a name or an acronym: "the European Parliament …", "the PACE session"


def title(article: Article, statement: Statement) -> str:
    """Return a title that says what the statement is: "Interview with RIA Novosti", "Statement at …".

    Anonymous speakers are described in the title (there is no author to name them).
    """
    occasion = (statement.occasion or "").strip()
    if occasion and any(w.lower().strip(",.:;") in _UTTERANCES for w in occasion.split()[:3]):
        text = occasion[0].upper() + occasion[1:]  # it already says what it is
    elif occasion:
        text = f"Statement at {_occasion_phrase(occasion)}"
    elif statement.via and statement.via in [e.name for e in article.speakers_of(statement)]:
        text = f"Report in {statement.via}"  # the outlet speaks for itself ("Kommersant wrote")
    elif statement.via:
        text = f"Statement to {statement.via}"
    else:
        text = "Reported statement" if statement.kind == "reported" else "Statement"
    anonymous = [e for e in article.speakers_of(statement) if not is_named(e)]
    if anonymous:
        text += " by " + " and ".join(_lower_article(e.name) for e in anonymous)
    return text


def _lower_article(name: str) -> str:
    first = name.split()[0] if name.split() else ""
    return name[0].lower() + name[1:] if first in ("A", "An", "The") else name


def date_note(text: str | None, *, what: str = "Date") -> str | None:
    """Return a note for a date that cannot be given exactly (unknown, approximate, uncertain), else None."""
    if text is None:
        return f"{what} not stated in the source"
    d = parse_edtf(text)
    if isinstance(d, EdtfInterval):
        return f"{what}: {d.describe()}"
    if d.approximate or d.uncertain:
        return f"{what}: {d.describe()}"
    return None


def quoted_in(article: Article, statement: Statement) -> str:
    """Return the human-readable "quoted in" pointer (Chicago's practice), with the paragraph pinpoint."""
    m = article.metadata
    names = [a.name for a in m.authors]
    who = (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]) if names else ""
    where = ", ".join(x for x in (m.container or m.publisher, m.series and f"{m.series} series") if x)
    number = pinpoint(article, statement)
    label = "para." if "–" not in number else "paras."
    quoted = f"“{m.title}”" if m.title[-1:] in "?!" else f"“{m.title},”"  # no comma after ? or !
    # unknown authors or publisher are left out, never named (issue #12.10 cites anonymous works)
    return "Quoted in " + ", ".join(x for x in (who, quoted) if x) + (f" {where}," if where else "") + f" {label} {number}"
