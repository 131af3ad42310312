"""Participle cues after another cue: whoever the earlier cue names adds what follows.

"“…,” he said, adding that …" (the cue of the quotation before) and "A second convoy was
expected on Thursday, the World Food Agency said in a statement, adding that …" (an inverted
cue inside the sentence: the words before it are a statement of their own, and the agency adds
the rest). Used by :mod:`.reported`.
"""

from __future__ import annotations

from kazan_export.readers.attribution.cues import Cue
from kazan_export.readers.attribution.patterns import Patterns


def adding_subject(pats: Patterns, mention, participle: tuple[str, ...], masked: str, a: int, v_start: int,  # noqa: ANN001
                   verb: str, inverted: bool) -> tuple[str, int, Cue | None]:
    """Return the subject of the participle cue ``verb`` at ``v_start`` (sentence start ``a``),
    where it starts, and — for an inverted cue inside the sentence (``inverted``: no quotation
    before it) — that cue, whose clause is the sentence up to it; or ("", 0, None)."""
    if not verb.lower().endswith(participle):
        return "", 0, None
    at = max(a, masked.rfind("\u2063", a, v_start) + 1)
    tail = masked[at:v_start]
    said = pats.verbs_in(tail)
    if not said or not tail.rstrip().endswith(","):
        return "", 0, None
    v = said[-1]
    before, after = tail[:v.start()].strip(" ,"), tail[v.end():].strip(" ,")
    if inverted:  # "…, the World Food Agency said in a statement, adding that": the words after the last comma
        if "," not in before:
            return "", 0, None
        before = before.rsplit(",", 1)[1].strip()
    who = before or after
    if not who or len(who.split()) > 6 or "," in who or mention(who) is None:
        return "", 0, None
    s_start = at + tail.index(who, 0 if not inverted else tail.rindex(",", 0, v.start()))
    if not inverted:
        return who, s_start, None
    cue = Cue(s_start, at + v.end(), v.group(0), who, s_start, masked[s_start:at + v.end()].strip(), "post",
              region=after)
    return who, s_start, cue
