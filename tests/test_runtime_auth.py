"""Auth that the snippets sign when they run, checked against the generator's own signatures.

The fixed-timestamp OAuth 1.0 items of the conformance suite are signed at
generation time, byte for byte as newman signs them (tests/test_oauth1.py).
Here the consumer secret comes from the environment, which makes the snippet
sign at run time with the same timestamp and nonce, so its request must
carry the same header or query, byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.api import generate, make_scope
from generator.conformance.capture import CaptureServer
from generator.loader import load_collection
from generator.model import Auth
from generator.wire import build_wire_request

CONFORMANCE = Path(__file__).parent / "conformance"
COLLECTION = load_collection(CONFORMANCE / "collections" / "auth-volatile.postman_collection.json")
FOLDER = "oauth1 with a fixed timestamp and nonce/"
# Items that newman signs; "no consumer secret" sends no header at all.
ITEMS = [
    item
    for item in COLLECTION.requests
    if item.address.startswith(FOLDER) and item.auth.get("consumerSecret")
]
SECRET_VARIABLE = "oauth_consumer_secret"
RUNTIME_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]


def with_secret_variable(item):
    params = tuple((key, "{{" + SECRET_VARIABLE + "}}" if key == "consumerSecret" else value) for key, value in item.auth.params)
    return replace(item, auth=Auth(item.auth.type, params))


def authorization(headers) -> list[str]:
    return [value for name, value in headers if name.lower() == "authorization"]


def run_snippet(language: str, code: str, folder: Path, environment: dict[str, str]) -> None:
    suffix = ".sh" if language == "curl" else ".py"
    path = folder / f"snippet{suffix}"
    path.write_text(code, encoding="utf-8")
    command = ["bash", str(path)] if language == "curl" else [sys.executable, str(path)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60, env={**os.environ, **environment})
    assert completed.returncode == 0, completed.stderr


@pytest.fixture(scope="module")
def server():
    with CaptureServer() as capture:
        yield capture


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
@pytest.mark.parametrize("item", ITEMS, ids=[item.name for item in ITEMS])
def test_oauth1_signed_at_run_time(item, language, server, tmp_path):
    item = with_secret_variable(item)
    secret = COLLECTION_SECRET[item.name]
    variables = {"baseUrl": server.url, SECRET_VARIABLE: secret}
    expected = build_wire_request(item, make_scope(COLLECTION, variables=variables))
    scope = make_scope(COLLECTION, variables=variables)
    scope.protect_secrets("env")
    runtime_wire = build_wire_request(item, scope)
    assert runtime_wire.runtime_auth is not None

    code = generate(COLLECTION, item, language, scope=scope, wire=runtime_wire, options={"parse_response": False}).code
    before = len(server.requests)
    run_snippet(language, code, tmp_path, {"OAUTH_CONSUMER_SECRET": secret})
    sent = server.requests[before]

    assert authorization(sent.headers) == authorization(expected.headers)
    assert server.url + sent.target == expected.url


COLLECTION_SECRET = {item.name: item.auth.get("consumerSecret") for item in ITEMS}
