"""The PDF layout file, shipped fonts, glyph coverage and the light-import rule."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import warnings

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from kazan_export.cli import app
from kazan_export.errors import KazanWarning, TemplateError
from kazan_export.resources import templates_dir
from kazan_export.writers.pdf import render_pdf
from kazan_export.writers.pdf.layout import default_layout_path, load_layout


def with_point(article, text: str):
    """Return ``article`` whose first summary point reads ``text``."""
    point = dataclasses.replace(article.briefing.summary[0], text=text)
    return dataclasses.replace(article, briefing=dataclasses.replace(article.briefing, summary=(point,)))


def runs(data: bytes) -> list[tuple[str, str]]:
    """Return (font name, text) of every text run of the PDF."""
    found: list[tuple[str, str]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: found.append(
            (str(font.get("/BaseFont", "")) if font else "", text)))
    return found


def test_shipped_fonts_and_license_are_there():
    fonts = templates_dir() / "fonts"
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSans.ttf"):
        assert (fonts / name).stat().st_size > 100_000
    assert "Bitstream" in (fonts / "LICENSE").read_text(encoding="utf-8")


def test_a_character_no_font_has_warns_naming_it_once(harbour):
    article = with_point(harbour, "Signed 漢 and 漢 again.")
    with pytest.warns(KazanWarning, match=r"U\+6F22 CJK UNIFIED IDEOGRAPH-6F22") as record:
        data = render_pdf(article)
    assert sum("U+6F22" in str(w.message) for w in record) == 1
    text = "".join(t for _, t in runs(data))
    assert "Signed" in text and "again." in text  # the rest of the point is still there


def test_a_character_the_serif_lacks_falls_back_to_the_sans_without_warning(harbour):
    article = with_point(harbour, "Flights ✈ resumed.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", KazanWarning)
        data = render_pdf(article)
    fonts = {font for font, text in runs(data) if "✈" in text}
    assert fonts and all("DejaVuSans" in f for f in fonts)


def test_armenian_and_cyrillic_need_no_fallback(harbour):
    with warnings.catch_warnings():
        warnings.simplefilter("error", KazanWarning)
        data = render_pdf(harbour)
    serif = [text for font, text in runs(data) if "DejaVuSerif" in font]
    assert any("Հայաստան" in t for t in serif) and any("Россия" in t for t in serif)


def test_a_user_layout_overrides_only_what_it_names(tmp_path, harbour):
    custom = tmp_path / "my-layout.toml"
    custom.write_text('[paper]\na4 = [148.0, 210.0]\n\n[header]\nlabel = "CABINET NOTE"\n\n'
                      '[styles.body]\nsize_pt = 11.0\nface = "bold"\n', encoding="utf-8")
    layout = load_layout(custom)
    assert layout.value("header", "full_label") == load_layout().value("header", "full_label")
    assert layout.style("body")["face"] == "bold"
    data = render_pdf(harbour, layout=custom)
    reader = PdfReader(io.BytesIO(data))
    assert round(float(reader.pages[0].mediabox.width)) == 420  # 148 mm
    assert "CABINET NOTE" in reader.pages[0].extract_text()


@pytest.mark.parametrize("content, message", [
    ("[colours]\nbnad = \"#000000\"\n", "unknown layout setting 'colours.bnad'"),
    ("[margins]\ntop = \"wide\"\n", "'margins.top' must be like"),
    ("[colours]\nband = \"navy\"\n", "must be written #RRGGBB"),
    ("[styles.body]\nfamily = \"comic\"\n", "not a known font family"),
    ("[fonts.serif]\nregular = \"NoSuchFont.ttf\"\n", "NoSuchFont.ttf"),
    ("[margins\n", "not valid TOML"),
])
def test_a_bad_layout_is_a_template_error(tmp_path, harbour, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=message.replace("(", r"\(")):
        render_pdf(harbour, layout=path)


def test_cli_reports_a_bad_layout_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[colours]\nbnad = \"#000000\"\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(app, ["pdf", "--layout", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "bnad" in result.output
    assert not out.exists()


def test_a_logo_from_the_layout_is_drawn(tmp_path, harbour):
    from PIL import Image

    Image.new("RGB", (80, 40), (200, 30, 30)).save(tmp_path / "logo.png")
    (tmp_path / "layout.toml").write_text('[logo]\nfile = "logo.png"\n', encoding="utf-8")
    data = render_pdf(harbour, layout=tmp_path / "layout.toml")
    xobjects = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())


def test_the_bundled_layout_is_valid_toml_with_every_section():
    layout = load_layout()
    assert default_layout_path().name == "pdf-layout.toml"
    for section in ("paper", "margins", "fonts", "styles", "colours", "header", "footer", "timeline", "brief"):
        assert section in layout.data
    assert load_layout() is layout  # read once per process


def test_light_modules_do_not_import_reportlab():
    code = ("import sys; import kazan_export.writers.pdf.layout, kazan_export.cli, kazan_export.query; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_right_to_left_text_is_drawn_in_display_order(harbour, tmp_path):
    article = with_point(harbour, "He wrote שלום on the wall.")
    data = render_pdf(article)
    text = "".join(t for _, t in runs(data))
    assert "He wrote שלום on the wall." in text.replace("\n", " ")  # pypdf reads RTL runs right to left


def test_a_character_beyond_the_bmp_falls_back_and_extracts(harbour):
    article = dataclasses.replace(harbour, metadata=dataclasses.replace(harbour.metadata, title="😀 Smile"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", KazanWarning)  # the bold title face lacks it; DejaVu Sans has it
        data = render_pdf(article)
    assert "😀 Smile" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
