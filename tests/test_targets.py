"""Targets registered through the postman_snippets.targets entry points, and template overrides."""

from __future__ import annotations

import os
from importlib import metadata

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from generator import render, targets
from generator.api import generate, load_collection
from generator.cli import main

PET_STORE = EXAMPLES / "pet-store.postman_collection.json"
LIST_PETS = "Pets/List pets"


def _list_pets():
    collection = load_collection(PET_STORE)
    item = next(item for item in collection.requests if item.address == LIST_PETS)
    return collection, item


def test_builtin_targets_are_entry_points():
    names = {entry_point.name for entry_point in metadata.entry_points(group=targets.ENTRY_POINT_GROUP)}
    # An editable install made before a target was added lacks its entry
    # point; BUILTIN_TARGETS covers that case, so only the three original
    # ones are required here.
    assert {"python", "curl", "powershell"} <= names
    for name in names & set(targets.BUILTIN_TARGETS):
        entry_point = next(ep for ep in metadata.entry_points(group=targets.ENTRY_POINT_GROUP) if ep.name == name)
        assert entry_point.value == targets.BUILTIN_TARGETS[name]


@pytest.mark.parametrize("name", list(targets.BUILTIN_TARGETS))
def test_builtin_target_loads(name):
    loaded = targets.load_target(name)
    assert loaded.name == name
    assert loaded.extension.startswith(".")


def test_unknown_language_names_accepted_values():
    with pytest.raises(targets.UnknownTargetError) as raised:
        targets.load_target("cobol")
    for name in targets.BUILTIN_TARGETS:
        assert name in str(raised.value)


def test_cli_rejects_unknown_language():
    result = CliRunner().invoke(main, ["generate", str(PET_STORE), "--item", LIST_PETS, "--lang", "cobol"])
    assert result.exit_code == 2
    assert "unknown language 'cobol'" in result.output
    assert "accepted values: python, " in result.output


def _plain_text_target() -> targets.Target:
    return targets.Target(
        name="plain-text",
        extension=".txt",
        template="request.txt.j2",
        build_context=lambda wire, examples, options: {"shout": wire.method.lower()},
        filters={"upper": str.upper},
    )


@pytest.fixture
def plain_text_target(monkeypatch, tmp_path):
    """Register a target defined outside the package, with templates of its own."""
    folder = tmp_path / "plain-text-templates"
    folder.mkdir()
    (folder / "request.txt.j2").write_text("{{ shout | upper }} {{ wire.url }}\n", encoding="utf-8")
    target = _plain_text_target()
    target = targets.Target(**{**target.__dict__, "template_folder": folder})
    monkeypatch.setattr(targets, "_target_for_test", target, raising=False)
    registered = {**targets.BUILTIN_TARGETS, "plain-text": "generator.targets:_target_for_test"}
    monkeypatch.setattr(targets, "_registered", lambda: registered)
    targets.load_target.cache_clear()
    render.environment.cache_clear()
    yield target
    targets.load_target.cache_clear()
    render.environment.cache_clear()


def test_third_party_target_renders(plain_text_target, tmp_path):
    collection, item = _list_pets()
    code = generate(collection, item, "plain-text").code
    assert code == "GET https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag\n"
    assert "plain-text" in targets.available_targets()

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(PET_STORE), "--item", LIST_PETS, "--lang", "plain-text", "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (out / "pets" / "list-pets.txt").read_text(encoding="utf-8") == code


LICENSE_HEADER = "# SPDX-License-Identifier: Apache-2.0\n"


def _write_license_override(folder):
    """Wrap the packaged curl template in a license header, through an override of the same name."""
    (folder / "curl").mkdir(parents=True)
    packaged = (render.template_folder() / "curl" / "request.sh.j2").read_text(encoding="utf-8")
    # The override includes a renamed copy of the packaged template, so
    # only the header differs.
    (folder / "curl" / "packaged_request.sh.j2").write_text(packaged, encoding="utf-8")
    (folder / "curl" / "request.sh.j2").write_text(
        LICENSE_HEADER + '{% include "curl/packaged_request.sh.j2" %}', encoding="utf-8"
    )


def test_template_override_adds_license_header(tmp_path):
    collection, item = _list_pets()
    _write_license_override(tmp_path)
    plain = generate(collection, item, "curl").code
    overridden = generate(collection, item, "curl", options={"templates": str(tmp_path)}).code
    assert overridden == LICENSE_HEADER + plain
    # Python templates are not overridden and come from the package.
    assert generate(collection, item, "python", options={"templates": str(tmp_path)}).code == generate(collection, item, "python").code


def test_cli_templates_option(tmp_path):
    _write_license_override(tmp_path / "overrides")
    result = CliRunner().invoke(
        main, ["generate", str(PET_STORE), "--item", LIST_PETS, "--lang", "curl", "--templates", str(tmp_path / "overrides")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(LICENSE_HEADER + "# Pets/List pets\n")


def test_override_keeps_strict_undefined(tmp_path):
    collection, item = _list_pets()
    (tmp_path / "curl").mkdir()
    (tmp_path / "curl" / "request.sh.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    with pytest.raises(Exception, match="no_such_value"):
        generate(collection, item, "curl", options={"templates": str(tmp_path)})


def test_override_gets_quoting_filters(tmp_path):
    collection, item = _list_pets()
    (tmp_path / "curl").mkdir()
    (tmp_path / "curl" / "request.sh.j2").write_text("echo {{ \"it's\" | sh }}\n", encoding="utf-8")
    assert generate(collection, item, "curl", options={"templates": str(tmp_path)}).code == "echo 'it'\\''s'\n"


def test_line_length_option():
    collection, item = _list_pets()
    import black

    narrow = generate(collection, item, "python", options={"line_length": 40}).code
    assert narrow == black.format_str(narrow, mode=black.Mode(line_length=40))
    assert narrow != generate(collection, item, "python").code


def test_cmd_secret_notice_uses_rem(tmp_path):
    from generator.api import make_scope
    from generator.secret_output import credential_variables

    collection, item = _list_pets()
    scope = make_scope(collection, variables={"apiToken": "s3cret-value"})
    scope.protect_secrets("env", credential_variables(collection))
    code = generate(collection, item, "curl-cmd", scope=scope).code
    lines = code.splitlines()
    assert lines[0] == "@echo off"
    assert lines[1] == "REM Set these environment variables before running: API_TOKEN"
    assert '"Authorization: Bearer %API_TOKEN%"' in code
    assert not any(line.startswith("#") for line in lines)


def test_cache_misses_after_target_template_edit(plain_text_target, tmp_path):
    cache = tmp_path / "cache"
    arguments = ["generate", str(PET_STORE), "--item", LIST_PETS, "--lang", "plain-text"]
    environment = {"POSTMAN_SNIPPETS_CACHE_DIR": str(cache)}
    first = CliRunner().invoke(main, arguments, env=environment)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("GET ")

    (plain_text_target.template_folder / "request.txt.j2").write_text("{{ shout }} {{ wire.url }}\n", encoding="utf-8")
    render.environment.cache_clear()
    second = CliRunner().invoke(main, arguments, env=environment)
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("get ")


def test_shared_extension_gets_target_name(tmp_path):
    out = tmp_path / "out"
    languages = ["python", "python-httpx", "python-stdlib", "powershell", "curl-powershell", "curl-cmd"]
    arguments = ["generate", str(PET_STORE), "--item", LIST_PETS, "--out", str(out), "--no-cache"]
    for language in languages:
        arguments += ["--lang", language]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (out / "pets").iterdir())
    assert names == [
        "list-pets.cmd",
        "list-pets.curl-powershell.ps1",
        "list-pets.ps1",
        "list-pets.py",
        "list-pets.python-httpx.py",
        "list-pets.python-stdlib.py",
    ]
    assert "import httpx" in (out / "pets" / "list-pets.python-httpx.py").read_text(encoding="utf-8")
    assert "import requests" in (out / "pets" / "list-pets.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("python-httpx", "list-pets.python-httpx.py"),
        ("powershell-5", "list-pets.powershell-5.ps1"),
        ("curl-cmd", "list-pets.cmd"),
        ("python", "list-pets.py"),
    ],
)
def test_file_name_independent_of_other_languages(tmp_path, language, name):
    out = tmp_path / "out"
    arguments = ["generate", str(PET_STORE), "--item", LIST_PETS, "--out", str(out), "--no-cache", "--lang", language]
    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (out / "pets").iterdir()) == [name]


def _write_parse_override(folder, marker):
    """Override the Python parse macros with ones that print ``marker`` and the plan's root variable."""
    (folder / "python").mkdir(parents=True, exist_ok=True)
    (folder / "python" / "_parse.py.j2").write_text(
        "{% macro parse_response(plan, source='response.json()') %}"
        "# " + marker + " {{ plan.root_variable }}\n"
        "{% endmacro %}"
        "{% macro parse_error(plan, source='response.json()') %}{% endmacro %}",
        encoding="utf-8",
    )


def test_parse_macro_override_used(tmp_path):
    collection, item = _list_pets()
    _write_parse_override(tmp_path, "first")

    code = generate(collection, item, "python", options={"templates": str(tmp_path)}).code

    assert "# first data\n" in code
    assert "# first data\n" not in generate(collection, item, "python").code


def test_parse_macro_override_edit_rendered(tmp_path):
    collection, item = _list_pets()
    _write_parse_override(tmp_path, "first")
    generate(collection, item, "python", options={"templates": str(tmp_path)})
    _write_parse_override(tmp_path, "second")
    # Jinja compares modification times, which may be equal within a second.
    template = tmp_path / "python" / "_parse.py.j2"
    os.utime(template, (template.stat().st_atime, template.stat().st_mtime + 10))

    code = generate(collection, item, "python", options={"templates": str(tmp_path)}).code

    assert "# second data\n" in code


def test_bytecode_cache_skips_shared_folder(tmp_path, monkeypatch):
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(shared))
    render._bytecode_cache.cache_clear()
    try:
        assert render._bytecode_cache() is None
        shared.chmod(0o700)
        render._bytecode_cache.cache_clear()
        assert render._bytecode_cache() is not None
        assert (shared / "templates").is_dir()
    finally:
        render._bytecode_cache.cache_clear()


@pytest.mark.parametrize(("typed", "meant"), [("Python", "python"), ("powershell5", "powershell-5"), ("curl_cmd", "curl-cmd")])
def test_mistyped_language_gets_suggestion(typed, meant):
    result = CliRunner().invoke(main, ["generate", str(PET_STORE), "--item", LIST_PETS, "--lang", typed])

    assert result.exit_code == 2
    assert f"unknown language {typed!r} (did you mean {meant!r}?); accepted values: python," in result.output
