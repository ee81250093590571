"""curl form and urlencoded bodies whose values curl's own syntax would change."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from generator.api import generate, load_collection
from generator.errors import ItemError


def write_collection(tmp_path, body: dict) -> str:
    path = tmp_path / "bodies.postman_collection.json"
    request = {"method": "POST", "header": [], "url": "{{baseUrl}}/form", "body": body}
    path.write_text(json.dumps({"info": {"name": "bodies"}, "item": [{"name": "send", "request": request}]}))
    return str(path)


def run_curl(tmp_path, path: str, server) -> None:
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], "curl", variables={"baseUrl": server.url}).code
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    subprocess.run(["bash", str(script)], check=True, timeout=20, env=environment, capture_output=True)


def test_urlencoded_space_sent_as_percent_20(tmp_path, capture_server):
    fields = [{"key": "a b", "value": "c d+e"}, {"key": "", "value": "only value"}, {"key": "k", "value": "v=1&2"}]
    run_curl(tmp_path, write_collection(tmp_path, {"mode": "urlencoded", "urlencoded": fields}), capture_server)

    [request] = capture_server.requests
    assert request.body == b"a%20b=c%20d%2Be&=only%20value&k=v%3D1%262"


def test_typed_text_part_with_separators_sent_as_written(tmp_path, capture_server):
    value = '{"notes": "a;b,c", "x": "@y"}'
    fields = [{"key": "input", "value": value, "type": "text", "contentType": "application/json"}]
    run_curl(tmp_path, write_collection(tmp_path, {"mode": "formdata", "formdata": fields}), capture_server)

    [request] = capture_server.requests
    assert b'Content-Disposition: form-data; name="input"\r\nContent-Type: application/json\r\n\r\n' in request.body
    assert value.encode() + b"\r\n--" in request.body


def test_form_name_quote_sent_unchanged(tmp_path, capture_server):
    # newman writes '"' and '=' in a field name unchanged; -F alone would write %22 or end the name at '='.
    fields = [
        {"key": 'say "hi"', "value": "x", "type": "text"},
        {"key": "a=b", "value": "@etc/passwd", "type": "text"},
        {"key": 'back\\slash "q"', "value": "<etc;a,b \"c\" \\d", "type": "text"},
        {"key": "Zoë=\"1\"", "value": "line one\nline two $(touch pwned) 'q'", "type": "text"},
        {"key": "plain", "value": "kept", "type": "text"},
    ]
    run_curl(tmp_path, write_collection(tmp_path, {"mode": "formdata", "formdata": fields}), capture_server)

    [request] = capture_server.requests
    assert b'Content-Disposition: form-data; name="say "hi""\r\n\r\nx\r\n' in request.body
    assert b'Content-Disposition: form-data; name="a=b"\r\n\r\n@etc/passwd\r\n' in request.body
    assert b'Content-Disposition: form-data; name="back\\slash "q""\r\n\r\n<etc;a,b "c" \\d\r\n' in request.body
    expected = 'Content-Disposition: form-data; name="Zoë="1""\r\n\r\nline one\nline two $(touch pwned) \'q\'\r\n'
    assert expected.encode() in request.body
    assert b'Content-Disposition: form-data; name="plain"\r\n\r\nkept\r\n' in request.body
    assert not (tmp_path / "pwned").exists()


def test_quoted_name_part_order_kept(tmp_path, capture_server):
    fields = [{"key": "first", "value": "1", "type": "text"}, {"key": 'q"', "value": "2", "type": "text"}, {"key": "last", "value": "3", "type": "text"}]
    run_curl(tmp_path, write_collection(tmp_path, {"mode": "formdata", "formdata": fields}), capture_server)

    [request] = capture_server.requests
    names = [line for line in request.body.split(b"\r\n") if line.startswith(b"Content-Disposition")]
    assert names == [b'Content-Disposition: form-data; name="first"', b'Content-Disposition: form-data; name="q""', b'Content-Disposition: form-data; name="last"']


@pytest.mark.parametrize(
    "field",
    [
        {"key": 'say "hi"', "value": "x", "type": "text", "contentType": "text/plain"},
        {"key": 'photo "1"', "type": "file", "src": "cat.png"},
        {"key": "a=b", "type": "file", "src": "cat.png"},
        {"key": 'id "x"', "value": "{{$guid}}", "type": "text"},
        {"key": "line\nbreak", "value": "x", "type": "text"},
    ],
    ids=["typed-text", "file-with-quote", "file-with-equals", "dynamic-value", "line-break"],
)
def test_form_names_curl_cannot_write_rejected(tmp_path, field):
    collection = load_collection(write_collection(tmp_path, {"mode": "formdata", "formdata": [field]}))

    with pytest.raises(ItemError, match="curl's --form cannot send this request") as raised:
        generate(collection, collection.requests[0], "curl")

    assert raised.value.address == "send"
