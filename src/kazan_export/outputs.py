"""Write output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kazan_export.errors import KazanError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    Returns the path. Raises :class:`KazanError` if the folder is missing or not writable;
    no partial file is left behind and an existing file is not touched on failure.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    if not folder.is_dir():
        raise KazanError(f"{path}: the folder {folder} does not exist; create it or choose another -o")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise KazanError(f"{path}: cannot write to {folder} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise KazanError(f"{path}: cannot write the file ({exc.strerror})") from None
        raise
    return path
