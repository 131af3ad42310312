"""Hypothesis profiles for the suite; imported by conftest.py so ``--hypothesis-profile`` finds them.

- ``default``: each property test sets its own small count (a few hundred examples in all).
- ``long``: 10,000 examples per property test, no deadline — start it by hand
  (``pytest tests/test_hostile.py --hypothesis-profile=long``); see docs/testing.md.
- ``ci``: like ``default`` but derandomised, so a CI run is repeatable; loaded automatically
  when the environment variable ``CI`` is set, to any value (CI runs ``.ci/run`` with ``CI=true``). Local runs stay
  random, so they keep finding new examples. ``--hypothesis-profile=…`` still wins.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=_SLOW)

# "set" as hypothesis itself reads it (recent versions load their own "ci" profile the same
# way, which the registration above replaces): present in the environment, whatever its value
if "CI" in os.environ:
    settings.load_profile("ci")
