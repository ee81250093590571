"""Hostile cases for replays of stored runs, damaged run and launch entries, cached dataclass hashes and auth helper layout."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import time
from pathlib import Path
from typing import ClassVar

import pytest

from generator import launch, replay, run_index
from generator.run_index import RunIndex, RunRecord, StoredSnippet, read_run
from generator.shape import cached_hash
from test_black_stable import _check_collection, unformatted  # noqa: F401 (a fixture)
from test_launch import Launcher, read_tree, same_output, write_collection


def test_malformed_outputs_run_in_full(tmp_path):
    launcher = Launcher(tmp_path)
    collection = write_collection(launcher.work / "api.postman_collection.json")
    arguments = ("generate", collection.name, "--out", "out")
    launcher.run(*arguments)
    stored, _ = launcher.run(*arguments)  # stores the outputs table
    entry_path = next((tmp_path / "cache" / "launches").rglob("*.launch"))
    entry = marshal.loads(entry_path.read_bytes())
    # The table names the stored run but lacks its list of file identities.
    entry["outputs"] = {"run": entry["outputs"]["run"]}
    entry_path.write_bytes(marshal.dumps(entry))

    again, _ = launcher.run(*arguments)

    assert b"Traceback" not in again.stderr
    same_output(stored, again)


def test_output_identity_age_taken_before_replay(tmp_path, monkeypatch):
    # The file changed a moment before the replay read it. A second write in
    # the same clock tick would keep its identity, so the identity must not
    # be stored, even when the replay ends more than TRUSTED_AGE_NS later.
    out = tmp_path / "out"
    out.mkdir()
    (out / "one.sh").write_text("echo\n", encoding="utf-8")
    record = RunRecord(events=[StoredSnippet("one.sh", "curl", "one", memoryview(b"echo\n"))])
    entry = {"out": str(out), "strict": False}
    monkeypatch.setattr(launch, "_find_replay", lambda key: (record, entry, "run-a"))
    clock_offset = [0]

    class SlowClock:
        @staticmethod
        def time_ns() -> int:
            return time.time_ns() + clock_offset[0]

    def slow_replay(*arguments):
        status = replay.replay_run(*arguments)
        clock_offset[0] = 2 * launch.TRUSTED_AGE_NS  # the replay took longer than TRUSTED_AGE_NS
        return status

    monkeypatch.setattr(launch, "time", SlowClock)
    monkeypatch.setattr(launch, "replay_run", slow_replay)
    stored = []
    monkeypatch.setattr(launch, "_write_entry", lambda key, written: stored.append(written))

    assert launch._replay_launch("key") == 0
    assert stored
    assert stored[-1]["outputs"]["files"] == [None]


def test_trusted_replay_restores_edited_file(tmp_path):
    launcher = Launcher(tmp_path)
    launcher.env["LAUNCH_TRUST_AT_ONCE"] = "1"
    collection = write_collection(launcher.work / "api.postman_collection.json")
    arguments = ("generate", collection.name, "--out", "out")
    full, _ = launcher.run(*arguments)
    first_tree = read_tree(launcher.work / "out")
    launcher.run(*arguments)  # stores the identities
    time.sleep(0.05)  # a new change time on every file system
    edited = launcher.work / "out" / "list-users.sh"
    status = edited.stat()
    data = edited.read_bytes()
    with open(edited, "r+b") as file:  # the same inode and size
        file.write(data.replace(b"curl", b"kurl", 1))
    # The old modification time, as `touch -d` can set it. The change time stays new.
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns))

    again, replayed = launcher.run(*arguments)

    assert replayed
    same_output(full, again, b"wrote 1 snippet to out; 5 unchanged")
    assert read_tree(launcher.work / "out") == first_tree


def test_cached_hash_skips_class_variables():
    @dataclasses.dataclass(frozen=True)
    class Tagged:
        value: int
        kind: ClassVar[str] = "tagged"

        __hash__ = cached_hash

    assert hash(Tagged(1)) == hash(Tagged(1))


def test_cached_hash_agrees_with_equality():
    @dataclasses.dataclass(frozen=True)
    class Noted:
        value: int
        note: str = dataclasses.field(default="", compare=False)

        __hash__ = cached_hash

    assert Noted(1, "a") == Noted(1, "b")
    assert hash(Noted(1, "a")) == hash(Noted(1, "b"))


def _auth_collection(path: Path, auth: dict) -> Path:
    request = {"method": "GET", "url": "http://127.0.0.1:9/api/users", "auth": auth}
    document = {
        "info": {"name": "Auth helpers", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Signed", "request": request}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


OAUTH1 = {
    "type": "oauth1",
    "oauth1": [
        {"key": "consumerKey", "value": "key"},
        {"key": "consumerSecret", "value": "secret"},
        {"key": "signatureMethod", "value": "HMAC-SHA1"},
        {"key": "addParamsToHeader", "value": True},
    ],
}
AWSV4 = {
    "type": "awsv4",
    "awsv4": [
        {"key": "accessKey", "value": "key"},
        {"key": "secretKey", "value": "secret"},
        {"key": "region", "value": "eu-west-1"},
        {"key": "service", "value": "execute-api"},
    ],
}


@pytest.mark.parametrize("auth", [OAUTH1, AWSV4], ids=["oauth1", "awsv4"])
def test_auth_helper_layout_equals_black(tmp_path, unformatted, auth):
    _check_collection(_auth_collection(tmp_path / "auth.postman_collection.json", auth))


def test_run_entry_with_negative_size_is_miss(tmp_path):
    index = RunIndex(tmp_path / "cache")
    key = "ef" * 32
    recorder = index.recorder(key)
    recorder.snippet("one.sh", "curl", "one", "echo one\n")
    recorder.snippet("two.sh", "curl", "two", "echo two\n")
    recorder.commit([])
    path = tmp_path / "cache" / "runs" / key[:2] / f"{key}.run"
    data = path.read_bytes()
    trailer_start = len("echo one\necho two\n")
    # Sizes that add up to the stored text, but the first reaches into the trailer.
    trailer = marshal.loads(data[trailer_start : data.rindex(b"\n", 0, len(data) - 1)])
    trailer["events"][0][4] = trailer_start + 5
    trailer["events"][1][4] = -5
    path.write_bytes(data[:trailer_start] + marshal.dumps(trailer) + b"\n%d\n" % trailer_start)

    assert read_run(tmp_path / "cache", key, decode=False) is None
    assert read_run(tmp_path / "cache", key) is None


def test_input_digest_age_taken_at_start(tmp_path, monkeypatch):
    # The collection changed a moment before the run hashed it, and the run
    # took longer than TRUSTED_AGE_NS before it stored its launch entry.
    collection = write_collection(tmp_path / "api.json")
    monkeypatch.setattr(launch, "_started_ns", time.time_ns(), raising=False)
    run_index.run_key_from_parts(collection, None, ("a", "b", "c"))

    class SlowClock:
        @staticmethod
        def time_ns() -> int:
            return time.time_ns() + 2 * launch.TRUSTED_AGE_NS

    monkeypatch.setattr(launch, "time", SlowClock)

    assert launch._trusted_inputs([str(collection)]) == []
