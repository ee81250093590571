"""A per-run index of the snippet cache: whole runs replayed without rendering.

The per-snippet cache (generator.cache) still needs the collection loaded,
every wire request built and a key hashed per snippet. A run index entry
stores everything one run produced, in order: each snippet with its file
path, the messages of the items that were skipped, and the warnings about
unresolved variables. Its key hashes the bytes of the collection and
environment files and every setting that can change the output (see
:func:`run_key`), so a re-run on unchanged input can replay the entry
without loading the collection or importing Jinja2.

This module imports only the standard library, because it runs before
anything else on the warm path. For the same reason it does not import
dataclasses, functools or pathlib at start-up: each adds milliseconds to a
replay that takes about twenty (pathlib about 4 ms once re is loaded, in
the median CPU time of 30 interpreter starts on a 2-CPU Xeon).

Entries are written to a temporary file and renamed into place when the
run ends, so a run that stops early (``--strict``, an error, Ctrl-C) leaves
no entry. An entry that cannot be read or parsed counts as a miss.
"""

from __future__ import annotations

import marshal
import os
from stat import S_ISREG

from . import __version__

try:
    # Importing hashlib loads OpenSSL, which takes about 3 ms of CPU time
    # on a 2-CPU Xeon. That is more than hashing the generator's code, and
    # a sixth of a replay of a small collection. The built-in BLAKE2
    # module loads in under 1 ms.
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b as _blake2b

# typing, collections.abc and pathlib are left out at run time, because
# the annotations are strings that only type checkers read.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = [
    "RunIndex",
    "RunRecord",
    "RunRecorder",
    "cache_folder_name",
    "code_fingerprint",
    "default_cache_folder",
    "file_identity",
    "fingerprint_files",
    "is_private",
    "known_digest",
    "make_private_folders",
    "read_private_file",
    "read_run",
    "remember_digest",
    "new_digest",
    "private_folders",
    "run_key",
    "run_key_from_parts",
    "run_key_parts",
    "template_folder",
    "use_stored_fingerprint",
]

CACHE_FOLDER_VARIABLE = "POSTMAN_SNIPPETS_CACHE_DIR"

# Bumped when the entry format changes.
INDEX_FORMAT = 2

# Index entries live in this subfolder of the cache folder, apart from the
# per-snippet entries.
RUNS_FOLDER = "runs"


def new_digest(data: bytes = b""):
    """Return a hash object for cache keys: BLAKE2b with 32-byte (64 hex digit) digests."""
    return _blake2b(data, digest_size=32)


def cache_folder_name() -> str:
    """Return the path of :func:`default_cache_folder` as a string, without importing pathlib."""
    override = os.environ.get(CACHE_FOLDER_VARIABLE)
    if override:
        return override
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "postman-snippets")


def default_cache_folder() -> Path:
    """Return $POSTMAN_SNIPPETS_CACHE_DIR, else postman-snippets/ in $XDG_CACHE_HOME or ~/.cache."""
    from pathlib import Path

    return Path(cache_folder_name())


def _template_folder_name() -> str:
    packaged = os.path.join(os.path.dirname(__file__), "templates")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "templates")


def template_folder() -> Path:
    """Return the folder of the packaged templates.

    An installed wheel carries them inside the package; a source checkout
    keeps them in the top-level ``templates/`` folder.
    """
    from pathlib import Path

    return Path(_template_folder_name())


_fingerprint: str | None = None
# [source, device, inode, size, mtime_ns, ctime_ns] of each file that
# code_fingerprint hashed, taken from the open file.
_fingerprint_files: list[list] = []


def code_fingerprint() -> str:
    """Hash the package version, the templates and the generator's source files.

    Every file is read and hashed once per process, which took about
    1.2 ms for the 78 files (0.7 MB) of this package on a 2-CPU Xeon.
    The console entry point (generator.launch) can hand over a stored
    fingerprint instead, when every file keeps the identity it had when
    it was hashed (see use_stored_fingerprint).
    NOTE: the versions of Jinja2 and black are not covered. Upgrading black
    can change the layout of the Python snippets that go through it, and
    entries written before the upgrade are still used.
    """
    global _fingerprint
    if _fingerprint is not None:
        return _fingerprint
    digest = new_digest(__version__.encode())
    files = []
    for tag, relative, path in _code_files():
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as file:
            files.append([tag + relative, *file_identity(os.fstat(file.fileno()))])
            digest.update(file.read())
    _fingerprint_files[:] = files
    _fingerprint = digest.hexdigest()
    return _fingerprint


def _code_files() -> list[tuple[str, str, str]]:
    """Return (folder tag, relative path, path) of every file that code_fingerprint hashes, in its order."""
    package = os.path.dirname(os.path.realpath(__file__))
    files = []
    for tag, base, suffix in (("package/", package, ".py"), ("templates/", _template_folder_name(), "")):
        files += [(tag, relative, path) for relative, path in _files_under(base, "") if relative.endswith(suffix)]
    return files


def fingerprint_files() -> list[list]:
    """Return [source, *file identity] of each file that code_fingerprint hashed in this process, as it was read."""
    return [list(item) for item in _fingerprint_files]


def use_stored_fingerprint(fingerprint: str, files: list[list]) -> bool:
    """Use ``fingerprint`` as code_fingerprint's value when every source file has the identity in ``files``.

    ``files`` is what fingerprint_files returned when ``fingerprint`` was
    computed. Returns whether it was used. The caller trusts an identity
    only for files that were old enough when it was stored, as git trusts
    its index.
    """
    global _fingerprint
    try:
        current = [[tag + relative, *file_identity(os.stat(path))] for tag, relative, path in _code_files()]
    except OSError:
        return False
    if current != files:
        return False
    _fingerprint = fingerprint
    _fingerprint_files[:] = current
    return True


def _files_under(folder: str, prefix: str) -> list[tuple[str, str]]:
    """Return (relative path with '/' separators, path) of every file under ``folder``, sorted by path parts.

    Symbolic links to files are followed, as Path.is_file does, but
    symbolic links to folders are not entered.
    """
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda entry: entry.name)
    files = []
    for entry in ordered:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            files.extend(_files_under(entry.path, relative + "/"))
        elif entry.is_file():
            files.append((relative, entry.path))
    return files


def is_private(status: os.stat_result) -> bool:
    """Return whether the file or folder of ``status`` belongs to the current user and others cannot write to it.

    NOTE: on systems without os.getuid (Windows) this is always true.
    """
    if not hasattr(os, "getuid"):
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def private_folders(paths: Sequence[str | Path]) -> bool:
    """Return whether every folder of ``paths`` exists and is_private holds for it.

    Others who can write to a folder of cache entries can rename one entry
    of the user's over another, so the entries of such a folder are not used.
    """
    try:
        return all(is_private(os.stat(path)) for path in paths)
    except OSError:
        return False


def make_private_folders(path: str) -> None:
    """Create the folder ``path`` and its missing parents with mode 0700, so that is_private holds for each.

    Folders that exist already keep their mode. With a umask such as 002,
    the default mode would let the user's group write to them.
    """
    missing = []
    while not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass


def read_private_file(path: str | Path) -> bytes:
    """Read a cache entry; raise OSError unless it is a regular file that only the current user can write to.

    The snippet cache and the run index write stored text into snippet
    files, so an entry that another user planted, directly or through a
    symbolic link, would put that user's code into the snippets.
    NOTE: on systems without os.getuid (Windows) only the file type is checked.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not S_ISREG(status.st_mode):
            raise OSError(f"cache entry {path} is not a regular file")
        if not is_private(status):
            raise OSError(f"cache entry {path} belongs to another user or others can write to it")
        return file.read()


# File identity (see file_identity) -> digest of the file's bytes, for
# files hashed in this process and those that generator.launch trusts.
# The command line hashes the collection before and after a run, and the
# console entry point before the command line does.
_digests: dict[tuple[int, int, int, int, int], str] = {}


def file_identity(status: os.stat_result) -> tuple[int, int, int, int, int]:
    """Return the device, inode, size, and modification and change times in nanoseconds of ``status``."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def remember_digest(identity: tuple[int, int, int, int, int], digest: str) -> None:
    """Use ``digest`` for a file with ``identity`` in this process instead of hashing it."""
    _digests[identity] = digest


def known_digest(identity: tuple[int, int, int, int, int]) -> str | None:
    """Return the digest of a file with ``identity`` hashed in this process, or None."""
    return _digests.get(identity)


def _file_digest(path: str | Path) -> str:
    """Hash the bytes of the regular file at ``path``, and raise OSError for any other kind of file.

    Hashing a pipe, such as /dev/stdin or the /dev/fd path of a process
    substitution, would consume the bytes that the run reads next.
    """
    if not S_ISREG(os.stat(path).st_mode):
        raise OSError(f"{path} is not a regular file")
    with open(path, "rb") as file:
        identity = file_identity(os.fstat(file.fileno()))
        known = _digests.get(identity)
        if known is not None:
            return known
        digest = new_digest()
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    _digests[identity] = digest.hexdigest()
    return _digests[identity]


def run_key_parts(
    languages: Sequence[str], options: Mapping[str, object], settings: Mapping[str, object] | None = None
) -> tuple[str, str, str]:
    """Return the parts of a run key that do not depend on file contents, as strings.

    Each value must have a stable ``repr``: strings, numbers, None, and
    tuples or lists of them.
    """
    return repr(tuple(languages)), repr(sorted(options.items())), repr(sorted((settings or {}).items()))


def run_key_from_parts(
    collection_path: str | Path, env_path: str | Path | None, parts: Sequence[str]
) -> str | None:
    """Return the index key of a run from :func:`run_key_parts`, or None when an input file cannot be read or is not a regular file."""
    try:
        collection_digest = _file_digest(collection_path)
        env_digest = _file_digest(env_path) if env_path is not None else ""
    except OSError:
        return None
    digest = new_digest()
    for part in (str(INDEX_FORMAT), code_fingerprint(), collection_digest, env_digest, *parts):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def run_key(
    collection_path: str | Path,
    *,
    languages: Sequence[str],
    options: Mapping[str, object],
    settings: Mapping[str, object] | None = None,
    env_path: str | Path | None = None,
) -> str | None:
    """Return the index key of a run, or None when an input file cannot be read.

    The key covers the bytes of the collection and of the environment file,
    the languages in order, the rendering ``options`` and the caller's other
    ``settings`` that change what the run prints or writes (selected items,
    --var values, the secrets mode, --strict). Each value must have a
    stable ``repr``: strings, numbers, None, and tuples or lists of them.
    """
    return run_key_from_parts(collection_path, env_path, run_key_parts(languages, options, settings))


class StoredSnippet:
    """One snippet of a stored run: where it goes and its code.

    A plain class rather than a namedtuple: a replay that does not import
    ``re`` would otherwise import ``collections`` for it alone, which
    took about 2 ms (``python -X importtime``, 2-CPU AMD EPYC).
    """

    __slots__ = ("path", "language", "address", "code")

    def __init__(self, path: str, language: str, address: str, code: str | memoryview) -> None:
        self.path = path
        self.language = language
        self.address = address
        self.code = code

    def _values(self) -> tuple:
        return (self.path, self.language, self.address, self.code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoredSnippet):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # the code may be a memoryview

    def __repr__(self) -> str:
        return f"StoredSnippet(path={self.path!r}, language={self.language!r}, address={self.address!r}, code={self.code!r})"


class RunRecord:
    """Everything a run produced, in the order it produced it.

    ``events`` contains StoredSnippet objects and the strings of skipped-item
    messages, in the order the run met them. ``warnings`` are printed
    after all snippets.
    """

    __slots__ = ("events", "warnings")

    def __init__(self, events: list[StoredSnippet | str] | None = None, warnings: list[str] | None = None) -> None:
        self.events = events if events is not None else []
        self.warnings = warnings if warnings is not None else []


class RunIndex:
    """Run index entries under ``folder``/runs (default: :func:`default_cache_folder`)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        from pathlib import Path

        base = Path(folder) if folder is not None else default_cache_folder()
        self.folder = base / RUNS_FOLDER

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.run"

    def get(self, key: str) -> RunRecord | None:
        """Return the stored run for ``key``, or None when it is missing or unreadable."""
        return read_run(self.folder.parent, key)

    def recorder(self, key: str) -> RunRecorder:
        """Return a recorder that stores a run under ``key`` when it is committed."""
        return RunRecorder(self._path(key))


def read_run(folder: str | Path, key: str, *, decode: bool = True) -> RunRecord | None:
    """Return the run stored for ``key`` in the cache folder ``folder``, or None when it is missing or unreadable.

    It also returns None when the cache folder or a folder of the entry is
    not private (see private_folders).

    With ``decode`` false, the code of each StoredSnippet is a memoryview
    of the UTF-8 bytes as stored, which contain lone surrogates encoded as
    by the ``surrogatepass`` error handler. A replay that finds a snippet
    file unchanged by its identity never copies those bytes.
    """
    runs = os.path.join(folder, RUNS_FOLDER)
    if not private_folders([folder, runs, os.path.join(runs, key[:2])]):
        return None
    try:
        return _parse_entry(os.path.join(runs, key[:2], f"{key}.run"), decode)
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError):
        return None


# An entry starts with the UTF-8 text of every snippet, one after the other.
# A trailer in marshal's format follows with the events (each snippet with
# its size in bytes) and the warnings. The last line is the byte offset of
# the trailer. Keeping the code out of the trailer spares copying it twice.
# For Stripe's 1,371 snippets, json.loads took 0.47 ms and marshal.loads
# 0.20 ms, and importing json costs about 1 ms more on every re-run (on a
# 2-CPU Xeon). marshal is not meant for data from others, so entries are
# read only when private (read_private_file), as Jinja's compiled
# templates are.


def _parse_entry(path: str | Path, decode: bool = True) -> RunRecord:
    """Read an entry; raise OSError, or EOFError, ValueError, KeyError, TypeError or IndexError when it is malformed."""
    data = read_private_file(path)
    if not data.endswith(b"\n"):
        raise ValueError("the entry has no end line")
    footer_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    trailer_start = int(data[footer_start:-1])
    if not 0 <= trailer_start < footer_start:
        raise ValueError("the trailer offset does not point at the trailer")
    view = memoryview(data)
    trailer = marshal.loads(view[trailer_start:footer_start])
    if not isinstance(trailer, dict):
        raise TypeError("the trailer is not a table")
    if trailer["format"] != INDEX_FORMAT:
        raise ValueError("unknown entry format")
    record = RunRecord(warnings=[str(warning) for warning in trailer["warnings"]])
    # Each snippet is decoded from its own slice of the bytes, so no decoded
    # copy of the whole text is made.
    position = 0
    events = record.events
    for event in trailer["events"]:
        if event[0] == "skip":
            events.append(str(event[1]))
            continue
        _, snippet_path, language, address, size = event
        # marshal.loads returns exactly str and int for valid entries.
        if type(snippet_path) is not str or type(language) is not str or type(address) is not str or type(size) is not int:
            raise TypeError("invalid snippet event")
        end = position + size
        if size < 0 or end > trailer_start:
            raise ValueError("a snippet size reaches outside the stored text")
        code = str(view[position:end], "utf-8", "surrogatepass") if decode else view[position:end]
        events.append(StoredSnippet(snippet_path, language, address, code))
        position = end
    if position != trailer_start:
        raise ValueError("the snippet sizes do not add up to the stored text")
    return record


class RunRecorder:
    """Writes the snippets of one run to a temporary file; :meth:`commit` puts it in place.

    Snippet text goes to disk as it comes, and only the short event list
    stays in memory. A recorder that is discarded, or that failed to
    write, stores nothing. Recording never raises on a read-only or full
    disk.
    """

    def __init__(self, path: Path) -> None:
        import tempfile  # not needed by a replay, so imported only when recording

        self.path = path
        self._events: list[list] = []
        self._file = None
        self._temporary: str | None = None
        try:
            make_private_folders(str(path.parent))
            handle, self._temporary = tempfile.mkstemp(dir=path.parent, prefix=".run-", suffix=".tmp")
            self._file = os.fdopen(handle, "wb")
        except OSError:
            self._file = None
            self._remove_temporary()

    def snippet(self, path: str, language: str, address: str, code: str) -> None:
        """Record one snippet."""
        if self._file is None:
            return
        try:
            encoded = code.encode("utf-8", "surrogatepass")
            self._file.write(encoded)
        except (OSError, ValueError):
            self.discard()  # a full disk, or text that cannot be encoded
            return
        self._events.append(["snippet", path, language, address, len(encoded)])

    def skip(self, message: str) -> None:
        """Record the message of a skipped item, as printed."""
        self._events.append(["skip", message])

    def commit(self, warnings: Sequence[str]) -> None:
        """Write the event list and the closing warnings, and put the entry in place."""
        if self._file is None:
            return
        try:
            trailer = {"format": INDEX_FORMAT, "events": self._events, "warnings": list(warnings)}
            offset = self._file.tell()
            self._file.write(marshal.dumps(trailer))
            self._file.write(b"\n%d\n" % offset)
            self._file.close()
            os.replace(self._temporary, self.path)
            self._temporary = None
        except (OSError, ValueError):
            self._remove_temporary()
        finally:
            self._file = None

    def discard(self) -> None:
        """Drop what was recorded; does nothing after :meth:`commit`."""
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None
        self._remove_temporary()

    def _remove_temporary(self) -> None:
        if self._temporary is not None:
            try:
                os.unlink(self._temporary)
            except OSError:
                pass
            self._temporary = None
