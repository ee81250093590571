"""Inputs where the snippets sent other bytes than newman 6.2.2, found by a review.

Each expected value below is what newman 6.2.2 sent for the same item,
recorded with ``python -m generator.conformance`` against a capture server.

- A ``:name`` path variable: postman-collection 4.4.0 takes the name up to
  the first ``.`` and keeps the rest (``:id.json`` with ``id`` = ``9`` is
  ``9.json``), uses the last of several entries with the same key, and
  converts the value by the entry's ``type`` before it checks that the
  value is a non-empty string. The snippets matched the whole segment, took
  the first entry with a value and ignored the type.
- Repeated Cookie headers are sent by newman as one header, with the values
  joined by ``; ``, and the snippets sent one header per value.
- After a redirect other than a 307 or 308, newman sends GET (HEAD for
  HEAD) without the body, Content-Type or Content-Length. The httpx snippet
  kept the body of a GET or HEAD with a body (disableBodyPruning) and the
  item's Content-Type of a request without a body, and bash curl kept the
  Content-Type of such a GET or HEAD.
- newman sends the previous URL as the Referer of a redirected request in
  place of the item's Referer header, unless removeRefererHeaderOnRedirect
  is set. bash curl sent the item's header again.
- After a redirect, newman sends the item's Cookie header again, followed by
  the cookies that the responses set. requests and httpx drop the item's
  header on a redirect.
- An apikey (or OAuth 2.0) query parameter: newman keeps the empty
  parameters of the query, so ``?`` becomes ``?&k=v``. It removes only the
  parameters whose key as written equals the auth key. With
  disableUrlEncoding it encodes only ``&``, ``#`` and ``=`` in the added
  parameter. The snippets dropped empty parameters, compared encoded keys
  and encoded the parameter in full.
- With disableUrlEncoding, a URL with a tab or another control character
  got a snippet, where newman rejects the request, and one with DEL got a
  snippet that fails when run.
- The Python layout split a comprehension too long for one line at its
  commas, which gave invalid code. No template line reaches that length
  today.
- A URL segment written as ``{"type": ..., "value": ...}`` is sent by newman
  as ``[object Object]``, and the snippets sent its value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.api import generate, load_collection, make_scope
from generator.conformance.capture import CannedResponse
from generator.errors import ItemError
from generator.languages.python import format_code
from generator.wire import build_wire_request
from snippet_checks import run_snippet

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
RUN_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]


def _collection(tmp_path: Path, request: dict):
    document = {"info": {"name": "dec6", "schema": SCHEMA}, "item": [{"name": "item", "request": request}]}
    path = tmp_path / "dec6.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_collection(path)


def _path_variable_request(segment: str, variables: list[dict]) -> dict:
    return {
        "method": "GET",
        "url": {
            "raw": f"http://127.0.0.1:9/u/{segment}",
            "protocol": "http",
            "host": ["127", "0", "0", "1"],
            "port": "9",
            "path": ["u", segment],
            "variable": variables,
        },
    }


# (segment, variable entries, path newman 6.2.2 sent)
PATH_VARIABLE_CASES = {
    "suffix after a dot is kept": (":id.json", [{"key": "id", "value": "9"}], "/u/9.json"),
    "name ends at the first dot": (":id.tar.gz", [{"key": "id", "value": "9"}], "/u/9.tar.gz"),
    "key with a dot never matches": (":a.b", [{"key": "a.b", "value": "9"}], "/u/:a.b"),
    "value with a dot and a suffix": (":id.x", [{"key": "id", "value": "a.b"}], "/u/a.b.x"),
    "last duplicate wins": (":id", [{"key": "id", "value": "1"}, {"key": "id", "value": "2"}], "/u/2"),
    "empty last duplicate leaves it": (":id", [{"key": "id", "value": "1"}, {"key": "id", "value": ""}], "/u/:id"),
    "lone colon is no variable": (":", [{"key": "", "value": "9"}], "/u/:"),
    "type number is not a string": (":id", [{"key": "id", "value": "5", "type": "number"}], "/u/:id"),
    "type boolean is not a string": (":id", [{"key": "id", "value": "true", "type": "boolean"}], "/u/:id"),
    "type object is not a string": (":id", [{"key": "id", "value": "{}", "type": "object"}], "/u/:id"),
    "type string converts a number": (":id", [{"key": "id", "value": 5, "type": "string"}], "/u/5"),
    "type string converts false": (":id", [{"key": "id", "value": False, "type": "string"}], "/u/false"),
    "type string converts null": (":id", [{"key": "id", "value": None, "type": "string"}], "/u/null"),
    "type string without a value": (":id", [{"key": "id", "type": "string"}], "/u/undefined"),
    "type name is case-insensitive": (":id", [{"key": "id", "value": "x", "type": "String"}], "/u/x"),
    "unknown type keeps the value": (":id", [{"key": "id", "value": "x", "type": "foo"}], "/u/x"),
}


@pytest.mark.parametrize("case", PATH_VARIABLE_CASES.values(), ids=list(PATH_VARIABLE_CASES))
def test_path_variable_as_newman(tmp_path, case):
    segment, variables, expected_path = case
    collection = _collection(tmp_path, _path_variable_request(segment, variables))

    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert wire.url == "http://127.0.0.1:9" + expected_path


def test_path_variable_note_names_key(tmp_path):
    collection = _collection(tmp_path, _path_variable_request(":id.json", [{"key": "id", "value": "5", "type": "number"}]))

    code = generate(collection, collection.requests[0], "python").code

    assert "the path variable :id has no value" in code


def _run_snippet(tmp_path: Path, item: dict, language: str) -> None:
    """Generate the snippet of the collection's only item in ``language`` and run it."""
    document = {"info": {"name": "dec6", "schema": SCHEMA}, "item": [{"name": "item", **item}]}
    path = tmp_path / "dec6.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], language, options={"timeout": 5}).code

    result = run_snippet(tmp_path, code, language)

    assert result.returncode == 0, result.stderr.decode(errors="replace")


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_path_variable_suffix_sent(tmp_path, capture_server, language):
    request = _path_variable_request(":id.json", [{"key": "id", "value": "1"}, {"key": "id", "value": "2"}])
    request["url"]["port"] = str(capture_server.port)

    _run_snippet(tmp_path, {"request": request}, language)

    assert [captured.target for captured in capture_server.requests] == ["/u/2.json"]


@pytest.mark.parametrize("field", ["host", "path"])
def test_url_segment_object_rejected(tmp_path, field):
    url = {"raw": "http://127.0.0.1:9/a", "protocol": "http", "host": ["127.0.0.1"], "port": "9", "path": ["a"]}
    url[field] = [{"type": "string", "value": "a"}]
    collection = _collection(tmp_path, {"method": "GET", "url": url})

    assert collection.requests == ()
    (problem,) = collection.problems
    assert "[object Object]" in problem
    assert f"/item/0/request/url/{field}/0" in problem


def test_repeated_cookie_headers_joined(tmp_path):
    headers = [
        {"key": "Cookie", "value": "a=b"},
        {"key": "X-A", "value": "1"},
        {"key": "Cookie", "value": "c=d"},
        {"key": "Cookie", "value": "a=b"},
    ]
    collection = _collection(tmp_path, {"method": "GET", "url": "http://127.0.0.1:9/c", "header": headers})

    wire = build_wire_request(collection.requests[0], make_scope(collection))

    # Node's http module joins the values of repeated Cookie headers with "; ".
    assert wire.headers == (("Cookie", "a=b; c=d; a=b"), ("X-A", "1"))


def _header_values(captured, name: str) -> list[str]:
    return [value for key, value in captured.headers if key.lower() == name.lower()]


# (method, body, headers) of items whose redirect newman 6.2.2 sends with the
# same method, without a body, Content-Type or Content-Length.
BODY_DROPPED_ON_REDIRECT = {
    "GET with a body": ("GET", {"mode": "raw", "raw": "x"}, []),
    "HEAD with a body": ("HEAD", {"mode": "raw", "raw": "x"}, []),
    "GET with a form body": ("GET", {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "b"}]}, []),
    "GET with Content-Type only": ("GET", None, [{"key": "Content-Type", "value": "text/x"}]),
    "POST with Content-Type only": ("POST", None, [{"key": "Content-Type", "value": "text/x"}]),
}


@pytest.mark.parametrize("status", [301, 302, 303])
@pytest.mark.parametrize("case", BODY_DROPPED_ON_REDIRECT.values(), ids=list(BODY_DROPPED_ON_REDIRECT))
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_redirect_drops_body_and_type(tmp_path, capture_server, language, case, status):
    method, body, headers = case
    capture_server.redirect("/start", "/end", status)
    request = {"method": method, "url": capture_server.url + "/start", "header": headers}
    if body is not None:
        request["body"] = body

    _run_snippet(tmp_path, {"request": request, "protocolProfileBehavior": {"disableBodyPruning": True}}, language)

    first, redirected = capture_server.requests
    assert first.target == "/start"
    assert redirected.target == "/end"
    assert redirected.method == ("HEAD" if method == "HEAD" else "GET")
    assert redirected.body == b""
    assert _header_values(redirected, "Content-Type") == []
    assert _header_values(redirected, "Content-Length") == []


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_redirect_replaces_item_referer(tmp_path, capture_server, language):
    capture_server.redirect("/start", "/end", 302)
    request = {"method": "GET", "url": capture_server.url + "/start", "header": [{"key": "Referer", "value": "http://x.test/"}]}

    _run_snippet(tmp_path, {"request": request}, language)

    first, redirected = capture_server.requests
    assert _header_values(first, "Referer") == ["http://x.test/"]
    assert _header_values(redirected, "Referer") == [capture_server.url + "/start"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_redirect_keeps_referer_when_removal_set(tmp_path, capture_server, language):
    capture_server.redirect("/start", "/end", 302)
    request = {"method": "GET", "url": capture_server.url + "/start", "header": [{"key": "Referer", "value": "http://x.test/"}]}

    _run_snippet(tmp_path, {"request": request, "protocolProfileBehavior": {"removeRefererHeaderOnRedirect": True}}, language)

    first, redirected = capture_server.requests
    assert _header_values(first, "Referer") == ["http://x.test/"]
    assert _header_values(redirected, "Referer") == ["http://x.test/"]


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_redirect_keeps_item_cookie(tmp_path, capture_server, language, status):
    capture_server.redirect("/start", "/end", status)
    request = {"method": "GET", "url": capture_server.url + "/start", "header": [{"key": "cookie", "value": "a=b"}]}

    _run_snippet(tmp_path, {"request": request}, language)

    first, redirected = capture_server.requests
    assert _header_values(first, "Cookie") == ["a=b"]
    assert _header_values(redirected, "Cookie") == ["a=b"]


@pytest.mark.parametrize("language", ["python", "python-httpx"])
def test_redirect_cookie_joins_response_cookies(tmp_path, capture_server, language):
    capture_server.route(
        "/start",
        CannedResponse(status=302, headers=(("Location", "/end"), ("Set-Cookie", "s=1; Path=/")), body=b""),
    )
    request = {"method": "GET", "url": capture_server.url + "/start", "header": [{"key": "Cookie", "value": "a=é"}]}

    _run_snippet(tmp_path, {"request": request}, language)

    first, redirected = capture_server.requests
    # newman 6.2.2 sends the item's Cookie header, then the cookies that the
    # responses set, and a Latin-1 value as one byte per character.
    assert first.header_values("Cookie") == ["a=\xe9"]
    assert redirected.header_values("Cookie") == ["a=\xe9; s=1"]


# (URL, apikey key, apikey value, protocolProfileBehavior, target newman 6.2.2 sent)
APIKEY_QUERY_CASES = {
    "empty parameters stay": ("/a?&&x=1&", "k", "v", {}, "/a?&&x=1&&k=v"),
    "trailing ? keeps an empty parameter": ("/a?", "k", "v", {}, "/a?&k=v"),
    "same key removed, empty one kept": ("/a?k=1&&k=2", "k", "v", {}, "/a?&k=v"),
    "encoded key is another key": ("/a?k%20x=1", "k x", "v", {}, "/a?k%20x=1&k%20x=v"),
    "raw key is the same key": ("/a?k x=1", "k x", "v", {}, "/a?k%20x=v"),
    "disableUrlEncoding keeps quotes": ("/a", "k", "a&b#c'\"<", {"disableUrlEncoding": True}, "/a?k=a%26b%23c'\"<"),
    "disableUrlEncoding encodes = in a key": ("/a?x=1", "k=&#'", "v", {"disableUrlEncoding": True}, "/a?x=1&k%3D%26%23'=v"),
    "disableUrlEncoding keeps an empty parameter": ("/a?", "k", "v", {"disableUrlEncoding": True}, "/a?&k=v"),
}


@pytest.mark.parametrize("case", APIKEY_QUERY_CASES.values(), ids=list(APIKEY_QUERY_CASES))
def test_apikey_query_as_newman(tmp_path, case):
    url, key, value, behavior, expected_target = case
    auth = {"type": "apikey", "apikey": [
        {"key": "key", "value": key}, {"key": "value", "value": value}, {"key": "in", "value": "query"},
    ]}
    document = {"info": {"name": "dec6", "schema": SCHEMA}, "item": [
        {"name": "item", "request": {"method": "GET", "url": "http://127.0.0.1:9" + url, "auth": auth},
         "protocolProfileBehavior": behavior},
    ]}
    path = tmp_path / "dec6.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)

    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert wire.url == "http://127.0.0.1:9" + expected_target


def test_apikey_query_latin1_unencoded_rejected(tmp_path):
    auth = {"type": "apikey", "apikey": [
        {"key": "key", "value": "k"}, {"key": "value", "value": "é"}, {"key": "in", "value": "query"},
    ]}
    document = {"info": {"name": "dec6", "schema": SCHEMA}, "item": [
        {"name": "item", "request": {"method": "GET", "url": "http://127.0.0.1:9/a", "auth": auth},
         "protocolProfileBehavior": {"disableUrlEncoding": True}},
    ]}
    path = tmp_path / "dec6.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)

    # newman 6.2.2 sends "é" as the byte 0xE9, which none of the clients send.
    with pytest.raises(ItemError, match="auth query parameter"):
        build_wire_request(collection.requests[0], make_scope(collection))


@pytest.mark.parametrize("item_cookie", [None, "a=b"])
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_disable_cookies_on_redirect(tmp_path, capture_server, language, item_cookie):
    capture_server.route(
        "/start",
        CannedResponse(status=302, headers=(("Location", "/end"), ("Set-Cookie", "s=1; Path=/")), body=b""),
    )
    headers = [] if item_cookie is None else [{"key": "Cookie", "value": item_cookie}]
    request = {"method": "GET", "url": capture_server.url + "/start", "header": headers}

    _run_snippet(tmp_path, {"request": request, "protocolProfileBehavior": {"disableCookies": True}}, language)

    first, redirected = capture_server.requests
    # newman 6.2.2 sends no cookie that a response set when disableCookies is on.
    expected = [] if item_cookie is None else [item_cookie]
    assert first.header_values("Cookie") == expected
    assert redirected.header_values("Cookie") == expected


@pytest.mark.parametrize("url", ["/a?q=\tx", "/a?q=\x7fx", "/\xe9", "/a?q=\xe9"], ids=["tab", "DEL", "Latin-1 path", "Latin-1 query"])
def test_disable_url_encoding_unsendable_rejected(tmp_path, url):
    document = {"info": {"name": "dec6", "schema": SCHEMA}, "item": [
        {"name": "item", "request": {"method": "GET", "url": "http://127.0.0.1:9" + url},
         "protocolProfileBehavior": {"disableUrlEncoding": True}},
    ]}
    path = tmp_path / "dec6.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)

    # newman 6.2.2 rejects the tab ("Request path contains unescaped
    # characters") and sends DEL and U+00E9 as one byte each, which the
    # snippets' clients cannot send.
    with pytest.raises(ItemError, match="disableUrlEncoding is set"):
        build_wire_request(collection.requests[0], make_scope(collection))


LONG_COMPREHENSIONS = {
    "split at for and if": (
        "with client:\n"
        "    for _ in range(10):\n"
        '        cookies = [value for name, value in redirected.headers.raw if name.lower() == b"cookie"]\n'
    ),
    "one line inside brackets": (
        "with client:\n"
        "    for _ in range(10):\n"
        '        kept = [(name, value) for name, value in redirected.headers.raw if name != b"cookie"]\n'
    ),
}


@pytest.mark.parametrize("code", LONG_COMPREHENSIONS.values(), ids=list(LONG_COMPREHENSIONS))
def test_long_comprehension_layout_is_black(code):
    black = pytest.importorskip("black")

    formatted = format_code(code)

    assert formatted == black.format_str(code, mode=black.Mode(line_length=88))
