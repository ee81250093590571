"""A persistent cache of generated snippets, one small JSON file per entry.

An entry's key hashes everything the snippet depends on: the resolved wire
request, the item's saved examples, the language, the options, the package
version and the contents of the templates and of the generator's own
source files. A change to any of them gives a new key, so entries are
never invalidated, only left unused.

Entries are written to a temporary file in the same folder and renamed into
place, so concurrent runs never read a half-written entry. An entry that
cannot be read or parsed counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .api import GenerateResult
from .model import Example
from .run_index import (
    CACHE_FOLDER_VARIABLE,
    code_fingerprint,
    default_cache_folder,
    make_private_folders,
    private_folders,
    read_private_file,
)
from .wire import WireRequest

__all__ = ["CACHE_FOLDER_VARIABLE", "Cache", "code_fingerprint", "default_cache_folder"]

# Bumped when the entry format changes.
ENTRY_FORMAT = 1


class Cache:
    """Snippets stored under ``folder`` (default: :func:`default_cache_folder`)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_folder()
        self.hits = 0
        self.misses = 0

    def __reduce__(self):
        # Worker processes get the folder only; counters stay per process.
        return (Cache, (self.folder,))

    def key(self, wire: WireRequest, examples: tuple[Example, ...], language: str, options: Mapping[str, object]) -> str:
        """Return the entry key for one snippet.

        The model and wire objects are frozen dataclasses of strings, numbers
        and tuples, so their repr is a complete and stable description.
        """
        digest = hashlib.sha256()
        for part in (
            str(ENTRY_FORMAT),
            code_fingerprint(),
            language,
            repr(sorted(options.items())),
            repr(wire),
            repr(examples),
        ):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> GenerateResult | None:
        """Return the stored result for ``key``, or None when it is missing, unreadable or in a folder that is not private."""
        path = self._path(key)
        if not private_folders([self.folder, path.parent]):
            self.misses += 1
            return None
        try:
            entry = json.loads(read_private_file(path).decode("utf-8", errors="surrogatepass"))
            result = GenerateResult(
                code=entry["code"],
                warnings=tuple(entry["warnings"]),
                unresolved=tuple(entry["unresolved"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        if not isinstance(result.code, str):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: GenerateResult) -> None:
        """Store ``result``, unless the folder cannot be written."""
        path = self._path(key)
        entry = {"code": result.code, "warnings": list(result.warnings), "unresolved": list(result.unresolved)}
        try:
            make_private_folders(str(path.parent))
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as file:
                    json.dump(entry, file, ensure_ascii=False)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError):
            return  # a read-only or full disk, or text that cannot be encoded
