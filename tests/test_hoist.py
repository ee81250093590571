"""generate --variables hoist: Postman variables written once at the top of each snippet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from conftest import EXAMPLES
from generator.api import generate, load_collection, make_scope
from generator.cli import main
from generator.dynamic import expand_hoisted
from generator.errors import ItemError
from generator.hoist import name_variables
from generator.output import safe_name
from generator.quoting import QuotingError
from generator.render import _hoisted_names
from generator.secret_output import credential_variables, protect_credentials
from generator.targets import Target
from generator.wire import build_wire_request, wire_texts
from snippet_checks import bash_errors, powershell_errors, python_errors

HOIST_EXAMPLE = EXAMPLES / "hoist.postman_collection.json"
LANGUAGES = ("python", "python-httpx", "python-stdlib", "curl", "curl-powershell", "curl-cmd", "powershell", "powershell-5")
EXTENSIONS = {"python": "py", "python-httpx": "py", "python-stdlib": "py", "curl": "sh",
              "curl-powershell": "ps1", "curl-cmd": "cmd", "powershell": "ps1", "powershell-5": "ps1"}


def _snapshot_class(extension: str) -> type[SingleFileSnapshotExtension]:
    return type(f"{extension.title()}Snapshot", (SingleFileSnapshotExtension,), {"_write_mode": WriteMode.TEXT, "file_extension": extension})


SNAPSHOT_CLASSES = {extension: _snapshot_class(extension) for extension in {*EXTENSIONS.values(), "txt"}}


def hoisted_code(path: Path, address: str, language: str, secrets: str = "inline") -> str:
    """Return the snippet of ``address`` in hoist mode, or ``error: <message>`` when the language rejects it."""
    collection = load_collection(path)
    item = next(item for item in collection.requests if item.address == address)
    scope = make_scope(collection)
    scope.protect_secrets(secrets, credential_variables(collection))
    scope.set_variable_mode("hoist")
    item = protect_credentials(item, secrets)
    try:
        return generate(collection, item, language, scope=scope).code
    except ItemError as error:
        return f"error: {error}\n"


def check_syntax(code: str, extension: str, tmp_path: Path) -> None:
    if extension == "py":
        assert python_errors(code) is None
    elif extension == "ps1":
        assert powershell_errors(code) == []
    elif extension == "sh":
        script = tmp_path / "snippet.sh"
        script.write_text(code, encoding="utf-8")
        assert bash_errors([str(script)]) is None


def _cases():
    collection = load_collection(HOIST_EXAMPLE)
    return [
        pytest.param(item.address, language, id=f"{safe_name(item.address)}--{language}")
        for item in collection.requests
        for language in LANGUAGES
    ]


@pytest.mark.parametrize(("address", "language"), _cases())
def test_hoisted_snippet_matches_snapshot(address, language, snapshot, tmp_path):
    code = hoisted_code(HOIST_EXAMPLE, address, language)
    if code.startswith("error: "):
        # Only cmd.exe rejects an item: a dynamic variable has no cmd.exe
        # form, and a non-ASCII value is not safe in an expanded %variable%.
        assert language == "curl-cmd", code
        assert code == snapshot(extension_class=SNAPSHOT_CLASSES["txt"])
        return
    check_syntax(code, EXTENSIONS[language], tmp_path)
    assert code == snapshot(extension_class=SNAPSHOT_CLASSES[EXTENSIONS[language]])


@pytest.mark.parametrize("language", ["python", "curl", "powershell", "curl-cmd"])
def test_hoisted_secrets_env_matches_snapshot(language, snapshot, tmp_path):
    code = hoisted_code(HOIST_EXAMPLE, "Report with basic auth", language, secrets="env")
    check_syntax(code, EXTENSIONS[language], tmp_path)
    assert code == snapshot(extension_class=SNAPSHOT_CLASSES[EXTENSIONS[language]])


def _collection(tmp_path: Path, variables: dict[str, str], request: dict, response: list | None = None) -> Path:
    item = {"name": "item", "request": request}
    if response is not None:
        item["response"] = response
    document = {
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": key, "value": value} for key, value in variables.items()],
        "item": [item],
    }
    path = tmp_path / "c.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _hoisted_wire(path: Path):
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    return build_wire_request(collection.requests[0], scope)


def _inline_wire(path: Path):
    collection = load_collection(path)
    return build_wire_request(collection.requests[0], make_scope(collection))


def test_inline_is_default(tmp_path):
    path = _collection(tmp_path, {"baseUrl": "http://127.0.0.1:9"}, {"method": "GET", "url": "{{baseUrl}}/x"})
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], "python").code
    assert "BASE_URL" not in code
    assert 'url = "http://127.0.0.1:9/x"' in code


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.postman_collection.json")), ids=lambda path: path.name)
def test_hoisted_wire_expands_to_inline(path):
    collection = load_collection(path)
    for item in collection.requests:
        inline = build_wire_request(item, make_scope(collection))
        scope = make_scope(collection)
        scope.set_variable_mode("hoist")
        hoisted = build_wire_request(item, scope)
        values = dict(hoisted.hoisted)
        expanded = [expand_hoisted(text, values) for text in wire_texts(hoisted)[: len(wire_texts(inline))]]
        assert expanded == wire_texts(inline), item.address


def test_nested_variable_hoists_outermost(tmp_path):
    path = _collection(tmp_path, {"a": "x-{{b}}", "b": "y"}, {"method": "GET", "url": "http://127.0.0.1:9/{{a}}"})
    assert _hoisted_wire(path).hoisted == (("a", "x-y"),)


def test_unresolved_variable_stays_text(tmp_path):
    path = _collection(tmp_path, {"a": "1"}, {"method": "GET", "url": "http://127.0.0.1:9/{{a}}/{{missing}}"})
    wire = _hoisted_wire(path)
    assert wire.hoisted == (("a", "1"),)
    assert wire.url.endswith("/{{missing}}")


def test_dynamic_variable_stays_computed(tmp_path):
    path = _collection(tmp_path, {}, {"method": "GET", "url": "http://127.0.0.1:9/{{$guid}}"})
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    code = generate(collection, collection.requests[0], "python", scope=scope).code
    assert 'url = "http://127.0.0.1:9/" + dynamic_guid' in code


def test_empty_variable_hoisted_empty(tmp_path):
    path = _collection(tmp_path, {"note": ""}, {"method": "GET", "url": "http://127.0.0.1:9/x", "header": [{"key": "X-Note", "value": "{{note}}"}]})
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    code = generate(collection, collection.requests[0], "python", scope=scope).code
    assert 'NOTE = ""  # Postman\'s {{note}}' in code
    assert "they are sent empty as Postman does: {{note}}" in code


def test_encoded_value_written_as_sent(tmp_path):
    variables = {"baseUrl": "http://127.0.0.1:9", "q": "blue shoes"}
    path = _collection(tmp_path, variables, {"method": "GET", "url": "{{baseUrl}}/search?q={{q}}"})
    wire = _hoisted_wire(path)
    assert [name for name, _ in wire.hoisted] == ["baseUrl"]
    assert wire.url.endswith("/search?q=blue%20shoes")
    assert any(note.startswith("these variables are written out as sent") and note.endswith(": {{q}}.") for note in wire.notes)
    assert expand_hoisted(wire.url, dict(wire.hoisted)) == _inline_wire(path).url


def test_base_url_containing_next_literal_hoisted(tmp_path):
    variables = {"baseUrl": "http://127.0.0.1:9/api", "v": "v2", "w": "W 1"}
    path = _collection(tmp_path, variables, {"method": "GET", "url": "{{baseUrl}}/{{v}}/products?page=1&w={{w}}"})

    wire = _hoisted_wire(path)

    assert [name for name, _ in wire.hoisted] == ["baseUrl", "v"]
    assert wire.url.endswith("/products?page=1&w=W%201")
    assert expand_hoisted(wire.url, dict(wire.hoisted)) == _inline_wire(path).url


def test_value_equal_to_later_text_aligned(tmp_path):
    # "a/b" is the value, and the text after the marker starts with "/b"
    # too, so only one reading keeps both markers.
    variables = {"first": "a/b", "second": "c"}
    path = _collection(tmp_path, variables, {"method": "GET", "url": "http://127.0.0.1:9/{{first}}/b/{{second}}"})

    wire = _hoisted_wire(path)

    assert [name for name, _ in wire.hoisted] == ["first", "second"]
    assert expand_hoisted(wire.url, dict(wire.hoisted)) == _inline_wire(path).url


def test_trimmed_header_value_written_as_sent(tmp_path):
    path = _collection(tmp_path, {"v": "  padded "}, {"method": "GET", "url": "http://127.0.0.1:9/", "header": [{"key": "X-V", "value": "{{v}}"}]})
    wire = _hoisted_wire(path)
    assert wire.hoisted == ()
    assert wire.headers == (("X-V", "padded"),)


def test_json_body_with_quote_sent_as_text(tmp_path):
    request = {
        "method": "POST",
        "url": "http://127.0.0.1:9/",
        "body": {"mode": "raw", "raw": '{"name": "{{name}}"}', "options": {"raw": {"language": "json"}}},
    }
    path = _collection(tmp_path, {"name": 'say "hi"'}, request)
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    code = generate(collection, collection.requests[0], "python", scope=scope).code
    # json= would escape the quotes of the value again; the text is sent as newman sends it.
    assert "payload = '{\"name\": \"' + NAME + '\"}'" in code
    assert "data=payload" in code


def test_json_body_with_plain_value_stays_literal(tmp_path):
    request = {
        "method": "POST",
        "url": "http://127.0.0.1:9/",
        "body": {"mode": "raw", "raw": '{"name": "{{name}}"}', "options": {"raw": {"language": "json"}}},
    }
    path = _collection(tmp_path, {"name": "Ann"}, request)
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    code = generate(collection, collection.requests[0], "python", scope=scope).code
    assert 'payload = {"name": NAME}' in code
    assert "json=payload" in code


def test_parse_code_avoids_hoisted_name(tmp_path):
    response = [{"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": '{"baseUrl": "x"}'}]
    path = _collection(tmp_path, {"baseUrl": "http://127.0.0.1:9"}, {"method": "GET", "url": "{{baseUrl}}/x"}, response)
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    code = generate(collection, collection.requests[0], "powershell", scope=scope).code
    assert code.count("$baseUrl = ") == 1
    assert "$baseUrl_2 = $response.baseUrl" in code


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("python", ['uuid_2 = data["uuid"]', 'item_dynamic_guid = item["dynamic_guid"]'], "    dynamic_guid = item"),
        ("python-httpx", ['uuid_2 = data["uuid"]', 'item_dynamic_guid = item["dynamic_guid"]'], "    dynamic_guid = item"),
        ("powershell", ["$uuid = $response.uuid", "$itemDynamicGuid = $item.dynamic_guid"], "$dynamicGuid = $item"),
    ],
)
def test_parse_code_avoids_dynamic_names(tmp_path, language, expected, absent):
    body = '{"uuid": [{"dynamic_guid": 1}]}'
    response = [{"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body}]
    path = _collection(tmp_path, {}, {"method": "GET", "url": "http://127.0.0.1:9/x?id={{$guid}}"}, response)
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], language, scope=make_scope(collection)).code

    for line in expected:
        assert line in code
    assert absent not in code


@pytest.mark.parametrize(
    ("style", "expected"),
    [("python", "BASE_URL"), ("bash", "base_url"), ("powershell", "baseUrl"), ("cmd", "base_url")],
)
def test_name_styles(style, expected):
    [variable] = name_variables([("baseUrl", "v")], style)
    assert variable.code_name == expected
    assert variable.name == "baseUrl"


@pytest.mark.parametrize(
    ("style", "names", "expected"),
    [
        ("python", ["base-url", "base_url", "BASE URL"], ["BASE_URL", "BASE_URL_2", "BASE_URL_3"]),
        ("powershell", ["Headers", "PID", "baseUrl", "BaseURL"], ["headers_2", "pid_2", "baseUrl", "baseUrl_2"]),
        ("bash", ["dynamic guid", "x", "http_proxy", "noProxy"], ["dynamic_guid_2", "x", "http_proxy_2", "no_proxy_2"]),
        ("cmd", ["Path", "comspec", "user", "HTTPS_PROXY"], ["path_2", "comspec_2", "user", "https_proxy_2"]),
        ("python", ["2fa", "ключ", "url"], ["VAR_2_FA", "VARIABLE", "URL"]),
    ],
)
def test_name_collisions_get_suffixes(style, names, expected):
    assert [variable.code_name for variable in name_variables([(name, "") for name in names], style)] == expected


def test_secret_hoisted_from_environment():
    code = hoisted_code(HOIST_EXAMPLE, "Report with basic auth", "python", secrets="env")
    assert 'PASSWORD = os.environ["PASSWORD"]  # Postman\'s {{password}}' in code
    assert "pw-81d3" not in code
    assert "# Set these environment variables before running: PASSWORD" in code


def test_secret_placeholder_hoisted():
    code = hoisted_code(HOIST_EXAMPLE, "Report with basic auth", "curl", secrets="placeholder")
    assert "password='<password>'  # Postman's {{password}}" in code
    assert "pw-81d3" not in code


def test_cmd_rejects_unsafe_value(tmp_path):
    path = _collection(tmp_path, {"q": "s3cr&t"}, {"method": "GET", "url": "http://127.0.0.1:9/{{q}}"})
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    with pytest.raises(ItemError) as raised:
        generate(collection, collection.requests[0], "curl-cmd", scope=scope)
    message = str(raised.value)
    assert "variable {{q}} cannot be hoisted in a cmd.exe batch file" in message
    assert "--variables inline" in message
    # The value may be a secret, so no part of it is quoted.
    assert "s3cr" not in message
    assert "'&'" not in message


def test_target_without_style_rejects_hoist(tmp_path):
    path = _collection(tmp_path, {"a": "1"}, {"method": "GET", "url": "http://127.0.0.1:9/{{a}}"})
    selected = Target(name="other", extension=".txt", template="x.j2", build_context=lambda *arguments: {})
    with pytest.raises(QuotingError, match="does not support --variables hoist"):
        _hoisted_names(_hoisted_wire(path), selected)


def test_cli_variables_option(tmp_path):
    path = _collection(tmp_path, {"baseUrl": "http://127.0.0.1:9"}, {"method": "GET", "url": "{{baseUrl}}/x"})
    arguments = ["generate", str(path), "--item", "item", "--lang", "curl", "--no-cache"]
    hoisted = CliRunner().invoke(main, [*arguments, "--variables", "hoist"])
    assert hoisted.exit_code == 0, hoisted.output
    assert "base_url=http://127.0.0.1:9  # Postman's {{baseUrl}}" in hoisted.stdout
    assert 'curl "$base_url"/x' in hoisted.stdout
    inline = CliRunner().invoke(main, arguments)
    assert "base_url" not in inline.stdout


def test_cli_rejects_unknown_variables_mode(tmp_path):
    path = _collection(tmp_path, {}, {"method": "GET", "url": "http://127.0.0.1:9/x"})
    result = CliRunner().invoke(main, ["generate", str(path), "--variables", "lift"])
    assert result.exit_code == 2
    assert "'lift' is not one of 'inline', 'hoist'" in result.output
