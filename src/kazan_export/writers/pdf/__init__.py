"""The PDF writer: :func:`render_pdf` (a briefing note, or the whole article with notes).

The writer's modules: ``brief`` (the briefing note and :func:`render_pdf`), ``full`` (the
whole article), ``common`` (what both print), ``doc`` (pages and styles), ``timeline``,
``fonts`` and ``bidi`` (font files, fallbacks, right-to-left text) and ``layout`` (the
layout file). This package imports nothing until a name is used, so that ``layout`` can be
read without importing reportlab; ``render_pdf``, ``warm_up`` and ``SECTIONS`` come from
``brief`` on first use.
"""

from __future__ import annotations

_FROM_BRIEF = ("render_pdf", "warm_up", "SECTIONS")
__all__ = list(_FROM_BRIEF)


def __getattr__(name: str):  # noqa: ANN202 - PEP 562: imports reportlab only when the writer is used
    if name in _FROM_BRIEF:
        from kazan_export.writers.pdf import brief

        return getattr(brief, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
