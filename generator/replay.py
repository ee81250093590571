"""Replaying a stored run: its snippet files written or compared, its messages printed, its exit status.

Used by the console entry point (generator.launch) before click is
imported, and by the command line's own replay (generator.cli). Like
generator.run_index, it imports only the standard library at start-up.
"""

from __future__ import annotations

import os
import stat

from .run_index import file_identity

TYPE_CHECKING = False  # typing and collections.abc are left out at run time
if TYPE_CHECKING:
    from collections.abc import Callable

    from .run_index import RunRecord

__all__ = ["EXIT_ITEMS_SKIPPED", "replay_run", "summary"]

# The exit status of a run that skipped items, for generator.cli too.
EXIT_ITEMS_SKIPPED = 1


def replay_run(
    record: RunRecord,
    out_dir: str | None,
    strict: bool,
    echo: Callable[..., None],
    known: list | None = None,
    found: list | None = None,
) -> int | None:
    """Write or print the snippets and messages of a stored run, as the run did.

    Returns the run's exit status. Returns None when a snippet cannot be
    written, before any message is printed, so that the caller runs in full
    and reports the failure in the usual way. ``echo`` is click.echo or a
    function that writes the same bytes.

    ``known`` holds, for the n-th snippet of the run, the identity (see
    run_index.file_identity, as a list) its file had when it last held
    that snippet's bytes, or None. A file that still has that identity is
    not read again. The caller must take ``known`` from a replay of this
    same stored run. ``found``, when given, receives the identity of each
    snippet's file as this replay found it unchanged, or None for a file
    that it wrote.
    """
    skipped: list[str] = []
    written = 0
    unchanged = 0
    writer = SnippetWriter(out_dir) if out_dir is not None else None
    known = known or []
    same_file = writer.same_file if writer is not None else None
    for event in record.events:
        if isinstance(event, str):
            # The message was redacted when it was recorded.
            if strict:
                echo(f"error: {event}", err=True)
                return EXIT_ITEMS_SKIPPED
            skipped.append(event)
            continue
        if writer is None:
            echo(event.code, nl=False)
        else:
            code = event.code
            identity = None
            if written < len(known) and type(code) is memoryview:
                # A re-run usually finds every file unchanged, so this check
                # runs first, without a call to write().
                identity = same_file(event.path, code.nbytes, known[written])
            if identity is None:
                try:
                    identity = writer.write(event.path, code)
                except (OSError, ValueError):
                    return None
            if identity is not None:
                unchanged += 1
            if found is not None:
                found.append(identity)
        written += 1
    for warning in record.warnings:
        echo(f"warning: {warning}", err=True)
    for message in skipped:
        echo(f"warning: skipped {message}", err=True)
    if out_dir is not None:
        echo(summary(written, unchanged, out_dir, len(skipped)), err=True)
    return EXIT_ITEMS_SKIPPED if skipped else 0


def summary(snippets: int, unchanged: int, out_dir: str, skipped: int) -> str:
    """Return the last line of a run with --out: the snippet files written, those found unchanged, and the skip warnings."""
    written = snippets - unchanged
    line = f"wrote {written} {'snippet' if written == 1 else 'snippets'} to {out_dir}"
    if unchanged:
        line += f"; {unchanged} unchanged"
    if skipped:
        line += f"; {skipped} skipped (see the warnings above)"
    return line


class SnippetWriter:
    """Writes snippet files under ``out_dir`` as output.write_atomic(..., skip_unchanged=True) does, faster.

    write_atomic resolves the output folder and the file's path on every
    call. A first run over Stripe's collection made about 15 stat calls
    per snippet file through it, and about 6 with this class, which
    resolves each folder once. It compares an existing file's bytes, or only the
    file's identity when the caller knows the identity of the file with
    those bytes. It writes a new or changed regular file in an existing
    folder with output.replace_file. Whenever it cannot show that the path
    is a regular file or a missing one inside the output folder, it calls
    write_atomic, which also creates missing folders.
    """

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        self.root = os.path.realpath(out_dir)
        self.root_prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.folders: dict[str, str] = {}

    def write(self, relative: str, code: str | bytes | memoryview) -> list[int] | None:
        """Write ``code``, text or its UTF-8 bytes as run_index.read_run returns them, to ``relative``.

        Returns the identity of the file when it was found unchanged, and
        None when it was written. Raises ValueError, as write_atomic does,
        for text with lone surrogates.
        """
        if isinstance(code, memoryview):
            code = code.tobytes()
        if isinstance(code, str):
            data = code.encode("utf-8")
        elif b"\xed" in code:
            # The lead byte of U+D000 to U+DFFF, lone surrogates included:
            # decoded and encoded again to raise as write_atomic does.
            data = code.decode("utf-8", "surrogatepass").encode("utf-8")
        else:
            data = code
        identity = self._unchanged(self._target(relative), data)
        if identity is None and not self._replace(relative, data):
            # The path is a symbolic link or another special file. A link is
            # followed by write_atomic, which skips a file that has the bytes.
            identity = self._unchanged(self._resolved_target(relative), data)
            if identity is None:
                from pathlib import Path

                from .output import write_atomic

                write_atomic(Path(self.out_dir), relative, data.decode("utf-8"), skip_unchanged=True)
        return identity

    def _replace(self, relative: str, data: bytes) -> bool:
        """Write ``data`` to ``relative`` when the path is a regular or missing file in an existing folder.

        Returns False, having written nothing, for any other path.
        """
        target = self._target(relative)
        if target is None:
            return False
        folder = os.path.dirname(target)
        # The folder was resolved once per run, perhaps before it existed, so
        # it must still be a folder and not a link.
        # NOTE: a folder further up that becomes a link during the run is not
        # noticed, as with any check made before a write.
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        except OSError:
            return False
        try:
            mode = stat.S_IMODE(_regular_file_mode(target))
        except FileNotFoundError:
            mode = None
        except (OSError, ValueError):
            return False
        from pathlib import Path

        from .output import replace_file

        replace_file(Path(target), data, mode)
        return True

    def _target(self, relative: str) -> str | None:
        """Return the path of ``relative`` with its folder resolved, or None when it is outside the output folder."""
        # Stored paths use '/' on every system (generator.output.OutputPaths).
        folder, _, name = relative.rpartition("/")
        if relative.startswith("/") or name in ("", ".", ".."):
            return None
        resolved_folder = self.folders.get(folder)
        if resolved_folder is None:
            resolved_folder = self.folders[folder] = os.path.realpath(os.path.join(self.root, folder))
        target = f"{resolved_folder}{os.sep}{name}"
        return target if target.startswith(self.root_prefix) else None

    def same_file(self, relative: str, size: int, known: object) -> list[int] | None:
        """Return the identity of the file at ``relative`` when it is ``known``, else None.

        As git's index does, a file that kept its device, inode, size and
        modification and change times kept its bytes. The caller stores
        only identities older than the file system's clock resolution, so a
        write in the same clock tick cannot hide.
        """
        target = self._target(relative)
        if target is None:
            return None
        try:
            status = os.lstat(target)
        except OSError:
            return None
        identity = list(file_identity(status))
        if identity == known and status.st_size == size and stat.S_ISREG(status.st_mode):
            return identity
        return None

    def _resolved_target(self, relative: str) -> str | None:
        """Return the path of ``relative`` with every link resolved, or None when it is outside the output folder."""
        target = os.path.realpath(os.path.join(self.root, relative))
        return target if target.startswith(self.root_prefix) else None

    def _unchanged(self, target: str | None, data: bytes) -> list[int] | None:
        """Return the identity of the file at ``target`` when it contains ``data``, else None."""
        if target is None:
            return None
        try:
            # O_NOFOLLOW: a symbolic link is resolved by write_atomic instead.
            handle = os.open(target, _READ_FLAGS)
        except OSError:
            return None
        try:
            status = os.fstat(handle)
            if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                return None
            # A short read compares unequal, and write_atomic then checks again.
            if os.read(handle, len(data) + 1) != data:
                return None
            return list(file_identity(status))
        finally:
            os.close(handle)


def _regular_file_mode(path: str) -> int:
    """Return the mode of the regular file at ``path``.

    Raises ValueError for any other kind of file, and OSError when lstat fails.
    """
    status = os.lstat(path)
    if not stat.S_ISREG(status.st_mode):
        raise ValueError(f"{path} is not a regular file")
    return status.st_mode


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
