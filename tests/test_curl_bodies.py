"""curl form and urlencoded bodies whose values curl's own syntax would change."""

from __future__ import annotations

import json
import os
import subprocess

from generator.api import generate, load_collection


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
