"""Commands: what the command line runs, as library functions combining readers and writers (build, cite, quotes, ingest); ``cli`` only adapts them."""
