"""The request newman would send: URL, headers, body and auth for one item."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from generator.errors import ItemError
from generator.loader import load_collection
from generator.model import (
    Auth,
    FileBody,
    FormDataBody,
    FormField,
    GraphqlBody,
    Header,
    KeyValue,
    RawBody,
    RequestItem,
    Settings,
    Url,
    UrlEncodedBody,
    Variable,
)
from generator.runtime_auth import for_target
from generator.targets import Target
from generator.variables import VariableScope
from generator.wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, build_wire_request

BASE = "http://127.0.0.1:8000"


def make_item(
    url: str | Url = BASE + "/x",
    *,
    method: str = "GET",
    headers: tuple[tuple[str, str], ...] = (),
    body=None,
    auth: Auth | None = None,
    settings: dict | None = None,
) -> RequestItem:
    return RequestItem(
        name="item",
        folders=(),
        address="item",
        pointer="/item/0",
        method=method,
        url=url if isinstance(url, Url) else Url(raw=url),
        headers=tuple(Header(name, value) for name, value in headers),
        body=body,
        auth=auth,
        settings=Settings(tuple((settings or {}).items())),
    )


def wire_of(item: RequestItem, **values: str):
    scope = VariableScope(tuple(Variable(key, value) for key, value in values.items()))
    return build_wire_request(item, scope)


def url_of(url: str | Url, **values: str) -> str:
    return wire_of(make_item(url), **values).url


def parts(**fields) -> Url:
    return Url(raw=fields.pop("raw", ""), has_parts=True, **fields)


def header_values(wire, name: str) -> list[str]:
    return [value for key, value in wire.headers if key.lower() == name.lower()]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")


# --- URL --------------------------------------------------------------------------------------


def test_url_from_parts_ignores_raw():
    url = parts(
        raw="http://ignored.invalid/raw",
        protocol="http",
        host=("127", "0", "0", "1"),
        port="8000",
        path=("a", "b"),
        query=(KeyValue("q", "1"),),
    )

    assert url_of(url) == BASE + "/a/b?q=1"


def test_url_from_raw_text():
    assert url_of(BASE + "/a?b=1") == BASE + "/a?b=1"


def test_variables_in_url():
    assert url_of("{{base}}/users/{{id}}", base=BASE, id="7") == BASE + "/users/7"


def test_missing_protocol_gets_http():
    assert url_of("127.0.0.1:8000/a") == BASE + "/a"
    assert url_of(parts(host=("127.0.0.1",), port="8000", path=("a",))) == BASE + "/a"


def test_scheme_lower_cased():
    assert url_of("HTTP://127.0.0.1:8000/a") == BASE + "/a"


def test_port_from_parts():
    url = parts(protocol="https", host=("localhost",), port="8443", path=("p",))

    assert url_of(url) == "https://localhost:8443/p"


def test_path_variables_from_parts():
    # newman fills ":id" from url.variable and leaves the segment as written
    # when the entry is missing or its value is empty.
    url = parts(
        host=("127.0.0.1",),
        port="8000",
        path=("users", ":id", ":empty", ":missing", "tail"),
        path_variables=(KeyValue("id", "{{uid}}"), KeyValue("empty", "")),
    )

    assert url_of(url, uid="9") == BASE + "/users/9/:empty/:missing/tail"


def test_path_variable_value_encoded():
    url = parts(host=("127.0.0.1",), port="8000", path=("users", ":id"), path_variables=(KeyValue("id", "a b/c"),))

    assert url_of(url) == BASE + "/users/a%20b/c"


def test_path_variables_in_raw_url():
    url = Url(raw=BASE + "/users/:id/:missing?x=:id", path_variables=(KeyValue("id", "7"),))

    assert url_of(url) == BASE + "/users/7/:missing?x=:id"


def test_unfilled_path_variables_listed():
    from generator.urls import unfilled_path_variables

    from_parts = parts(
        host=("127.0.0.1",),
        path=("users", ":id", ":empty", ":missing", ":missing", ":"),
        path_variables=(KeyValue("id", "7"), KeyValue("empty", "")),
    )
    from_raw = Url(raw="http://h:8080/users/:id/:missing?x=:q", path_variables=(KeyValue("id", "7"),))

    assert unfilled_path_variables(from_parts) == [":empty", ":missing"]
    assert unfilled_path_variables(from_raw) == [":missing"]


def test_query_value_forms():
    url = parts(
        host=("127.0.0.1",),
        port="8000",
        path=("q",),
        query=(KeyValue("flag", None), KeyValue("empty", ""), KeyValue("k", "v")),
    )

    assert url_of(url) == BASE + "/q?flag&empty=&k=v"
    assert url_of(BASE + "/q?flag&empty=") == BASE + "/q?flag&empty="


def test_trailing_question_mark_kept_in_url_string():
    assert url_of(BASE + "/x?") == BASE + "/x?"


def test_trailing_question_mark_dropped_from_parts():
    assert url_of(parts(raw=BASE + "/x?", host=("127.0.0.1",), port="8000", path=("x",))) == BASE + "/x"


def test_fragment_dropped():
    assert url_of(BASE + "/x?a=1#section") == BASE + "/x?a=1"
    assert url_of(BASE + "/x#top") == BASE + "/x"


def test_path_encoding():
    assert url_of(BASE + '/a b/<>"`{}/é') == BASE + "/a%20b/%3C%3E%22%60%7B%7D/%C3%A9"
    assert url_of(BASE + "/keep;this,and%41!$&'()*+=@:") == BASE + "/keep;this,and%41!$&'()*+=@:"


def test_query_encoding():
    assert url_of(BASE + "/x?q=a b&s=\"'<>&u=é") == BASE + "/x?q=a%20b&s=%22%27%3C%3E&u=%C3%A9"
    kept = "/x?k=!$()*,/:;?@[]^{x}|`+"
    assert url_of(BASE + kept) == BASE + kept


def test_existing_percent_sequences_kept():
    assert url_of(BASE + "/a%41b?q=%zz%20%") == BASE + "/a%41b?q=%zz%20%"


def test_unresolved_placeholder_stays_readable():
    assert url_of(BASE + "/{{missing}}/x y") == BASE + "/{{missing}}/x%20y"


def test_userinfo_becomes_basic_auth():
    wire = wire_of(make_item("http://ann:secret@127.0.0.1:8000/x"))

    assert wire.url == BASE + "/x"
    assert header_values(wire, "Authorization") == [basic("ann", "secret")]


def test_userinfo_percent_decoded():
    wire = wire_of(make_item("http://ann%40corp:p%3Aw@127.0.0.1:8000/x"))

    assert header_values(wire, "Authorization") == [basic("ann@corp", "p:w")]


def test_userinfo_with_explicit_authorization_header():
    item = make_item("http://ann:secret@127.0.0.1:8000/x", headers=(("Authorization", "Token t"),))

    assert header_values(wire_of(item), "Authorization") == ["Token t"]


def test_item_without_url_is_item_error():
    item = make_item(Url(raw=""))

    with pytest.raises(ItemError) as raised:
        wire_of(item)

    assert raised.value.address == "item"
    assert raised.value.pointer == "/item/0/request/url"


# --- headers ------------------------------------------------------------------------------


def test_header_names_differing_in_case_collapse_to_last():
    item = make_item(headers=(("X-Token", "1"), ("Accept", "a"), ("x-token", "2")))

    # The last spelling's value takes the place of the first one, as Node.js sets it.
    assert wire_of(item).headers == (("x-token", "2"), ("Accept", "a"))


def test_exact_duplicate_headers_kept():
    item = make_item(headers=(("X-Token", "1"), ("X-Token", "2")))

    assert wire_of(item).headers == (("X-Token", "1"), ("X-Token", "2"))


def test_header_variables_resolved():
    item = make_item(headers=(("X-{{name}}", "{{value}}"),))

    assert wire_of(item, name="Trace", value="abc").headers == (("X-Trace", "abc"),)


def test_latin1_header_value_allowed():
    item = make_item(headers=(("X-Name", "café"),))

    assert wire_of(item).headers == (("X-Name", "café"),)


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("Bad Name", "v", "key"),
        ("X-Trailing ", "v", "key"),
        ("X-Ok", "one\r\nX-Injected: 1", "value"),
        ("X-Ok", "euro €", "value"),
    ],
    ids=["space-in-name", "trailing-space", "crlf-in-value", "above-u00ff"],
)
def test_invalid_header_is_item_error(name, value, field):
    item = make_item(headers=(("Accept", "*/*"), (name, value)))

    with pytest.raises(ItemError) as raised:
        wire_of(item)

    assert raised.value.address == "item"
    assert raised.value.pointer == f"/item/0/request/header/1/{field}"
    assert "'item'" in str(raised.value)


def write_collection(tmp_path: Path, items: list) -> Path:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"info": {"name": "c"}, "item": items}), encoding="utf-8")
    return path


def test_invalid_header_pointer_counts_disabled_headers(tmp_path):
    headers = [{"key": "X-Off", "value": "1", "disabled": True}, {"key": "Bad Name", "value": "2"}]
    path = write_collection(tmp_path, [{"name": "r", "request": {"url": BASE, "header": headers}}])
    item = load_collection(path).requests[0]

    with pytest.raises(ItemError) as raised:
        build_wire_request(item, VariableScope())

    assert raised.value.pointer == "/item/0/request/header/1/key"


def test_auth_header_with_line_break_is_item_error():
    item = make_item(auth=Auth("bearer", (("token", "abc\r\nX-Injected: 1"),)))

    with pytest.raises(ItemError):
        wire_of(item)


# --- bodies and Content-Type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "content_type"),
    [
        ("json", "application/json"),
        ("text", "text/plain"),
        (None, "text/plain"),
        ("xml", "application/xml"),
        ("html", "text/html"),
        ("javascript", "application/javascript"),
    ],
)
def test_default_content_type_per_raw_language(language, content_type):
    wire = wire_of(make_item(method="POST", body=RawBody("<x/>", language)))

    assert header_values(wire, "Content-Type") == [content_type]
    assert wire.content_type == content_type
    assert wire.body == TextBody("<x/>", is_json=language == "json")


def test_explicit_content_type_wins():
    item = make_item(
        method="POST", headers=(("content-type", "application/vnd.api+json"),), body=RawBody("{}", "json")
    )

    wire = wire_of(item)

    assert header_values(wire, "Content-Type") == ["application/vnd.api+json"]
    assert wire.content_type == "application/vnd.api+json"


def test_disabled_content_type_header_does_not_count(tmp_path):
    request = {
        "method": "POST",
        "url": BASE,
        "header": [{"key": "Content-Type", "value": "text/csv", "disabled": True}],
        "body": {"mode": "raw", "raw": "{}", "options": {"raw": {"language": "json"}}},
    }
    item = load_collection(write_collection(tmp_path, [{"name": "r", "request": request}])).requests[0]

    wire = build_wire_request(item, VariableScope())

    assert header_values(wire, "Content-Type") == ["application/json"]


@pytest.mark.parametrize(
    "body",
    [RawBody("a=1", "text"), UrlEncodedBody((KeyValue("a", "1"),))],
    ids=["raw", "urlencoded"],
)
def test_disabled_system_content_type(body):
    item = make_item(method="POST", body=body, settings={"disabledSystemHeaders": {"content-type": True}})

    wire = wire_of(item)

    assert wire.body is not None
    assert header_values(wire, "Content-Type") == []


def test_empty_raw_body_sends_nothing():
    wire = wire_of(make_item(method="POST", body=RawBody("", "json")))

    assert wire.body is None
    assert header_values(wire, "Content-Type") == []


def test_raw_body_variables_resolved():
    wire = wire_of(make_item(method="POST", body=RawBody('{"id": "{{id}}"}', "json")), id="42")

    assert wire.body.text == '{"id": "42"}'


def test_json_comments_stripped_outside_strings():
    text = '{\n  // note\n  "a": "http://x", /* block */ "b": "/* not */",\n  "c": "say \\"//hi\\""\n}'

    wire = wire_of(make_item(method="POST", body=RawBody(text, "json")))

    assert wire.body.text == '{\n  \n  "a": "http://x",  "b": "/* not */",\n  "c": "say \\"//hi\\""\n}'


@pytest.mark.parametrize(
    ("content_type", "stripped"),
    [("application/json", True), ("application/vnd.api+json", True), ("text/plain", False)],
)
def test_json_comments_by_content_type_without_language(content_type, stripped):
    item = make_item(method="POST", headers=(("Content-Type", content_type),), body=RawBody('{"a": 1} // c'))

    text = wire_of(item).body.text

    assert text == ('{"a": 1} ' if stripped else '{"a": 1} // c')


def test_text_language_keeps_comments():
    wire = wire_of(make_item(method="POST", body=RawBody("// not json", "text")))

    assert wire.body.text == "// not json"


def test_urlencoded_encoding():
    fields = (
        KeyValue("a b", "x+y"),
        KeyValue("sym", "!'*()~-._"),
        KeyValue("u", "é"),
        KeyValue("dup", "1"),
        KeyValue("dup", "{{two}}"),
    )

    wire = wire_of(make_item(method="POST", body=UrlEncodedBody(fields)), two="2")

    assert isinstance(wire.body, UrlEncodedForm)
    assert wire.body.encoded == "a%20b=x%2By&sym=%21%27%2A%28%29~-._&u=%C3%A9&dup=1&dup=2"
    assert header_values(wire, "Content-Type") == ["application/x-www-form-urlencoded"]


def test_urlencoded_without_fields_sends_nothing():
    assert wire_of(make_item(method="POST", body=UrlEncodedBody(()))).body is None


def test_graphql_with_variables():
    body = GraphqlBody('query ($id: ID) {\n  user(id: $id) { name }\n}', '{"id": "{{id}}"}')

    wire = wire_of(make_item(method="POST", body=body), id="7")

    assert wire.body.text == '{"query":"query ($id: ID) {\\n  user(id: $id) { name }\\n}","variables":{"id": "7"}}'
    assert header_values(wire, "Content-Type") == ["application/json"]


def test_graphql_without_variables():
    wire = wire_of(make_item(method="POST", body=GraphqlBody('{ a(s: "x") }', "")))

    assert wire.body.text == '{"query":"{ a(s: \\"x\\") }"}'


def test_multipart_parts():
    fields = (
        FormField("note", "text", value="{{v}}"),
        FormField("files", "file", sources=("/tmp/a.txt", "C:\\data\\b.json")),
        FormField("empty", "file"),
    )

    wire = wire_of(make_item(method="POST", headers=(("Content-Type", "x/y"),), body=FormDataBody(fields)), v="1")

    assert isinstance(wire.body, MultipartBody)
    assert [(part.kind, part.name) for part in wire.body.parts] == [
        ("text", "note"),
        ("file", "files"),
        ("file", "files"),
        ("file", "empty"),
    ]
    assert wire.body.parts[0].value == "1"
    assert wire.body.parts[1].filename == "a.txt"
    assert wire.body.parts[1].content_type == "text/plain"
    assert wire.body.parts[2].filename == "b.json"
    assert wire.body.parts[3].filename == ""
    assert header_values(wire, "Content-Type") == []
    assert wire.content_type == "multipart/form-data"
    assert wire.body.explicit_type == "x/y"
    assert wire.body.local_files == ("/tmp/a.txt", "C:\\data\\b.json")
    assert not wire.body.may_be_empty


def test_multipart_of_files_may_be_empty():
    fields = (FormField("first", "file", sources=("/tmp/a.txt",)), FormField("second", "file", sources=("b.png",)))
    wire = wire_of(make_item(method="POST", body=FormDataBody(fields)))

    assert wire.body.may_be_empty
    assert wire.body.explicit_type is None
    assert wire.body.local_files == ("/tmp/a.txt", "b.png")


def test_multipart_empty_src_never_left_out():
    fields = (FormField("first", "file", sources=("/tmp/a.txt",)), FormField("empty", "file"))
    wire = wire_of(make_item(method="POST", body=FormDataBody(fields)))

    assert not wire.body.may_be_empty
    assert wire.body.local_files == ("/tmp/a.txt",)


def test_file_body():
    wire = wire_of(make_item(method="POST", body=FileBody("/tmp/{{name}}.json")), name="data")

    assert wire.body == BinaryFileBody("/tmp/data.json", guessed_type="application/json")
    assert header_values(wire, "Content-Type") == ["application/json"]


def test_file_body_explicit_type_not_guessed():
    item = make_item(method="POST", headers=(("Content-Type", "image/png"),), body=FileBody("/tmp/a.json"))
    wire = wire_of(item)

    assert wire.body == BinaryFileBody("/tmp/a.json", guessed_type=None)
    assert header_values(wire, "Content-Type") == ["image/png"]


def test_file_body_without_source_adds_note():
    wire = wire_of(make_item(method="POST", body=FileBody(None)))

    assert wire.body is None
    assert len(wire.notes) == 1


@pytest.mark.parametrize("method", ["GET", "HEAD", "COPY", "PURGE", "UNLOCK"])
def test_body_pruned_for_method(method):
    wire = wire_of(make_item(method=method, body=RawBody("x", "text")))

    assert wire.body is None
    assert header_values(wire, "Content-Type") == []


@pytest.mark.parametrize("method", ["GET", "HEAD", "COPY", "PURGE", "UNLOCK"])
def test_body_pruning_disabled(method):
    item = make_item(method=method, body=RawBody("x", "text"), settings={"disableBodyPruning": True})

    wire = wire_of(item)

    assert wire.body == TextBody("x")
    assert header_values(wire, "Content-Type") == ["text/plain"]


@pytest.mark.parametrize("method", ["DELETE", "OPTIONS", "POST", "PATCH"])
def test_body_kept_for_method(method):
    assert wire_of(make_item(method=method, body=RawBody("x", "text"))).body == TextBody("x")


# --- auth --------------------------------------------------------------------------------------


def auth_wire(auth: Auth, url: str = BASE + "/x", headers: tuple[tuple[str, str], ...] = (), **values: str):
    return wire_of(make_item(url, auth=auth, headers=headers), **values)


def test_basic_auth_utf8():
    auth = Auth("basic", (("username", "jürgen"), ("password", "{{pw}}")))

    wire = auth_wire(auth, pw="pässword")

    assert header_values(wire, "Authorization") == [basic("jürgen", "pässword")]


def test_bearer_auth():
    assert header_values(auth_wire(Auth("bearer", (("token", "tok"),))), "Authorization") == ["Bearer tok"]


def test_bearer_with_empty_token_adds_nothing():
    wire = auth_wire(Auth("bearer", (("token", ""),)), headers=(("Authorization", "Token kept"),))

    assert header_values(wire, "Authorization") == ["Token kept"]
    assert wire.notes == ("Bearer auth: the token is empty, so newman adds no token, and neither does this snippet.",)


def test_auth_replaces_explicit_authorization_header():
    wire = auth_wire(Auth("bearer", (("token", "new"),)), headers=(("authorization", "old"), ("Accept", "a")))

    assert wire.headers == (("Accept", "a"), ("Authorization", "Bearer new"))


def test_noauth_keeps_explicit_header():
    wire = auth_wire(Auth("noauth"), headers=(("Authorization", "mine"),))

    assert header_values(wire, "Authorization") == ["mine"]


def test_apikey_in_header_replaces_same_name():
    auth = Auth("apikey", (("key", "X-Api-Key"), ("value", "k1"), ("in", "header")))

    wire = auth_wire(auth, headers=(("x-api-key", "old"),))

    assert wire.headers == (("X-Api-Key", "k1"),)


def test_apikey_in_query():
    auth = Auth("apikey", (("key", "api key"), ("value", "a b"), ("in", "query")))

    assert auth_wire(auth).url == BASE + "/x?api%20key=a%20b"
    assert auth_wire(auth, url=BASE + "/x?page=1").url == BASE + "/x?page=1&api%20key=a%20b"
    # newman 6.2.2 keeps the empty parameter of a URL string that ends in "?".
    assert auth_wire(auth, url=BASE + "/x?").url == BASE + "/x?&api%20key=a%20b"


def test_apikey_query_value_stays_one_parameter():
    auth = Auth("apikey", (("key", "k"), ("value", "a b&c=d/é"), ("in", "query")))

    assert auth_wire(auth).url == BASE + "/x?k=a%20b%26c=d/%C3%A9"


def test_apikey_in_query_replaces_same_parameter():
    auth = Auth("apikey", (("key", "key"), ("value", "new"), ("in", "query")))

    assert auth_wire(auth, url=BASE + "/x?key=old&page=1").url == BASE + "/x?page=1&key=new"


def test_oauth2_header():
    auth = Auth("oauth2", (("accessToken", "tok"), ("addTokenTo", "header")))

    assert header_values(auth_wire(auth), "Authorization") == ["Bearer tok"]


@pytest.mark.parametrize(("prefix", "expected"), [("Token", "Token tok"), ("  MAC  ", "MAC tok"), ("", "tok")])
def test_oauth2_header_prefix(prefix, expected):
    auth = Auth("oauth2", (("accessToken", "tok"), ("headerPrefix", prefix)))

    assert header_values(auth_wire(auth), "Authorization") == [expected]


def test_oauth2_query():
    auth = Auth("oauth2", (("accessToken", "t k"), ("addTokenTo", "queryParams")))

    wire = auth_wire(auth, url=BASE + "/x?a=1")

    assert wire.url == BASE + "/x?a=1&access_token=t%20k"
    assert header_values(wire, "Authorization") == []


def test_oauth2_without_token_adds_note():
    wire = auth_wire(Auth("oauth2", (("accessToken", ""),)))

    assert header_values(wire, "Authorization") == []
    assert len(wire.notes) == 1
    assert "OAuth 2.0" in wire.notes[0]


def test_oauth2_mac_token_adds_note():
    wire = auth_wire(Auth("oauth2", (("accessToken", "tok"), ("tokenType", "MAC"))))

    assert header_values(wire, "Authorization") == []
    assert len(wire.notes) == 1


@pytest.mark.parametrize("kind", ["digest", "oauth1", "awsv4", "hawk", "ntlm", "edgegrid", "jwt", "asap"])
def test_computed_auth_has_no_fixed_header(kind):
    wire = auth_wire(Auth(kind, (("username", "u"),)))

    # Either the snippet signs when it runs, or a note names what is missing.
    assert header_values(wire, "Authorization") == []
    assert (wire.runtime_auth is not None) != (len(wire.notes) == 1)


@pytest.mark.parametrize("kind", ["digest", "ntlm", "awsv4"])
def test_runtime_auth_is_a_note_without_support(kind):
    wire = auth_wire(Auth(kind, (("username", "u"),)))
    target = Target(name="plain", extension=".txt", template="plain.j2", build_context=lambda *args: {})

    written = for_target(wire, target)

    assert written.runtime_auth is None
    assert written.notes == (wire.runtime_auth.unsupported_note,)


def test_unknown_auth_type_adds_note():
    wire = auth_wire(Auth("future-auth"))

    assert len(wire.notes) == 1
    assert "future-auth" in wire.notes[0]


def test_redirect_policy_defaults():
    policy = wire_of(make_item()).redirects
    assert policy.max_redirects == 10
    assert policy.keep_method is False
    assert policy.keep_authorization is False
    assert policy.remove_referer is False


def test_redirect_policy_from_settings():
    settings = {
        "maxRedirects": 1,
        "followOriginalHttpMethod": True,
        "followAuthorizationHeader": True,
        "removeRefererHeaderOnRedirect": True,
    }
    policy = wire_of(make_item(settings=settings)).redirects
    assert policy.max_redirects == 1
    assert policy.keep_method is True
    assert policy.keep_authorization is True
    assert policy.remove_referer is True


@pytest.mark.parametrize("value", [-1, "5", 2.5, True])
def test_invalid_max_redirects_is_item_error(value):
    with pytest.raises(ItemError, match="maxRedirects") as raised:
        wire_of(make_item(settings={"maxRedirects": value}))
    assert raised.value.pointer.endswith("/protocolProfileBehavior/maxRedirects")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http:///services/data", ""),
        ("http://:8080/x", ""),
        ("http://user:pw@/x", ""),
        ("https://api.example.test:8443/x?a=b", "api.example.test"),
        ("http://user@host/x", "host"),
        ("http://[::1]:9/x", "[::1]"),
        ("http://{{base}}/x", "{{base}}"),
        ("/relative", None),
        ("{{url}}", None),
    ],
)
def test_url_host_cases(url, host):
    from generator.wire import url_host

    assert url_host(url) == host
