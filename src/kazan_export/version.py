"""The package's version (re-exported as ``kazan_export.__version__``; the manifest names it)."""

__version__ = "0.1.0"
