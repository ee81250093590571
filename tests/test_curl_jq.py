"""--curl-jq: the jq program prints every field the Python snippet reads, and runs in jq itself."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from generator.api import generate, load_collection
from generator.cli import main
from generator.conformance.capture import CannedResponse
from generator.languages.curl_jq import jq_program, jq_string
from generator.model import Example
from generator.reads import parse_plan
from snippet_checks import bash_errors
from test_snapshots import CurlSnapshot

needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")


def _comparable(value) -> tuple[str, object]:
    """Return a scalar as (kind, value), with numbers as floats.

    jq 1.6 keeps numbers as doubles and prints 59.0 as 59, so numbers are
    compared by value, and booleans apart from 0 and 1.
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return type(value).__name__, value
    return "number", float(value)


def _leaves(value) -> list[tuple[str, object]]:
    """Return every scalar in ``value`` as :func:`_comparable` gives it, in document order."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [_comparable(value)]


def _run_jq(program: str, body: str) -> list[str]:
    completed = subprocess.run(
        ["jq", "-r", program], input=body.encode("utf-8"), capture_output=True, check=False, timeout=30
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
    return completed.stdout.decode("utf-8").splitlines()


def _example_cases():
    cases = []
    for path in sorted(EXAMPLES.glob("*.postman_collection.json")):
        collection = load_collection(path)
        for item in collection.requests:
            plan = parse_plan(item.examples, "python")
            if plan is None or jq_program(plan) is None:
                continue
            # plan.examples names the examples the plan was inferred from.
            for example in item.examples:
                if example.name in plan.examples:
                    cases.append(pytest.param(plan, example.body, id=f"{path.name}--{item.address}--{example.name}"))
    return cases


def _printed_values(lines: list[str]) -> list[tuple[str, object]]:
    values = []
    for line in lines:
        name, separator, value = line.partition(": ")
        assert separator, f"line without 'name: value': {line!r}"
        assert name.isidentifier(), f"printed name {name!r} is not a Python variable name"
        values.append(_comparable(json.loads(value)))
    return values


@needs_jq
@pytest.mark.parametrize(("plan", "body"), _example_cases())
def test_example_prints_every_leaf(plan, body):
    assert plan.omitted == 0
    lines = _run_jq(jq_program(plan), body)
    assert Counter(_printed_values(lines)) == Counter(_leaves(json.loads(body)))


def test_examples_have_jq_cases():
    assert _example_cases(), f"no example item in {EXAMPLES} has fields to read"


HOSTILE_KEYS = ["a\"b", "back\\slash", "\\(env.HOME)", "it's", "line\nbreak", "tab\t", "Zoë", "😀", "", "$v0", "{{$guid}}", "."]


@needs_jq
def test_hostile_keys_read_exactly():
    document = {key: index for index, key in enumerate(HOSTILE_KEYS)}
    document["nested"] = {"a\"b": [1, {"'": "x"}], "list": ["\\(1)", None, True]}
    body = json.dumps(document)
    plan = parse_plan((Example("ok", 200, (), body),), "python")
    lines = _run_jq(jq_program(plan), body)
    assert Counter(_printed_values(lines)) == Counter(_leaves(document))


@needs_jq
@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_jq_string_round_trips(key):
    lines = _run_jq(jq_string(key) + " | @json", "null")
    assert lines == [json.dumps(key, ensure_ascii=False)]


def test_root_array_of_scalars():
    plan = parse_plan((Example("ok", 200, (), "[1, 2]"),), "python")
    program = jq_program(plan)
    assert program is not None
    assert "arrays | .[]" in program


def test_binding_ends_after_its_reads():
    body = json.dumps({"tags": ["a"], "owner": {"id": 1}, "weight": 2})
    plan = parse_plan((Example("ok", 200, (), body),), "python")

    lines = jq_program(plan).splitlines()

    tags = next(line for line in lines if '$v0["tags"] as' in line)
    owner = next(line for line in lines if '$v0["owner"] as' in line)
    weight = next(line for line in lines if '$v0["weight"]' in line)
    indent = len(tags) - len(tags.lstrip())
    assert len(owner) - len(owner.lstrip()) == indent
    assert len(weight) - len(weight.lstrip()) == indent


@needs_jq
def test_sibling_bindings_print_every_field():
    document = {"a": {"b": [1, 2]}, "c": {"d": {"e": "x"}}, "f": [{"g": None}], "h": 3}
    body = json.dumps(document)
    plan = parse_plan((Example("ok", 200, (), body),), "python")

    lines = _run_jq(jq_program(plan), body)

    assert Counter(_printed_values(lines)) == Counter(_leaves(document))


def test_program_needs_python_plan():
    plan = parse_plan((Example("ok", 200, (), '{"a": 1}'),), "powershell")
    with pytest.raises(ValueError, match="built from Python plans"):
        jq_program(plan)


# --- snippets -----------------------------------------------------------------------------------


def _snippet(address: str, options: dict, path=EXAMPLES / "bulk-jobs.postman_collection.json") -> str:
    collection = load_collection(path)
    item = next(item for item in collection.requests if item.address == address)
    return generate(collection, item, "curl", options=options).code


@pytest.mark.parametrize("layout", ["multi-line", "single-line"])
def test_jq_snippet_matches_snapshot(layout, snapshot, tmp_path):
    code = _snippet("Bulk v1/Bulk Job Batches", {"curl_jq": True, "curl_layout": layout, "timeout": 30})
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    assert bash_errors([str(script)]) is None
    assert "set -o pipefail\n" in code
    assert code == snapshot(extension_class=CurlSnapshot)


def test_jq_off_by_default():
    code = _snippet("Bulk v1/Bulk Job Batches", {})
    assert "jq" not in code
    assert "--fail" not in code


def test_head_item_gets_note():
    code = _snippet("Auth/Health check", {"curl_jq": True}, EXAMPLES / "pet-store.postman_collection.json")
    assert "# Note: --curl-jq: a HEAD response has no body" in code
    assert "| jq" not in code


def test_item_without_example_gets_note():
    code = _snippet("Bulk v1/Bulk Create Job", {"curl_jq": True})
    assert "no saved example response" in code
    assert "| jq" not in code


def test_other_curl_targets_ignore_jq():
    collection = load_collection(EXAMPLES / "bulk-jobs.postman_collection.json")
    item = next(item for item in collection.requests if item.address == "Bulk v1/Bulk Job Batches")
    code = generate(collection, item, "curl-powershell", options={"curl_jq": True}).code
    assert "jq" not in code


def _run_snippet(code: str, tmp_path) -> subprocess.CompletedProcess:
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=60, check=False)


def _local_snippet(server) -> tuple[str, str]:
    """Return the Job Batches curl snippet with --curl-jq, sent to ``server``, and the item's example body."""
    collection = load_collection(EXAMPLES / "bulk-jobs.postman_collection.json")
    item = next(item for item in collection.requests if item.address == "Bulk v1/Bulk Job Batches")
    code = generate(collection, item, "curl", options={"curl_jq": True, "timeout": 10}).code
    return code.replace("https://example.my.salesforce.com", server.url), item.examples[0].body


@needs_jq
def test_snippet_prints_fields_from_server(capture_server, tmp_path):
    code, body = _local_snippet(capture_server)
    json_type = (("Content-Type", "application/json"),)
    capture_server.set_default(CannedResponse(200, json_type, body.encode("utf-8")))
    completed = _run_snippet(code, tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert Counter(_printed_values(completed.stdout.splitlines())) == Counter(_leaves(json.loads(body)))


@needs_jq
def test_error_status_skips_jq(capture_server, tmp_path):
    code, _ = _local_snippet(capture_server)
    json_type = (("Content-Type", "application/json"),)
    capture_server.set_default(CannedResponse(404, json_type, b'{"error": "not found"}'))
    completed = _run_snippet(code, tmp_path)
    assert completed.returncode == 22
    assert completed.stdout == ""
    assert "404" in completed.stderr


def test_cli_rejects_jq_without_curl():
    result = CliRunner().invoke(
        main,
        ["generate", str(EXAMPLES / "bulk-jobs.postman_collection.json"), "--item", "Bulk v1/Bulk Job Batches",
         "--lang", "python", "--curl-jq", "--no-cache"],
    )
    assert result.exit_code == 2
    assert "Invalid value for '--curl-jq': applies to the curl (bash) snippet only; add --lang curl" in result.output


@needs_jq
def test_lone_surrogate_key_still_compiles():
    literal = jq_string("a\ud800b")
    assert literal == '"a\ufffdb"'
    assert _run_jq(literal, "null") == ["a\ufffdb"]
