"""The console entry point: replays a stored run before click and the command line are imported.

Importing click and the command line module takes about 25 ms (measured
with ``python -X importtime`` on a 2-CPU Xeon), more than the rest of a
replay. So the entry point first looks for a launch entry: a
record, written by an earlier run of ``generate`` with the same command
line, of how that run computed its run index key (generator.run_index).
The launch key covers everything the command line reads before it looks up
the run index:

- the arguments, the current folder and the environment variables that
  choose the cache folder;
- the option files that generator.config would read: their paths, whether
  each is a file, and the bytes of each file;
- the interpreter, and the modification time and inode of each
  site-packages folder on sys.path, which change when a package is
  installed or removed (a click upgrade, or a package that registers
  targets).

The entry stores the collection and environment file paths and the run
key's other parts, so the replay still computes the run key from both
files and the generator's code as the full command line does. To spare
hashing a large collection on every re-run, the entry also stores each
input file's digest with its identity (device, inode, size, modification
and change times), and the code fingerprint with the identity of each
source and template file. As git does with its index, a digest is reused
while the identities are unchanged. It is stored only for files last changed more
than TRUSTED_AGE_NS before, because a file changed twice within one tick
of the file system's clock can keep its times. In the same way, a replay
stores the identity of each snippet file it found unchanged, with the key
of the stored run, and the next replay of that run reads only the files
whose identity changed.
Runs with --templates or with targets from other packages store no
launch entry.

Any doubt falls back to the full command line. That covers a missing,
unreadable or malformed entry and a missing run. It also covers text that
click.echo would change (ANSI escape sequences) or that the output streams
cannot encode, a stream that click would replace, and a snippet file that
cannot be written. The output
files, stdout, stderr and exit status are those of the command line's own
replay (``generate`` in generator.cli): both call generator.replay.replay_run.
"""

from __future__ import annotations

import codecs
import errno
import marshal
import os
import stat
import sys
import time

from . import run_index
from .replay import replay_run

TYPE_CHECKING = False  # typing and collections.abc are left out at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["launch_key", "main", "started_launch_key", "store_launch"]

# Bumped when the launch key or the entry format changes.
LAUNCH_FORMAT = 2

# Launch entries live in this subfolder of the cache folder.
LAUNCHES_FOLDER = "launches"

# A stored input digest is reused only for a file whose modification and
# change times were this much older than the clock when it was stored.
# Linux file systems stamp files with a clock of 1 to 10 ms resolution,
# FAT with 2 s. NOTE: a network file system whose server clock runs
# behind this machine's by more than this could show a stale identity.
TRUSTED_AGE_NS = 3_000_000_000

# The option files that generator.config.find_config looks for in each
# folder, in its order. The search ends at the first postman-snippets.toml.
CONFIG_FILES = ("postman-snippets.toml", "pyproject.toml")

# The launch key of this process's command line, set by main() for the
# generate command to store its entry under.
_started_key: str | None = None

# The clock when main() started, before this process hashed any input or
# source file. A file is trusted only when it was old at that time, so a
# long run cannot make a file changed just before it was hashed look old.
_started_ns: int | None = None


def main(prog_name: str | None = None) -> None:
    """Replay a stored run of the command line in sys.argv, or run the command line in full.

    A snippet that cannot be written to standard output (a full disk, an
    encoding without its characters) ends with a message and status 1.
    """
    try:
        _run(prog_name)
        sys.stdout.flush()
    except UnicodeEncodeError as error:
        _fail_output(
            f"standard output ({error.encoding}) cannot encode {error.object[error.start : error.end]!r};"
            " set PYTHONIOENCODING=utf-8 or write the snippets to a folder with --out"
        )
    except OSError as error:
        if error.filename is not None:
            raise
        _fail_output(f"cannot write to standard output: {error.strerror or error}")


def _fail_output(message: str) -> None:
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except (OSError, UnicodeEncodeError):
        pass
    # The text left in stdout's buffer would fail again when Python exits.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(1)


def _run(prog_name: str | None) -> None:
    global _started_key, _started_ns
    _started_ns = time.time_ns()
    arguments = sys.argv[1:]
    if arguments[:1] == ["generate"]:
        try:
            _started_key = launch_key(arguments)
        except Exception:
            _started_key = None  # as in _replay_launch: the full command line runs
        if _started_key is not None:
            status = _replay_launch(_started_key)
            if status is not None:
                sys.exit(status)

    from .cli import main as command_line

    command_line(prog_name=prog_name)


def started_launch_key() -> str | None:
    """Return the launch key that main() computed for this process's command line, and None on later calls."""
    global _started_key
    key, _started_key = _started_key, None
    return key


def launch_key(arguments: Sequence[str]) -> str | None:
    """Return the launch key of running the command line with ``arguments`` here, or None to run it in full.

    None when the current folder or an option file cannot be read, on
    Windows (click replaces its console streams), when shell completion is
    requested (click then completes instead of running), and with
    --no-cache, which neither reads nor stores a run.
    """
    if os.name == "nt" or any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None
    if "--no-cache" in arguments:
        return None
    try:
        folder = os.getcwd()
        parts = [
            str(LAUNCH_FORMAT),
            sys.executable,
            sys.version,
            repr(list(arguments)),
            folder,
            repr([os.environ.get(name) for name in (run_index.CACHE_FOLDER_VARIABLE, "XDG_CACHE_HOME", "HOME")]),
            repr(_site_packages_state()),
            repr(_config_state(folder)),
        ]
    except OSError:
        return None
    digest = run_index.new_digest()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _site_packages_state() -> list[tuple[str, int, int] | str]:
    state: list[tuple[str, int, int] | str] = []
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                status = os.stat(entry)
            except FileNotFoundError:
                state.append(entry)
                continue
            state.append((entry, status.st_mtime_ns, status.st_ino))
    return state


def _config_state(folder: str) -> list[tuple[str, str]]:
    """Return (path, digest of its bytes, or 'none' or 'not a file') for every option file candidate.

    Raises OSError when a candidate cannot be examined or read, so that
    the command line runs in full and reports it.
    """
    state = []
    directory = os.path.realpath(folder)
    while True:
        for name in CONFIG_FILES:
            path = os.path.join(directory, name)
            try:
                status = os.stat(path)
            except (FileNotFoundError, NotADirectoryError):
                state.append((path, "none"))
                continue
            if not stat.S_ISREG(status.st_mode):
                state.append((path, "not a file"))
                continue
            with open(path, "rb") as file:
                state.append((path, run_index.new_digest(file.read()).hexdigest()))
            if name == CONFIG_FILES[0]:
                return state
        parent = os.path.dirname(directory)
        if parent == directory:
            return state
        directory = parent


def _launch_path(folder: str, key: str) -> str:
    return os.path.join(folder, LAUNCHES_FOLDER, key[:2], f"{key}.launch")


def store_launch(
    key: str,
    *,
    collection: str,
    env_file: str | None,
    parts: Sequence[str],
    out_dir: str | None,
    strict: bool,
) -> None:
    """Store how the generate run of launch ``key`` found its run index entry.

    Does nothing when the entry cannot be written (a full or read-only disk).
    """
    entry = {
        "format": LAUNCH_FORMAT,
        "collection": collection,
        "env": env_file,
        "parts": list(parts),
        "out": out_dir,
        "strict": strict,
        "inputs": _trusted_inputs([collection] if env_file is None else [collection, env_file]),
        "code": _trusted_code(),
    }
    _write_entry(key, entry)


def _trusted_inputs(paths: Sequence[str]) -> list[list]:
    """Return [path, *identity, digest] for each file of ``paths`` hashed in this process and old enough to trust."""
    inputs = []
    now = _trust_clock()
    for path in paths:
        try:
            identity = run_index.file_identity(os.stat(path))
        except OSError:
            continue
        digest = run_index.known_digest(identity)
        _, _, _, modified, changed = identity
        if digest is not None and now - max(modified, changed) > TRUSTED_AGE_NS:
            inputs.append([path, *identity, digest])
    return inputs


def _trust_clock() -> int:
    """Return the clock that file ages are measured against: main()'s start, or now outside main()."""
    return _started_ns if _started_ns is not None else time.time_ns()


def _trusted_code() -> dict | None:
    """Return the code fingerprint with the identities of its files, or None unless every file is old enough to trust."""
    files = run_index.fingerprint_files()
    now = _trust_clock()
    if not files or any(now - max(modified, changed) <= TRUSTED_AGE_NS for *_, modified, changed in files):
        return None
    return {"fingerprint": run_index.code_fingerprint(), "files": files}


def _write_entry(key: str, entry: dict) -> None:
    import tempfile  # not needed by a replay that stores nothing

    path = _launch_path(run_index.cache_folder_name(), key)
    temporary = None
    try:
        run_index.make_private_folders(os.path.dirname(path))
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".launch-", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(marshal.dumps(entry))
        os.replace(temporary, path)
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _private_folders(folder: str, launch: str, run: str) -> bool:
    """Tell whether the cache folder and the folders of launch entry ``launch`` and run entry ``run`` are private.

    Others who can write to one of them could swap two of the user's own
    entries, and a launch entry names the output folder that its run is
    written to.
    """
    paths = [
        folder,
        os.path.join(folder, LAUNCHES_FOLDER),
        os.path.join(folder, LAUNCHES_FOLDER, launch[:2]),
        os.path.join(folder, run_index.RUNS_FOLDER),
        os.path.join(folder, run_index.RUNS_FOLDER, run[:2]),
    ]
    try:
        return all(run_index.is_private(os.stat(path)) for path in paths)
    except OSError:
        return False


def _read_launch(key: str) -> dict | None:
    try:
        data = run_index.read_private_file(_launch_path(run_index.cache_folder_name(), key))
        # In marshal's format, read only from a private file (see
        # run_index's note on run entries).
        entry = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != LAUNCH_FORMAT:
        return None
    parts = entry.get("parts")
    valid = (
        isinstance(entry.get("collection"), str)
        and isinstance(entry.get("env"), (str, type(None)))
        and isinstance(entry.get("out"), (str, type(None)))
        and type(entry.get("strict")) is bool
        and isinstance(parts, list)
        and all(isinstance(part, str) for part in parts)
        and isinstance(entry.get("inputs"), list)
        and all(_valid_input(item) for item in entry["inputs"])
        and (entry.get("code") is None or _valid_code(entry["code"]))
        and (entry.get("outputs") is None or _valid_outputs(entry["outputs"]))
    )
    return entry if valid else None


def _valid_outputs(outputs: object) -> bool:
    # The identities are not checked one by one: replay_run compares each
    # with a list of five ints, which a malformed one never equals.
    return isinstance(outputs, dict) and isinstance(outputs.get("run"), str) and isinstance(outputs.get("files"), list)


def _valid_code(code: object) -> bool:
    if not isinstance(code, dict) or not isinstance(code.get("fingerprint"), str) or not isinstance(code.get("files"), list):
        return False
    return all(
        isinstance(item, list) and len(item) == 6 and isinstance(item[0], str) and all(type(number) is int for number in item[1:])
        for item in code["files"]
    )


def _valid_input(item: object) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 7
        and isinstance(item[0], str)
        and all(type(number) is int for number in item[1:6])
        and isinstance(item[6], str)
    )


def _reuse_trusted_digests(entry: dict) -> bool:
    """Hand the stored digests of unchanged input files to run_index, and return whether every input was unchanged."""
    paths = [entry["collection"]] if entry["env"] is None else [entry["collection"], entry["env"]]
    stored = {item[0]: item for item in entry["inputs"]}
    unchanged = True
    for path in paths:
        item = stored.get(path)
        try:
            identity = run_index.file_identity(os.stat(path))
        except OSError:
            return False
        if item is not None and tuple(item[1:6]) == identity:
            run_index.remember_digest(identity, item[6])
        else:
            unchanged = False
    return unchanged


def _replay_launch(key: str) -> int | None:
    """Replay the run that launch ``key`` leads to, and return its exit status, or None to run the command line in full."""
    try:
        found = _find_replay(key)
    except Exception:
        # The replay only saves time, and no message or snippet file was
        # written yet, so the full command line runs and reports any
        # problem itself. Printing a message here would change the output.
        found = None
    if found is None:
        return None
    record, entry, record_key = found
    outputs = entry.get("outputs")
    # _read_launch checked the table's types.
    known = outputs["files"] if outputs is not None and outputs["run"] == record_key else None
    seen: list = []
    # Taken before any file is read, because an identity is trusted only
    # when the file was already old when the replay read it.
    started = time.time_ns()
    try:
        status = replay_run(record, entry["out"], entry["strict"], _echo, known, seen)
        if status is not None and entry["out"] is not None:
            _store_outputs(key, entry, record_key, seen, started)
        return status
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        # As click does when the reader of stdout goes away: no traceback,
        # no flush error at exit, status 1.
        sys.stdout = _IgnoreFlushErrors(sys.stdout)
        sys.stderr = _IgnoreFlushErrors(sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        # As click does: a blank line closes the terminal's ^C echo.
        _echo("", err=True)
        _echo("Aborted!", err=True)
        return 1


def _find_replay(key: str) -> tuple[run_index.RunRecord, dict, str] | None:
    """Return the stored run, the launch entry of launch ``key`` and the run's key, or None when the replay cannot be trusted."""
    entry = _read_launch(key)
    if entry is None:
        return None
    inputs_unchanged = _reuse_trusted_digests(entry)
    code = entry.get("code")
    code_unchanged = code is not None and run_index.use_stored_fingerprint(code["fingerprint"], code["files"])
    record_key = run_index.run_key_from_parts(entry["collection"], entry["env"], entry["parts"])
    if record_key is None:
        return None
    folder = run_index.cache_folder_name()
    if not _private_folders(folder, key, record_key):
        return None
    # Snippet files are compared as bytes, so their text is decoded only
    # for stdout.
    record = run_index.read_run(folder, record_key, decode=entry["out"] is None)
    if record is None or not _echo_unchanged(record, entry["out"], entry["strict"]):
        return None
    if not inputs_unchanged or not code_unchanged:
        # Store the digests just computed, once the files are old enough to trust.
        paths = [entry["collection"]] if entry["env"] is None else [entry["collection"], entry["env"]]
        updated = {**entry, "inputs": _trusted_inputs(paths), "code": _trusted_code()}
        if updated != entry:
            _write_entry(key, updated)
            entry = updated
    return record, entry, record_key


def _store_outputs(key: str, entry: dict, record_key: str, seen: list, started: int) -> None:
    """Store the identities of the snippet files that a replay of run ``record_key`` found unchanged.

    Only identities older than TRUSTED_AGE_NS at ``started``, the clock
    before the replay read any file, are kept, as for input files, because
    a file rewritten within the clock tick of its last write could keep
    its size and times. The entry is written only when they differ from the stored
    ones, which after the first replay is seldom.
    """
    files = [
        identity if identity is not None and started - max(identity[3], identity[4]) > TRUSTED_AGE_NS else None
        for identity in seen
    ]
    outputs = {"run": record_key, "files": files}
    if entry.get("outputs") != outputs:
        _write_entry(key, {**entry, "outputs": outputs})


def _echo_unchanged(record: run_index.RunRecord, out_dir: str | None, strict: bool) -> bool:
    """Tell whether click.echo would write every message of the replay unchanged to the same streams."""
    streams = {False: sys.stdout, True: sys.stderr}
    for stream in streams.values():
        encoding = getattr(stream, "encoding", None)
        if stream is None or not encoding:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False  # click writes through a UTF-8 stream of its own then
        except LookupError:
            return False
    texts: list[tuple[str, bool]] = [(warning, True) for warning in record.warnings]
    for event in record.events:
        if isinstance(event, str):
            texts.append((f"error: {event}" if strict else f"warning: skipped {event}", True))
        elif out_dir is None:
            texts.append((event.code, False))
    if out_dir is not None:
        texts.append((out_dir, True))
    for text, err in texts:
        if "\x1b" in text:
            return False  # click.echo removes ANSI sequences when the stream is no terminal
        stream = streams[err]
        try:
            text.encode(stream.encoding, getattr(stream, "errors", None) or "strict")
        except (UnicodeError, LookupError):
            return False
    return True


def _echo(message: str, err: bool = False, nl: bool = True) -> None:
    """Write ``message`` as click.echo does for text that _echo_unchanged accepted."""
    stream = sys.stderr if err else sys.stdout
    text = message + "\n" if nl else message
    if text:
        stream.write(text)
    stream.flush()


class _IgnoreFlushErrors:
    """Wraps a stream whose reader went away, so that flushing it at exit raises nothing."""

    def __init__(self, wrapped) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str):
        return getattr(self.wrapped, name)
