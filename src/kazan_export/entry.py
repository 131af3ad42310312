"""The ``kazan-export`` program (and ``python -m kazan_export``).

For ``build``, the PDF helper process is forked before the command-line module is imported:
importing and running typer takes ~30 ms, and the helper spends them importing reportlab
(see :mod:`kazan_export.commands.build.fork`). For ``cite``, pandoc is started then too: it
builds its locale meanwhile (:func:`kazan_export.commands.cite.start_ahead`). Every other
command goes straight to the CLI.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; Ctrl-C at any moment is one line on stderr and exit code 130."""
    try:
        if sys.argv[1:2] == ["build"] and not {"-h", "--help"} & set(sys.argv[2:]):
            from kazan_export.commands.build import fork

            fork.prestart()
        elif sys.argv[1:2] == ["cite"] and not {"-h", "--help"} & set(sys.argv[2:]):
            from kazan_export.commands import cite

            cite.start_ahead(sys.argv[2:])
        from kazan_export.cli import main as run

        run()
    except KeyboardInterrupt as exc:  # before the command runs (the commands handle their own)
        print("interrupted; no partial output was left", file=sys.stderr)
        sys.exit(128 + getattr(exc, "signum", 2))
    finally:
        if "kazan_export.commands.build.fork" in sys.modules:  # a PDF helper that no build adopted
            sys.modules["kazan_export.commands.build.fork"].discard()
        if "kazan_export.commands.cite" in sys.modules:  # a pandoc that no citation took
            sys.modules["kazan_export.commands.cite"].discard_ahead()
