"""Writers: each renders an Article to one output format; this is the one registry of them.

:data:`OUTPUTS` maps each format name that ``build --format`` takes to the files it makes:
``(manifest format, file name suffix, module, function, keyword arguments)``, the module
named inside this package (``"docx"`` is :mod:`kazan_export.writers.docx`). Modules are
named, not imported: light commands never import python-docx or reportlab. A new writer is
one module (or package) here and one entry below; the build, the command line's ``--format``
choices and the manifest follow from it.
"""

OUTPUTS = {
    "docx": (("docx", ".docx", "docx", "render_docx", {}),),
    "pdf": (("pdf", "-briefing.pdf", "pdf", "render_pdf", {}),),
    "bib": (("bibtex", ".bib", "bibtex", "render_bib", {"dialect": "bibtex"}),
            ("biblatex", "-biblatex.bib", "bibtex", "render_bib", {"dialect": "biblatex"})),
    "csl": (("csl-json", ".csl.json", "csl", "render_csl", {}),),
    "ris": (("ris", ".ris", "ris", "render_ris", {}),),
}
FORMATS = tuple(OUTPUTS)  # ("docx", "pdf", "bib", "csl", "ris"): build's --format names, in build order
PACKAGE = __name__  # "kazan_export.writers": OUTPUTS' modules are f"{PACKAGE}.{module}"
