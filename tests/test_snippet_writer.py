"""The command line's snippet writer (generator.replay.SnippetWriter) must write as write_atomic does."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from generator.replay import SnippetWriter

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits and symbolic links")


def temporary_files(root):
    return [path for path in root.rglob("*") if path.name.startswith(".tmp-")]


def test_writer_creates_folders_and_files(tmp_path):
    out = tmp_path / "out"
    writer = SnippetWriter(str(out))

    writer.write("a/b/first.py", "print(1)\n")
    writer.write("a/b/second.py", "print('é')\n")
    writer.write("top.sh", "echo\n")

    assert (out / "a" / "b" / "first.py").read_bytes() == b"print(1)\n"
    assert (out / "a" / "b" / "second.py").read_bytes() == "print('é')\n".encode("utf-8")
    assert (out / "top.sh").read_bytes() == b"echo\n"
    assert temporary_files(out) == []


def test_writer_replaces_changed_file(tmp_path):
    writer = SnippetWriter(str(tmp_path))
    writer.write("s.py", "old\n")
    os.utime(tmp_path / "s.py", (1_000_000, 1_000_000))

    assert SnippetWriter(str(tmp_path)).write("s.py", "new\n") is None

    assert (tmp_path / "s.py").read_text(encoding="utf-8") == "new\n"
    assert (tmp_path / "s.py").stat().st_mtime != 1_000_000


def test_writer_keeps_unchanged_file(tmp_path):
    SnippetWriter(str(tmp_path)).write("s.py", "same\n")
    os.utime(tmp_path / "s.py", (1_000_000, 1_000_000))

    assert SnippetWriter(str(tmp_path)).write("s.py", "same\n") is not None

    assert (tmp_path / "s.py").stat().st_mtime == 1_000_000


@posix_only
def test_writer_new_file_mode_follows_umask(tmp_path):
    (tmp_path / "first.py").write_text("x", encoding="utf-8")
    previous = os.umask(0o022)
    try:
        SnippetWriter(str(tmp_path)).write("second.py", "x")
    finally:
        os.umask(previous)

    assert stat.S_IMODE((tmp_path / "second.py").stat().st_mode) == 0o644


@posix_only
def test_writer_keeps_mode_of_existing_file(tmp_path):
    existing = tmp_path / "s.sh"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o750)

    SnippetWriter(str(tmp_path)).write("s.sh", "new")

    assert existing.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o750


@posix_only
def test_writer_rejects_folder_link_out_of_root(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)

    with pytest.raises(ValueError):
        SnippetWriter(str(root)).write("link/x.py", "x")

    assert list(outside.iterdir()) == []


@posix_only
def test_writer_rejects_file_link_out_of_root(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside.py"
    outside.write_text("kept", encoding="utf-8")
    (root / "x.py").symlink_to(outside)

    with pytest.raises(ValueError):
        SnippetWriter(str(root)).write("x.py", "x")

    assert outside.read_text(encoding="utf-8") == "kept"


@posix_only
def test_writer_follows_file_link_inside_root(tmp_path):
    (tmp_path / "real.py").write_text("old", encoding="utf-8")
    (tmp_path / "x.py").symlink_to(tmp_path / "real.py")

    SnippetWriter(str(tmp_path)).write("x.py", "new")

    assert (tmp_path / "x.py").is_symlink()
    assert (tmp_path / "real.py").read_text(encoding="utf-8") == "new"


@posix_only
def test_writer_reports_unchanged_linked_file(tmp_path):
    (tmp_path / "real.py").write_text("same", encoding="utf-8")
    os.utime(tmp_path / "real.py", (1_000_000, 1_000_000))
    (tmp_path / "x.py").symlink_to(tmp_path / "real.py")

    identity = SnippetWriter(str(tmp_path)).write("x.py", "same")

    # The summary of `generate --out` counts this file as unchanged.
    assert identity is not None
    assert (tmp_path / "real.py").stat().st_mtime == 1_000_000


@posix_only
def test_writer_folder_turned_link_after_first_write(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    outside.mkdir()
    writer = SnippetWriter(str(root))
    writer.write("a/first.py", "x")
    writer.write("a/second.py", "x")  # written in a folder that exists
    # The folder is replaced by a link before the next file of the same run.
    (root / "a" / "first.py").unlink()
    (root / "a" / "second.py").unlink()
    (root / "a").rmdir()
    (root / "a").symlink_to(outside, target_is_directory=True)

    with pytest.raises(ValueError):
        writer.write("a/second.py", "x")

    assert list(outside.iterdir()) == []


def test_writer_rejects_folder_in_place_of_file(tmp_path):
    (tmp_path / "taken.py").mkdir()

    with pytest.raises(OSError):
        SnippetWriter(str(tmp_path)).write("taken.py", "x")

    assert temporary_files(tmp_path) == []


@pytest.mark.parametrize("relative", ["../outside.py", "a/../../outside.py", "/tmp/outside.py", "", "."])
def test_writer_rejects_paths_outside_root(tmp_path, relative):
    root = tmp_path / "root"
    root.mkdir()

    with pytest.raises(ValueError):
        SnippetWriter(str(root)).write(relative, "x")

    assert list(tmp_path.iterdir()) == [root]
    assert list(root.iterdir()) == []
