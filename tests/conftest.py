"""Shared fixtures (the bundled Kazan article and a small made-up article) and helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

import conftest_hypothesis  # noqa: F401  (registers the hypothesis profiles: long, ci)
from kazan_export.errors import Problem, SourceError
from kazan_export.readers.source import load
from kazan_export.resources import default_source

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parent / "fixtures" / "meeting-in-kazan.txt"
# Made-up articles of other kinds than a news analysis, judged by every citation client: an
# oral-history interview by a person the registry names, at a place; a wire report that names
# no author (keys with every character a key may hold); a blog post with speeches at no named
# event, places written with a no-break space, a superscript and a name in quotation marks.
KINDS = ("oral-history-gyumri.yaml", "wire-report-anonymous.yaml", "blog-speeches.yaml")


@pytest.fixture(scope="session")
def kazan():
    """Return the bundled Kazan article."""
    return load(default_source())


@pytest.fixture(scope="session")
def harbour():
    """Return the small made-up fixture article."""
    return load(FIXTURES / "harbour-talks.yaml")


def with_unnamed_pairs(harbour):  # noqa: ANN001, ANN201
    """Return the harbour article with two statements: one by two unnamed speakers (the official
    and "A trader in Aktau"), one by Novak beside the official."""
    import dataclasses

    trader = dataclasses.replace(harbour.entity["official"], id="trader", name="A trader in Aktau",
                                 description="a trader in Aktau")
    official = next(s for s in harbour.statements if s.speakers == ("official",))
    statements = (dataclasses.replace(official, speakers=("official", "trader")),
                  dataclasses.replace(harbour.statements[0], speakers=("novak", "official")))
    return dataclasses.replace(harbour, entities=(*harbour.entities, trader), statements=statements)


def need_tool(name: str) -> str:
    """Return the path of a real program; skip if absent, except in CI where it must exist."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI but is not installed (see .ci/run)")
        pytest.skip(f"{name} is not installed")
    return path


def only_problem(read: Callable[..., object], raw: bytes | str, name: str) -> Problem:
    """Return the one problem ``read(raw, name=name)`` refuses the input with, naming the file.

    Fails the test if ``read`` raises no :class:`SourceError`, or one with more than one problem.
    """
    with pytest.raises(SourceError) as info:
        read(raw, name=name)
    [problem] = info.value.problems
    assert problem.file == name
    return problem
