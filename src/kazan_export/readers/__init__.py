"""Readers: turn an input (a YAML source, a text, web page, Word or Markdown article) into the model.

The YAML source reader is :mod:`.source` (with :mod:`.positions` and :mod:`.checks`). Each
article reader (:mod:`.text`, :mod:`.html`, :mod:`.docx`, :mod:`.markdown`) is one module
returning an :class:`~kazan_export.model.Article` with metadata, sections, byline and closing
lines and no statements; :mod:`.draft` holds what they share (ids, headings, the byline and
the closing lines). Each imports its heavy library only when it runs.
"""
