"""The run index: stored runs, replays through the command line, and what invalidates them."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import loader, run_index
from generator.cli import main
from generator.run_index import RunIndex, StoredSnippet, run_key
from snippet_checks import write_users_collection

BASE = "http://127.0.0.1:9/api"
LANGUAGES = ("python", "curl", "powershell")
OPTIONS = {"timeout": 30, "parse_response": True}


def write_collection(path: Path, *, url: str = "{{baseUrl}}/users", extra_items: tuple = ()) -> Path:
    return write_users_collection(path, "Run index tests", BASE, url=url, extra_items=extra_items)


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def collection_path(tmp_path) -> Path:
    return write_collection(tmp_path / "index.postman_collection.json")


def run(*args: object):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def read_tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def forbid_loading(monkeypatch) -> None:
    """Make any load of a collection fail, so only a replay can succeed."""

    def fail(*args, **kwargs):
        raise AssertionError("the collection was loaded; the run index was not used")

    monkeypatch.setattr(loader, "load_collection", fail)


# --- the index itself -------------------------------------------------------------------------


def test_index_round_trip(tmp_path):
    index = RunIndex(tmp_path)
    recorder = index.recorder("ab" * 32)
    recorder.skip("first problem")
    recorder.snippet("folder/one.py", "python", "Folder/One", "print('é')\n")
    recorder.snippet("folder/one.sh", "curl", "Folder/One", "echo '\ud800'\n")
    recorder.skip("item 'Two': cannot be written")
    recorder.snippet("three.ps1", "powershell", "Three", "")
    recorder.commit(["variable {{x}} has no value"])

    record = index.get("ab" * 32)

    assert record is not None
    assert record.events == [
        "first problem",
        StoredSnippet("folder/one.py", "python", "Folder/One", "print('é')\n"),
        StoredSnippet("folder/one.sh", "curl", "Folder/One", "echo '\ud800'\n"),
        "item 'Two': cannot be written",
        StoredSnippet("three.ps1", "powershell", "Three", ""),
    ]
    assert record.warnings == ["variable {{x}} has no value"]


def test_index_uncommitted_run_stores_nothing(tmp_path):
    index = RunIndex(tmp_path)
    recorder = index.recorder("cd" * 32)
    recorder.snippet("one.py", "python", "One", "x = 1\n")
    recorder.discard()

    assert index.get("cd" * 32) is None
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def with_trailer(data: bytes, **changes) -> bytes:
    """Return the run entry ``data`` with ``changes`` made to its trailer."""
    footer_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    trailer_start = int(data[footer_start:-1])
    trailer = {**marshal.loads(data[trailer_start:footer_start]), **changes}
    return data[:trailer_start] + marshal.dumps(trailer) + b"\n%d\n" % trailer_start


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[:-1],
        lambda data: data[: len(data) // 2],
        lambda data: b"x" + data,
        lambda data: with_trailer(data, format=99),
        lambda data: with_trailer(data, events=[["snippet", "one.py", "python", "One", "6"]]),
        lambda data: with_trailer(data, events=[["snippet", "one.py", "python", "One", 5]]),
        lambda data: b"\xff\xfe" + data[2:],
    ],
    ids=["empty", "no-end-line", "truncated", "shifted", "unknown-format", "size-as-text", "wrong-size", "bad-utf8"],
)
def test_index_ignores_damaged_entry(tmp_path, damage):
    index = RunIndex(tmp_path)
    recorder = index.recorder("ef" * 32)
    recorder.snippet("one.py", "python", "One", "x = 1\n")
    recorder.commit([])
    path = next(tmp_path.rglob("*.run"))
    path.write_bytes(damage(path.read_bytes()))

    assert index.get("ef" * 32) is None


def test_index_ignores_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index = RunIndex(blocker / "cache")

    recorder = index.recorder("01" * 32)
    recorder.snippet("one.py", "python", "One", "x = 1\n")
    recorder.commit([])

    assert index.get("01" * 32) is None


def test_run_key_covers_inputs(tmp_path, collection_path):
    env = tmp_path / "env.json"
    env.write_text(json.dumps({"values": [{"key": "baseUrl", "value": BASE}]}), encoding="utf-8")
    base = run_key(collection_path, languages=LANGUAGES, options=OPTIONS, env_path=env)

    assert base is not None
    assert run_key(collection_path, languages=LANGUAGES, options=OPTIONS, env_path=env) == base
    assert run_key(collection_path, languages=LANGUAGES[:1], options=OPTIONS, env_path=env) != base
    assert run_key(collection_path, languages=LANGUAGES, options={**OPTIONS, "timeout": 5}, env_path=env) != base
    assert run_key(collection_path, languages=LANGUAGES, options=OPTIONS, env_path=None) != base
    assert run_key(collection_path, languages=LANGUAGES, options=OPTIONS, env_path=env, settings={"strict": True}) != base
    env.write_text(json.dumps({"values": [{"key": "baseUrl", "value": "http://127.0.0.1:8"}]}), encoding="utf-8")
    assert run_key(collection_path, languages=LANGUAGES, options=OPTIONS, env_path=env) != base


def test_run_key_unreadable_file(tmp_path):
    assert run_key(tmp_path / "missing.json", languages=LANGUAGES, options=OPTIONS) is None


def test_run_key_covers_code_fingerprint(monkeypatch, collection_path):
    base = run_key(collection_path, languages=LANGUAGES, options=OPTIONS)
    monkeypatch.setattr(run_index, "code_fingerprint", lambda: "an edited template")

    assert run_key(collection_path, languages=LANGUAGES, options=OPTIONS) != base


# --- replays through the command line ---------------------------------------------------------


def test_cli_replay_matches_first_run(tmp_path, cache_folder, collection_path, monkeypatch):
    first = run("generate", collection_path, "--out", tmp_path / "first")
    assert first.exit_code == 0, first.output
    assert list((cache_folder / "runs").rglob("*.run"))

    forbid_loading(monkeypatch)
    second = run("generate", collection_path, "--out", tmp_path / "second")

    assert second.exit_code == 0, second.output
    assert second.stderr == first.stderr.replace(str(tmp_path / "first"), str(tmp_path / "second"))
    assert read_tree(tmp_path / "second") == read_tree(tmp_path / "first")


def test_cli_replay_to_stdout(cache_folder, collection_path, monkeypatch):
    arguments = ("generate", collection_path, "--item", "Health", "--lang", "curl")
    first = run(*arguments)
    assert first.exit_code == 0, first.output

    forbid_loading(monkeypatch)
    second = run(*arguments)

    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    assert second.stderr == first.stderr


def test_cli_replay_keeps_skipped_items(tmp_path, cache_folder, monkeypatch):
    broken = {"name": "Broken", "request": {"method": "GET", "url": {"raw": 5}}}
    path = write_collection(tmp_path / "broken.postman_collection.json", extra_items=("not an item", broken))
    first = run("generate", path, "--out", tmp_path / "first")
    assert first.exit_code == 1, first.output
    assert "skipped" in first.stderr

    forbid_loading(monkeypatch)
    second = run("generate", path, "--out", tmp_path / "second")

    assert second.exit_code == 1
    assert second.stderr == first.stderr.replace(str(tmp_path / "first"), str(tmp_path / "second"))
    assert read_tree(tmp_path / "second") == read_tree(tmp_path / "first")


def test_cli_no_cache_skips_index(tmp_path, cache_folder, collection_path):
    result = run("generate", collection_path, "--out", tmp_path / "out", "--no-cache")

    assert result.exit_code == 0, result.output
    assert not (cache_folder / "runs").exists()


def test_cli_strict_failure_stores_no_run(tmp_path, cache_folder):
    path = write_collection(tmp_path / "strict.postman_collection.json", extra_items=("not an item",))
    result = run("generate", path, "--out", tmp_path / "out", "--strict")

    assert result.exit_code == 1
    assert [path for path in (cache_folder / "runs").rglob("*") if path.is_file()] == []


def test_cli_replay_write_failure_runs_in_full(tmp_path, cache_folder, collection_path):
    first = run("generate", collection_path, "--out", tmp_path / "first", "--lang", "curl")
    assert first.exit_code == 0, first.output
    out = tmp_path / "second"
    (out / "list-users.sh").mkdir(parents=True)  # a folder where the snippet file goes

    second = run("generate", collection_path, "--out", out, "--lang", "curl")

    assert second.exit_code == 1
    assert "cannot write list-users.sh" in second.stderr
    assert (out / "health.sh").read_text(encoding="utf-8") == (tmp_path / "first" / "health.sh").read_text(encoding="utf-8")


# --- invalidation: each change shows in the next run's output ---------------------------------


def generate_one(collection: Path, *options: object) -> str:
    result = run("generate", collection, "--item", "List users", "--lang", "curl", *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_collection_edit_invalidates(tmp_path, cache_folder, collection_path):
    assert "/users" in generate_one(collection_path)

    write_collection(collection_path, url="{{baseUrl}}/accounts")

    assert "/accounts" in generate_one(collection_path)


def test_cli_option_change_invalidates(cache_folder, collection_path):
    assert "--max-time 30" in generate_one(collection_path)
    assert "--max-time 7" in generate_one(collection_path, "--timeout", "7")


def test_cli_var_change_invalidates(cache_folder, collection_path):
    assert "127.0.0.1:1/users" in generate_one(collection_path, "--var", "baseUrl=http://127.0.0.1:1")
    assert "127.0.0.1:2/users" in generate_one(collection_path, "--var", "baseUrl=http://127.0.0.1:2")


def test_cli_env_edit_invalidates(tmp_path, cache_folder, collection_path):
    env = tmp_path / "local.postman_environment.json"
    env.write_text(json.dumps({"values": [{"key": "baseUrl", "value": "http://127.0.0.1:3"}]}), encoding="utf-8")
    assert "127.0.0.1:3/users" in generate_one(collection_path, "--env", env)

    env.write_text(json.dumps({"values": [{"key": "baseUrl", "value": "http://127.0.0.1:4"}]}), encoding="utf-8")

    assert "127.0.0.1:4/users" in generate_one(collection_path, "--env", env)


def test_cli_template_edit_invalidates(tmp_path, cache_folder, collection_path):
    templates = tmp_path / "templates"
    (templates / "curl").mkdir(parents=True)
    template = templates / "curl" / "request.sh.j2"
    template.write_text("# first {{ wire.url | sh }}\n", encoding="utf-8")
    assert generate_one(collection_path, "--templates", templates).startswith("# first ")

    template.write_text("# second {{ wire.url | sh }}\n", encoding="utf-8")

    assert generate_one(collection_path, "--templates", templates).startswith("# second ")


def test_cli_stdout_run_needs_own_entry(tmp_path, cache_folder):
    twins = (
        {"name": "Twin", "request": {"method": "GET", "url": "{{baseUrl}}/one"}},
        {"name": "Twin", "request": {"method": "GET", "url": "{{baseUrl}}/two"}},
    )
    path = write_collection(tmp_path / "twins.postman_collection.json", extra_items=twins)
    written = run("generate", path, "--item", "Twin", "--lang", "curl", "--out", tmp_path / "out")
    assert written.exit_code == 0, written.output

    printed = run("generate", path, "--item", "Twin", "--lang", "curl")

    assert printed.exit_code == 2
    assert "matches several items" in printed.stderr


def test_cli_input_edited_during_run_not_stored(tmp_path, cache_folder, collection_path, monkeypatch):
    original = loader.load_collection

    def load_then_edit(path, *args, **kwargs):
        loaded = original(path, *args, **kwargs)
        write_collection(collection_path, url="{{baseUrl}}/edited")
        return loaded

    monkeypatch.setattr(loader, "load_collection", load_then_edit)
    result = run("generate", collection_path, "--out", tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert [path for path in (cache_folder / "runs").rglob("*") if path.is_file()] == []
