"""File names for generated snippets and atomic writes.

Names come from folder and item names, which are untrusted: the result is
safe on Linux, macOS and Windows and always stays inside the output folder.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import unicodedata
from pathlib import Path

__all__ = ["OutputPaths", "replace_file", "safe_name", "write_atomic"]

# Names Windows reserves for devices, with or without an extension. The
# superscript digits are reserved too and count as word characters here.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{kind}{digit}" for kind in ("com", "lpt") for digit in "0123456789\u00b9\u00b2\u00b3"
}
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
_MAX_NAME_BYTES = 100  # leaves room for a suffix and the extension under 255 bytes


def safe_name(name: str) -> str:
    """Turn a folder or item name into a file name segment.

    Letters and digits of any script are kept; every other run of characters
    becomes ``-``. Leading dots and trailing dots are removed (no hidden files,
    no ``..``; Windows drops trailing dots), and the result is cut to 100
    UTF-8 bytes. A reserved Windows device name gets a ``_`` after the part
    before the first dot, so ``nul.txt`` becomes ``nul_.txt``.
    """
    text = unicodedata.normalize("NFC", name).lower()
    text = _UNSAFE.sub("-", text).strip("-.")
    text = re.sub(r"-{2,}", "-", text)
    encoded = text.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        text = encoded[:_MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip("-.")
    if not text:
        text = "untitled"
    stem, dot, extension = text.partition(".")
    if stem in _WINDOWS_RESERVED:
        # Windows treats "nul.txt" as the device too, so the stem must change.
        text = f"{stem}_{dot}{extension}"
    return text


class OutputPaths:
    """Assigns each item a unique relative path, the same on every run for the same collection."""

    def __init__(self, reserved_endings: tuple[str, ...] = ()) -> None:
        self._taken: set[str] = set()
        self._folders: dict[tuple[str, ...], str] = {}
        # Name endings that the file name of another item may get, such as
        # ".python-httpx" before ".py". An item whose name ends so gets a "-"
        # in place of the ".", so that the two files differ.
        self._reserved_endings = reserved_endings

    def folder(self, folders: tuple[str, ...]) -> str:
        """Return the relative path of a folder, assigning it and its parents on first use."""
        if not folders:
            return ""
        # A loop over the depths, not recursion, so deep folder trees cannot
        # reach Python's recursion limit.
        parent = ""
        for depth in range(1, len(folders) + 1):
            key = folders[:depth]
            if key not in self._folders:
                self._folders[key] = self._unique(parent, safe_name(key[-1]), "")
            parent = self._folders[key]
        return parent

    def item(self, folders: tuple[str, ...], name: str) -> str:
        """Return the path of an item without extension; each language adds its own."""
        stem = safe_name(name)
        for ending in self._reserved_endings:
            if stem.endswith(ending):
                stem = stem[: -len(ending)] + "-" + ending[1:]
                break
        return self._unique(self.folder(folders), stem, "")

    def reserve(self, relative: str) -> None:
        """Keep ``relative`` (a path without extension) from being assigned; the next claimant gets ``_2``."""
        self._taken.add(relative.lower())

    def _unique(self, parent: str, stem: str, extension: str) -> str:
        candidate = f"{parent}/{stem}" if parent else stem
        number = 2
        # Compared case-insensitively because macOS and Windows file systems are.
        while candidate.lower() in self._taken:
            candidate = f"{parent}/{stem}_{number}" if parent else f"{stem}_{number}"
            number += 1
        self._taken.add(candidate.lower())
        return candidate


def write_atomic(root: Path, relative: str, text: str, *, skip_unchanged: bool = False) -> Path:
    """Write ``text`` to ``root/relative`` through a temporary file and a rename.

    An interrupted run leaves either the old file or the new one. Raises
    ValueError if the path would leave ``root``. With ``skip_unchanged``, a
    file that already contains exactly ``text`` is left as it is, modification
    time included.
    """
    root = root.resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise ValueError(f"refusing to write outside {root}: {relative!r}")
    data = text.encode("utf-8")
    if skip_unchanged and _contains(target, data):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, data, stat.S_IMODE(target.stat().st_mode) if target.exists() else None)
    return target


def replace_file(target: Path, data: bytes, mode: int | None) -> None:
    """Write ``data`` to a temporary file in the folder of ``target``, then rename it to ``target``.

    ``target`` must be a resolved path in an existing folder. ``mode`` is the
    permission bits of the file being replaced, or None for a new file, which
    gets the mode any new file would get.
    """
    handle, temporary = _create_temporary(target.parent, target.suffix)
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _contains(path: Path, data: bytes) -> bool:
    """Tell whether ``path`` is a regular file whose bytes are ``data``."""
    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _create_temporary(folder: Path, suffix: str) -> tuple[int, Path]:
    """Create a new empty file in ``folder`` and return its descriptor and path.

    Unlike tempfile.mkstemp, which always uses mode 0600, the file is created
    with mode 0666 minus the umask, the mode any new file would get.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f".tmp-{secrets.token_hex(8)}{suffix}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name in {folder}")
