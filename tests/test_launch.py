"""The console entry point's replay before click (generator.launch): same output as a full run, and every miss."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import config, launch, replay, run_index
from generator.run_index import RunRecord, StoredSnippet
from snippet_checks import write_users_collection

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:9/api"

# Runs the entry point as the console script does, and writes to the file
# named by LAUNCH_PROBE whether click was imported: True for a full run,
# False for a replay before click.
PROBE = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["LAUNCH_PROBE"], "w").write(str("click" in sys.modules)))
if os.environ.get("LAUNCH_MODULES"):
    atexit.register(lambda: open(os.environ["LAUNCH_MODULES"], "w").write("\\n".join(sorted(sys.modules))))
sys.argv[0] = "postman-snippets"
from generator import launch
if os.environ.get("LAUNCH_TRUST_AT_ONCE"):
    launch.TRUSTED_AGE_NS = -10**12  # trust files written a moment ago
launch.main()
"""


def write_collection(path: Path, *, url: str = "{{baseUrl}}/users", extra_items: tuple = ()) -> Path:
    return write_users_collection(path, "Launch tests", BASE, url=url, extra_items=extra_items)


class Launcher:
    """Runs ``postman-snippets`` in a subprocess with one cache folder and working folder."""

    def __init__(self, tmp_path: Path, python_path: Path = ROOT) -> None:
        self.tmp_path = tmp_path
        self.work = tmp_path / "work"
        self.work.mkdir(exist_ok=True)
        self.probe = tmp_path / "probe"
        self.env = dict(os.environ)
        self.env["POSTMAN_SNIPPETS_CACHE_DIR"] = str(tmp_path / "cache")
        self.env["LAUNCH_PROBE"] = str(self.probe)
        self.env["PYTHONPATH"] = str(python_path)
        for name in list(self.env):
            if name.endswith("_COMPLETE"):
                del self.env[name]

    def run(self, *arguments: object) -> tuple[subprocess.CompletedProcess, bool]:
        """Return the finished process and whether it replayed before importing click."""
        completed = subprocess.run(
            [sys.executable, "-c", PROBE, *map(str, arguments)],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            timeout=120,
        )
        return completed, self.probe.read_text() == "False"


def read_tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def same_output(first: subprocess.CompletedProcess, second: subprocess.CompletedProcess, summary: bytes = b"") -> None:
    """Assert that ``second`` printed what ``first`` printed, except for the last line when ``summary`` gives it.

    The last line of a run with --out counts the snippet files written and
    found unchanged, which differ when the runs found different files.
    """
    assert second.returncode == first.returncode
    assert second.stdout == first.stdout
    if not summary:
        assert second.stderr == first.stderr
        return
    earlier = first.stderr.rstrip(b"\n").rpartition(b"\n")[0]
    assert second.stderr == (earlier + b"\n" if earlier else b"") + summary + b"\n"


@pytest.fixture
def launcher(tmp_path) -> Launcher:
    return Launcher(tmp_path)


@pytest.fixture
def collection(launcher) -> Path:
    return write_collection(launcher.work / "api.postman_collection.json")


# --- replays ------------------------------------------------------------------------------------


def test_replay_matches_full_run(launcher, collection):
    full, replayed_first = launcher.run("generate", collection.name, "--out", "out")
    first_tree = read_tree(launcher.work / "out")
    again, replayed_again = launcher.run("generate", collection.name, "--out", "out")
    shutil.rmtree(launcher.work / "out")
    rewritten, replayed_rewritten = launcher.run("generate", collection.name, "--out", "out")
    uncached, _ = launcher.run("generate", collection.name, "--out", "out", "--no-cache")

    assert not replayed_first
    assert replayed_again
    assert replayed_rewritten
    same_output(full, again, b"wrote 0 snippets to out; 6 unchanged")
    same_output(full, rewritten)
    same_output(again, uncached)
    assert full.returncode == 0
    assert full.stderr.endswith(b"wrote 6 snippets to out\n")
    assert read_tree(launcher.work / "out") == first_tree


def stored_outputs(launcher: Launcher) -> list:
    entries = list((launcher.tmp_path / "cache" / "launches").rglob("*.launch"))
    assert len(entries) == 1
    return marshal.loads(entries[0].read_bytes())["outputs"]["files"]


def test_replay_reads_changed_files_only(launcher, collection):
    launcher.env["LAUNCH_TRUST_AT_ONCE"] = "1"
    full, _ = launcher.run("generate", collection.name, "--out", "out")
    first_tree = read_tree(launcher.work / "out")
    launcher.run("generate", collection.name, "--out", "out")  # stores the identities
    identities = stored_outputs(launcher)
    assert len(identities) == len(first_tree)
    assert None not in identities
    # A new change time on every file system, whose clocks tick every 1 to 10 ms.
    time.sleep(0.05)
    edited = launcher.work / "out" / "list-users.sh"
    edited.write_bytes(edited.read_bytes().replace(b"curl", b"kurl"))

    restored, replayed = launcher.run("generate", collection.name, "--out", "out")
    again, replayed_again = launcher.run("generate", collection.name, "--out", "out")

    assert replayed
    assert replayed_again
    same_output(full, restored, b"wrote 1 snippet to out; 5 unchanged")
    same_output(full, again, b"wrote 0 snippets to out; 6 unchanged")
    assert read_tree(launcher.work / "out") == first_tree
    assert stored_outputs(launcher) != identities  # the restored file has a new identity


# What a replay that finds every snippet file unchanged by its identity may
# import beyond the interpreter's start-up. Each module imported costs time
# on every re-run: ``collections``, for one, took about 2 ms.
REPLAY_MODULES = {
    "__future__",
    "_blake2",
    "codecs",
    "errno",
    "generator",
    "generator.launch",
    "generator.replay",
    "generator.run_index",
    "marshal",
    "stat",
    "time",
}


def test_identity_replay_imports_little(launcher, collection):
    launcher.env["LAUNCH_TRUST_AT_ONCE"] = "1"
    launcher.run("generate", collection.name, "--out", "out")
    launcher.run("generate", collection.name, "--out", "out")  # stores the identities
    modules_file = launcher.tmp_path / "modules"
    launcher.env["LAUNCH_MODULES"] = str(modules_file)
    completed, replayed = launcher.run("generate", collection.name, "--out", "out")
    start_up = subprocess.run(
        [sys.executable, "-c", "import atexit, os, sys; print('\\n'.join(sorted(sys.modules)))"],
        env=launcher.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    assert completed.returncode == 0
    assert replayed
    imported = set(modules_file.read_text().split()) - set(start_up)
    assert imported <= REPLAY_MODULES, sorted(imported - REPLAY_MODULES)


def test_young_output_identities_not_stored(launcher, collection):
    launcher.run("generate", collection.name, "--out", "out")
    launcher.run("generate", collection.name, "--out", "out")

    assert stored_outputs(launcher) == [None] * len(read_tree(launcher.work / "out"))


@pytest.mark.parametrize(("run", "used"), [("run-a", True), ("run-b", False)])
def test_identities_used_for_own_run(monkeypatch, run, used):
    known = [[1, 2, 3, 4, 5]]
    entry = {"out": "out", "strict": False, "outputs": {"run": run, "files": known}}
    monkeypatch.setattr(launch, "_find_replay", lambda key: (stored("one.sh"), entry, "run-a"))
    monkeypatch.setattr(launch, "_store_outputs", lambda *arguments: None)
    passed = []
    monkeypatch.setattr(launch, "replay_run", lambda record, out, strict, echo, known, found: passed.append(known) or 0)

    assert launch._replay_launch("key") == 0
    assert passed == [known if used else None]


def test_replay_to_stdout(launcher, collection):
    arguments = ("generate", collection.name, "--item", "Health", "--lang", "curl")
    full, _ = launcher.run(*arguments)
    again, replayed = launcher.run(*arguments)

    assert replayed
    same_output(full, again)
    assert b"/health?trace={{missing}}" in again.stdout
    assert b"variable {{missing}} has no value" in again.stderr


def test_replay_keeps_skipped_items(launcher):
    broken = {"name": "Broken", "request": {"method": "GET", "url": {"raw": 5}}}
    path = write_collection(launcher.work / "broken.postman_collection.json", extra_items=("not an item", broken))
    full, _ = launcher.run("generate", path.name, "--out", "out")
    again, replayed = launcher.run("generate", path.name, "--out", "out")

    assert replayed
    assert full.returncode == 1
    same_output(full, again, b"wrote 0 snippets to out; 6 unchanged; 2 skipped (see the warnings above)")


def test_replay_after_option_file_equals_full_run(launcher, collection):
    (launcher.work / "postman-snippets.toml").write_text("timeout = 7\n", encoding="utf-8")
    arguments = ("generate", collection.name, "--item", "List users", "--lang", "curl")
    full, _ = launcher.run(*arguments)
    again, replayed = launcher.run(*arguments)

    assert replayed
    same_output(full, again)
    assert b"--max-time 7" in again.stdout


# --- misses: each change shows in the next run's output -------------------------------------------


def curl_of(launcher: Launcher, collection: Path, *options: object) -> tuple[bytes, bool]:
    completed, replayed = launcher.run("generate", collection.name, "--item", "List users", "--lang", "curl", *options)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, replayed


def test_collection_edit_misses(launcher, collection):
    curl_of(launcher, collection)
    write_collection(collection, url="{{baseUrl}}/accounts")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert b"/accounts" in code


def test_collection_edit_same_size_misses(launcher, collection):
    curl_of(launcher, collection)
    write_collection(collection, url="{{baseUrl}}/sers_u")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert b"/sers_u" in code


def test_environment_file_edit_misses(launcher, collection):
    environment = launcher.work / "local.postman_environment.json"
    environment.write_text(json.dumps({"values": [{"key": "baseUrl", "value": "http://127.0.0.1:8"}]}), encoding="utf-8")
    curl_of(launcher, collection, "--env", environment.name)
    environment.write_text(json.dumps({"values": [{"key": "baseUrl", "value": "http://127.0.0.1:7"}]}), encoding="utf-8")

    code, replayed = curl_of(launcher, collection, "--env", environment.name)

    assert not replayed
    assert b"127.0.0.1:7" in code


def test_option_file_edit_misses(launcher, collection):
    options = launcher.work / "postman-snippets.toml"
    options.write_text("timeout = 7\n", encoding="utf-8")
    curl_of(launcher, collection)
    options.write_text("timeout = 8\n", encoding="utf-8")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert b"--max-time 8" in code


def test_option_file_in_parent_folder_misses(launcher, collection):
    curl_of(launcher, collection)
    (launcher.tmp_path / "pyproject.toml").write_text("[tool.postman-snippets]\ntimeout = 9\n", encoding="utf-8")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert b"--max-time 9" in code


def test_argument_change_misses(launcher, collection):
    curl_of(launcher, collection)

    code, replayed = curl_of(launcher, collection, "--timeout", "5")

    assert not replayed
    assert b"--max-time 5" in code


def test_cache_folder_change_misses(launcher, collection):
    curl_of(launcher, collection)
    launcher.env["POSTMAN_SNIPPETS_CACHE_DIR"] = str(launcher.tmp_path / "other-cache")

    _, replayed = curl_of(launcher, collection)

    assert not replayed


def copy_package(tmp_path: Path) -> Path:
    """Copy the generator package with its templates under tmp_path, so a test can edit them."""
    packages = tmp_path / "packages"
    shutil.copytree(ROOT / "generator", packages / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", packages / "generator" / "templates")
    return packages


def test_template_edit_misses(tmp_path):
    packages = copy_package(tmp_path)
    launcher = Launcher(tmp_path, python_path=packages)
    collection = write_collection(launcher.work / "api.postman_collection.json")
    curl_of(launcher, collection)
    template = packages / "generator" / "templates" / "curl" / "request.sh.j2"
    template.write_text("# edited template\n" + template.read_text(encoding="utf-8"), encoding="utf-8")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert code.startswith(b"# edited template")


def test_source_edit_misses(tmp_path):
    packages = copy_package(tmp_path)
    launcher = Launcher(tmp_path, python_path=packages)
    collection = write_collection(launcher.work / "api.postman_collection.json")
    first, _ = curl_of(launcher, collection)
    module = packages / "generator" / "languages" / "curl.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited module\n", encoding="utf-8")

    code, replayed = curl_of(launcher, collection)

    assert not replayed
    assert code == first


def test_escape_sequence_runs_in_full(launcher):
    # click.echo removes ANSI sequences from output that is not a terminal.
    path = write_collection(launcher.work / "ansi.postman_collection.json", url="{{baseUrl}}/x?v={{\x1b[31mred}}")
    full, _ = launcher.run("generate", path.name, "--out", "out")
    again, replayed = launcher.run("generate", path.name, "--out", "out")

    assert not replayed
    same_output(full, again, b"wrote 0 snippets to out; 6 unchanged")
    assert b"\x1b" not in again.stderr


def test_write_failure_runs_in_full(launcher, collection):
    launcher.run("generate", collection.name, "--out", "out", "--lang", "curl")
    shutil.rmtree(launcher.work / "out")
    (launcher.work / "out" / "list-users.sh").mkdir(parents=True)  # a folder where the snippet file goes

    again, replayed = launcher.run("generate", collection.name, "--out", "out", "--lang", "curl")

    assert not replayed
    assert again.returncode == 1
    assert b"cannot write list-users.sh" in again.stderr


# --- the parts, in this process ---------------------------------------------------------------------


def test_config_file_names_match_loader():
    assert launch.CONFIG_FILES[0] == config.CONFIG_FILE
    assert launch.CONFIG_FILES[1] == "pyproject.toml"


def test_launch_key_covers_current_folder(tmp_path, monkeypatch):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    monkeypatch.chdir(tmp_path / "one")
    first = launch.launch_key(["generate", "api.json"])
    monkeypatch.chdir(tmp_path / "two")

    assert launch.launch_key(["generate", "api.json"]) != first


def test_launch_key_none_without_cache():
    assert launch.launch_key(["generate", "api.json", "--no-cache"]) is None


def test_launch_key_none_for_shell_completion(monkeypatch):
    monkeypatch.setenv("_POSTMAN_SNIPPETS_COMPLETE", "bash_complete")

    assert launch.launch_key(["generate", "api.json"]) is None


def test_trusted_digest_dropped_after_edit(tmp_path, monkeypatch):
    monkeypatch.setattr(launch, "TRUSTED_AGE_NS", -(10**12))
    collection = write_collection(tmp_path / "api.json")
    run_index.run_key_from_parts(collection, None, ("a", "b", "c"))
    inputs = launch._trusted_inputs([str(collection)])
    entry = {"collection": str(collection), "env": None, "inputs": inputs}
    assert len(inputs) == 1
    assert launch._reuse_trusted_digests(entry)

    write_collection(collection, url="{{baseUrl}}/sers_u")

    assert not launch._reuse_trusted_digests(entry)


def test_young_file_digest_not_stored(tmp_path):
    collection = write_collection(tmp_path / "api.json")
    run_index.run_key_from_parts(collection, None, ("a", "b", "c"))

    assert launch._trusted_inputs([str(collection)]) == []


def test_writable_launch_entry_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(tmp_path / "cache"))
    key = "ab" * 32
    launch.store_launch(key, collection="api.json", env_file=None, parts=("a", "b", "c"), out_dir="out", strict=False)
    assert launch._read_launch(key) is not None

    path = Path(launch._launch_path(str(tmp_path / "cache"), key))
    path.chmod(0o666)

    assert launch._read_launch(key) is None


def stored(*paths: str) -> RunRecord:
    return RunRecord(events=[StoredSnippet(path, "curl", path, "echo\n") for path in paths])


def test_replay_refuses_link_out_of_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "one.sh").write_text("echo\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "folder").symlink_to(outside)

    assert replay.replay_run(stored("folder/one.sh"), str(out), False, lambda *args, **kwargs: None) is None


def test_replay_refuses_file_link_out_of_folder(tmp_path):
    outside = tmp_path / "one.sh"
    outside.write_text("echo\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "one.sh").symlink_to(outside)

    assert replay.replay_run(stored("one.sh"), str(out), False, lambda *args, **kwargs: None) is None


def test_replay_keeps_unchanged_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "one.sh").write_text("echo\n", encoding="utf-8")
    os.utime(out / "one.sh", ns=(10**18, 10**18))
    messages = []

    status = replay.replay_run(stored("one.sh", "two.sh"), str(out), False, lambda text, **kwargs: messages.append(text))

    assert status == 0
    assert (out / "one.sh").stat().st_mtime_ns == 10**18
    assert (out / "two.sh").read_text(encoding="utf-8") == "echo\n"
    assert messages == [f"wrote 1 snippet to {out}; 1 unchanged"]


def ignore(*args, **kwargs) -> None:
    return None


def test_known_identity_skips_reading(tmp_path, monkeypatch):
    (tmp_path / "one.sh").write_text("echo\n", encoding="utf-8")
    known = [list(run_index.file_identity(os.stat(tmp_path / "one.sh")))]
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: opened.append(path) or real_open(path, *args, **kwargs))
    found: list = []
    record = RunRecord(events=[StoredSnippet("one.sh", "curl", "one", memoryview(b"echo\n"))])  # as the launcher reads it

    assert replay.replay_run(record, str(tmp_path), False, ignore, known, found) == 0
    assert opened == []
    assert found == known


def test_changed_identity_compares_bytes(tmp_path):
    path = tmp_path / "one.sh"
    path.write_text("echo\n", encoding="utf-8")
    known = list(run_index.file_identity(os.stat(path)))
    time.sleep(0.05)  # longer than a tick of the file system's clock
    path.write_text("ecxo\n", encoding="utf-8")
    os.utime(path, ns=(known[3], known[3]))  # the same size and modification time, a new change time
    assert list(run_index.file_identity(os.stat(path))) != known
    found: list = []

    assert replay.replay_run(stored("one.sh", "two.sh"), str(tmp_path), False, ignore, [known, None], found) == 0
    assert path.read_text(encoding="utf-8") == "echo\n"
    assert found == [None, None]  # both written


def test_replay_rejects_lone_surrogate_bytes(tmp_path):
    code = "echo '\ud800'\n".encode("utf-8", "surrogatepass")
    (tmp_path / "one.sh").write_bytes(code)
    record = RunRecord(events=[StoredSnippet("one.sh", "curl", "one", code)])

    assert replay.replay_run(record, str(tmp_path), False, ignore) is None


def test_replay_compares_hangul_bytes(tmp_path):
    code = "echo '\ud55c\uad6d\uc5b4 \ud7a3'\n".encode("utf-8")
    assert b"\xed" in code
    (tmp_path / "one.sh").write_bytes(code)
    os.utime(tmp_path / "one.sh", ns=(10**18, 10**18))
    record = RunRecord(events=[StoredSnippet("one.sh", "curl", "one", code)])

    assert replay.replay_run(record, str(tmp_path), False, ignore) == 0
    assert (tmp_path / "one.sh").stat().st_mtime_ns == 10**18


def test_shared_cache_folder_runs_in_full(launcher, collection):
    arguments = ("generate", collection.name, "--item", "Health", "--lang", "curl")
    full, _ = launcher.run(*arguments)
    (launcher.tmp_path / "cache" / "launches").chmod(0o777)

    again, replayed = launcher.run(*arguments)

    assert not replayed
    same_output(full, again)


def test_entry_folders_private_under_group_umask(launcher, collection):
    arguments = ("generate", collection.name, "--item", "Health", "--lang", "curl")
    previous = os.umask(0o002)  # inherited by the subprocesses
    try:
        launcher.run(*arguments)
        again, replayed = launcher.run(*arguments)
    finally:
        os.umask(previous)

    assert replayed
    assert again.returncode == 0
    for folder in ("cache", "cache/launches", "cache/runs"):
        assert (launcher.tmp_path / folder).stat().st_mode & 0o777 == 0o700


def test_stored_fingerprint_used_while_files_unchanged(monkeypatch):
    monkeypatch.setattr(run_index, "_fingerprint", None)
    fingerprint = run_index.code_fingerprint()
    files = run_index.fingerprint_files()
    monkeypatch.setattr(run_index, "_fingerprint", None)

    assert run_index.use_stored_fingerprint("stored fingerprint", files)
    assert run_index.code_fingerprint() == "stored fingerprint"
    monkeypatch.setattr(run_index, "_fingerprint", None)
    changed = [list(item) for item in files]
    changed[0][4] += 1  # another modification time

    assert not run_index.use_stored_fingerprint("stored fingerprint", changed)
    assert run_index.code_fingerprint() == fingerprint


def test_young_source_files_not_trusted(monkeypatch):
    monkeypatch.setattr(run_index, "_fingerprint", None)
    fingerprint = run_index.code_fingerprint()
    monkeypatch.setattr(launch, "TRUSTED_AGE_NS", -(10**12))
    trusted = launch._trusted_code()
    assert trusted is not None
    assert trusted["fingerprint"] == fingerprint

    monkeypatch.setattr(launch, "TRUSTED_AGE_NS", 10**30)

    assert launch._trusted_code() is None


def test_entry_with_trusted_files_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(launch, "TRUSTED_AGE_NS", -(10**12))
    collection = write_collection(tmp_path / "api.json")
    run_index.run_key_from_parts(collection, None, ("a", "b", "c"))
    run_index.code_fingerprint()
    key = "cd" * 32

    launch.store_launch(key, collection=str(collection), env_file=None, parts=("a", "b", "c"), out_dir="out", strict=False)
    entry = launch._read_launch(key)

    assert entry is not None
    assert [item[0] for item in entry["inputs"]] == [str(collection)]
    assert entry["code"]["fingerprint"] == run_index.code_fingerprint()
    assert launch._reuse_trusted_digests(entry)
