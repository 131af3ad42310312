"""kazan-export: render a canonical, structured article to handouts, briefings and citations.

The library is organised as pandoc is (see docs/architecture.md): a reader
(:mod:`kazan_export.readers.source`) builds one document model (:mod:`kazan_export.model`),
and each writer in :mod:`kazan_export.writers` turns that model into one output format. The
commands (:mod:`kazan_export.commands`) combine them, and the command line
(:mod:`kazan_export.cli`) is a thin adapter over these functions.
"""

from kazan_export.version import __version__

from kazan_export.errors import KazanError, KazanWarning, Problem, RenderError, SourceError

__all__ = ["KazanError", "KazanWarning", "Problem", "RenderError", "SourceError", "__version__"]
