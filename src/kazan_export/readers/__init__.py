"""Readers: turn a source into the model (the YAML source reader and its checks; later ingest readers)."""
