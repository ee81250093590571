"""File names for snippets and the atomic writer."""

from __future__ import annotations

import os
import stat
import sys
import unicodedata

import pytest

from generator.output import OutputPaths, safe_name, write_atomic

RESERVED_STEMS = {"con", "prn", "aux", "nul"} | {
    f"{kind}{digit}" for kind in ("com", "lpt") for digit in "0123456789¹²³"
}

HOSTILE_NAMES = [
    "..",
    ".",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\x",
    "C:\\Windows\\System32",
    "a\x00b",
    "CON",
    "nul.txt",
    "COM1",
    "lpt9.log",
    "name. . ",
    " spaced ",
    "...hidden",
    "a" * 300,
    "é" * 300,
    "用户" * 100,
    "tab\tnew\nline",
    "<>:\"|?*",
    "",
    "   ",
    "\u202eevil",
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("..", "untitled"),
        (".", "untitled"),
        ("", "untitled"),
        ("/etc/passwd", "etc-passwd"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\x", "c-x"),
        ("a\x00b", "a-b"),
        ("CON", "con_"),
        ("nul.txt", "nul_.txt"),
        ("Nul.Tar.Gz", "nul_.tar.gz"),
        ("COM1", "com1_"),
        ("lpt9.log", "lpt9_.log"),
        ("COM\u00b9", "com\u00b9_"),
        ("console", "console"),
        ("name. . ", "name"),
        ("trailing...", "trailing"),
        ("...hidden", "hidden"),
        ("Get User", "get-user"),
        ("Grüße Straße", "grüße-straße"),
        ("用户列表", "用户列表"),
        ("v1.2 release", "v1.2-release"),
    ],
)
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_safe_name_normalizes_to_nfc():
    decomposed = unicodedata.normalize("NFD", "café")

    assert safe_name(decomposed) == "café"


@pytest.mark.parametrize("name", ["a" * 300, "é" * 150, "用户" * 100, "x" * 99 + "é"])
def test_safe_name_cut_to_100_bytes(name):
    result = safe_name(name)

    assert 0 < len(result.encode("utf-8")) <= 100
    assert name.lower().startswith(result)


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_safe_name_is_safe_everywhere(name):
    result = safe_name(name)

    assert result
    assert not set(result) & set('/\\\x00<>:"|?*\t\n\r ')
    assert not result.startswith(".")
    assert not result.endswith((".", " "))
    assert len(result.encode("utf-8")) <= 100
    assert result.split(".", 1)[0] not in RESERVED_STEMS


def test_output_paths_collisions_in_same_folder():
    paths = OutputPaths()

    names = ["Get User", "get user", "GET-USER", "get-user_2", "Other"]
    assigned = [paths.item(("Users",), name) for name in names]

    assert assigned == ["users/get-user", "users/get-user_2", "users/get-user_3", "users/get-user_2_2", "users/other"]


def test_output_paths_folders_differing_in_case():
    paths = OutputPaths()

    first = paths.item(("Users",), "List")
    second = paths.item(("users",), "List")
    nested = paths.item(("users", "Admin"), "List")

    assert first == "users/list"
    assert second == "users_2/list"
    assert nested == "users_2/admin/list"


def test_output_paths_same_name_in_other_folder_no_collision():
    paths = OutputPaths()

    assert paths.item(("A",), "x") == "a/x"
    assert paths.item(("B",), "x") == "b/x"
    assert paths.item((), "x") == "x"


def test_output_paths_deterministic():
    sequence = [(("F",), "a"), (("f",), "a"), ((), "F"), (("F", "G"), "a/b"), ((), "a"), ((), "A")]

    runs = []
    for _ in range(2):
        paths = OutputPaths()
        runs.append([paths.item(folders, name) for folders, name in sequence])

    assert runs[0] == ["f/a", "f_2/a", "f_3", "f/g/a-b", "a", "a_2"]
    assert runs[1] == runs[0]


def test_output_paths_deep_folders():
    folders = tuple(f"level {depth}" for depth in range(1500))

    path = OutputPaths().item(folders, "leaf")

    assert path.count("/") == 1500
    assert path.endswith("/level-1499/leaf")


def temporary_files(root):
    return [path for path in root.rglob("*") if path.name.startswith(".tmp-")]


def test_write_atomic_writes_nested_file(tmp_path):
    target = write_atomic(tmp_path, "a/b/snippet.py", "print('hi')\n")

    assert target == (tmp_path / "a" / "b" / "snippet.py").resolve()
    assert target.read_text(encoding="utf-8") == "print('hi')\n"
    assert temporary_files(tmp_path) == []


def test_write_atomic_replaces_existing_file(tmp_path):
    write_atomic(tmp_path, "s.sh", "old\n")
    write_atomic(tmp_path, "s.sh", "new\n")

    assert (tmp_path / "s.sh").read_text(encoding="utf-8") == "new\n"
    assert temporary_files(tmp_path) == []


def test_write_atomic_keeps_newlines_as_lf(tmp_path):
    target = write_atomic(tmp_path, "s.ps1", "a\nb\n")

    assert target.read_bytes() == b"a\nb\n"


@pytest.mark.parametrize("relative", ["../outside.py", "a/../../outside.py", "/tmp/outside.py", "", "."])
def test_write_atomic_rejects_paths_outside_root(tmp_path, relative):
    root = tmp_path / "root"
    root.mkdir()

    with pytest.raises(ValueError):
        write_atomic(root, relative, "x")

    assert list(tmp_path.iterdir()) == [root]
    assert list(root.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need extra rights on Windows")
def test_write_atomic_rejects_symlink_out_of_root(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)

    with pytest.raises(ValueError):
        write_atomic(root, "link/x.py", "x")

    assert list(outside.iterdir()) == []


def test_write_atomic_failure_leaves_no_temporary_file(tmp_path):
    (tmp_path / "taken.py").mkdir()

    with pytest.raises(OSError):
        write_atomic(tmp_path, "taken.py", "x")

    assert temporary_files(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_write_atomic_new_file_mode_follows_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        target = write_atomic(tmp_path, "s.py", "x")
    finally:
        os.umask(previous)

    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_write_atomic_keeps_mode_of_existing_file(tmp_path):
    existing = tmp_path / "s.sh"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o750)

    write_atomic(tmp_path, "s.sh", "new")

    assert stat.S_IMODE(existing.stat().st_mode) == 0o750


def test_write_atomic_skip_unchanged_keeps_file(tmp_path):
    target = tmp_path / "a" / "b.py"
    write_atomic(tmp_path, "a/b.py", "x = 'é'\n")
    os.utime(target, (1_000_000, 1_000_000))

    write_atomic(tmp_path, "a/b.py", "x = 'é'\n", skip_unchanged=True)

    assert target.stat().st_mtime == 1_000_000
    assert target.read_text(encoding="utf-8") == "x = 'é'\n"


def test_write_atomic_skip_unchanged_rewrites_changed(tmp_path):
    target = tmp_path / "b.py"
    write_atomic(tmp_path, "b.py", "x = 1\n")
    os.utime(target, (1_000_000, 1_000_000))

    write_atomic(tmp_path, "b.py", "x = 2\n", skip_unchanged=True)

    assert target.read_text(encoding="utf-8") == "x = 2\n"
    assert target.stat().st_mtime != 1_000_000


def test_write_atomic_skip_unchanged_still_rejects_outside(tmp_path):
    with pytest.raises(ValueError):
        write_atomic(tmp_path, "../outside.py", "x = 1\n", skip_unchanged=True)


def test_full_run_keeps_unchanged_files(tmp_path):
    from click.testing import CliRunner

    from conftest import EXAMPLES
    from generator.cli import main

    collection = EXAMPLES / "pet-store.postman_collection.json"
    arguments = ["generate", str(collection), "--out", str(tmp_path), "--lang", "curl", "--no-cache"]
    assert CliRunner().invoke(main, arguments).exit_code in (0, 1)
    files = sorted(path for path in tmp_path.rglob("*") if path.is_file())
    for path in files:
        os.utime(path, ns=(10**18, 10**18))

    assert CliRunner().invoke(main, arguments).exit_code in (0, 1)

    assert files
    assert all(path.stat().st_mtime_ns == 10**18 for path in files)
