"""Read the files a user passes besides sources (templates, layouts, logos) within limits.

The same rules as for sources: regular files only (a pipe or device would block or never
end), a size cap, and for zip packages (DOCX) a cap on entries and on their uncompressed
size, checked from the zip's directory before any library opens it.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from kazan_export.errors import TemplateError

MB = 1024 * 1024
MAX_TEMPLATE_BYTES = 20 * MB  # a reference DOCX with images; the bundled one is ~40 KB
MAX_UNZIPPED_BYTES = 100 * MB  # all of its entries, uncompressed
MAX_ENTRIES = 2000
MAX_RATIO = 200  # uncompressed / compressed, per entry of more than 1 MB (XML packs ~10 times)
MAX_LAYOUT_BYTES = 1 * MB  # the bundled layout file is ~8 KB
MAX_IMAGE_BYTES = 10 * MB
MAX_IMAGE_PIXELS = 25_000_000  # 5000 × 5000: far beyond a 40 mm logo at 1200 dpi


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """Return the bytes of the regular file ``path`` (at most ``limit`` bytes).

    Raises :class:`TemplateError` for a missing file, a folder, a pipe or device, an
    unreadable file or one larger than ``limit``; ``what`` names the file in the message.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError:
        raise TemplateError(f"{path}: the {what} does not exist") from None
    if stat.S_ISDIR(info.st_mode):
        raise TemplateError(f"{path}: the {what} is a folder; give the path of a file")
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError(f"{path}: the {what} is not a regular file (a pipe, device or socket); "
                            "save it to a file")
    too_large = f"{path}: the {what} is too large (%.1f MB; at most {limit / MB:g} MB)"
    if info.st_size > limit:
        raise TemplateError(too_large % (info.st_size / MB))
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # bounded, even if the file grows meanwhile
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    if len(data) > limit:
        raise TemplateError(too_large % (len(data) / MB))
    return data


def check_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Return the zip in ``data`` once its directory shows it is safe to unpack.

    Raises :class:`TemplateError` for a file that is not a zip, has more than
    :data:`MAX_ENTRIES` entries, unpacks to more than :data:`MAX_UNZIPPED_BYTES`, or has an
    entry packed more than :data:`MAX_RATIO` times (a zip bomb).
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TemplateError(f"{name}: not a Word document (not a zip package); "
                            "pass a .docx saved by Word or LibreOffice") from None
    if len(entries) > MAX_ENTRIES:
        raise TemplateError(f"{name}: the package has {len(entries)} parts (at most {MAX_ENTRIES}); "
                            "re-save the template in Word or LibreOffice")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNZIPPED_BYTES:
        raise TemplateError(f"{name}: the package unpacks to {total / MB:.0f} MB (at most "
                            f"{MAX_UNZIPPED_BYTES // MB} MB); it may be a zip bomb")
    for e in entries:
        if e.file_size > MB and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise TemplateError(f"{name}: the part {e.filename} is packed {e.file_size // max(e.compress_size, 1)} "
                                f"times (at most {MAX_RATIO}); it may be a zip bomb")
    return package


def read_zip_member(package: zipfile.ZipFile, member: str) -> bytes:
    """Return one entry, reading no more than its declared size (a lying directory is refused).

    Raises :class:`TemplateError` if the entry is missing, corrupt or larger than declared.
    """
    try:
        info = package.getinfo(member)
        with package.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise TemplateError(f"the package part {member} cannot be read ({exc})") from None
    if len(data) > info.file_size:
        raise TemplateError(f"the package part {member} is larger than its zip directory says")
    return data


def check_image(path: Path) -> None:
    """Check that ``path`` is a PNG or JPEG file of a sensible size, reading only its header.

    Raises :class:`TemplateError` for another kind of file, a broken image or one of more
    than :data:`MAX_IMAGE_PIXELS` pixels (which would take gigabytes to decode).
    """
    data = read_limited(path, MAX_IMAGE_BYTES, "logo")
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow's DecompressionBombWarning: we refuse below
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
        with image:  # lazy: reads the header, decodes nothing
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        kind, width, height = None, 0, 0
    if kind not in ("PNG", "JPEG"):
        raise TemplateError(f"{path}: the logo is not a PNG or JPEG image; convert it to PNG")
    if width * height > MAX_IMAGE_PIXELS or not width or not height:
        raise TemplateError(f"{path}: the logo is {width} × {height} pixels (at most "
                            f"{MAX_IMAGE_PIXELS // 1_000_000} million); scale it down")
