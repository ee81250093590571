"""prepare_collection() sends every request to the capture server and changes nothing else."""

from __future__ import annotations

import json

import pytest

from generator.conformance.prepare import fill_value, prepare_collection, split_url_origin
from generator.loader import load_collection, split_address

ORIGIN = "http://127.0.0.1:50000"


def collection(*items, variables=(), **extra):
    data = {
        "info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": list(items),
        "variable": [dict(variable) for variable in variables],
    }
    data.update(extra)
    return data


def item(url, name="item", **request):
    return {"name": name, "request": {"method": "GET", "url": url, **request}}


def only_url(prepared):
    return prepared.items[0].data["request"]["url"]


@pytest.mark.parametrize(
    ("raw", "protocol", "auth", "host", "port", "rest"),
    [
        ("https://api.example.com/v1?x=1", "https", None, "api.example.com", None, "/v1?x=1"),
        ("api.example.com:8443/a", None, None, "api.example.com", "8443", "/a"),
        ("{{baseUrl}}/users/:id", None, None, "{{baseUrl}}", None, "/users/:id"),
        ("http://user:p@ss@host/a", "http", "user:p@ss", "host", None, "/a"),
        ("{{scheme}}://{{host}}:{{port}}/p", "{{scheme}}", None, "{{host}}", "{{port}}", "/p"),
        ("{{base.url:v2}}/p", None, None, "{{base.url:v2}}", None, "/p"),
        ("  http://h?q=a/b#frag", "http", None, "h", None, "?q=a/b#frag"),
        ("http://[::1]:8080/x", "http", None, "[::1]", "8080", "/x"),
        ("/relative", None, None, "", None, "/relative"),
    ],
)
def test_split_url_origin(raw, protocol, auth, host, port, rest):
    origin = split_url_origin(raw)

    assert (origin.protocol, origin.auth, origin.host, origin.port) == (protocol, auth, host, port)
    assert raw[origin.end :] == rest


def test_undefined_base_url_gets_the_origin():
    prepared = prepare_collection(
        collection(item({"raw": "{{baseUrl}}/a", "host": ["{{baseUrl}}"], "path": ["a"]})), ORIGIN
    )

    assert prepared.variables == {"baseUrl": ORIGIN}
    assert only_url(prepared)["host"] == ["{{baseUrl}}"]


def test_base_url_with_a_path_keeps_the_path():
    data = collection(
        item("{{baseUrl}}/items"),
        variables=[{"key": "baseUrl", "value": "https://api.example.com/v1"}],
    )

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.overrides == {"baseUrl": ORIGIN + "/v1"}
    assert only_url(prepared) == "{{baseUrl}}/items"


def test_caller_variable_is_rewritten_too():
    prepared = prepare_collection(
        collection(item("{{api}}/x")), ORIGIN, variables={"api": "https://api.example.com:8443/v2/"}
    )

    assert prepared.variables["api"] == ORIGIN + "/v2/"


def test_literal_host_is_replaced_in_parts_and_raw():
    url = {
        "raw": "https://user@api.example.com:8443/a?b=1",
        "protocol": "https",
        "host": ["api", "example", "com"],
        "port": "8443",
        "path": ["a"],
        "query": [{"key": "b", "value": "1"}],
    }

    prepared = prepare_collection(collection(item(url)), ORIGIN)

    rewritten = only_url(prepared)
    assert rewritten["protocol"] == "http"
    assert rewritten["host"] == ["127", "0", "0", "1"]
    assert rewritten["port"] == "50000"
    assert rewritten["raw"] == "http://user@127.0.0.1:50000/a?b=1"
    assert rewritten["path"] == ["a"]
    assert rewritten["query"] == [{"key": "b", "value": "1"}]


def test_url_string_with_literal_host():
    prepared = prepare_collection(collection(item("https://api.example.com/a?x=1#f")), ORIGIN)

    assert only_url(prepared) == "http://127.0.0.1:50000/a?x=1#f"


def test_request_given_as_a_url_string():
    data = collection({"name": "bare", "request": "https://api.example.com/bare"})

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.items[0].data["request"] == "http://127.0.0.1:50000/bare"


def test_mixed_host_is_replaced_literally():
    prepared = prepare_collection(collection(item("https://{{tenant}}.example.com/a")), ORIGIN)

    assert only_url(prepared) == "http://127.0.0.1:50000/a"
    assert "tenant" not in prepared.variables


def test_protocol_host_and_port_variables_get_overrides():
    data = collection(
        item("{{scheme}}://{{host}}:{{port}}/p"),
        variables=[
            {"key": "scheme", "value": "https"},
            {"key": "host", "value": "api.example.com"},
            {"key": "port", "value": "8443"},
        ],
    )

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.overrides == {"scheme": "http", "host": "127.0.0.1", "port": "50000"}
    assert only_url(prepared) == "{{scheme}}://{{host}}:{{port}}/p"


def test_host_variable_with_origin_falls_back():
    data = collection(
        item("{{host}}/a", name="first"),
        item("https://{{host}}/b", name="second"),
    )

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.overrides == {"host": ORIGIN}
    assert prepared.items[1].data["request"]["url"] == "http://127.0.0.1:50000/b"
    assert len(prepared.notes) == 1
    assert "holds more than a host name" in prepared.notes[0]


def test_host_variable_needing_two_overrides_falls_back():
    data = collection(
        item("https://{{host}}/a", name="first"),
        item("{{host}}/b", name="second"),
    )

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.overrides == {"host": "127.0.0.1"}
    assert prepared.items[1].data["request"]["url"] == "http://127.0.0.1:50000/b"
    assert "already has another override" in prepared.notes[0]


def test_url_without_host_is_left_alone():
    prepared = prepare_collection(collection(item("/relative/path")), ORIGIN)

    assert only_url(prepared) == "/relative/path"


def test_scripts_are_removed_and_ids_assigned():
    scripted = item("{{baseUrl}}/a", event=[{"listen": "test"}])
    scripted["event"] = [{"listen": "prerequest", "script": {"exec": ["pm.variables.set('x', 1)"]}}]
    data = collection(
        {"name": "folder", "item": [scripted], "event": [{"listen": "test"}]},
        event=[{"listen": "prerequest"}],
    )

    prepared = prepare_collection(data, ORIGIN)

    assert "event" not in prepared.data
    assert "event" not in prepared.data["item"][0]
    assert "event" not in prepared.items[0].data
    assert prepared.items[0].id == "conformance-item-0001"
    assert prepared.items[0].address == "folder/item"


def test_address_escapes_slash_as_item_option():
    data = collection({"name": "a/b", "item": [item("{{baseUrl}}/x", name="c/d")]})

    address = prepare_collection(data, ORIGIN).items[0].address

    assert address == "a\\/b/c\\/d"
    assert split_address(address) == ["a/b", "c/d"]


def test_undefined_and_disabled_variables_are_filled():
    data = collection(
        item(
            "{{baseUrl}}/a?x={{undefinedOne}}&y={{disabledOne}}&z={{defined}}",
            header=[{"key": "X-Dynamic", "value": "{{$guid}}"}],
        ),
        variables=[
            {"key": "disabledOne", "value": "unused", "disabled": True},
            {"key": "defined", "value": "{{nestedUndefined}}"},
        ],
    )

    prepared = prepare_collection(data, ORIGIN)

    assert prepared.filled == {
        "$guid": "fill-_guid",
        "disabledOne": "fill-disabledOne",
        "nestedUndefined": "fill-nestedUndefined",
        "undefinedOne": "fill-undefinedOne",
    }
    assert "defined" not in prepared.variables


def test_variables_in_names_and_examples_are_not_filled():
    data = collection(
        {
            "name": "{{inName}}",
            "description": "{{inDescription}}",
            "request": {"method": "GET", "url": "{{baseUrl}}/a"},
            "response": [{"name": "example", "body": "{{inExample}}"}],
        }
    )

    assert prepare_collection(data, ORIGIN).filled == {}


def test_fill_value_is_safe_in_urls():
    assert fill_value("odd name/with?chars") == "fill-odd_name_with_chars"


def test_prepare_is_deterministic_and_leaves_input_alone():
    data = collection(item("https://api.example.com/a?q={{x}}"))
    snapshot = repr(data)

    first = prepare_collection(data, ORIGIN)
    second = prepare_collection(data, ORIGIN)

    assert first.data == second.data
    assert first.variables == second.variables
    assert repr(data) == snapshot


def test_invalid_origin_is_rejected():
    with pytest.raises(ValueError, match="invalid capture origin"):
        prepare_collection(collection(), "https://example.com")


def test_unnamed_folder_address_matches_loader(tmp_path):
    data = collection({"name": "", "item": [item("http://example.com/a", name="")]}, {"item": [item("http://example.com/b")]})
    prepared = prepare_collection(data, ORIGIN)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_collection(path)

    assert [entry.address for entry in prepared.items] == ["(unnamed)/(unnamed)", "(unnamed)/item"]
    assert [request.address for request in loaded.requests] == ["(unnamed)/(unnamed)", "(unnamed)/item"]
