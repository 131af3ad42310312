"""Load a language's attribution rules (``readers/rules/LANG.toml``) into ready-made matchers.

The engine's code holds no words of any language: speech verbs, role nouns, pronouns, date
phrases and organisation words come from the rules file, read with :mod:`tomllib`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kazan_export.errors import KazanError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def _alt(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Return a regex alternation of ``words`` (longest first, so phrases win over words)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Rules:
    """A language's rules, with the compiled patterns the engine needs."""

    language: str
    data: dict[str, Any]

    def get(self, section: str, key: str, default: Any = ()) -> Any:
        return self.data.get(section, {}).get(key, default)

    def words(self, section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.get(section, key))

    # --- compiled patterns (cached per instance through lru_cache on the module functions) ---
    @property
    def verb_re(self) -> re.Pattern:
        return _compiled(self, "verb")

    @property
    def abbreviations(self) -> frozenset[str]:
        return self.words("text", "abbreviations")


@lru_cache(maxsize=64)
def _compiled_cache(language: str, what: str) -> re.Pattern:
    rules = load_rules(language)
    if what == "verb":
        return re.compile(rf"(?<![\w’'-])(?:{_alt(rules.get('speech', 'verbs'))})(?![\w’'-])", re.I)
    raise KeyError(what)


def _compiled(rules: Rules, what: str) -> re.Pattern:
    return _compiled_cache(rules.language, what)


@lru_cache(maxsize=8)
def load_rules(language: str = "en") -> Rules:
    """Return the rules of ``language`` (a BCP 47 tag; its primary subtag names the file)."""
    primary = (language or "en").split("-")[0].lower()
    if primary in ("und", "zxx", "mul"):  # undetermined: the default rules
        primary = "en"
    path = RULES_DIR / f"{primary}.toml"
    if not re.fullmatch(r"[a-z]{2,3}", primary) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in RULES_DIR.glob("*.toml")))
        raise KazanError(f"no attribution rules for language '{language}'; known: {known}")
    with path.open("rb") as f:
        return Rules(primary, tomllib.load(f))
