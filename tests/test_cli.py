"""The postman-snippets command line: list, generate, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

BASE = "http://127.0.0.1:9/api"


def request(name: str, url: object, *, method: str = "GET", **fields: object) -> dict:
    return {"name": name, "request": {"method": method, "url": url, **fields}}


@pytest.fixture
def collection_path(tmp_path: Path) -> Path:
    document = {
        "info": {
            "name": "CLI tests",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [
            {
                "name": "Users",
                "item": [
                    request("List users", "{{baseUrl}}/users?page={{page}}"),
                    request("Get a/b", "{{baseUrl}}/users/1"),
                    {"name": "Admin", "item": [request("List users", "{{baseUrl}}/admin/users")]},
                ],
            },
            {
                "name": "Orders",
                "item": [
                    request(
                        "Create order",
                        "{{baseUrl}}/orders",
                        method="POST",
                        header=[{"key": "X-Trace", "value": "{{missing}}"}],
                        body={"mode": "raw", "raw": '{"id": 1}', "options": {"raw": {"language": "json"}}},
                    )
                ],
            },
            {"name": "No URL", "request": {"method": "GET", "header": []}},
            request("Health", "{{baseUrl}}/health?trace={{missing}}&other={{alsoMissing}}"),
        ],
        "variable": [{"key": "baseUrl", "value": BASE}, {"key": "page", "value": "1"}],
    }
    path = tmp_path / "cli.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


# --- list ----------------------------------------------------------------------------------------


def test_list_prints_tree_and_addresses(collection_path):
    result = run("list", collection_path)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Users/",
        "  GET List users  [Users/List users]",
        "  GET Get a/b  [Users/Get a\\/b]",
        "  Admin/",
        "    GET List users  [Users/Admin/List users]",
        "Orders/",
        "  POST Create order  [Orders/Create order]",
        "GET No URL  [No URL]  (not generated: no URL)",
        "GET Health  [Health]",
    ]


def test_list_marks_invalid_method(tmp_path):
    document = {"info": {"name": "methods"}, "item": [request("Spaced", "http://127.0.0.1:9/", method="GE T")]}
    path = tmp_path / "methods.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    listed = run("list", path)
    generated = run("generate", path, "--out", tmp_path / "out", "--no-cache")

    assert listed.exit_code == 0
    assert listed.stdout == "GE T Spaced  [Spaced]  (not generated: invalid method)\n"
    assert "method 'GE T' is not a valid HTTP method" in generated.stderr


# --- generate to stdout ----------------------------------------------------------------------------


def test_generate_one_item_to_stdout(collection_path):
    result = run("generate", collection_path, "--item", "Users/List users", "--lang", "python")

    assert result.exit_code == 0, result.output
    assert "import requests" in result.stdout
    assert f"{BASE}/users?page=1" in result.stdout
    compile(result.stdout, "snippet.py", "exec")


def test_generate_escaped_slash_address(collection_path):
    result = run("generate", collection_path, "--item", "Users/Get a\\/b", "--lang", "curl")

    assert result.exit_code == 0, result.output
    assert f"{BASE}/users/1" in result.stdout


@pytest.mark.parametrize("address", ["Get a/b", "Users/Get a/b"])
def test_bare_slash_address_explains_escape(collection_path, address):
    result = run("generate", collection_path, "--item", address, "--lang", "curl")

    assert result.exit_code == 2, result.output
    assert "write a '/' inside a name as '\\/'" in result.stderr
    assert "\n  Users/Get a\\/b\n" in result.stderr


def test_unique_suffix_address_accepted(collection_path):
    result = run("generate", collection_path, "--item", "Admin/List users", "--lang", "curl")

    assert result.exit_code == 0, result.output
    assert f"{BASE}/admin/users" in result.stdout


@pytest.mark.parametrize(
    "selection",
    [
        ("--item", "Users/List users", "--item", "Health", "--lang", "python"),
        ("--item", "Users/List users"),
        ("--lang", "python"),
    ],
    ids=["two-items", "all-languages", "all-items"],
)
def test_several_snippets_without_out_is_usage_error(collection_path, selection):
    result = run("generate", collection_path, *selection)

    assert result.exit_code == 2
    assert "--out" in result.stderr
    assert result.stdout == ""


def test_unknown_address_lists_close_matches(collection_path):
    result = run("generate", collection_path, "--item", "Users/List user", "--lang", "python")

    assert result.exit_code == 2
    assert "no item 'Users/List user'" in result.stderr
    assert "Users/List users" in result.stderr


def test_address_differing_in_case_named(tmp_path):
    collection = {"info": {"name": "Pets"}, "item": [{"name": "Pets", "item": [
        {"name": name, "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}
        for name in ("List pets", "Get pet", "Create pet", "Upload photo", "Search with api key")
    ]}]}
    path = tmp_path / "pets.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")

    result = run("generate", str(path), "--item", "pets/list pets", "--lang", "python")

    assert result.exit_code == 2
    assert "no item 'pets/list pets' in the collection; addresses are case-sensitive; close matches:" in result.stderr
    assert "  Pets/List pets\n" in result.stderr
    assert "Upload photo" not in result.stderr
    assert "Search with api key" not in result.stderr


def _slash_collection(tmp_path) -> str:
    """A folder whose name has a backslash and a slash, and a request with an escape sequence."""
    collection = {
        "info": {"name": "Names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "Back\\slash/x",
                "item": [
                    {"name": "Stats/daily", "request": {"method": "GET", "url": "http://127.0.0.1:9/a"}},
                    {"name": "a\u001b[31mred", "request": {"method": "GET", "url": "http://127.0.0.1:9/b"}},
                ],
            }
        ],
    }
    path = tmp_path / "names.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return str(path)


def test_unknown_address_quoted_as_typed(tmp_path):
    typed = "Back\\\\slash\\/x/Stats"
    result = run("generate", _slash_collection(tmp_path), "--item", typed, "--lang", "python")

    assert result.exit_code == 2
    assert f"no item '{typed}' in the collection" in result.stderr
    assert "  Back\\\\slash\\/x/Stats\\/daily\n" in result.stderr


def test_close_match_works_as_item(tmp_path):
    path = _slash_collection(tmp_path)

    result = run("generate", path, "--item", "Back\\\\slash\\/x/Stats\\/daily", "--lang", "curl")

    assert result.exit_code == 0, result.stderr
    assert "http://127.0.0.1:9/a" in result.stdout


def test_close_match_shows_edge_spaces(tmp_path):
    items = [
        {"name": "F", "item": [{"name": "E ", "request": {"method": "GET", "url": "http://127.0.0.1:9/e"}}]},
        {"name": "Get users", "request": {"method": "GET", "url": "http://127.0.0.1:9/u"}},
    ]
    document = {"info": {"name": "Spaces", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items}
    path = tmp_path / "spaces.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    whole = run("generate", path, "--item", "F/E", "--lang", "curl")
    short = run("generate", path, "--item", "e", "--lang", "curl")
    plain = run("generate", path, "--item", "Get user", "--lang", "curl")

    assert whole.exit_code == 2
    assert "no item 'F/E' in the collection; close matches:\n  'F/E '\n" in whole.stderr
    assert short.exit_code == 2
    assert "close matches:\n  'F/E '\n" in short.stderr
    assert "addresses are case-sensitive" not in short.stderr
    assert "close matches:\n  Get users\n" in plain.stderr


def test_list_escapes_control_characters(tmp_path):
    result = run("list", _slash_collection(tmp_path))

    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "GET a\\x1b[31mred" in result.stdout


@pytest.mark.parametrize("address", ["Users", "Admin", "Users/Admin"])
def test_folder_address_names_its_requests(collection_path, address):
    result = run("generate", collection_path, "--item", address, "--lang", "python")

    assert result.exit_code == 2
    assert f"'{address}' is a folder, not a request" in result.stderr
    assert "Users/Admin/List users" in result.stderr


def test_ambiguous_suffix_lists_matches(collection_path):
    result = run("generate", collection_path, "--item", "List users", "--lang", "python")

    assert result.exit_code == 2
    assert "matches several items" in result.stderr
    assert "Users/List users" in result.stderr
    assert "Users/Admin/List users" in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        '{"name": "env", "values": [], "_postman_variable_scope": "environment"}',
        '{"item": [',
        "[]",
        '{"id": "1", "name": "old", "order": [], "requests": []}',
        None,
    ],
    ids=["environment", "invalid-json", "array", "v1", "missing"],
)
@pytest.mark.parametrize("command", ["list", "generate"])
def test_not_a_collection_is_one_line_error(tmp_path, content, command):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    result = run(command, path)

    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_environment_file_that_is_not_one(collection_path, tmp_path):
    result = run("generate", collection_path, "--item", "Health", "--lang", "curl", "--env", collection_path)

    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {collection_path}")
    assert len(result.stderr.splitlines()) == 1


# --- generate to a folder -----------------------------------------------------------------------


def test_out_writes_files_mirroring_folders(collection_path, tmp_path):
    out = tmp_path / "out"

    result = run("generate", collection_path, "--out", out)

    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    stems = [
        "health",
        "orders/create-order",
        "users/admin/list-users",
        "users/get-a-b",
        "users/list-users",
    ]
    assert written == sorted(stem + extension for stem in stems for extension in (".py", ".sh", ".ps1"))
    assert "import requests" in (out / "users" / "list-users.py").read_text(encoding="utf-8")
    assert "curl" in (out / "users" / "list-users.sh").read_text(encoding="utf-8")
    assert "Invoke-" in (out / "users" / "list-users.ps1").read_text(encoding="utf-8")
    assert f"wrote 15 snippets to {out}" in result.stderr
    assert result.exit_code == 1  # the item without URL is skipped


def test_out_summary_counts_unchanged_files(collection_path, tmp_path):
    out = tmp_path / "out"
    run("generate", collection_path, "--out", out, "--no-cache")
    edited = out / "users" / "list-users.sh"
    edited.write_text("edited\n", encoding="utf-8")

    again = run("generate", collection_path, "--out", out, "--no-cache")
    unchanged = run("generate", collection_path, "--out", out, "--no-cache")

    assert f"wrote 1 snippet to {out}; 14 unchanged; 1 skipped" in again.stderr
    assert "curl" in edited.read_text(encoding="utf-8")
    assert f"wrote 0 snippets to {out}; 15 unchanged; 1 skipped" in unchanged.stderr


def test_repeated_lang_writes_once(collection_path, tmp_path):
    out = tmp_path / "out"

    result = run("generate", collection_path, "--lang", "curl", "--lang", "curl", "--out", out, "--no-cache")
    single = run("generate", collection_path, "--item", "Health", "--lang", "curl", "--lang", "curl", "--no-cache")

    assert f"wrote 5 snippets to {out}; 1 skipped" in result.stderr
    assert "unchanged" not in result.stderr
    assert single.exit_code == 0, single.stderr
    assert single.stdout.startswith("# Health")


def test_item_without_url_skipped_with_warning(collection_path, tmp_path):
    out = tmp_path / "out"

    result = run("generate", collection_path, "--lang", "python", "--out", out)

    assert result.exit_code == 1
    skipped = [line for line in warnings_in(result.stderr) if "skipped" in line]
    assert len(skipped) == 1
    assert "'No URL'" in skipped[0]
    assert (out / "health.py").is_file()
    assert not list(out.glob("no-url*"))


def test_unresolved_variable_warned_once(collection_path, tmp_path):
    result = run("generate", collection_path, "--out", tmp_path / "out")

    variable_warnings = [line for line in warnings_in(result.stderr) if "variable" in line]
    missing = [line for line in variable_warnings if "{{missing}}" in line]
    also_missing = [line for line in variable_warnings if "{{alsoMissing}}" in line]
    assert len(missing) == 1
    assert len(also_missing) == 1
    assert variable_warnings.index(missing[0]) < variable_warnings.index(also_missing[0])


def test_var_overrides_collection(collection_path):
    result = run(
        "generate",
        collection_path,
        "--item",
        "Health",
        "--lang",
        "curl",
        "--var",
        "baseUrl=http://127.0.0.1:8001/v2",
        "--var",
        "missing=found",
        "--var",
        "alsoMissing=",
    )

    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8001/v2/health?trace=found&other=" in result.stdout
    assert warnings_in(result.stderr) == []


def test_unused_var_warned_with_close_name(collection_path, tmp_path):
    arguments = ("generate", collection_path, "--item", "Health", "--lang", "curl", "--var", "baseurl=http://127.0.0.1:1")

    result = run(*arguments)
    replayed = run(*arguments)

    expected = "--var baseurl is not used: no {{baseurl}} in the collection or environment; did you mean baseUrl?"
    assert result.exit_code == 0, result.output
    assert any(line.startswith(f"warning: {expected}") for line in warnings_in(result.stderr))
    assert warnings_in(replayed.stderr) == warnings_in(result.stderr)


def test_var_used_only_by_environment_not_warned(collection_path, tmp_path):
    environment = {"name": "local", "values": [{"key": "baseUrl", "value": "http://{{host}}", "enabled": True}]}
    env_path = tmp_path / "local.postman_environment.json"
    env_path.write_text(json.dumps(environment), encoding="utf-8")

    result = run("generate", collection_path, "--item", "Health", "--lang", "curl", "--env", env_path, "--var", "host=127.0.0.1:1")

    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:1/health" in result.stdout
    assert not any("--var" in line for line in warnings_in(result.stderr))


def test_fractional_timeout_names_unit(collection_path):
    result = run("generate", collection_path, "--item", "Health", "--lang", "curl", "--timeout", "1.5")

    assert result.exit_code == 2
    assert "'1.5' is not a valid whole number of seconds" in result.stderr


def test_var_without_equals_is_usage_error(collection_path):
    result = run("generate", collection_path, "--item", "Health", "--lang", "curl", "--var", "baseUrl")

    assert result.exit_code == 2
    assert "NAME=VALUE" in result.stderr


def test_env_file_used_and_var_wins(collection_path, tmp_path):
    environment = {
        "name": "local",
        "values": [
            {"key": "baseUrl", "value": "http://127.0.0.1:8002/env", "enabled": True},
            {"key": "page", "value": "5", "enabled": True},
            {"key": "missing", "value": "disabled-value", "enabled": False},
        ],
        "_postman_variable_scope": "environment",
    }
    env_path = tmp_path / "local.postman_environment.json"
    env_path.write_text(json.dumps(environment), encoding="utf-8")

    from_env = run("generate", collection_path, "--item", "Users/List users", "--lang", "curl", "--env", env_path)
    overridden = run(
        "generate",
        collection_path,
        "--item",
        "Users/List users",
        "--lang",
        "curl",
        "--env",
        env_path,
        "--var",
        "page=9",
    )

    assert from_env.exit_code == 0, from_env.output
    assert "http://127.0.0.1:8002/env/users?page=5" in from_env.stdout
    assert overridden.exit_code == 0, overridden.output
    assert "http://127.0.0.1:8002/env/users?page=9" in overridden.stdout


# --- real processes --------------------------------------------------------------------------------


def test_help_imports_neither_black_nor_jinja2():
    code = (
        "import sys, generator.cli\n"
        "try:\n"
        "    generator.cli.main(['--help'], prog_name='postman-snippets')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('black', 'jinja2')))\n"
    )

    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert "Usage: postman-snippets" in lines[0]
    assert lines[-1] == "[]"


def test_module_run_reports_bad_input_without_traceback(tmp_path):
    path = tmp_path / "env.json"
    path.write_text('{"values": []}', encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(path)], capture_output=True, text=True, timeout=60
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == [completed.stderr.strip()]
    assert completed.stderr.startswith(f"error: {path}")
    assert "Traceback" not in completed.stderr


def test_module_run_lists_collection(collection_path):
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "list", str(collection_path)], capture_output=True, text=True, timeout=60
    )

    assert completed.returncode == 0, completed.stderr
    assert "  GET Get a/b  [Users/Get a\\/b]" in completed.stdout.splitlines()


def test_duplicate_address_is_ambiguous(tmp_path):
    document = {
        "info": {"name": "dup"},
        "item": [request("Dup", "http://127.0.0.1:9/first"), request("Dup", "http://127.0.0.1:9/second")],
    }
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = run("generate", path, "--item", "Dup", "--lang", "curl")

    assert result.exit_code == 2
    assert "Invalid value for '--item': 'Dup' matches several items" in result.stderr
    assert "GET Dup#1\n  GET Dup#2\npick one by the address above" in result.stderr


def write_shared_address(tmp_path: Path, name: str = "Dup") -> Path:
    document = {
        "info": {"name": "dup"},
        "item": [
            {"name": "Folder", "item": [request(name, "http://127.0.0.1:9/first"), request(name, "http://127.0.0.1:9/second")]},
            request("Other", "http://127.0.0.1:9/other"),
        ],
    }
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_list_numbers_shared_address(tmp_path):
    result = run("list", write_shared_address(tmp_path))

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Folder/",
        "  GET Dup  [Folder/Dup#1]",
        "  GET Dup  [Folder/Dup#2]",
        "GET Other  [Other]",
    ]


@pytest.mark.parametrize(("address", "picked", "other"), [("Folder/Dup#1", "/first", "/second"), ("Dup#2", "/second", "/first")])
def test_ordinal_picks_one_shared_item(tmp_path, address, picked, other):
    result = run("generate", write_shared_address(tmp_path), "--item", address, "--lang", "curl", "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert f"http://127.0.0.1:9{picked}" in result.stdout
    assert f"http://127.0.0.1:9{other}" not in result.stdout


@pytest.mark.parametrize(("name", "heading"), [("dup.sh", "# Folder/Dup#1\n"), ("dup_2.sh", "# Folder/Dup#2\n"), ("dup-2.sh", "# Folder/Dup\\#2\n")])
def test_snippet_heading_is_listed_address(tmp_path, name, heading):
    path = write_shared_address(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["item"][0]["item"].append(request("Dup#2", "http://127.0.0.1:9/third"))
    path.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out"

    listed = run("list", path)
    result = run("generate", path, "--lang", "curl", "--out", out, "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert f"[{heading[2:-1]}]" in listed.stdout
    assert (out / "folder" / name).read_text(encoding="utf-8").startswith(heading)


def test_suffix_of_shared_address_selects_all(tmp_path):
    out = tmp_path / "out"

    result = run("generate", write_shared_address(tmp_path), "--item", "Dup", "--lang", "curl", "--out", out, "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (out / "folder").iterdir()) == ["dup.sh", "dup_2.sh"]


def test_ordinal_keeps_file_of_full_run(tmp_path):
    out = tmp_path / "out"

    result = run("generate", write_shared_address(tmp_path), "--item", "Dup#2", "--lang", "curl", "--out", out, "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (out / "folder").iterdir()) == ["dup_2.sh"]
    assert "/second" in (out / "folder" / "dup_2.sh").read_text(encoding="utf-8")


def test_item_order_keeps_file_names(tmp_path):
    out = tmp_path / "out"
    path = write_shared_address(tmp_path)

    result = run("generate", path, "--item", "Dup#2", "--item", "Dup#1", "--lang", "curl", "--out", out, "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert "/first" in (out / "folder" / "dup.sh").read_text(encoding="utf-8")
    assert "/second" in (out / "folder" / "dup_2.sh").read_text(encoding="utf-8")


def test_ordinal_out_of_range_names_count(tmp_path):
    result = run("generate", write_shared_address(tmp_path), "--item", "Dup#3", "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert "no item 'Dup#3' in the collection: 2 items share the address 'Folder/Dup': #1 and #2" in result.stderr


@pytest.mark.parametrize(("address", "expected"), [("Dupp", "Folder/Dup#1\n  Folder/Dup#2"), ("Othr", "Other")])
def test_short_address_typo_lists_close_matches(tmp_path, address, expected):
    result = run("generate", write_shared_address(tmp_path), "--item", address, "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert f"no item '{address}' in the collection; close matches:\n  {expected}\n" in result.stderr


def test_short_address_case_typo_says_case_sensitive(collection_path):
    result = run("generate", collection_path, "--item", "create order", "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert "addresses are case-sensitive; close matches:\n  Orders/Create order" in result.stderr


@pytest.mark.parametrize("name", ["Tab\there", "zero\u200bwidth", "esc\x1b[31m", "astral\U0001f600"])
def test_listed_escape_selects_item(tmp_path, name):
    items = [request(name, "http://127.0.0.1:9/odd"), request("Other", "http://127.0.0.1:9/other")]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"info": {"name": "odd"}, "item": items}), encoding="utf-8")
    listed = run("list", path).stdout.splitlines()[0]
    address = listed.rsplit("  [", 1)[1][:-1]

    result = run("generate", path, "--item", address, "--lang", "curl", "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert "http://127.0.0.1:9/odd" in result.stdout

@pytest.mark.parametrize(("typed", "listed"), [("Zero\\u200bwidth", "zero\\u200bwidth"), ("tab\\x09her", "tab\\there")])
def test_listed_escape_typo_lists_close_match(tmp_path, typed, listed):
    items = [request(name, "http://127.0.0.1:9/odd") for name in ("zero\u200bwidth", "tab\there")]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"info": {"name": "odd"}, "item": items}), encoding="utf-8")

    result = run("generate", path, "--item", typed, "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert f"; close matches:\n  {listed}\n" in result.stderr


def test_ordinal_of_unshared_address(tmp_path):
    result = run("generate", write_shared_address(tmp_path), "--item", "Other#2", "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert "'Other' is the address of one item only" in result.stderr


def test_name_ending_in_number_sign_wins(tmp_path):
    path = write_shared_address(tmp_path, name="Dup#2")

    exact = run("generate", path, "--item", "Folder/Dup#2#1", "--lang", "curl", "--no-cache")
    escaped = run("generate", path, "--item", "Folder/Dup\\#2", "--lang", "curl", "--no-cache")

    assert exact.exit_code == 0, exact.stderr
    assert "/first" in exact.stdout
    assert escaped.exit_code == 2
    assert "matches several items" in escaped.stderr


def write_ordinal_lookalike(tmp_path: Path) -> Path:
    lookalike = request("Dup#1", "http://127.0.0.1:9/named")
    items = [request("Dup", "http://127.0.0.1:9/first"), request("Dup", "http://127.0.0.1:9/second"), lookalike]
    document = {"info": {"name": "dup"}, "item": [{"name": "Folder", "item": items}]}
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_list_escapes_ordinal_lookalike(tmp_path):
    result = run("list", write_ordinal_lookalike(tmp_path))

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Folder/",
        "  GET Dup  [Folder/Dup#1]",
        "  GET Dup  [Folder/Dup#2]",
        "  GET Dup#1  [Folder/Dup\\#1]",
    ]


@pytest.mark.parametrize(
    ("address", "picked"),
    [("Folder/Dup#1", "/first"), ("Folder/Dup\\#1", "/named"), ("Dup\\#1", "/named"), ("Dup#1", "/named")],
)
def test_ordinal_lookalike_addresses(tmp_path, address, picked):
    result = run("generate", write_ordinal_lookalike(tmp_path), "--item", address, "--lang", "curl", "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert f"http://127.0.0.1:9{picked}" in result.stdout


def test_escaped_ordinal_typo_offers_lookalike_first(tmp_path):
    result = run("generate", write_ordinal_lookalike(tmp_path), "--item", "Folder/Dupp\\#1", "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert "close matches:\n  Folder/Dup\\#1\n" in result.stderr


def test_ordinal_beats_deeper_lookalike(tmp_path):
    lookalike = {"name": "Deep", "item": [request("Dup#1", "http://127.0.0.1:9/deep")]}
    document = {"info": {"name": "dup"}, "item": [request("Dup", "http://127.0.0.1:9/first"), request("Dup", "http://127.0.0.1:9/second"), lookalike]}
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    listed = run("list", path)
    picked = run("generate", path, "--item", "Dup#1", "--lang", "curl", "--no-cache")

    assert "GET Dup  [Dup#1]" in listed.stdout
    assert "GET Dup#1  [Deep/Dup#1]" in listed.stdout
    assert picked.exit_code == 0, picked.stderr
    assert "http://127.0.0.1:9/first" in picked.stdout


def test_ambiguous_address_lists_ordinals(tmp_path):
    document = {
        "info": {"name": "dup"},
        "item": [
            {"name": "F", "item": [request("H", "http://127.0.0.1:9/1"), request("H", "http://127.0.0.1:9/2")]},
            {"name": "X", "item": [request("H", "http://127.0.0.1:9/3")]},
        ],
    }
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    ambiguous = run("generate", path, "--item", "H#1", "--lang", "curl", "--no-cache")
    folder = run("generate", path, "--item", "F", "--lang", "curl", "--no-cache")

    assert ambiguous.exit_code == 2
    assert "'H#1' matches several items:\n  F/H#1\n  F/H#2\n  X/H\n" in ambiguous.stderr
    assert folder.exit_code == 2
    assert "give the address of one of its requests:\n  F/H#1\n  F/H#2\n" in folder.stderr


def write_shared_with_skipped(tmp_path: Path) -> Path:
    skipped = {"name": "Dup", "request": 5}
    document = {
        "info": {"name": "dup"},
        "item": [request("Dup", "http://127.0.0.1:9/first"), request("Dup", "http://127.0.0.1:9/second"), skipped],
    }
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_ordinal_ignores_skipped_namesake(tmp_path):
    path = write_shared_with_skipped(tmp_path)

    picked = run("generate", path, "--item", "Dup#2", "--lang", "curl", "--no-cache", "--strict")
    whole = run("generate", path, "--item", "Dup", "--lang", "curl", "--out", tmp_path / "out", "--no-cache")

    # '#2' picks a loaded item, so the skipped item of that name is not selected.
    assert picked.exit_code == 0, picked.stderr
    assert "http://127.0.0.1:9/second" in picked.stdout
    assert "skipped" not in picked.stderr
    assert whole.exit_code == 1
    assert "warning: skipped item 'Dup' (at /item/2/request)" in whole.stderr


def test_item_skipped_names_reason(tmp_path):
    bad_host = {"name": "Get pet", "request": {"method": "GET", "url": {"raw": "http://127.0.0.1:9/x", "host": 5}}}
    document = {
        "info": {"name": "Pets", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Pets", "item": [bad_host]}],
    }
    path = tmp_path / "pets.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    full = run("generate", path, "--item", "Pets/Get pet", "--lang", "curl", "--no-cache")
    short = run("generate", path, "--item", "Get pet", "--lang", "curl", "--no-cache")

    assert full.exit_code == 2
    assert (
        "Invalid value for '--item': 'Pets/Get pet' was skipped:"
        " item 'Pets/Get pet' (at /item/0/item/0/request/url/host): expected a string"
    ) in full.stderr
    assert "no item" not in full.stderr
    assert short.exit_code == 2
    assert "'Get pet' was skipped: item 'Pets/Get pet'" in short.stderr


def _write_broken_namesakes(tmp_path: Path, *more: dict) -> Path:
    """Write a collection with two items named 'B' that cannot be loaded, followed by ``more``."""
    items = [
        {"name": "B", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "header": 5}},
        {"name": "B", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "body": 7}},
        *more,
    ]
    document = {"info": {"name": "Dup", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items}
    path = tmp_path / "dup.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_item_skipped_twice_names_both(tmp_path):
    path = _write_broken_namesakes(tmp_path)

    result = run("generate", path, "--item", "B", "--lang", "curl", "--no-cache")

    assert result.exit_code == 2
    assert "Invalid value for '--item': the 2 items at 'B' were skipped:\n" in result.stderr
    assert "  item 'B' (at /item/0/request/header): expected a list, found a number\n" in result.stderr
    assert "  item 'B' (at /item/1/request/body): expected a body object, found a number\n" in result.stderr


def test_item_with_skipped_namesake_warns_each(tmp_path):
    path = _write_broken_namesakes(tmp_path, {"name": "B", "request": {"method": "GET", "url": "http://127.0.0.1:9/ok"}})

    result = run("generate", path, "--item", "B", "--lang", "curl", "--no-cache")

    assert result.exit_code == 1
    assert "http://127.0.0.1:9/ok" in result.stdout
    assert "warning: skipped item 'B' (at /item/0/request/header)" in result.stderr
    assert "warning: skipped item 'B' (at /item/1/request/body)" in result.stderr


def test_bad_saved_example_keeps_item(tmp_path):
    responses = ["not an object", {"name": "ok", "code": 200, "body": '{"id": 1}'}]
    document = {
        "info": {"name": "Examples", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Item", "request": {"method": "GET", "url": f"{BASE}/x"}, "response": responses}],
    }
    path = tmp_path / "examples.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = run("generate", path, "--item", "Item", "--lang", "python", "--no-cache")

    assert result.exit_code == 1
    assert "warning: skipped saved example of item 'Item' (at /item/0/response/0): expected an object" in result.stderr
    assert 'url = "http://127.0.0.1:9/api/x"' in result.stdout
    assert 'id_ = data["id"]  # int' in result.stdout


def test_ignored_field_warns_without_failing(tmp_path):
    document = {"info": {"name": "v1"}, "item": [request("Old", "http://127.0.0.1:9/x", headers=[{"key": "A", "value": "1"}])]}
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = run("generate", path, "--item", "Old", "--lang", "curl", "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert "warning: item 'Old' (at /item/0/request/headers): the request has 'headers', which Postman ignores" in result.stderr
    assert "'A: 1'" not in result.stdout


def _empty_host_collection(tmp_path, count):
    items = [
        {"name": f"R{index}", "request": {"method": "GET", "url": {"raw": "{{base}}/r", "host": ["{{base}}"], "path": ["r"]}}}
        for index in range(count)
    ]
    document = {
        "info": {"name": "Hosts", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "base", "value": ""}],
        "item": [*items, {"name": "Fine", "request": {"method": "GET", "url": "http://127.0.0.1:9/{{base}}"}}],
    }
    path = tmp_path / "hosts.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_empty_host_warns_once_per_item(tmp_path):
    path = _empty_host_collection(tmp_path, 1)

    result = run("generate", path, "--out", str(tmp_path / "out"), "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("has no host") == 1
    assert "warning: the URL of 'R0' has no host because a variable in it is empty;" in result.stderr
    assert "--var NAME=VALUE" in result.stderr
    snippet = (tmp_path / "out" / "r0.sh").read_text(encoding="utf-8")
    assert "# Note: the URL has no host because {{base}} is empty, so give it a value" in snippet
    assert "no host" not in (tmp_path / "out" / "fine.sh").read_text(encoding="utf-8")


def test_empty_hosts_listed_with_count(tmp_path):
    path = _empty_host_collection(tmp_path, 5)

    result = run("generate", path, "--lang", "curl", "--out", str(tmp_path / "out"), "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert "the URLs of 5 requests have no host because a variable in them is empty ('R0', 'R1', 'R2' and 2 more);" in result.stderr
