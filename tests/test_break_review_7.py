"""Inputs where the snippets sent other bytes than newman 6.2.2, found by a review.

Each expected value below is what newman 6.2.2 sent for the same item,
recorded with ``python -m generator.conformance`` against a capture server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import generate, load_collection, make_scope
from generator.errors import InputError, ItemError
from generator.conformance.powershell import PowerShellError
from generator.conformance.run import _powershell_request
from generator.wire import build_wire_request

RUN_LANGUAGES = ["python", "curl"]


def _collection(tmp_path: Path, requests: list[dict], variables: list[dict] | None = None):
    document = {
        "info": {"name": "review", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": f"item {index}", "request": request} for index, request in enumerate(requests)],
    }
    if variables is not None:
        document["variable"] = variables
    path = tmp_path / "review.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_collection(path)


def _wire(tmp_path: Path, request: dict, variables: list[dict] | None = None):
    collection = _collection(tmp_path, [request], variables)
    assert collection.problems == ()
    return build_wire_request(collection.requests[0], make_scope(collection))


def _sent(tmp_path: Path, capture_server, request: dict, language: str, variables: list[dict] | None = None):
    """Run the snippet of ``request`` in ``language`` and return the one request the server captured."""
    collection = _collection(tmp_path, [request], variables)
    code = generate(collection, collection.requests[0], language, scope=make_scope(collection)).code
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    if language == "curl":
        script, command = tmp_path / "snippet.sh", ["bash"]
    else:
        script, command = tmp_path / "snippet.py", [sys.executable]
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([*command, str(script)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    [captured] = capture_server.requests
    return captured


def _powershell_sent(tmp_path: Path, request: dict, variables: list[dict] | None = None) -> dict:
    collection = _collection(tmp_path, [request], variables)
    code = generate(collection, collection.requests[0], "powershell", scope=make_scope(collection)).code
    return _powershell_request(code, tmp_path)


# --- urlencoded bodies: array-index keys go first -----------------------------------------------

INDEX_KEYS_FORM = {
    "mode": "urlencoded",
    "urlencoded": [
        {"key": "b", "value": "1"},
        {"key": "10", "value": "2"},
        {"key": "2", "value": "3"},
        {"key": "01", "value": "4"},
        {"key": "4294967295", "value": "5"},
        {"key": "4294967294", "value": "6"},
        {"key": "-1", "value": "7"},
        {"key": "b", "value": "8"},
    ],
}
INDEX_KEYS_SENT = "2=3&10=2&4294967294=6&b=1&b=8&01=4&4294967295=5&-1=7"


def test_urlencoded_index_keys_first_wire(tmp_path):
    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/u", "body": INDEX_KEYS_FORM})

    assert wire.body.encoded == INDEX_KEYS_SENT


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_urlencoded_index_keys_first_sent(tmp_path, capture_server, language):
    request = {"method": "POST", "url": capture_server.url + "/u", "body": INDEX_KEYS_FORM}

    captured = _sent(tmp_path, capture_server, request, language)

    assert captured.body == INDEX_KEYS_SENT.encode("ascii")


def test_urlencoded_index_keys_first_powershell(tmp_path):
    request = {"method": "POST", "url": "http://127.0.0.1:9/u", "body": INDEX_KEYS_FORM}

    assert _powershell_sent(tmp_path, request)["body"] == INDEX_KEYS_SENT.encode("ascii")


def test_urlencoded_index_key_from_variable(tmp_path):
    # newman orders the keys after it substitutes variables.
    form = {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}, {"key": "{{index}}", "value": "2"}]}
    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/u", "body": form}, [{"key": "index", "value": "7"}])

    assert wire.body.encoded == "7=2&a=1"


# --- backslashes in the URL path ----------------------------------------------------------------

BACKSLASH_CASES = [
    # (url, variables, target newman sent)
    ("http://127.0.0.1:9/a\\b/c", None, "/a/b/c"),
    ("http://127.0.0.1:9/qq?a=\\b&c\\=d", None, "/qq?a=\\b&c\\=d"),
    ("http://127.0.0.1:9/{{bs}}/z?q={{bs}}", [{"key": "bs", "value": "v\\w"}], "/v/w/z?q=v\\w"),
    ("http:\\\\127.0.0.1:9\\auth\\x", None, "/auth/x"),
    (
        {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": ["a\\b", "c"],
         "query": [{"key": "k\\", "value": "v\\"}]},
        None,
        "/a/b/c?k\\=v\\",
    ),
    (
        {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": [":id", "y"],
         "variable": [{"key": "id", "value": "m\\n"}]},
        None,
        "/m/n/y",
    ),
]


@pytest.mark.parametrize(("url", "variables", "target"), BACKSLASH_CASES)
def test_backslash_in_path_is_slash(tmp_path, url, variables, target):
    wire = _wire(tmp_path, {"method": "GET", "url": url}, variables)

    assert wire.url == "http://127.0.0.1:9" + target


def test_backslash_slash_without_encoding(tmp_path):
    collection = _collection(tmp_path, [{"method": "GET", "url": "http://127.0.0.1:9/de\\x?y=\\z"}])
    document = json.loads(Path(collection.path).read_text())
    document["item"][0]["protocolProfileBehavior"] = {"disableUrlEncoding": True}
    Path(collection.path).write_text(json.dumps(document))
    collection = load_collection(collection.path)

    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert wire.url == "http://127.0.0.1:9/de/x?y=\\z"


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_backslash_in_path_sent(tmp_path, capture_server, language):
    request = {"method": "GET", "url": capture_server.url + "/p/'\"<>`{}|\\^[]%zz/é"}

    captured = _sent(tmp_path, capture_server, request, language)

    assert captured.target == "/p/'%22%3C%3E%60%7B%7D|/^[]%zz/%C3%A9"


# --- numbers, booleans, null and objects where newman expects text -------------------------------


def _header_values(wire) -> dict[str, str]:
    return {name: value for name, value in wire.headers}


def test_header_numbers_as_javascript_writes(tmp_path):
    headers = [
        {"key": "X-Num", "value": 1.0},
        {"key": "X-Exp", "value": 1e2},
        {"key": "X-Big", "value": 12345678901234567890},
        {"key": "X-Null", "value": None},
        {"key": "X-Missing"},
        {"key": "X-False", "value": False},
    ]
    wire = _wire(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/h", "header": headers})

    values = _header_values(wire)
    assert values["X-Num"] == "1"
    assert values["X-Exp"] == "100"
    assert values["X-Big"] == "12345678901234567000"
    assert values["X-Null"] == "null"
    assert values["X-Missing"] == ""
    assert values["X-False"] == "false"


VARIABLE_CASES = [
    # (variable entry without its key, text newman substituted)
    ({"value": 1.0}, "1"),
    ({"value": 1e-7}, "1e-7"),
    ({"value": 123456789012345680000}, "123456789012345680000"),
    ({"value": -0.0}, "0"),
    ({"value": None}, "null"),
    ({}, ""),
    ({"value": [1, "a", None, [2, 3], {"x": 1}, True]}, "1,a,,2,3,[object Object],true"),
    ({"value": {"a": 1}}, "[object Object]"),
    ({"value": "false", "type": "boolean"}, "true"),
    ({"value": "", "type": "boolean"}, "false"),
    ({"value": 0, "type": "BOOLEAN"}, "false"),
    ({"type": "boolean"}, "false"),
    ({"value": "abc", "type": "number"}, "NaN"),
    ({"value": " 1.50 ", "type": "number"}, "1.5"),
    ({"value": "0x1F", "type": "number"}, "31"),
    ({"value": "1_0", "type": "number"}, "NaN"),
    ({"value": "", "type": "number"}, "0"),
    ({"value": "5.", "type": "number"}, "5"),
    ({"value": None, "type": "number"}, "0"),
    ({"type": "number"}, "NaN"),
    ({"value": 1.0, "type": "string"}, "1"),
]


@pytest.mark.parametrize(("entry", "sent"), VARIABLE_CASES)
def test_variable_value_as_newman_writes(tmp_path, entry, sent):
    request = {"method": "GET", "url": "http://127.0.0.1:9/v", "header": [{"key": "X-V", "value": "<{{v}}>"}]}

    wire = _wire(tmp_path, request, [{"key": "v", **entry}])

    assert _header_values(wire)["X-V"] == f"<{sent}>"


def test_environment_null_as_newman_writes(tmp_path):
    environment = tmp_path / "env.json"
    environment.write_text(json.dumps({"values": [{"key": "n", "value": None}, {"key": "f", "value": 1.0}]}))
    collection = _collection(tmp_path, [{"method": "GET", "url": "http://127.0.0.1:9/v", "header": [{"key": "X-V", "value": "a{{n}}b{{f}}"}]}])

    code = generate(collection, collection.requests[0], "curl", env_file=environment).code

    assert "'X-V: anullb1'" in code


def test_query_non_strings_left_out(tmp_path):
    url = {
        "raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": 9, "path": ["q", 5, 1.0, True],
        "query": [{"key": "a", "value": True}, {"key": 5, "value": "x"}, {"key": "n", "value": 0}, {"key": "s", "value": 2.5}],
    }

    wire = _wire(tmp_path, {"method": "GET", "url": url})

    assert wire.url == "http://127.0.0.1:9/q/5/1/true?a&=x&n&s"


def test_path_variable_number_not_filled(tmp_path):
    url = {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": [":id"],
           "variable": [{"key": "id", "value": 3.0}]}

    wire = _wire(tmp_path, {"method": "GET", "url": url})

    assert wire.url == "http://127.0.0.1:9/:id"


def test_raw_object_body_as_json_stringify(tmp_path):
    body = {"mode": "raw", "raw": {"b": 1.0, "2": "é", "c": 1e21, "d": [1e-7]}}

    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/r", "body": body})

    assert wire.body.text == '{"2":"é","b":1,"c":1e+21,"d":[1e-7]}'


@pytest.mark.parametrize("raw", [2.0, False, True, 0])
def test_raw_number_body_not_sent(tmp_path, raw):
    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/r", "body": {"mode": "raw", "raw": raw}})

    assert wire.body is None
    assert "Content-Type" not in _header_values(wire)


def test_urlencoded_numbers_as_newman_writes(tmp_path):
    form = {"mode": "urlencoded", "urlencoded": [
        {"key": "a", "value": 1.0}, {"key": 2, "value": True}, {"key": "n", "value": None},
        {"key": "f", "value": False}, {"key": "z", "value": 0},
    ]}

    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/u", "body": form})

    assert wire.body.encoded == "2=true&a=1&n=&f=false&z=0"


def test_form_falsy_values_empty(tmp_path):
    form = {"mode": "formdata", "formdata": [
        {"key": "a", "value": 1.0, "type": "text"}, {"key": 2, "value": False, "type": "text"},
        {"key": "t", "value": True, "type": "text"}, {"key": "z", "value": 0, "type": "text"},
        {"key": "n", "value": None, "type": "text"},
    ]}

    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/f", "body": form})

    assert [(part.name, part.value) for part in wire.body.parts] == [("a", "1"), ("2", ""), ("t", "true"), ("z", ""), ("n", "")]


def test_graphql_variables_as_json_stringify(tmp_path):
    body = {"mode": "graphql", "graphql": {"query": "{a}", "variables": {"x": 1.0, "y": "é", "z": 1e21}}}

    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/g", "body": body})

    assert wire.body.text == '{"query":"{a}","variables":{"x":1,"y":"é","z":1e+21}}'


def test_bearer_number_as_newman_writes(tmp_path):
    auth = {"type": "bearer", "bearer": [{"key": "token", "value": 1.0}]}

    wire = _wire(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/b", "auth": auth})

    assert _header_values(wire)["Authorization"] == "Bearer 1"


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_number_header_sent(tmp_path, capture_server, language):
    request = {"method": "GET", "url": capture_server.url + "/h", "header": [{"key": "X-Num", "value": 1.0}]}

    captured = _sent(tmp_path, capture_server, request, language)

    assert captured.header_values("X-Num") == ["1"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_collection_rejected(tmp_path, constant):
    path = tmp_path / "nan.postman_collection.json"
    path.write_text('{"info": {"name": "n"}, "item": [{"name": "a", "request": {"url": "http://127.0.0.1:9/",'
                    ' "header": [{"key": "X", "value": ' + constant + "}]}}]}")

    with pytest.raises(InputError, match=f"{constant} is not a JSON number"):
        load_collection(path)


# --- auth type "inherit" on a folder ------------------------------------------------------------


def test_folder_inherit_sends_no_auth(tmp_path):
    document = {
        "info": {"name": "review"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "coll"}]},
        "item": [
            {"name": "inherit", "auth": {"type": "inherit"}, "item": [
                {"name": "a", "request": {"method": "GET", "url": "http://127.0.0.1:9/i1"}},
            ]},
            {"name": "empty", "auth": {}, "item": [
                {"name": "b", "request": {"method": "GET", "url": "http://127.0.0.1:9/i2"}},
            ]},
        ],
    }
    path = tmp_path / "review.postman_collection.json"
    path.write_text(json.dumps(document))
    collection = load_collection(path)
    scope = make_scope(collection)

    under_inherit, under_empty = (build_wire_request(item, scope) for item in collection.requests)

    assert "Authorization" not in _header_values(under_inherit)
    assert _header_values(under_empty)["Authorization"] == "Bearer coll"


# --- Content-Type of a urlencoded body ----------------------------------------------------------

FORM_TYPE_CASES = [
    # (header name, value in the collection, value newman sent)
    ("content-type", "text/plain", "application/x-www-form-urlencoded"),
    ("CONTENT-TYPE", "text/csv", "application/x-www-form-urlencoded"),
    ("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded; charset=UTF-8"),
    ("Content-Type", "Application/X-WWW-Form-Urlencoded", "application/x-www-form-urlencoded"),
    ("Content-Type", "", "application/x-www-form-urlencoded"),
    ("Content-Type", "application/x-www-form-urlencodedX", "application/x-www-form-urlencoded"),
    ("Content-Type", " application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
]
FORM_BODY = {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]}


@pytest.mark.parametrize(("name", "value", "sent"), FORM_TYPE_CASES)
def test_urlencoded_content_type_replaced(tmp_path, name, value, sent):
    request = {"method": "POST", "url": "http://127.0.0.1:9/u", "header": [{"key": name, "value": value}], "body": FORM_BODY}

    wire = _wire(tmp_path, request)

    assert [(key, text) for key, text in wire.headers if key.lower() == "content-type"] == [(name, sent)]


def test_urlencoded_content_type_kept_when_disabled(tmp_path):
    request = {"method": "POST", "url": "http://127.0.0.1:9/u", "header": [{"key": "Content-Type", "value": "text/plain"}],
               "body": FORM_BODY}
    collection = _collection(tmp_path, [request])
    document = json.loads(Path(collection.path).read_text())
    document["item"][0]["protocolProfileBehavior"] = {"disabledSystemHeaders": {"content-type": True}}
    Path(collection.path).write_text(json.dumps(document))
    collection = load_collection(collection.path)

    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert _header_values(wire)["Content-Type"] == "text/plain"


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_urlencoded_content_type_sent(tmp_path, capture_server, language):
    request = {"method": "POST", "url": capture_server.url + "/u", "header": [{"key": "Content-Type", "value": "text/plain"}],
               "body": FORM_BODY}

    captured = _sent(tmp_path, capture_server, request, language)

    assert captured.header_values("Content-Type") == ["application/x-www-form-urlencoded"]


# --- multipart body with the Content-Type system header disabled ---------------------------------


@pytest.mark.parametrize("language", RUN_LANGUAGES)
@pytest.mark.parametrize(("headers", "sent"), [([], []), ([{"key": "Content-Type", "value": "text/plain"}], ["text/plain"])])
def test_multipart_disabled_content_type_sent(tmp_path, capture_server, language, headers, sent):
    # newman 6.2.2 sends the multipart body with the item's own Content-Type,
    # or with none, when disabledSystemHeaders turns content-type off.
    request = {
        "method": "POST",
        "url": capture_server.url + "/f",
        "header": headers,
        "body": {"mode": "formdata", "formdata": [{"key": "a", "value": "1", "type": "text"}]},
    }
    collection = _collection(tmp_path, [request])
    document = json.loads(Path(collection.path).read_text())
    document["item"][0]["protocolProfileBehavior"] = {"disabledSystemHeaders": {"content-type": True}}
    Path(collection.path).write_text(json.dumps(document))
    collection = load_collection(collection.path)
    code = generate(collection, collection.requests[0], language, scope=make_scope(collection)).code
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    command = ["bash"] if language == "curl" else [sys.executable]
    subprocess.run([*command, str(script)], cwd=tmp_path, env=environment, capture_output=True, timeout=30, check=True)

    [captured] = capture_server.requests
    assert b'name="a"' in captured.body
    assert captured.header_values("Content-Type") == sent


# --- a header block written as text ---------------------------------------------------------------

HEADER_BLOCK_CASES = [
    # (header text, headers newman sent)
    (
        "X-A: 1\nnocolon\n X-B: 2\nX-C:3\r\nX-E: a\x85b\nX-F:  spaced  \t\nX-G: x: y\n",
        [("X-A", "1"), ("X-C", "3"), ("X-E", "a\x85b"), ("X-F", "spaced"), ("X-G", "x: y")],
    ),
    ("X-K : 4\n", []),
    ("X-L: 1\r\n\tcont\n", [("X-L", "1")]),
    ("X-H: a\u00a0\nX-I:\u00a0b\n", [("X-H", "a"), ("X-I", "b")]),
]


@pytest.mark.parametrize(("text", "sent"), HEADER_BLOCK_CASES)
def test_header_block_parsed_as_newman(tmp_path, text, sent):
    wire = _wire(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/b", "header": text})

    assert [(name, value) for name, value in wire.headers if name.startswith("X-")] == sent


# --- "disabled" read as JavaScript does, "enabled" ignored ---------------------------------------

# newman 6.2.2 left out the entries whose "disabled" is one of these, and sent the others.
DISABLED_VALUES = ["false", "true", 1, [], {}, True]
ENABLED_VALUES = [0, None, "", False]


def _flags(prefix: str, extra: dict) -> list[dict]:
    entries = [{"key": f"{prefix}d{index}", "value": "1", "disabled": value, **extra} for index, value in enumerate(DISABLED_VALUES)]
    entries += [{"key": f"{prefix}e{index}", "value": "1", "disabled": value, **extra} for index, value in enumerate(ENABLED_VALUES)]
    entries.append({"key": f"{prefix}x", "value": "1", "enabled": False, **extra})
    return entries


def test_disabled_truthiness_headers_query(tmp_path):
    url = {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": ["q"], "query": _flags("q", {})}

    wire = _wire(tmp_path, {"method": "GET", "url": url, "header": _flags("X-", {})})

    assert wire.url == "http://127.0.0.1:9/q?qe0=1&qe1=1&qe2=1&qe3=1&qx=1"
    assert [name for name, _ in wire.headers if name.startswith("X-")] == ["X-e0", "X-e1", "X-e2", "X-e3", "X-x"]


def test_disabled_truthiness_bodies(tmp_path):
    urlencoded = {"mode": "urlencoded", "urlencoded": _flags("", {})}
    formdata = {"mode": "formdata", "formdata": _flags("", {"type": "text"})}
    collection = _collection(tmp_path, [
        {"method": "POST", "url": "http://127.0.0.1:9/u", "body": urlencoded},
        {"method": "POST", "url": "http://127.0.0.1:9/f", "body": formdata},
        {"method": "POST", "url": "http://127.0.0.1:9/b", "body": {"mode": "raw", "raw": "x", "disabled": "false"}},
    ])
    scope = make_scope(collection)

    form, multipart, raw = (build_wire_request(item, scope) for item in collection.requests)

    assert form.body.encoded == "e0=1&e1=1&e2=1&e3=1&x=1"
    assert [part.name for part in multipart.body.parts] == ["e0", "e1", "e2", "e3", "x"]
    assert raw.body is None


def test_disabled_truthiness_variables(tmp_path):
    variables = [
        {"key": "v0", "value": "a", "disabled": "false"},
        {"key": "v1", "value": "b", "disabled": 1},
        {"key": "v2", "value": "c", "enabled": False},
        {"key": "v3", "value": "d", "enabled": "false"},
    ]
    request = {"method": "GET", "url": "http://127.0.0.1:9/v", "header": [{"key": "X-V", "value": "{{v0}}|{{v1}}|{{v2}}|{{v3}}"}]}

    wire = _wire(tmp_path, request, variables)

    assert _header_values(wire)["X-V"] == "{{v0}}|{{v1}}|c|d"


def test_environment_enabled_false_used(tmp_path):
    environment = tmp_path / "env.json"
    environment.write_text(json.dumps({"values": [
        {"key": "e1", "value": "one", "type": "default", "enabled": False},
        {"key": "e2", "value": "two", "disabled": "false"},
    ]}))
    request = {"method": "GET", "url": "http://127.0.0.1:9/v", "header": [{"key": "X-V", "value": "<{{e1}}|{{e2}}>"}]}
    collection = _collection(tmp_path, [request])

    code = generate(collection, collection.requests[0], "curl", env_file=environment).code

    assert "'X-V: <one|{{e2}}>'" in code


def test_disabled_path_variable_filled(tmp_path):
    url = {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": [":id"],
           "variable": [{"key": "id", "value": "7", "disabled": True}]}

    wire = _wire(tmp_path, {"method": "GET", "url": url})

    assert wire.url == "http://127.0.0.1:9/7"


# --- protocolProfileBehavior flags read as JavaScript does ----------------------------------------


def _with_settings(tmp_path: Path, request: dict, settings: dict):
    collection = _collection(tmp_path, [request])
    document = json.loads(Path(collection.path).read_text())
    document["item"][0]["protocolProfileBehavior"] = settings
    Path(collection.path).write_text(json.dumps(document))
    collection = load_collection(collection.path)
    return build_wire_request(collection.requests[0], make_scope(collection))


@pytest.mark.parametrize(("value", "follows"), [(0, False), ("", False), (None, False), ("false", True), (False, False)])
def test_follow_redirects_truthiness(tmp_path, value, follows):
    wire = _with_settings(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/r"}, {"followRedirects": value})

    assert wire.follow_redirects is follows


@pytest.mark.parametrize(("value", "pruned"), [([], False), ({}, False), (0, True), ("false", False)])
def test_body_pruning_truthiness(tmp_path, value, pruned):
    request = {"method": "GET", "url": "http://127.0.0.1:9/p", "body": {"mode": "raw", "raw": "x"}}

    wire = _with_settings(tmp_path, request, {"disableBodyPruning": value})

    assert (wire.body is None) is pruned


def test_url_encoding_disabled_by_list(tmp_path):
    wire = _with_settings(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/e?a=b'c"}, {"disableUrlEncoding": []})

    assert wire.url == "http://127.0.0.1:9/e?a=b'c"


def test_max_redirects_null_message(tmp_path):
    with pytest.raises(ItemError, match="maxRedirects null is not a whole number"):
        _with_settings(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/r"}, {"maxRedirects": None})


# --- GraphQL bodies: operationName and the members newman leaves out -------------------------------

GRAPHQL_CASES = [
    # (graphql object, body newman sent)
    (
        {"query": "query A{a} query B{b}", "operationName": "B", "variables": '{"x":1}'},
        '{"query":"query A{a} query B{b}","operationName":"B","variables":{"x":1}}',
    ),
    ({"query": "{a}", "operationName": "{{op}}", "variables": {"x": 1}}, '{"query":"{a}","operationName":"Op\\"1","variables":{"x":1}}'),
    ({"query": "{a}", "variables": "  "}, '{"query":"{a}","variables":  }'),
    ({"variables": "{}"}, '{"variables":{}}'),
    ({"query": None, "variables": "{}"}, '{"variables":{}}'),
    ({"query": "{a}", "variables": None}, '{"query":"{a}","variables":null}'),
    ({"query": "{a}", "operationName": 5, "variables": ""}, '{"query":"{a}"}'),
]


@pytest.mark.parametrize(("graphql", "sent"), GRAPHQL_CASES)
def test_graphql_body_as_newman_sends(tmp_path, graphql, sent):
    request = {"method": "POST", "url": "http://127.0.0.1:9/g", "body": {"mode": "graphql", "graphql": graphql}}

    wire = _wire(tmp_path, request, [{"key": "op", "value": 'Op"1'}])

    assert wire.body.text == sent


def test_urlencoded_null_key_text(tmp_path):
    form = {"mode": "urlencoded", "urlencoded": [{"key": None, "value": "n"}, {"value": "m"}, {"key": "a", "value": "1"}]}

    wire = _wire(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/u", "body": form})

    assert wire.body.encoded == "null=n&undefined=m&a=1"


# --- the conformance runner's PowerShell reader -------------------------------------------------


def test_powershell_reader_invalid_port(tmp_path):
    collection = _collection(tmp_path, [{"method": "GET", "url": "http://127.0.0.1:9/x"}])
    code = generate(collection, collection.requests[0], "powershell").code
    assert "'http://127.0.0.1:9/x'" in code

    with pytest.raises(PowerShellError, match="invalid port"):
        _powershell_request(code.replace("'http://127.0.0.1:9/x'", "'http://127.0.0.1:9\\auth/x'"), tmp_path)


# --- collection variables named by "id" alone ----------------------------------------------------


def test_variable_named_by_id_unused(tmp_path):
    variables = [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}, {"id": "b", "value": "byid"}, {"id": "c", "key": "cc", "value": "C"}]
    request = {"method": "GET", "url": "http://127.0.0.1:9/v", "header": [{"key": "X-V", "value": "{{a}}|{{b}}|{{cc}}"}]}

    wire = _wire(tmp_path, request, variables)

    assert _header_values(wire)["X-V"] == "2|{{b}}|C"


@pytest.mark.parametrize("value", ["yes", 1])
def test_redirect_flags_truthiness(tmp_path, value):
    settings = {"followOriginalHttpMethod": value, "removeRefererHeaderOnRedirect": value}

    wire = _with_settings(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/r"}, settings)

    assert wire.redirects.keep_method is True
    assert wire.redirects.remove_referer is True


# --- curl form field with an empty name ----------------------------------------------------------


def test_curl_empty_form_name_sent(tmp_path, capture_server):
    # newman 6.2.2 writes name="" for a form field whose key is empty or null.
    form = {"mode": "formdata", "formdata": [{"key": None, "value": "n", "type": "text"}, {"key": "", "value": "m", "type": "text"}]}
    request = {"method": "POST", "url": capture_server.url + "/f", "body": form}

    captured = _sent(tmp_path, capture_server, request, "curl")

    assert captured.body.count(b'Content-Disposition: form-data; name=""\r\n\r\n') == 2


def test_curl_empty_form_name_file_rejected(tmp_path):
    form = {"mode": "formdata", "formdata": [{"key": "", "type": "file", "src": "a.txt"}]}
    collection = _collection(tmp_path, [{"method": "POST", "url": "http://127.0.0.1:9/f", "body": form}])

    with pytest.raises(ItemError, match="empty name"):
        generate(collection, collection.requests[0], "curl")
