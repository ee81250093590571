"""Replaying a stored run: its snippet files written or compared, its messages printed, its exit status.

Used by the console entry point (generator.launch) before click is
imported, and by the command line's own replay (generator.cli). Like
generator.run_index, it imports only the standard library at start-up.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing and collections.abc are left out at run time
if TYPE_CHECKING:
    from collections.abc import Callable

    from .run_index import RunRecord

__all__ = ["EXIT_ITEMS_SKIPPED", "replay_run", "summary"]

# The exit status of a run that skipped items, for generator.cli too.
EXIT_ITEMS_SKIPPED = 1


def replay_run(
    record: RunRecord, out_dir: str | None, strict: bool, echo: Callable[..., None]
) -> int | None:
    """Write or print the snippets and messages of a stored run, as the run did.

    Returns the run's exit status. Returns None when a snippet cannot be
    written, before any message is printed, so that the caller runs in full
    and reports the failure in the usual way. ``echo`` is click.echo or a
    function that writes the same bytes.
    """
    skipped: list[str] = []
    written = 0
    writer = _UnchangedFileWriter(out_dir) if out_dir is not None else None
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
            try:
                writer.write(event.path, event.code)
            except (OSError, ValueError):
                return None
        written += 1
    for warning in record.warnings:
        echo(f"warning: {warning}", err=True)
    for message in skipped:
        echo(f"warning: skipped {message}", err=True)
    if out_dir is not None:
        echo(summary(written, out_dir, len(skipped)), err=True)
    return EXIT_ITEMS_SKIPPED if skipped else 0


def summary(written: int, out_dir: str, skipped: int) -> str:
    """Return the last line of a run with --out: the snippets written and the number of skip warnings."""
    line = f"wrote {written} snippets to {out_dir}"
    if skipped:
        line += f"; {skipped} skipped (see the warnings above)"
    return line


class _UnchangedFileWriter:
    """Writes snippet files under ``out_dir`` as output.write_atomic(..., skip_unchanged=True) does, faster.

    write_atomic resolves the output folder and the file's path on every
    call. A re-run usually finds every file unchanged, so this class
    resolves each folder once and compares the file's bytes. Whenever it
    cannot show that the file is a regular file inside the output folder
    with the same bytes, it calls write_atomic.
    """

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        self.root = os.path.realpath(out_dir)
        self.root_prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.folders: dict[str, str] = {}

    def write(self, relative: str, code: str | bytes) -> None:
        """Write ``code``, text or its UTF-8 bytes as run_index.read_run returns them, to ``relative``.

        Raises ValueError, as write_atomic does, for text with lone surrogates.
        """
        if isinstance(code, str):
            data = code.encode("utf-8")
        elif b"\xed" in code:
            # The lead byte of U+D000 to U+DFFF, lone surrogates included:
            # decoded and encoded again to raise as write_atomic does.
            data = code.decode("utf-8", "surrogatepass").encode("utf-8")
        else:
            data = code
        if not self._unchanged(relative, data):
            from pathlib import Path

            from .output import write_atomic

            write_atomic(Path(self.out_dir), relative, data.decode("utf-8"), skip_unchanged=True)

    def _unchanged(self, relative: str, data: bytes) -> bool:
        # Stored paths use '/' on every system (generator.output.OutputPaths).
        folder, _, name = relative.rpartition("/")
        if relative.startswith("/") or name in ("", ".", ".."):
            return False
        resolved_folder = self.folders.get(folder)
        if resolved_folder is None:
            resolved_folder = self.folders[folder] = os.path.realpath(os.path.join(self.root, folder))
        target = f"{resolved_folder}{os.sep}{name}"
        if not target.startswith(self.root_prefix):
            return False
        try:
            # O_NOFOLLOW: a symbolic link is resolved by write_atomic instead.
            handle = os.open(target, _READ_FLAGS)
        except OSError:
            return False
        try:
            status = os.fstat(handle)
            if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                return False
            # A short read compares unequal, and write_atomic then checks again.
            return os.read(handle, len(data) + 1) == data
        finally:
            os.close(handle)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
