"""Keep ``manifest.json`` true of the output folder at every moment of a build, finished or not."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from kazan_export.commands.build.manifest import MANIFEST, manifest_json
from kazan_export.commands.build.lock import LOCK
from kazan_export.errors import KazanError
from kazan_export.outputs import sync_folder, write_atomic

FLUSH_EVERY = 1.0  # seconds between the manifests a long build writes as it goes


class Ledger:
    """What the build has written, and the manifest that says so.

    Before the first output is replaced, an existing manifest is rewritten as an interrupted
    one in which every output it listed is ``stale`` (the build may be replacing it). While a
    long build runs, the manifest is rewritten about once a second with the files written so
    far. At the end it lists this build's ``outputs``; of the files an earlier build made for
    this build's sources (or under the names this build claimed) and did not rewrite, those
    whose bytes still match the earlier hash are ``kept`` and the others ``stale``. So whenever
    the build stops, every file the manifest lists has the listed size and hash.
    """

    def __init__(self, out: Path, epoch: int | None, planned: list[str]):
        self.out, self.epoch, self.planned = out, epoch, set(planned)
        self.sources: list[dict] = []
        self.outputs: dict[str, dict] = {}  # path -> entry, written by this build
        self.claimed: dict[str, tuple[str, str]] = {}  # case-folded name -> (source, article id)
        self.stems: dict[str, str] = {}  # case-folded output stem -> source that claimed it
        self.old: dict[str, dict] = {}  # path -> entry of the previous manifest (outputs, kept, stale)
        self.touching = False  # True once an output may have been replaced
        self._before: bytes | None = None  # the previous manifest, to put back if nothing was touched
        self._last = time.monotonic()

    def begin(self) -> None:
        """Make an existing manifest vouch for nothing the build may replace. Raises KazanError."""
        path = self.out / MANIFEST
        if not os.path.lexists(path):
            return
        try:
            self._before = path.read_bytes() if path.is_file() else None
        except OSError:
            self._before = None
        self.old = previous_entries(self._before)
        # nothing has been replaced yet: if this fails, the build stops and the old manifest holds
        write_atomic(path, self._text(interrupted=True), clean=False, durable=False)
        sync_folder(self.out)  # on disk before any output is replaced
        self._last = time.monotonic()

    def claim(self, source: str, article_id: str, stem: str, names: list[str]) -> str | None:
        """Reserve the output file ``names`` of ``source`` (whose names start with ``stem``);
        return why they cannot be its (another source's id or file has one of them), or None."""
        if stem.casefold() in self.stems:
            return f"article id '{article_id}' is already used by {self.stems[stem.casefold()]}; give each source its own id"
        for name in names:
            key = name.casefold()
            if key in (MANIFEST, LOCK):
                return f"output name {name} is the build's own {name}; give the article another id"
            if key in self.claimed:
                other, other_id = self.claimed[key]
                return (f"output {name} of article '{article_id}' would overwrite the same file of "
                        f"article '{other_id}' ({other}); give one of them another id")
        self.stems[stem.casefold()] = source
        for name in names:
            self.claimed[name.casefold()] = (source, article_id)
        return None

    def source(self, entry: dict) -> dict:
        """Record a source's entry (its ``outputs`` list fills as files are written); return it."""
        self.sources.append(entry)
        return entry

    def wrote(self, entry: dict) -> None:
        """Record a file that is now in the folder; rewrite the manifest if the last is a second
        old, and flush the folder after it (the renames of the files it lists come before it,
        in the same folder: after a power cut, the last such manifest is true)."""
        self.outputs[entry["path"]] = entry
        if time.monotonic() - self._last >= FLUSH_EVERY:
            try:
                write_atomic(self.out / MANIFEST, self._text(interrupted=True), clean=False, durable=False)
                sync_folder(self.out)  # --out itself, where the outputs are renamed (a linked manifest is elsewhere)
            except KazanError:  # a full disk: the manifest already there is still true
                pass
            self._last = time.monotonic()

    def finish(self, interrupted: bool = False) -> None:
        """Write the final manifest (``interrupted`` if the build was stopped), then flush the
        folder, so that the renames of the outputs and the manifest survive a power cut.
        Raises KazanError."""
        try:
            self._finish(interrupted)
        finally:
            sync_folder(self.out)

    def _finish(self, interrupted: bool) -> None:
        if interrupted and not self.touching:  # nothing replaced: the previous manifest holds as it was
            if self._before is not None:
                write_atomic(self.out / MANIFEST, self._before, clean=False, durable=False)
            return
        kept, stale = self._leftovers()
        text = self._text(interrupted, kept, stale)
        try:
            write_atomic(self.out / MANIFEST, text, clean=False, durable=False)
        except KazanError:
            # a full disk may have room for one manifest but not two: drop the old one (no
            # manifest claims nothing, so this is true too) and try once more
            try:
                os.unlink(self.out / MANIFEST)
            except OSError:
                raise KazanError(f"{self.out / MANIFEST}: cannot write the manifest") from None
            write_atomic(self.out / MANIFEST, text, clean=False, durable=False)

    def _text(self, interrupted: bool, kept: list | None = None, stale: list | None = None) -> str:
        if stale is None:  # while the build runs: every earlier file not yet rewritten may change
            stale = [{"path": p, "source": o.get("source")} for p, o in self.old.items() if p not in self.outputs]
        return manifest_json(self.sources, list(self.outputs.values()), self.epoch, interrupted,
                             kept=kept or [], stale=stale)

    def _leftovers(self) -> tuple[list[dict], list[dict]]:
        """Return the earlier files of this build's sources that are still there: kept and stale."""
        import hashlib

        kept, stale = [], []
        for path, old in self.old.items():
            if path in self.outputs:
                continue
            if old.get("source") not in self.planned and path.casefold() not in self.claimed:
                continue  # another build's file: the manifest describes this build
            file = self.out / path
            try:
                info = os.lstat(file)
            except OSError:
                continue  # gone
            if not stat.S_ISREG(info.st_mode):
                continue
            same = False
            if info.st_size == old.get("size") and isinstance(old.get("sha256"), str):
                try:
                    same = hashlib.sha256(file.read_bytes()).hexdigest() == old["sha256"]
                except OSError:
                    same = False
            if same:
                kept.append({k: old[k] for k in ("path", "format", "size", "sha256", "source") if k in old})
            else:
                stale.append({"path": path, "source": old.get("source")})
        return kept, stale


def previous_entries(data: bytes | None) -> dict[str, dict]:
    """Return the files an existing manifest lists (outputs, kept and stale), by name.

    A manifest that cannot be read lists nothing; a name that is not a plain file name in
    the folder (``../x``, a hidden file) is ignored, since nothing outside the folder is ours.
    """
    import json

    try:
        data = json.loads(data or b"null")
    except ValueError:
        return {}
    entries: dict[str, dict] = {}
    if not isinstance(data, dict):
        return entries
    for key in ("stale", "kept", "outputs"):  # later lists win: outputs are the most certain
        items = data.get(key)
        for item in items if isinstance(items, list) else []:
            name = item.get("path") if isinstance(item, dict) else None
            if isinstance(name, str) and _plain(name):
                entries[name] = item if key != "stale" else {"path": name, "source": item.get("source")}
    return entries


def _plain(name: str) -> bool:
    return bool(name) and name == os.path.basename(name) and not name.startswith(".") and "\\" not in name
