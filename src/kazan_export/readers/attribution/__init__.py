"""The attribution engine of ``ingest``: propose statements, speakers and dates for an article.

Pure rules and data (``readers/rules/LANG.toml``, :mod:`.rules`), no model downloads.
:func:`attribute` takes an :class:`~kazan_export.model.Article` with no statements (what a
reader returns) and returns a copy with a proposed people registry and statements, each
carrying a :class:`~kazan_export.model.Review` that says what the proposal rests on.
Paragraphs are never altered; a heading that repeats a quotation gets ``repeats``.

Pipeline (:mod:`.engine`), paragraph by paragraph in reading order:

1. :mod:`.direct` finds the quotations (:mod:`.quotes`: paired marks, run-on paragraphs) and
   tells statements from names, titles and scare quotes;
2. :mod:`.mentions` registers the people each paragraph names (:mod:`.speakers`: the parser
   and the registry) and :mod:`.subjects` notes whom each sentence is about;
3. :mod:`.reported` finds the reported statements of each sentence ("said that …",
   "according to X, …", a bare clause) and :mod:`.direct` the cue of each quotation
   (:mod:`.cues`); quotations inside quotations are :mod:`.nested`;
4. :mod:`.resolve` resolves each cue's speaker (name, apposition, pronoun or role noun by
   recency and role agreement, organisation, unnamed source, the holder of taken-up words);
   :mod:`.details` adds the outlet, place and occasion;
5. :mod:`.dating` dates each statement from its sentence or the running anchor (:mod:`.dates`);
6. :mod:`.propose` turns the drafts (:mod:`.drafts`) into statements with ids, keys and anchors.

Imports run down that list's modules, never back: :mod:`.propose` → :mod:`.engine` → the
passes → :mod:`.resolve`, :mod:`.details` → :mod:`.mentions` → :mod:`.speakers`, :mod:`.cues`.
"""

from kazan_export.readers.attribution.propose import attribute

__all__ = ["attribute"]
