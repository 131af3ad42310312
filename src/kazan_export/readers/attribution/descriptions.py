"""Unnamed speakers described by a noun phrase, for :class:`~.speakers.Parser`.

:class:`Descriptions` is the part of the parser that reads a description: where a place phrase
after its head noun begins ("one Western diplomat | in Baku"), whether a word may be its head
noun, and the unnamed source or group a phrase after an indefinite determiner describes ("a
trader in Aktau", "several traders"). The words are the rules' (:mod:`.rules`), set up by the
parser.
"""

from __future__ import annotations

import re

from kazan_export.readers.attribution.mention import Mention
from kazan_export.readers.attribution.words import fold


class Descriptions:
    """Read descriptions of unnamed speakers (the word sets are :class:`~.speakers.Parser`'s)."""

    def place_cut(self, folded: list[str], words: list[str] | None = None) -> int:
        """Return where a place phrase after a description's head noun begins ("one Western
        diplomat | in Baku", "an analyst | at Goldman Sachs"; with ``words``, the phrase as
        printed, any lower-case head after a determiner: "a trader | in Aktau"), else the
        phrase's length."""
        for k in range(2, len(folded)):
            if folded[k] in self.locatives and (folded[k - 1] in self.anon_heads or folded[k - 1] in self.roles or (
                    words is not None and folded[0] in self.anon_dets | self.definite and self.is_head(words[k - 1]))):
                return k
        return len(folded)

    def is_head(self, word: str) -> bool:
        """Return True if ``word`` may be the head noun of a description ("trader", "merchant"):
        a lower-case word that is no function word, speech noun, time or occasion word, no
        document ("a new law") and no participle ("a report published on …")."""
        f = fold(word)
        return (word[:1].islower() and len(word) > 2 and bool(re.fullmatch(r"[^\W\d_][\w’'-]*", word))
                and f not in self.not_head and not f.endswith(self.participle))

    def described(self, words: list[str], folded: list[str]) -> Mention | None:
        """Return the unnamed speaker a noun phrase after an indefinite determiner describes,
        whatever its noun ("a trader in Aktau", "a grain merchant at the port of Aktau", "one
        lorry driver from Baku", "a 45-year-old trader", "one of the traders"; with a plural
        determiner a group: "several traders"): the words up to the first preposition end in a
        lower-case head noun, and the words before it are no numbers, function or speech words
        ("a statement the government"). Else None."""
        if len(words) < 2 or folded[0] not in self.anon_dets:
            return None
        first = 3 if folded[1:2] == ["of"] and len(folded) > 3 and folded[2] in self.definite else 1
        cut = next((k for k in range(first + 1, len(folded)) if folded[k] in self.head_stops), len(folded))
        if not self.is_head(words[cut - 1]) or any(
                re.fullmatch(r"[\d.,]+", w) or fold(w) in self.not_head for w in words[first:cut]):
            return None
        phrase = " ".join(words)
        kind = "group" if folded[0] in self.plural_dets else "anonymous"
        return Mention(kind, phrase, name=phrase[:1].upper() + phrase[1:], description=phrase)
