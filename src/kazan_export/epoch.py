"""``SOURCE_DATE_EPOCH``: the one parser of the commands whose outputs embed a time (docx, pdf, build)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from kazan_export.errors import KazanError

# A DOCX is a zip, and a zip entry's time holds years 1980 to 2107: later times cannot be stored.
LATEST = 4354819199  # 2107-12-31T23:59:59Z


class EpochError(KazanError):
    """``SOURCE_DATE_EPOCH`` is set but is not a time the outputs can record."""


def source_date_epoch(environ: dict | None = None) -> int | None:
    """Return ``SOURCE_DATE_EPOCH`` as whole seconds since 1970, or None when unset or empty.

    Raises :class:`EpochError` unless it is digits only (white space around them is allowed)
    between 0 and :data:`LATEST` (the end of 2107, the last year a zip entry can record).
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    text = value.strip()
    shown = repr(value) if len(value) <= 40 else repr(value[:40]) + "…"
    if not (text.isascii() and text.isdigit()):
        raise EpochError(f"SOURCE_DATE_EPOCH={shown} is not a whole number of seconds since 1970; "
                         "set it to digits only (for example 1700000000) or unset it")
    seconds = int(text) if len(text) <= 15 else LATEST + 1  # int() refuses 4300+ digits
    if seconds > LATEST:
        raise EpochError(f"SOURCE_DATE_EPOCH={shown} is after 2107-12-31, the last date a DOCX "
                         f"(zip) entry can record; use at most {LATEST}")
    return seconds


def build_time() -> datetime:
    """Return the build time (naive UTC): ``SOURCE_DATE_EPOCH`` when set, else now.

    Raises :class:`EpochError` as :func:`source_date_epoch` does.
    """
    seconds = source_date_epoch()
    if seconds is None:
        return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)
