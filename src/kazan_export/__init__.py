"""kazan-export: render a canonical, structured article to handouts, briefings and citations.

The library is organised as pandoc is: a reader (:mod:`kazan_export.load`) builds one
document model (:mod:`kazan_export.model`), and each writer in :mod:`kazan_export.writers`
turns that model into one output format. The command line (:mod:`kazan_export.cli`) is a
thin adapter over these functions.
"""

__version__ = "0.1.0"

from kazan_export.errors import KazanError, KazanWarning, Problem, RenderError, SourceError

__all__ = ["KazanError", "KazanWarning", "Problem", "RenderError", "SourceError", "__version__"]
