"""The hypothesis profile follows the environment: random locally, derandomised when CI is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = "import conftest_hypothesis; from hypothesis import settings; print(settings.default.derandomize)"


@pytest.mark.parametrize(("ci", "derandomised"), [(None, "False"), ("true", "True"), ("1", "True"), ("", "True")])
def test_ci_loads_the_derandomised_profile(ci: str | None, derandomised: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run([sys.executable, "-c", _PROBE], cwd=Path(__file__).parent, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == derandomised
