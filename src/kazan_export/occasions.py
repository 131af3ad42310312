"""What a statement is, from its ``occasion``: its genre, the event it was made at, its title.

Pure facts for the citation writers (CSL ``genre``/``event-title``, biblatex ``type``/
``eventtitle``, RIS ``M3``/``T2``), re-exported by :mod:`kazan_export.citations`. An occasion is
read by its words, never by names: "<utterance> at <event>" ("Joint statement at the G8
summit") gives both; an occasion whose first words name an utterance ("Interview with RIA
Novosti", "White House statement", "Memoir") is the genre; one whose first words name an
event ("Hearing on …", "PACE session", "Trilateral meeting in Kazan") is the event, and the
genre is "Statement"; anything else describes the statement itself (it is its genre).
"""

from __future__ import annotations

from kazan_export.model import Article, Entity, Statement

# Nouns that say what kind of utterance or text a statement is.
UTTERANCES = frozenset("""interview speech address statement remarks comments comment letter
message article op-ed testimony declaration post call calls conversation appeal tweet memoir
memoirs response answer reply report lecture toast communiqué communique announcement
note column editorial blog book diary essay press-release release""".split())
# Nouns of events at which statements are made.
EVENTS = frozenset("""hearing hearings session sitting meeting summit conference forum talks visit
debate briefing ceremony rally assembly congress plenary negotiations round gathering convention
symposium seminar workshop roundtable round-table panel event festival election campaign
protest dinner reception tour trip consultations discussion audience""".split())
_JOINTS = (" at ", " during ", " on the sidelines of ")
_PREPOSITIONS = frozenset("of on at in with to for about during by from before after between among".split())


def _words(text: str) -> list[str]:
    return [w.lower().strip(",.:;()“”\"'‘’«»[]") for w in text.split()]


def _head(text: str) -> set[str]:
    """Return the words of the phrase before its first preposition ("annual harbour forum" of
    "The annual harbour forum in Split"), the head noun last: the words that say what it is."""
    words = _words(text)
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    phrase = []
    for w in words:
        if w in _PREPOSITIONS:
            break
        phrase.append(w)
    return set(phrase)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _split(statement: Statement) -> tuple[str | None, str | None]:
    """Return (what the statement is, the event it was made at), as the occasion words them."""
    occasion = " ".join((statement.occasion or "").split())
    if not occasion:
        return None, None
    for joint in _JOINTS:
        left, found, right = occasion.partition(joint)
        if found and _head(left) & UTTERANCES:
            return left, right
    head = _head(occasion)
    if head & UTTERANCES:
        return occasion, None
    if head & EVENTS:
        return None, occasion
    return occasion, None  # "Memoir", "Response to a question …": what it is, not where


def speaks_for_outlet(article: Article, statement: Statement) -> bool:
    """Return True if the outlet (``via``) is itself a speaker: the outlet's own report."""
    names = {n for e in article.speakers_of(statement) for n in e.names()}
    return bool(statement.via) and statement.via in names


def genre(article: Article, statement: Statement) -> str:
    """Return what kind of statement this is: "Interview", "Joint statement", "Memoir",
    "Response to a question about the talks", "Report" (the outlet's own), else "Statement"
    (whether the article quotes it or reports it, the work is a statement). "with/to <the
    outlet>" is left out: the outlet is printed as such."""
    what, _ = _split(statement)
    if what and statement.via:
        for link in (" with ", " to ", " for ", " in "):
            if what.endswith(link + statement.via):
                what = what[: -len(link + statement.via)]
                break
    if what:
        return _capitalised(what)
    if speaks_for_outlet(article, statement):
        return "Report"
    return "Statement"


def event_title(statement: Statement) -> str | None:
    """Return the event the statement was made at ("Hearing on Nagorno-Karabakh at …",
    "PACE session", "G8 summit in Deauville"), or None if the occasion names none."""
    _, event = _split(statement)
    if not event:
        return None
    first, _, rest = event.partition(" ")
    return _capitalised(rest if first.lower() in ("the", "a", "an") and rest else event)


def work_type(article: Article, statement: Statement) -> str:
    """Return what the statement is as a work: ``"report"`` (the outlet's own report),
    ``"published"`` (given to an outlet, which published it: an interview with RIA Novosti, a
    statement to TASS, a source quoted by a newspaper), ``"interview"`` (no outlet named) or
    ``"speech"`` (made at an event or on an occasion the article does not name)."""
    if speaks_for_outlet(article, statement):
        return "report"
    if statement.via:
        return "published"
    return "interview" if "interview" in _words(genre(article, statement))[:3] else "speech"


def interviewer(article: Article, statement: Statement) -> Entity | None:
    """Return the person the registry names who interviewed the speaker, when the occasion is
    just that ("Interview by Lilit Hakobyan", "An interview by L. Hakobyan" where that is a
    variant of her name), else None. A name the registry does not hold is not guessed at, nor
    is a speaker of the statement (a translation's "interview by the minister" is the minister's),
    and an occasion that says more ("Telephone interview by …", "Interview given by …") keeps
    its words as the title."""
    what, found, name = " ".join((statement.occasion or "").split()).partition(" by ")
    words = _words(what)
    if not found or words not in (["interview"], ["an", "interview"]):
        return None
    said = {e.id for e in article.speakers_of(statement)}
    names = (name.strip(), name.strip().rstrip("."))  # "… by L. Hakobyan Jr." or a sentence's full stop
    return next((e for e in article.entities
                 if e.kind == "person" and e.id not in said and any(n in e.names() for n in names)), None)


def is_named(entity: Entity) -> bool:
    """Return True if the entity can stand as an author: a person, an organisation, or a group
    whose members the registry names. Anonymous sources and vague collectives (a group with no
    members: "Some European Parliament MPs", "International community") are not authors."""
    if entity.kind == "group":
        return bool(entity.members)
    return entity.kind != "anonymous"


def described(entity: Entity) -> str:
    """Return how a title names a speaker who is not an author: "an expert familiar with …",
    "some European Parliament MPs" (the first letter lowered unless the word is an acronym)."""
    name = entity.name
    first = name.split()[0] if name.split() else ""
    return name if first.isupper() and len(first) > 1 else name[:1].lower() + name[1:]


def title(article: Article, statement: Statement) -> str:
    """Return a description that stands as a title where a format needs one: "Statement at a
    hearing on …", "Joint statement at the G8 summit in Deauville", "Memoir", "Interview with
    RIA Novosti", "Statement to TASS", "Report in Kommersant"; speakers who are not authors are
    named in it ("… by an expert familiar with the preparations for the talks")."""
    what, event = _split(statement)
    if event:
        text = f"{_capitalised(what) if what else genre(article, statement)} at {_event_phrase(event)}"
    elif what:
        text = _capitalised(what)
    elif statement.via:
        link = "in" if speaks_for_outlet(article, statement) else "to"
        text = f"{genre(article, statement)} {link} {statement.via}"
    else:
        text = genre(article, statement)
    return text + by_unnamed(unnamed(article, statement))


def unnamed(article: Article, statement: Statement) -> list[str]:
    """Return how a description names each speaker who cannot be an author (:func:`described`)."""
    return [described(e) for e in article.speakers_of(statement) if not is_named(e)]


def by_unnamed(others: list[str]) -> str:
    """Return the phrase that names ``others`` after a description (" by a diplomat in Ankara"),
    or "" if there are none."""
    return " by " + " and ".join(others) if others else ""


def _plural(phrase: str) -> bool:
    """Return True if the head noun of ``phrase`` (the last word before its first preposition)
    is a plural event noun: "talks", "hearings", "consultations" (not "congress")."""
    words = _words(phrase)
    head = []
    for w in words:
        if w in _PREPOSITIONS:
            break
        head.append(w)
    noun = head[-1] if head else ""
    return noun in EVENTS and noun.endswith("s") and not noun.endswith("ss")


def _event_phrase(event: str) -> str:
    """Return the event as it reads after "at": ``a hearing on …``, ``the PACE session``."""
    words = event.split()
    if words[0].lower() in ("the", "a", "an"):
        return event[0].lower() + event[1:]
    if words[0][:1].isupper() and words[0][1:].islower() and (len(words) == 1 or words[1].islower()):
        lowered = event[0].lower() + event[1:]  # "Hearing on …": a common noun, not a name
        if _plural(event):  # "the pipeline talks in Tbilisi", not "a pipeline talks"
            return "the " + lowered
        return ("an " if lowered[0] in "aeiou" else "a ") + lowered
    return "the " + event  # a name or an acronym: "the European Parliament …", "the PACE session"
