"""Commands: what the command line runs, combining readers and writers (build, cite, quotes)."""
