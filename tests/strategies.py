"""Hypothesis strategies: whole, schema-valid articles full of hostile text.

:func:`sources` draws the data of a source (a dict shaped like the YAML), :func:`to_yaml`
writes it out as a YAML source. Every drawn article is valid by construction: ids are unique,
every reference resolves, and each statement's text is a slice of its paragraph(s) that
:func:`kazan_export.anchors.locate` finds exactly once (a prefix/suffix is added when the
slice occurs more than once). The text is built from hostile pieces: markup, LaTeX
specials, quotes of every kind, combining marks, right-to-left text, Cyrillic, Armenian,
Azerbaijani, emoji, zero-width and non-breaking spaces, very long words and URLs, and now
and then a statement several pages long. Dates are the boundary cases the EDTF subset allows.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

import yaml
from hypothesis import strategies as st

MARKUP = ["<b>", "</b>", "</para>", "<para>", "&amp;", "&nbsp", "&nbsp;", "&", "<", ">", "]]>",
          "<![CDATA[", "<br/>", "<font name=\"x\">", "&#x41;", "&lt;", "<!--", "-->", "<a href='#'>"]
LATEX = ["{", "}", "%", "$", "#", "_", "\\", "~", "^", "\\textbf{x}", "\\\\", "{{", "}}}", "\\par",
         "$$", "\\", "\\&", "%%", "\\end{document}", "@comment", "@string{x = {y}}", "\\v{c}", "--", "``"]
QUOTES = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "`", "‚", "″", "「", "」"]
COMBINING = ["e\u0301", "a\u0308\u0323", "x\u0336", "\u0301", "n\u0303", "i\u0307\u0301", "ก\u0e49"]
RTL = ["שלום", "مرحبا بالعالم", "\u200f", "\u200e", "\u202e", "\u202c", "עברית 123", "فارسی"]
SCRIPTS = ["Россия", "Հայաստան", "Məmmədova", "Ə ə ı ğ ş ç ö ü", "Čelić", "Ħ ß Ø Œ", "İlham Əliyev",
           "Ἀθῆναι", "Україна", "Ղարաբաղ", "ﬁ ﬂ", "Ⅻ", "½", "№", "…", "—", "–", "·", "§¶", "°C"]
EMOJI = ["😀", "👍🏽", "🇦🇲", "👨\u200d👩\u200d👧", "❤\ufe0f", "🏳\ufe0f\u200d🌈", "𝔘𝔫𝔦", "北京", "한국어"]
SPACES = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\xa0", "\u202f", "\u2009", "\u3000", "  ", "\t"]
LONG = ["Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 4, "A" * 400,
        "https://example.org/" + "path_with%20{braces}~and&amp=" * 12 + "?q=<b>#frag",
        "www." + "x" * 200 + ".com", "-" * 120, "„" + "ы" * 150 + "“"]
CONTROL = ["\x07", "\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\r", "\ufffe"]
WORDS = ["the", "talks", "Medvedev", "said", "Kazan", "2011", "agreement", "yes", "no", "null",
         "~", "-", "—", "I", "a", "#1", "100%", "$5", "C++", "e.g.", "U.S.", "it's", "n'", "d'Artagnan"]
HOSTILE = MARKUP + LATEX + QUOTES + COMBINING + RTL + SCRIPTS + EMOJI + SPACES + LONG

KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:+.-"
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"


@lru_cache(maxsize=None)  # one strategy object per argument: hypothesis caches its analysis
def hostile_text(*, control: bool = False, max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Return a strategy for text with at least one non-space character, mixing hostile pieces.

    With ``control`` it may also hold control characters (which YAML stores as escapes).
    """
    pieces = HOSTILE + (CONTROL if control else [])
    piece = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(pieces),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
                min_size=1, max_size=6),
    )
    sep = st.sampled_from([" ", " ", " ", "", "\xa0", "\n", " \u200b"])
    return st.lists(st.tuples(piece, sep), min_size=1, max_size=max_pieces).map(
        lambda parts: "".join(p + s for p, s in parts)).map(_ensure_visible)


# White space as the schema's "\S" pattern means it (ECMA-262 regular expressions): Python's
# "\s" differs (it has U+001C-U+001F and U+0085, and lacks U+FEFF).
ECMA_SPACE = frozenset("\t\n\v\f\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
                       + "".join(map(chr, range(0x2000, 0x200B))))


def _visible(text: str) -> bool:
    return any(c not in ECMA_SPACE for c in text)


def _ensure_visible(text: str) -> str:
    return text if _visible(text) else text + "x"


def at_most(limit: int):  # noqa: ANN201
    """Return a function cutting a text to ``limit`` characters, still visible: the most
    ``validate`` allows for a short field (``readers.limits.MAX_CHARACTERS``, #14)."""
    return lambda text: _ensure_visible(text[: limit - 1])


@lru_cache(maxsize=None)  # one strategy object per argument: hypothesis caches its analysis
def plain_name() -> st.SearchStrategy[str]:
    """Return a strategy for a person's or organisation's name: short, hostile, one line."""
    return st.one_of(
        st.sampled_from(["Novak", "Məmmədova", "Петросян", "Թադևոսյան", "O'Brien", "Smith & Sons",
                         "{Braced}", "\\LaTeX", "50% Group", "<b>Bold</b> Ltd", "José", "Zoë", "李",
                         "Nguyễn", "al-Hāshimī", "van der Berg", "X Æ A-12", "👍 Org", "Ma\u0301ria"]),
        hostile_text(max_pieces=3).map(lambda s: " ".join(s.split()) or "x").map(at_most(200)),
    )


# How a title, outlet, occasion or name may end (styles add their own punctuation after it:
# "?," and "?." are where CSL processors differ) and the quotes it may carry inside
ENDINGS = ["?", "!", ".", ":", ";", ",", "?!", "...", "…", "?”", "!’", '?"', "?)", " (?)", "—", "–"]
INNER_QUOTES = ["“{}”", "‘{}’", '"{}"', "'{}'", "«{}»", "„{}“", "“{}”s", "‘{}’?"]


@lru_cache(maxsize=None)  # one strategy object per argument: hypothesis caches its analysis
def punctuated(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Return ``strategy``'s text, often ending in punctuation (:data:`ENDINGS`) and with one
    of its words in quotes (:data:`INNER_QUOTES`): at most 3 characters longer."""
    ending = st.sampled_from(["", *ENDINGS])
    quoting = st.one_of(st.none(), st.tuples(st.sampled_from(INNER_QUOTES), st.integers(0, 50)))

    def build(parts: tuple) -> str:
        text, end, quote = parts
        if quote and end in ("", "?", "!", "."):  # a word quoted (the length stays in bounds)
            words = text.split(" ")
            k = quote[1] % len(words)
            if words[k] and len(words[k]) <= 40:
                words[k] = quote[0].format(words[k])
                text = " ".join(words)
                return text + end if len(quote[0]) <= 4 else text
        return text + end

    return st.tuples(strategy, ending, quoting).map(build)


@lru_cache(maxsize=None)  # one strategy object per argument: hypothesis caches its analysis
def ids(prefix: str) -> st.SearchStrategy[str]:
    """Return a strategy for the tail of an id (valid characters only); callers make it unique."""
    return st.text(st.sampled_from(ID_CHARS), max_size=6).map(lambda tail: prefix + tail)


@st.composite
def edtf_dates(draw) -> str:  # noqa: ANN001
    """Return a boundary EDTF date the toolkit allows: years 0000/9999, leap days, qualifiers, intervals."""
    def one() -> str:
        year = draw(st.sampled_from([0, 1, 4, 1000, 1900, 1999, 2000, 2011, 2024, 9999])
                    | st.integers(0, 9999))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        text = f"{year:04d}"
        if precision != "year":
            month = draw(st.sampled_from([1, 2, 12]) | st.integers(1, 12))
            text += f"-{month:02d}"
            if precision == "day":
                last = calendar.monthrange(year or 4, month)[1]
                day = draw(st.sampled_from([1, last]) | st.integers(1, last))
                text += f"-{day:02d}"
        return text + draw(st.sampled_from(["", "", "?", "~", "%"]))

    from kazan_export.dates import parse_edtf

    kind = draw(st.sampled_from(["date", "date", "interval", "open-start", "open-end"]))
    if kind == "date":
        return one()
    if kind == "open-start":
        return "../" + one()
    if kind == "open-end":
        return one() + "/.."
    a, b = one(), one()
    lo, hi = sorted([a, b], key=lambda d: parse_edtf(d).earliest())
    text = f"{lo}/{hi}"
    try:
        parse_edtf(text)
    except ValueError:  # e.g. 2011/2011-01: the start's latest is after the end's earliest
        text = f"{lo}/.."
    return text


def optional(strategy: st.SearchStrategy, p_none: float = 0.5) -> st.SearchStrategy:
    """Return ``strategy`` or None (an absent optional field)."""
    return st.one_of(st.none(), strategy) if p_none else strategy


# several pages: a drawn passage repeated, numbered so that slices of it are rarely ambiguous
LONG_TEXT = st.tuples(st.lists(st.sampled_from(HOSTILE + WORDS), min_size=10, max_size=30).map(" ".join),
                      st.integers(10, 40)).map(lambda t: " ".join(f"{t[0]} ({i})" for i in range(t[1])))


def _marked(text: str) -> bool:
    """Return True if ``text`` starts or ends with a quotation mark (validation may refuse it
    as a direct statement that includes its own marks)."""
    marks = "“”„‟«»‹›‘’‚「」『』\""
    return text[:1] in marks or text[-1:] in marks


@st.composite
def sources(draw, *, control: bool = False, long_statements: bool = True, endings: bool = False) -> dict:  # noqa: ANN001
    """Return the data of a whole, valid source (a dict ready for :func:`to_yaml`).

    ``control`` lets paragraphs and statements hold control characters (YAML escapes);
    ``long_statements`` allows, rarely, a statement several pages long; ``endings`` lets
    titles, outlets, occasions, places and names end in punctuation and carry quotes
    (:func:`punctuated`).
    """
    text = hostile_text(control=control)
    counter = iter(range(10_000))

    def ended(strategy: st.SearchStrategy[str], limit: int | None = None) -> st.SearchStrategy[str]:
        if limit:
            strategy = strategy.map(at_most(limit - 4 if endings else limit))
        return punctuated(strategy) if endings else strategy

    name = ended(plain_name(), 200)  # (the limit of a name: punctuated adds up to 3 characters)

    def uid(prefix: str) -> str:
        return draw(ids(prefix)) + f"-{next(counter)}"

    # people
    people = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["person", "person", "organisation", "group", "anonymous"]))
        entity: dict = {"id": uid("e"), "name": draw(name), "kind": kind}
        if kind == "person":
            family = draw(optional(name, 0.2))
            given = draw(optional(name))
            if family:
                entity["family"] = family
            if given:
                entity["given"] = given
        if kind == "anonymous" or draw(st.booleans()):
            entity["description"] = draw(hostile_text(max_pieces=4))
        variants = draw(st.lists(plain_name(), max_size=2, unique=True))
        if variants:
            entity["variants"] = variants
        roles = draw(st.lists(hostile_text(max_pieces=3).map(at_most(300)), max_size=2))
        if roles:
            entity["roles"] = roles
        people.append(entity)
    persons = [e["id"] for e in people if e["kind"] == "person"]
    for entity in people:
        if entity["kind"] == "group" and persons:
            members = draw(st.lists(st.sampled_from(persons), unique=True, max_size=3))
            if members:
                entity["members"] = members

    # body: sections of paragraphs
    body, paragraphs, section_of = [], [], []  # a statement stays within one section
    long_text = LONG_TEXT
    for n in range(draw(st.integers(1, 3))):
        heading = None if n == 0 and draw(st.booleans()) else {"id": uid("h"), "text": draw(text)}
        count = draw(st.integers(1, 3))
        section_paragraphs = []
        for _ in range(count):
            long = long_statements and draw(st.integers(0, 19)) == 0
            para = {"id": uid("p"), "text": draw(long_text if long else text)}
            section_paragraphs.append(para)
            paragraphs.append(para)
            section_of.append(n)
        body.append({"id": uid("s"), "heading": heading, "paragraphs": section_paragraphs})

    # statements: slices of one paragraph or of consecutive paragraphs
    statements = []
    for n in range(draw(st.integers(0, 4))):
        first = draw(st.integers(0, len(paragraphs) - 1))
        last = min(first + draw(st.sampled_from([0, 0, 0, 1, 2])), len(paragraphs) - 1)
        while section_of[last] != section_of[first]:
            last -= 1
        chosen = paragraphs[first:last + 1]
        joined = "\n".join(p["text"] for p in chosen)
        statement_text, anchor = _slice(draw, joined, [p["text"] for p in chosen])
        if statement_text is None:
            continue
        anchor["paragraphs"] = [p["id"] for p in chosen]
        statement: dict = {
            "id": uid("st"),
            "key": draw(st.text(st.sampled_from(KEY_CHARS), max_size=8).map(lambda t: f"k{n}x{t}")),
            "speakers": draw(st.lists(st.sampled_from([e["id"] for e in people]), min_size=1,
                                      max_size=2, unique=True)),
            # a direct statement's text goes without the marks around it (#15): a slice that
            # starts or ends with a quotation mark is reported instead
            "kind": "reported" if _marked(statement_text) else draw(st.sampled_from(["direct", "reported"])),
            "text": statement_text,
            "anchor": anchor,
            "date": draw(st.one_of(st.just("unknown"), edtf_dates())),
        }
        for field in ("occasion", "place", "via", "role", "note"):
            value = draw(optional(ended(hostile_text(max_pieces=4), 300) if field != "note"
                                  else hostile_text(max_pieces=4).map(str), 0.6))
            if value:
                statement[field] = value
        statements.append(statement)

    metadata: dict = {
        "title": draw(ended(hostile_text(max_pieces=6), 400)),
        "authors": [
            {"family": draw(ended(plain_name(), 99)),
             **({"given": g} if (g := draw(optional(ended(plain_name(), 99)))) else {})}
            for _ in range(draw(st.integers(1, 3)))
        ],
        "publisher": draw(ended(plain_name(), 300)),
        "language": draw(st.sampled_from(["en", "ru", "hy", "az", "fr", "he", "ar", "zh", "en-GB",
                                          "tlh", "sr-Latn"])),
        "published": draw(st.one_of(st.just("unknown"), edtf_dates())),
        "url": draw(st.sampled_from([
            "unknown", "https://example.org/a_b%20c?x=1&y=<2>#frag", "http://e.x/{}~^$#%\\",
            "https://пример.рф/путь", "https://example.org/" + "very-long-" * 40 + "end",
        ])),
    }
    for field in ("series", "container", "rights", "citation"):
        text = hostile_text(max_pieces=5)
        value = draw(optional(ended(text, 300 if field in ("series", "container") else 1000)))
        if value:
            metadata[field] = value
    if draw(st.booleans()):
        metadata["coverage"] = draw(st.one_of(st.just("unknown"), edtf_dates()))
    credits = draw(st.dictionaries(st.sampled_from(["photos", "partner", "<b>", "ə"]),
                                   hostile_text(max_pieces=3).map(at_most(1000)), max_size=2))
    if credits:
        metadata["credits"] = credits
    keywords = draw(st.lists(plain_name(), max_size=3))
    if keywords:
        metadata["keywords"] = keywords

    data: dict = {"schema": 1, "id": uid("a"), "metadata": metadata, "body": body,
                  "people": people, "statements": statements}
    for part in ("byline", "closing"):
        extra = draw(st.lists(text, max_size=2))
        if extra:
            data[part] = [{"id": uid(part[0]), "text": t} for t in extra]

    pids, sids = [p["id"] for p in paragraphs], [s["id"] for s in statements]

    def support() -> dict:
        out = {}
        if sids and draw(st.booleans()):
            out["statements"] = draw(st.lists(st.sampled_from(sids), min_size=1, max_size=2, unique=True))
        if not out or draw(st.booleans()):
            out["paragraphs"] = draw(st.lists(st.sampled_from(pids), min_size=1, max_size=2, unique=True))
        return out

    timeline = [{"id": uid("ev"), "date": draw(st.one_of(st.just("unknown"), edtf_dates())),
                 "label": draw(hostile_text(max_pieces=5).map(at_most(500))), **support()}
                for _ in range(draw(st.integers(0, 3)))]
    if timeline:
        data["timeline"] = timeline
    if draw(st.booleans()):
        data["briefing"] = {part: [{"text": draw(hostile_text(max_pieces=6)), **support()}
                                   for _ in range(draw(st.integers(0, 2)))]
                            for part in ("summary", "background", "outcome", "aftermath")}
    return data


def _slice(draw, joined: str, texts: list[str]) -> tuple[str | None, dict]:  # noqa: ANN001
    """Return a slice of ``joined`` that reaches every paragraph, and the anchor context it needs."""
    starts_before = len(texts[0])  # the slice must start in the first paragraph…
    ends_after = len(joined) - len(texts[-1])  # …and end inside the last one
    start = draw(st.integers(0, max(0, starts_before - 1)))
    end = draw(st.integers(max(start + 1, ends_after + 1), len(joined)))
    while start > 0 and _joins(joined[start]):  # never start or end inside a character
        start -= 1
    while end < len(joined) and _joins(joined[end]):
        end += 1
    text = joined[start:end]
    if not _visible(text) or text.endswith("\u200d") or _joins(text[0]):
        return None, {}
    anchor: dict = {}
    if joined.count(text) > 1:  # also counts overlapping hits below
        if _visible(joined[:start]):
            anchor["prefix"] = joined[:start]
        elif _visible(joined[end:]):
            anchor["suffix"] = joined[end:]
        else:
            return None, {}
    if _hits(joined, text, anchor) != 1:
        return None, {}
    return text, anchor


def _joins(ch: str) -> bool:
    """Return True if ``ch`` belongs to the character before it (as kazan_export.readers.checks says)."""
    import unicodedata

    return ch == "\u200d" or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _hits(joined: str, text: str, anchor: dict) -> int:
    count, i = 0, joined.find(text)
    while i >= 0:
        if joined[:i].endswith(anchor.get("prefix", "")) and joined[i + len(text):].startswith(
                anchor.get("suffix", "")):
            count += 1
        i = joined.find(text, i + 1)
    return count


class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper, but text holding a YAML line break other than ``\n`` (NEL, LS, PS, CR)
    is double-quoted: PyYAML would write it raw in a single-quoted scalar, folded on reading."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029\r") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(data: dict) -> str:
    """Return the source as YAML text (UTF-8, with escapes for characters YAML cannot hold)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def minimal(paragraph: str = "Novak said that “we will sign.”", statement: str = "we will sign.",
            url: str = "unknown", **metadata: str) -> dict:
    """Return a small valid source: one paragraph, one person, one statement (for ``@example``).

    ``statement`` must occur exactly once in ``paragraph``; ``metadata`` overrides fields
    (``title="…"``, ``series="…"``).
    """
    assert paragraph.count(statement) == 1, "the statement must occur once in the paragraph"
    return {
        "schema": 1, "id": "minimal",
        "metadata": {"title": "Minimal", "authors": [{"family": "Doe", "given": "Jo"}],
                     "publisher": "Ledger", "language": "en", "published": "2019-03", "url": url,
                     **metadata},
        "body": [{"id": "s1", "heading": None, "paragraphs": [{"id": "p1", "text": paragraph}]}],
        "people": [{"id": "novak", "name": "Ivo Novak", "kind": "person", "family": "Novak", "given": "Ivo"}],
        "statements": [{"id": "st1", "key": "novak2019", "speakers": ["novak"], "kind": "direct",
                        "text": statement, "anchor": {"paragraphs": ["p1"]}, "date": "2019-03-04"}],
    }
