"""Readers: turn an input (a YAML source, a text, web page, Word or Markdown article) into the model.

The YAML source reader is :mod:`.source` (with :mod:`.positions`, :mod:`.checks` and
:mod:`.integrity`). Each article reader (:mod:`.text`, :mod:`.html`, :mod:`.docx`,
:mod:`.markdown`) is one module returning an :class:`~kazan_export.model.Article` with metadata, sections, byline and closing
lines and no statements; they share :mod:`.inputs` (reading and decoding the input),
:mod:`.bylines` (names, bylines, closing lines, plain-text headings) and :mod:`.draft` (ids,
assembling the article). :mod:`.attribution` proposes the statements of an ingested article.
Each imports its heavy library only when it runs.
"""
