"""Font files are read on first use (or by warm_up); the PDF is the same either way."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kazan_export.errors import TemplateError
from kazan_export.writers.pdf import render_pdf

SCRIPT = """
import hashlib, sys, warnings
warnings.simplefilter("ignore")
from kazan_export.readers.source import load
from kazan_export.writers import pdf
from reportlab.pdfbase import pdfmetrics
article = load()
if "--warm" in sys.argv:
    pdf.warm_up()
print(hashlib.sha256(pdf.render_pdf(article)).hexdigest())
print(hashlib.sha256(pdf.render_pdf(article)).hexdigest())
print(" ".join(sorted(n for n in pdfmetrics.getRegisteredFontNames() if n.startswith("DejaVu"))))
"""


def _fresh(*args: str) -> list[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1309000000"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.split("\n")


def test_first_render_in_a_fresh_process_is_like_the_next():
    """Registering a face late must not undo the <b>/<i> mapping of its family."""
    first, second, registered = _fresh()[:3]
    assert first == second
    warm = _fresh("--warm")
    assert warm[:2] == [first, second]
    # the Kazan brief sets no text in bold or bold-italic serif, nor in italic sans: those
    # files are never read (four of the seven)
    assert registered.split() == ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif", "DejaVuSerif-Italic"]


def test_a_face_that_is_not_truetype_is_a_clear_template_error(tmp_path, harbour):
    (tmp_path / "Broken.ttf").write_bytes(b"<html>not a font</html>")
    layout = tmp_path / "layout.toml"
    layout.write_text('[fonts.serif]\nbold_italic = "Broken.ttf"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^\S*Broken.ttf: not a usable TrueType font") as caught:
        render_pdf(harbour, layout=layout)
    assert "\n" not in str(caught.value)
