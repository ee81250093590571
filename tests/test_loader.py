"""Reading collection files (schema v2.0 and v2.1) into the request model."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.loader import address_of, load_collection, load_environment, split_address
from generator.model import (
    Auth,
    Example,
    FileBody,
    FormDataBody,
    FormField,
    GraphqlBody,
    Header,
    KeyValue,
    RawBody,
    UrlEncodedBody,
)

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
URL = "http://127.0.0.1:8000/x"


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def load(tmp_path: Path, items: list, *, schema: str = V21, **top: object):
    document = {"info": {"name": "Tests", "schema": schema}, "item": items, **top}
    return load_collection(write_json(tmp_path / "tests.postman_collection.json", document))


def request(name: str, url: object = URL, **fields: object) -> dict:
    return {"name": name, "request": {"method": "GET", "url": url, **fields}}


def folder(name: str, items: list, **fields: object) -> dict:
    return {"name": name, "item": items, **fields}


def item_named(collection, name: str):
    matches = [item for item in collection.requests if item.name == name]
    assert len(matches) == 1, [item.address for item in collection.requests]
    return matches[0]


# --- shapes of v2.1 and v2.0 ---------------------------------------------------------


def test_v21_url_object_parts(tmp_path):
    url = {
        "raw": "https://{{host}}:8443/a/:id?x=1&y",
        "protocol": "https",
        "host": ["{{host}}"],
        "port": "8443",
        "path": ["a", ":id"],
        "query": [
            {"key": "x", "value": "1"},
            {"key": "y", "value": None},
            {"key": "z", "value": "3", "disabled": True},
        ],
        "variable": [{"key": "id", "value": "7"}],
    }
    loaded = load(tmp_path, [request("parts", url)])

    parsed = item_named(loaded, "parts").url
    assert loaded.schema_version == "2.1"
    assert parsed.has_parts
    assert parsed.raw == url["raw"]
    assert parsed.protocol == "https"
    assert parsed.host == ("{{host}}",)
    assert parsed.port == "8443"
    assert parsed.path == ("a", ":id")
    assert parsed.query == (KeyValue("x", "1"), KeyValue("y", None))
    assert parsed.path_variables == (KeyValue("id", "7"),)


def test_v21_auth_parameters_as_list(tmp_path):
    auth = {"type": "bearer", "bearer": [{"key": "token", "value": "abc", "type": "string"}]}
    loaded = load(tmp_path, [request("bearer", auth=auth)])

    assert item_named(loaded, "bearer").auth == Auth("bearer", (("token", "abc"),))


def test_v20_auth_parameters_as_object(tmp_path):
    auth = {"type": "basic", "basic": {"username": "ann", "password": "pw", "saveHelperData": True}}
    loaded = load(tmp_path, [request("basic", auth=auth)], schema=V20)

    assert loaded.schema_version == "2.0"
    parsed = item_named(loaded, "basic").auth
    assert parsed.type == "basic"
    assert parsed.get("username") == "ann"
    assert parsed.get("password") == "pw"
    assert parsed.get("saveHelperData") == "true"


def test_url_as_string(tmp_path):
    loaded = load(tmp_path, [request("string", "http://127.0.0.1:8000/a?b=1")])

    parsed = item_named(loaded, "string").url
    assert parsed.raw == "http://127.0.0.1:8000/a?b=1"
    assert not parsed.has_parts
    assert parsed.host is None
    assert parsed.query is None


def test_url_object_with_only_raw_is_a_problem(tmp_path):
    loaded = load(tmp_path, [request("raw only", {"raw": URL}), request("empty", {"raw": ""}), request("ok")])

    assert [item.name for item in loaded.requests] == ["empty", "ok"]
    assert item_named(loaded, "empty").url.raw == ""
    assert len(loaded.problems) == 1
    assert "'raw only'" in loaded.problems[0]
    assert "/item/0/request/url" in loaded.problems[0]


def test_host_and_path_as_strings(tmp_path):
    url = {"raw": "http://127.0.0.1/a/b", "host": "127.0.0.1", "path": "a/b"}
    loaded = load(tmp_path, [request("strings", url)], schema=V20)

    parsed = item_named(loaded, "strings").url
    assert parsed.has_parts
    assert parsed.host == ("127.0.0.1",)
    # postman-collection splits a path string into segments at each "/".
    assert parsed.path == ("a", "b")


def test_v20_path_segment_objects(tmp_path):
    url = {
        "raw": "http://127.0.0.1/a/b",
        "host": ["127", "0", "0", "1"],
        "path": [{"type": "string", "value": "a"}, "b"],
    }
    loaded = load(tmp_path, [request("segments", url)], schema=V20)

    # postman-collection 4.4.0 joins the segments with String(), so newman
    # 6.2.2 sends "[object Object]" for the object.
    assert loaded.requests == ()
    (problem,) = loaded.problems
    assert "/request/url/path/0" in problem
    assert "[object Object]" in problem


def test_header_as_text_block(tmp_path):
    header = "Accept: text/html\nX-Trace: a:b\n\n  X-Padded :  value  \n"
    loaded = load(tmp_path, [request("text headers", header=header)], schema=V20)

    # newman 6.2.2 skips a line that starts with a space or has a space before the colon.
    assert item_named(loaded, "text headers").headers == (
        Header("Accept", "text/html"),
        Header("X-Trace", "a:b"),
    )


def test_request_as_url_string(tmp_path):
    loaded = load(tmp_path, [{"name": "short", "request": "http://127.0.0.1:8000/short"}])

    item = item_named(loaded, "short")
    assert item.method == "GET"
    assert item.url.raw == "http://127.0.0.1:8000/short"


def test_method_upper_cased_and_defaulted(tmp_path):
    loaded = load(
        tmp_path,
        [
            {"name": "lower", "request": {"method": "post", "url": URL}},
            {"name": "missing", "request": {"url": URL}},
        ],
    )

    assert item_named(loaded, "lower").method == "POST"
    assert item_named(loaded, "missing").method == "GET"


def test_collection_variables_skip_disabled(tmp_path):
    variables = [
        {"key": "host", "value": "127.0.0.1"},
        {"key": "port", "value": 8000},
        {"key": "off", "value": "x", "disabled": True},
        {"key": "token", "value": "s3cret", "type": "secret"},
    ]
    loaded = load(tmp_path, [request("r")], variable=variables)

    assert [(variable.key, variable.value) for variable in loaded.variables] == [
        ("host", "127.0.0.1"),
        ("port", "8000"),
        ("token", "s3cret"),
    ]
    assert loaded.variables[2].secret


# --- folders and addresses ---------------------------------------------------------


def test_nested_folders_and_addresses(tmp_path):
    items = [
        folder("Users", [folder("Admin", [request("List")]), request("Get a/b")]),
        request("Top"),
        folder("A\\B", [request("x")]),
    ]
    loaded = load(tmp_path, items)

    assert [item.address for item in loaded.requests] == [
        "Users/Admin/List",
        "Users/Get a\\/b",
        "Top",
        "A\\\\B/x",
    ]
    listed = item_named(loaded, "List")
    assert listed.folders == ("Users", "Admin")
    assert listed.pointer == "/item/0/item/0/item/0"
    assert item_named(loaded, "Get a/b").pointer == "/item/0/item/1"
    assert loaded.folders == (("Users",), ("Users", "Admin"), ("A\\B",))


def test_requests_keep_file_order(tmp_path):
    items = [request("first"), folder("F", [request("inside")]), request("last")]
    loaded = load(tmp_path, items)

    assert [item.address for item in loaded.requests] == ["first", "F/inside", "last"]


def test_address_round_trip():
    for parts in [("a", "b"), ("with/slash", "x"), ("back\\slash", "end\\"), ("", "name")]:
        address = address_of(parts[:-1], parts[-1])
        assert split_address(address) == list(parts)
    assert address_of(("F",), "a/b") == "F/a\\/b"


def test_unnamed_items_get_a_placeholder_name(tmp_path):
    loaded = load(tmp_path, [{"request": {"url": URL}}, {"name": "", "request": {"url": URL}}])

    assert [item.name for item in loaded.requests] == ["(unnamed)", "(unnamed)"]


# --- disabled fields -------------------------------------------------------------------


def test_disabled_fields_left_out(tmp_path):
    url = {
        "raw": "http://127.0.0.1/x?on=1",
        "host": ["127.0.0.1"],
        "path": ["x"],
        "query": [{"key": "on", "value": "1"}, {"key": "off", "value": "2", "disabled": True}],
    }
    headers = [
        {"key": "X-On", "value": "1"},
        {"key": "X-Off", "value": "2", "disabled": True},
        {"key": "X-Enabled-False", "value": "3", "enabled": False},
    ]
    urlencoded = {
        "mode": "urlencoded",
        "urlencoded": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "disabled": True}],
    }
    formdata = {
        "mode": "formdata",
        "formdata": [
            {"key": "t", "value": "1", "type": "text"},
            {"key": "off", "value": "2", "type": "text", "disabled": True},
            {"key": "file off", "type": "file", "src": "/tmp/a.txt", "disabled": True},
        ],
    }
    loaded = load(
        tmp_path,
        [
            request("query and headers", url, header=headers),
            request("urlencoded", body=urlencoded),
            request("formdata", body=formdata),
        ],
    )

    item = item_named(loaded, "query and headers")
    assert item.url.query == (KeyValue("on", "1"),)
    # newman 6.2.2 ignores "enabled": false and sends the header.
    assert item.headers == (Header("X-On", "1"), Header("X-Enabled-False", "3", 2))
    assert item_named(loaded, "urlencoded").body.fields == (KeyValue("a", "1"),)
    assert item_named(loaded, "formdata").body.fields == (FormField("t", "text", value="1"),)


# --- body modes --------------------------------------------------------------------------


def body_of(tmp_path: Path, body: object):
    return item_named(load(tmp_path, [request("body", body=body)]), "body").body


def test_raw_body_with_language(tmp_path):
    body = {"mode": "raw", "raw": '{"a": 1}', "options": {"raw": {"language": "json"}}}

    assert body_of(tmp_path, body) == RawBody('{"a": 1}', "json")


def test_raw_body_without_options(tmp_path):
    assert body_of(tmp_path, {"mode": "raw", "raw": "plain"}) == RawBody("plain", None)


def test_urlencoded_body(tmp_path):
    body = {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "x y"}, {"key": "n", "value": 2}]}

    assert body_of(tmp_path, body) == UrlEncodedBody((KeyValue("a", "x y"), KeyValue("n", "2")))


def test_formdata_text_and_files(tmp_path):
    body = {
        "mode": "formdata",
        "formdata": [
            {"key": "note", "value": "hi", "type": "text"},
            {"key": "json", "value": "{}", "type": "text", "contentType": "application/json"},
            {"key": "files", "type": "file", "src": ["/tmp/a.txt", "/tmp/b.bin"]},
            {"key": "empty", "type": "file", "src": ""},
            {"key": "empty list", "type": "file", "src": []},
            {"key": "null", "type": "file", "src": None},
            {"key": "one", "type": "file", "src": "/tmp/c.csv"},
        ],
    }

    assert body_of(tmp_path, body) == FormDataBody(
        (
            FormField("note", "text", value="hi"),
            FormField("json", "text", value="{}", content_type="application/json"),
            FormField("files", "file", sources=("/tmp/a.txt", "/tmp/b.bin"), src_list=True),
            FormField("empty", "file"),
            FormField("empty list", "file", src_list=True),
            FormField("null", "file"),
            FormField("one", "file", sources=("/tmp/c.csv",)),
        )
    )


def test_file_body(tmp_path):
    assert body_of(tmp_path, {"mode": "file", "file": {"src": "/tmp/body.bin"}}) == FileBody("/tmp/body.bin")
    assert body_of(tmp_path, {"mode": "file", "file": {"src": ""}}) == FileBody(None)
    assert body_of(tmp_path, {"mode": "file"}) == FileBody(None)


def test_graphql_body(tmp_path):
    with_text = {"mode": "graphql", "graphql": {"query": "{ a }", "variables": '{"x": 1}'}}
    with_object = {"mode": "graphql", "graphql": {"query": "{ a }", "variables": {"x": 1}}}
    without = {"mode": "graphql", "graphql": {"query": "{ a }"}}

    assert body_of(tmp_path, with_text) == GraphqlBody("{ a }", '{"x": 1}')
    assert json.loads(body_of(tmp_path, with_object).variables) == {"x": 1}
    assert body_of(tmp_path, without) == GraphqlBody("{ a }", "")


@pytest.mark.parametrize(
    "body",
    [None, {}, {"mode": None}, {"mode": ""}, {"mode": "none"}, {"mode": "raw", "raw": "x", "disabled": True}],
    ids=["null", "empty", "mode-null", "mode-empty", "mode-none", "disabled"],
)
def test_no_body(tmp_path, body):
    assert body_of(tmp_path, body) is None


def test_body_mode_case_and_unknown_mode(tmp_path):
    # postman-collection lower-cases the mode and reads an unknown one as raw.
    assert body_of(tmp_path, {"mode": "RAW", "raw": "x"}) == RawBody("x")
    assert body_of(tmp_path, {"mode": "binary", "raw": "y"}) == RawBody("y")


# --- auth inheritance ----------------------------------------------------------------------


def test_auth_inheritance(tmp_path):
    basic = {"type": "basic", "basic": [{"key": "username", "value": "root-user"}]}
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "folder-token"}]}
    apikey = {"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "k"}]}
    items = [
        folder(
            "Plain",
            [
                request("from collection"),
                request("explicit inherit", auth={"type": "inherit"}),
                request("own", auth=apikey),
                request("no auth", auth={"type": "noauth"}),
            ],
        ),
        folder(
            "Bearer",
            [request("from folder"), folder("Deeper", [request("from grandparent")])],
            auth=bearer,
        ),
        folder(
            "Open",
            [request("folder noauth"), request("inherits noauth", auth={"type": "inherit"})],
            auth={"type": "noauth"},
        ),
        folder("Inherit", [request("folder inherit")], auth={"type": "inherit"}),
    ]
    loaded = load(tmp_path, items, auth=basic)

    assert item_named(loaded, "from collection").auth.get("username") == "root-user"
    # newman 6 sends no auth for a request whose auth type is "inherit".
    assert item_named(loaded, "explicit inherit").auth == Auth("noauth")
    assert item_named(loaded, "own").auth.type == "apikey"
    assert item_named(loaded, "no auth").auth == Auth("noauth")
    assert item_named(loaded, "from folder").auth.get("token") == "folder-token"
    assert item_named(loaded, "from grandparent").auth.get("token") == "folder-token"
    assert item_named(loaded, "folder noauth").auth == Auth("noauth")
    assert item_named(loaded, "inherits noauth").auth == Auth("noauth")
    # newman 6.2.2 sends no auth under a folder whose auth type is "inherit" too.
    assert item_named(loaded, "folder inherit").auth == Auth("noauth")


def test_auth_missing_everywhere(tmp_path):
    loaded = load(tmp_path, [folder("F", [request("plain")])])

    assert item_named(loaded, "plain").auth is None


# --- protocolProfileBehavior -------------------------------------------------------------


def test_protocol_profile_behavior_merged(tmp_path):
    items = [
        folder(
            "F",
            [
                {
                    "name": "item",
                    "request": {"url": URL},
                    "protocolProfileBehavior": {"strictSSL": False, "disableBodyPruning": False},
                },
                request("plain"),
            ],
            protocolProfileBehavior={"followRedirects": True, "disabledSystemHeaders": {"user-agent": True}},
        )
    ]
    loaded = load(
        tmp_path, items, protocolProfileBehavior={"disableBodyPruning": True, "followRedirects": False}
    )

    item = item_named(loaded, "item")
    assert item.settings.get("disableBodyPruning") is False
    assert item.settings.get("followRedirects") is True
    assert item.settings.get("strictSSL") is False
    assert item.settings.get("disabledSystemHeaders") == {"user-agent": True}
    plain = item_named(loaded, "plain")
    assert plain.settings.get("disableBodyPruning") is True
    assert plain.settings.get("strictSSL") is None


# --- examples and descriptions ---------------------------------------------------------------


def test_examples(tmp_path):
    responses = [
        {
            "name": "ok",
            "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": '{"a": 1}',
            "_postman_previewlanguage": "json",
        },
        {"name": "no code", "header": None, "body": None},
        {"name": "text header", "code": 404, "header": "X-A: 1"},
    ]
    loaded = load(tmp_path, [{"name": "r", "request": {"url": URL}, "response": responses}])

    assert item_named(loaded, "r").examples == (
        Example("ok", 200, (Header("Content-Type", "application/json"),), '{"a": 1}', "json"),
        Example("no code", None, (), None),
        Example("text header", 404, (Header("X-A", "1"),), None),
    )


def test_bad_example_skipped_not_item(tmp_path):
    responses = ["not an object", {"name": "ok", "code": 200, "body": "{}"}]
    items = [
        {"name": "kept", "request": {"url": URL}, "response": responses},
        {"name": "not a list", "request": {"url": URL}, "response": {"name": "ok"}},
    ]
    loaded = load(tmp_path, items)

    assert item_named(loaded, "kept").examples == (Example("ok", 200, (), "{}"),)
    assert item_named(loaded, "not a list").examples == ()
    assert loaded.problems == (
        "saved example of item 'kept' (at /item/0/response/0): expected an object, found a string",
        "saved example of item 'not a list' (at /item/1/response): expected a list of saved examples, found an object",
    )
    assert loaded.skipped_items == {}


def test_description_string_or_content(tmp_path):
    items = [
        request("string", description="plain text"),
        request("object", description={"content": "**markdown**", "type": "text/markdown"}),
        {"name": "item level", "description": "on the item", "request": {"url": URL}},
        request("none"),
    ]
    loaded = load(tmp_path, items)

    assert item_named(loaded, "string").description == "plain text"
    assert item_named(loaded, "object").description == "**markdown**"
    assert item_named(loaded, "item level").description == "on the item"
    assert item_named(loaded, "none").description == ""


# --- bad input -------------------------------------------------------------------------------


def assert_one_line_naming(error: InputError, path: Path) -> str:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


def test_file_not_found(tmp_path):
    path = tmp_path / "missing.json"
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "not found" in assert_one_line_naming(raised.value, path)


@pytest.mark.parametrize(
    ("byte_order_mark", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (b"", "utf-16-le"),
        (b"", "utf-16-be"),
    ],
    ids=["little-endian", "big-endian", "little-endian-no-mark", "big-endian-no-mark"],
)
def test_utf16_file_asks_for_utf8(tmp_path, byte_order_mark, encoding):
    path = tmp_path / "utf16.json"
    path.write_bytes(byte_order_mark + '{"info": {"name": "x"}, "item": []}'.encode(encoding))
    with pytest.raises(InputError) as raised:
        load_collection(path)

    message = assert_one_line_naming(raised.value, path)
    assert "UTF-16 text" in message
    assert "saved as UTF-8" in message


def test_invalid_utf8_asks_for_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"info": {"name": "Zo\u00eb"}, "item": []}'.encode("latin-1"))
    with pytest.raises(InputError) as raised:
        load_collection(path)

    message = assert_one_line_naming(raised.value, path)
    assert "not UTF-8 text (invalid byte at offset 21)" in message
    assert "saved as UTF-8" in message


def invalid_json_message(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_collection(path)
    return assert_one_line_naming(raised.value, path)


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    message = invalid_json_message(path, '{\n  "item": [\n    }\n')

    assert message.startswith(f"{path}:3:5:")
    assert "invalid JSON" in message


def test_unterminated_string_message_complete(tmp_path):
    message = invalid_json_message(tmp_path / "broken.json", '{\n  "name": "open')

    assert "(Unterminated string starting at line 2 column 11)" in message


def test_v1_collection_rejected(tmp_path):
    path = write_json(tmp_path / "v1.json", {"id": "1", "name": "old", "order": [], "requests": []})
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "v1" in assert_one_line_naming(raised.value, path)


def test_environment_given_as_collection(tmp_path):
    environment = {"name": "env", "values": [{"key": "a", "value": "1"}], "_postman_variable_scope": "environment"}
    path = write_json(tmp_path / "env.json", environment)
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "environment" in assert_one_line_naming(raised.value, path)


def test_top_level_array_rejected(tmp_path):
    path = write_json(tmp_path / "array.json", [{"item": []}])
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "not an object" in assert_one_line_naming(raised.value, path)


def test_root_item_not_a_list_rejected(tmp_path):
    path = write_json(tmp_path / "root.json", {"info": {"name": "x"}, "item": {"name": "r"}})
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "/item" in assert_one_line_naming(raised.value, path)


def test_collection_given_as_environment(tmp_path):
    path = write_json(tmp_path / "c.json", {"info": {"name": "x"}, "item": []})
    with pytest.raises(InputError) as raised:
        load_environment(path)

    assert "collection" in assert_one_line_naming(raised.value, path)


def test_wrong_shaped_items_reported_others_load(tmp_path):
    items = [
        request("good one"),
        request("bad header", header=5),
        folder("Broken folder", {"not": "a list"}),
        request("bad url", 5),
        folder("F", [request("nested bad", body="text"), request("nested good")]),
        "not an object",
        {"name": "neither"},
        request("good two"),
    ]
    loaded = load(tmp_path, items)

    assert [item.address for item in loaded.requests] == ["good one", "F/nested good", "good two"]
    problems = loaded.problems
    assert len(problems) == 6
    assert "'bad header'" in problems[0]
    assert "/item/1/request/header" in problems[0]
    assert "'Broken folder'" in problems[1]
    assert "/item/2/item" in problems[1]
    assert "'bad url'" in problems[2]
    assert "/item/3/request/url" in problems[2]
    assert "'F/nested bad'" in problems[3]
    assert "/item/4/item/0/request/body" in problems[3]
    assert "/item/5" in problems[4]
    assert "'neither'" in problems[5]
    assert "/item/6" in problems[5]


def test_folder_with_bad_auth_skipped(tmp_path):
    items = [folder("Bad", [request("inside")], auth=[1, 2]), request("outside")]
    loaded = load(tmp_path, items)

    assert [item.address for item in loaded.requests] == ["outside"]
    assert len(loaded.problems) == 1
    assert "/item/0/auth" in loaded.problems[0]


def deep_collection_text(depth: int) -> str:
    # Built as text because json.dumps itself cannot write this deep a value.
    opening = "".join(f'{{"name": "f{level}", "item": [' for level in range(depth))
    leaf = f'{{"name": "leaf", "request": {{"url": "{URL}"}}}}'
    return '{"info": {"name": "deep"}, "item": [' + opening + leaf + "]}" * depth + "]}"


def test_folders_nested_500_deep(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(deep_collection_text(500), encoding="utf-8")

    loaded = load_collection(path)

    assert len(loaded.requests) == 1
    leaf = loaded.requests[0]
    assert len(leaf.folders) == 500
    assert leaf.address.startswith("f0/f1/")
    assert leaf.address.endswith("/f499/leaf")
    assert len(loaded.folders) == 500


def test_nesting_beyond_limit_is_input_error(tmp_path):
    path = tmp_path / "too-deep.json"
    path.write_text(deep_collection_text(5000), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_collection(path)

    assert "nested too deeply" in assert_one_line_naming(raised.value, path)


# --- fields that Postman ignores -----------------------------------------------


@pytest.mark.parametrize(
    ("request_fields", "field", "meant"),
    [
        ({"headers": [{"key": "A", "value": "1"}]}, "headers", "header"),
        ({"data": {"mode": "raw", "raw": "hi"}}, "data", "body"),
        ({"heaeder": [{"key": "A", "value": "1"}]}, "heaeder", "header"),
        ({"Method": "PUT"}, "Method", "method"),
        ({"bdoy": {"mode": "raw", "raw": "hi"}}, "bdoy", "body"),
        ({"auths": {"type": "bearer"}}, "auths", "auth"),
    ],
)
def test_ignored_request_field_gets_notice(tmp_path, request_fields, field, meant):
    request = {"url": "http://127.0.0.1:9/x", **request_fields}
    collection = load(tmp_path, [{"name": "Typo", "request": request}])

    (item,) = collection.requests
    assert len(item.notices) == 1
    assert item.notices[0].startswith(
        f"item 'Typo' (at /item/0/request/{field}): the request has {field!r}, which Postman ignores: it reads {meant!r}, so "
    )
    assert item.headers == ()
    assert item.body is None


def test_v1_responses_field_gets_notice(tmp_path):
    item_entry = {"name": "Old", "request": {"url": "http://127.0.0.1:9/x"}, "responses": [{"name": "ok"}]}
    collection = load(tmp_path, [item_entry])

    (item,) = collection.requests
    assert item.notices == (
        "item 'Old' (at /item/0/responses): the item has 'responses', which Postman ignores: it reads 'response',"
        " so the snippets parse no response from these examples",
    )


@pytest.mark.parametrize(
    "request_fields",
    [
        {"headers": [], "data": {"mode": "formdata", "formdata": []}},
        {"name": "Read", "id": "1", "proxy": {}},
        {"events": [{"listen": "test"}]},
    ],
)
def test_empty_or_unrelated_fields_get_no_notice(tmp_path, request_fields):
    request = {"url": "http://127.0.0.1:9/x", **request_fields}
    collection = load(tmp_path, [{"name": "Quiet", "request": request, "events": [{"listen": "test"}]}])

    assert collection.requests[0].notices == ()


def test_deep_ignored_field_keeps_item(tmp_path):
    # Postman ignores the field, so its depth must not cost the item.
    deep = "[" * 3000 + '"A: 1"' + "]" * 3000
    text = (
        f'{{"info": {{"name": "Tests", "schema": "{V21}"}}, "item": [{{"name": "Deep",'
        f' "request": {{"method": "GET", "url": "{URL}", "headers": {deep}}}}}]}}'
    )
    path = tmp_path / "deep.postman_collection.json"
    path.write_text(text, encoding="utf-8")

    collection = load_collection(path)

    assert collection.problems == ()
    (item,) = collection.requests
    assert len(item.notices) == 1
    assert "the request has 'headers', which Postman ignores" in item.notices[0]


def test_ignored_method_beside_method_notice(tmp_path):
    request = {"url": "http://127.0.0.1:9/x", "method": "PUT", "methd": "POST"}
    collection = load(tmp_path, [{"name": "Both", "request": request}])

    (item,) = collection.requests
    assert item.method == "PUT"
    assert len(item.notices) == 1
    assert "newman sends a GET" not in item.notices[0]
    assert item.notices[0].endswith("it reads 'method', so newman sends the method in 'method', and so do the snippets")


# --- fields of another JSON type than Postman writes ---------------------------


@pytest.mark.parametrize(
    ("request_fields", "pointer", "effect"),
    [
        ({"method": 5}, "method", "'method' is a number, not a string, so newman sends the method '5', and so do the snippets"),
        ({"method": True}, "method", "'method' is a boolean, not a string, so newman sends the method 'TRUE', and so do the snippets"),
        (
            {"method": "POST", "body": {"mode": "raw", "raw": {"a": 1}}},
            "body/raw",
            "'raw' is an object, not a string, so newman sends it as JSON text, and so do the snippets",
        ),
        (
            {"method": "POST", "body": {"mode": "other", "raw": [1]}},
            "body/raw",
            "'raw' is a list, not a string, so newman sends it as JSON text, and so do the snippets",
        ),
        (
            {"method": "POST", "body": {"mode": "raw", "raw": 0}},
            "body/raw",
            "'raw' is a number, not a string, so newman sends no body, and neither do the snippets",
        ),
    ],
)
def test_non_string_field_gets_notice(tmp_path, request_fields, pointer, effect):
    request = {"url": "http://127.0.0.1:9/x", **request_fields}
    collection = load(tmp_path, [{"name": "Odd", "request": request}])

    (item,) = collection.requests
    assert item.notices == (f"item 'Odd' (at /item/0/request/{pointer}): {effect}",)


@pytest.mark.parametrize(
    "body",
    [
        {"mode": "urlencoded", "raw": {"a": 1}, "urlencoded": []},
        {"mode": "raw", "raw": {"a": 1}, "disabled": True},
        {"mode": "none", "raw": 0},
        {"mode": "raw", "raw": "text"},
    ],
)
def test_unsent_or_string_raw_gets_no_notice(tmp_path, body):
    request = {"url": "http://127.0.0.1:9/x", "method": "POST", "body": body}
    collection = load(tmp_path, [{"name": "Quiet", "request": request}])

    assert collection.requests[0].notices == ()


# --- query written as a string or an object ----------------------------------------


@pytest.mark.parametrize(
    ("query", "target"),
    [
        # The targets are those newman 6.2.2 sent for each query.
        ("a=1&b&c=x y&=e&d=%20#", "/s?a=1&b&c=x%20y&=e&d=%20%23"),
        ("a=1&", "/s?a=1&"),
        ("&a", "/s?&a"),
        ("a==b", "/s?a==b"),
        ("a=1&&b=2", "/s?a=1&&b=2"),
        ("{{v}}=1&k={{v}}", "/s?a&b=1&k=a&b"),
        ("", "/s"),
        ({"key": "a", "value": "1"}, "/s?key=a&value=1"),
        ({"x": "1", "y": None, "z": 2, "w": True}, "/s?x=1&y&z&w"),
    ],
)
def test_query_string_or_object_read_as_newman(tmp_path, query, target):
    from generator.api import make_scope
    from generator.wire import build_wire_request

    url = {"raw": "x", "protocol": "http", "host": ["127", "0", "0", "1"], "port": "9", "path": ["s"], "query": query}
    collection = load(tmp_path, [request("Q", url)], variable=[{"key": "v", "value": "a&b"}])
    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert wire.url == "http://127.0.0.1:9" + target
