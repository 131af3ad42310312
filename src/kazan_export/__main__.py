"""``python -m kazan_export``: the same program as ``kazan-export``."""

from kazan_export.entry import main

main()
