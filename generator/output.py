"""File names for generated snippets and atomic writes.

Names come from folder and item names, which are untrusted: the result is
safe on Linux, macOS and Windows and always stays inside the output folder.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["OutputPaths", "safe_name", "write_atomic"]

# Names Windows reserves for devices, with or without an extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
_MAX_NAME_BYTES = 100  # leaves room for a suffix and the extension under 255 bytes


def safe_name(name: str) -> str:
    """Turn a folder or item name into a file name segment.

    Letters and digits of any script are kept; every other run of characters
    becomes ``-``. Leading dots and trailing dots are removed (no hidden files,
    no ``..``; Windows drops trailing dots), reserved Windows device names
    get a ``_`` suffix, and the result is cut to 100 UTF-8 bytes.
    """
    text = unicodedata.normalize("NFC", name).lower()
    text = _UNSAFE.sub("-", text).strip("-.")
    text = re.sub(r"-{2,}", "-", text)
    encoded = text.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        text = encoded[:_MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip("-.")
    if not text:
        text = "untitled"
    if text.split(".", 1)[0] in _WINDOWS_RESERVED:
        text += "_"
    return text


class OutputPaths:
    """Assigns each item a unique relative path, the same on every run for the same collection."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._folders: dict[tuple[str, ...], str] = {}

    def folder(self, folders: tuple[str, ...]) -> str:
        if not folders:
            return ""
        if folders not in self._folders:
            parent = self.folder(folders[:-1])
            self._folders[folders] = self._unique(parent, safe_name(folders[-1]), "")
        return self._folders[folders]

    def item(self, folders: tuple[str, ...], name: str) -> str:
        """Return the path of an item without extension; each language adds its own."""
        return self._unique(self.folder(folders), safe_name(name), "")

    def _unique(self, parent: str, stem: str, extension: str) -> str:
        candidate = f"{parent}/{stem}" if parent else stem
        number = 2
        # Compared case-insensitively because macOS and Windows file systems are.
        while candidate.lower() in self._taken:
            candidate = f"{parent}/{stem}_{number}" if parent else f"{stem}_{number}"
            number += 1
        self._taken.add(candidate.lower())
        return candidate


def write_atomic(root: Path, relative: str, text: str) -> Path:
    """Write ``text`` to ``root/relative`` through a temporary file and a rename.

    An interrupted run leaves either the old file or the new one. Raises
    ValueError if the path would leave ``root``.
    """
    root = root.resolve()
    target = (root / relative).resolve()
    if root != target and root not in target.parents:
        raise ValueError(f"refusing to write outside {root}: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
