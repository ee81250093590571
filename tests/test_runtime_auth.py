"""Auth that the snippets sign when they run, checked against the generator's own signatures.

The fixed-timestamp OAuth 1.0 items of the conformance suite are signed at
generation time, byte for byte as newman signs them (tests/test_oauth1.py).
Here the consumer secret comes from the environment, which makes the snippet
sign at run time with the same timestamp and nonce, so its request must
carry the same header or query, byte for byte.
"""

from __future__ import annotations

import datetime
import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.api import generate, make_scope
from generator.cli import main
from generator.conformance.capture import CannedResponse, CaptureServer
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


# --- digest auth without a nonce: the snippet responds to the server's challenge ---

DIGEST_REALM = "conformance"
DIGEST_NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
DIGEST_COLLECTION = {
    "info": {"name": "digest", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
    "item": [
        {
            "name": "digest challenge",
            "request": {
                "method": "GET",
                "url": "{{baseUrl}}/challenge?a=1",
                "auth": {"type": "digest", "digest": [{"key": "username", "value": "ada"}, {"key": "password", "value": "love lace"}]},
            },
        }
    ],
}


def digest_fields(value: str) -> dict[str, str]:
    scheme, _, rest = value.partition(" ")
    assert scheme == "Digest"
    fields = {}
    for piece in rest.split(","):
        name, _, field = piece.strip().partition("=")
        fields[name] = field.strip('"')
    return fields


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_digest_answers_challenge(language, tmp_path):
    challenge = f'Digest realm="{DIGEST_REALM}", nonce="{DIGEST_NONCE}", qop="auth"'
    path = tmp_path / "digest.postman_collection.json"
    path.write_text(json.dumps(DIGEST_COLLECTION), encoding="utf-8")
    collection = load_collection(path)
    item = collection.requests[0]
    with CaptureServer() as capture:
        capture.route("/challenge", CannedResponse(status=401, headers=[("WWW-Authenticate", challenge)], body=b""))
        scope = make_scope(collection, variables={"baseUrl": capture.url})
        code = generate(collection, item, language, scope=scope, options={"parse_response": False}).code
        (tmp_path / "snippet.py").write_text(code, encoding="utf-8")
        command = ["bash", "-c", code] if language == "curl" else [sys.executable, str(tmp_path / "snippet.py")]
        subprocess.run(command, capture_output=True, timeout=60)
        sent = capture.requests

    assert authorization(sent[0].headers) == []
    fields = digest_fields(authorization(sent[1].headers)[0])
    first = md5(f"ada:{DIGEST_REALM}:love lace")
    second = md5(f"GET:{fields['uri']}")
    expected = md5(f"{first}:{DIGEST_NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{second}")
    assert fields["uri"] == "/challenge?a=1"
    assert fields["response"] == expected
    # newman retries after the challenge with a new request, which has no Referer.
    assert [name for name, _ in sent[1].headers if name.lower() == "referer"] == []


# --- AWS Signature Version 4 ---

AWS_COLLECTION = {
    "info": {"name": "aws", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
    "item": [
        {
            "name": "aws",
            "request": {
                "method": "POST",
                "header": [{"key": "X-Custom", "value": "x"}],
                "url": "{{baseUrl}}/v/c?a=1&b=2",
                "body": {"mode": "raw", "raw": '{"a":  1}', "options": {"raw": {"language": "json"}}},
                "auth": {
                    "type": "awsv4",
                    "awsv4": [
                        {"key": "accessKey", "value": "AKIDEXAMPLE"},
                        {"key": "secretKey", "value": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
                        {"key": "sessionToken", "value": "session-token"},
                        {"key": "region", "value": "eu-west-1"},
                    ],
                },
            },
        }
    ],
}


def aws_snippets(tmp_path, origin):
    path = tmp_path / "aws.postman_collection.json"
    path.write_text(json.dumps(AWS_COLLECTION), encoding="utf-8")
    collection = load_collection(path)
    scope = make_scope(collection, variables={"baseUrl": origin})
    item = collection.requests[0]
    return {language: generate(collection, item, language, scope=scope, options={"parse_response": False}).code for language in RUNTIME_LANGUAGES}


def python_aws_signer(code: str, now: datetime.datetime):
    """Return the aws_sigv4 function of a Python snippet, with the clock set to ``now``."""
    functions = code[code.index("def aws_encode") : code.index("\nurl = ")]
    namespace: dict = {}
    exec("import hashlib, hmac, urllib.parse\n" + functions, namespace)
    namespace["datetime"] = types.SimpleNamespace(
        timezone=datetime.timezone,
        datetime=types.SimpleNamespace(now=lambda zone: now),
    )
    return namespace["aws_sigv4"]


def test_aws_signer_matches_aws_example(tmp_path):
    # The example of AWS's "Create a signed AWS API request" page: IAM
    # ListUsers, signed at 20150830T123600Z.
    code = aws_snippets(tmp_path, "http://127.0.0.1:9")["python"]
    sign = python_aws_signer(code, datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc))

    amz_date, authorization_value = sign(
        "GET",
        "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
        [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
        hashlib.sha256(b"").hexdigest(),
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "us-east-1",
        "iam",
    )

    assert amz_date == "20150830T123600Z"
    assert authorization_value.endswith("Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_aws_snippet_signs_like_example_signer(language, tmp_path):
    with CaptureServer() as capture:
        snippets = aws_snippets(tmp_path, capture.url)
        run_snippet(language, snippets[language], tmp_path, {})
        sent = capture.requests[0]
    headers = dict(sent.headers)
    now = datetime.datetime.strptime(headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    sign = python_aws_signer(snippets["python"], now)
    signed_headers = [("X-Custom", "x"), ("Content-Type", "application/json")]
    signed_headers += [("X-Amz-Content-Sha256", hashlib.sha256(b'{"a":  1}').hexdigest()), ("X-Amz-Security-Token", "session-token")]

    _, expected = sign(
        "POST",
        capture.url + sent.target,
        signed_headers,
        hashlib.sha256(b'{"a":  1}').hexdigest(),
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "eu-west-1",
        "execute-api",
    )
    assert headers["Authorization"] == expected
    assert sent.body == b'{"a":  1}'


# --- Hawk and Akamai EdgeGrid: newman's recorded header, recomputed ---


def hmac_base64(key: bytes, text: str, hash_name: str = "sha256") -> str:
    return base64.b64encode(hmac.new(key, text.encode("utf-8"), hash_name).digest()).decode("ascii")


def hawk_mac(timestamp: str, nonce: str, target: str, port: int) -> str:
    text = f"hawk.1.header\n{timestamp}\n{nonce}\nGET\n{target}\n127.0.0.1\n{port}\n\n\n"
    return hmac_base64(b"werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn", text)


def edgegrid_signature(timestamp: str, nonce: str, target: str, port: int) -> str:
    header = f"EG1-HMAC-SHA256 client_token=akab-client;access_token=akab-access;timestamp={timestamp};nonce={nonce};"
    key = hmac_base64(b"c2VjcmV0", timestamp).encode("ascii")
    return hmac_base64(key, "\t".join(["GET", "http", f"127.0.0.1:{port}", target, "", "", header]))


def recorded(slug: str) -> dict:
    return json.loads((CONFORMANCE / "expected" / "auth-volatile" / f"{slug}.json").read_text("utf-8"))


def test_hawk_formula_matches_newman():
    value = authorization(recorded("hawk")["headers"])[0]
    fields = dict(re.findall(r'(\w+)="([^"]*)"', value))

    assert fields["mac"] == hawk_mac(fields["ts"], fields["nonce"], "/v/hawk", 58080)


def test_edgegrid_formula_matches_newman():
    value = authorization(recorded("akamai-edgegrid")["headers"])[0]
    fields = dict(re.findall(r"(\w+)=([^;]*)", value))

    assert fields["signature"] == edgegrid_signature(fields["timestamp"], fields["nonce"], "/v/edgegrid", 58080)


def fixed_item(name: str, extra: dict[str, str]):
    item = next(item for item in COLLECTION.requests if item.name == name)
    params = tuple(item.auth.params) + tuple(extra.items())
    return replace(item, auth=Auth(item.auth.type, params))


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_hawk_signed_at_run_time(language, server, tmp_path):
    item = fixed_item("hawk", {"timestamp": "1796415601", "nonce": "IZBnoN"})
    scope = make_scope(COLLECTION, variables={"baseUrl": server.url})
    code = generate(COLLECTION, item, language, scope=scope, options={"parse_response": False}).code
    before = len(server.requests)
    run_snippet(language, code, tmp_path, {})
    value = authorization(server.requests[before].headers)[0]

    mac = hawk_mac("1796415601", "IZBnoN", "/v/hawk", server.port)
    assert value == f'Hawk id="dh37fgj492je", ts="1796415601", nonce="IZBnoN", mac="{mac}"'


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_edgegrid_signed_at_run_time(language, server, tmp_path):
    timestamp, nonce = "20261204T20:20:01+0000", "d83ba611-d133-4bd5-9bba-6da3097d843f"
    item = fixed_item("akamai edgegrid", {"timestamp": timestamp, "nonce": nonce})
    scope = make_scope(COLLECTION, variables={"baseUrl": server.url})
    code = generate(COLLECTION, item, language, scope=scope, options={"parse_response": False}).code
    before = len(server.requests)
    run_snippet(language, code, tmp_path, {})
    value = authorization(server.requests[before].headers)[0]

    signature = edgegrid_signature(timestamp, nonce, "/v/edgegrid", server.port)
    assert value.endswith(f";nonce={nonce};signature={signature}")


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_jwt_signed_at_run_time(language, server, tmp_path):
    item = next(item for item in COLLECTION.requests if item.name == "jwt HS256 in the header")
    scope = make_scope(COLLECTION, variables={"baseUrl": server.url})
    code = generate(COLLECTION, item, language, scope=scope, options={"parse_response": False}).code
    before = len(server.requests)
    run_snippet(language, code, tmp_path, {})

    assert authorization(server.requests[before].headers) == authorization(recorded("jwt-hs256-in-the-header")["headers"])


# --- languages that cannot sign: a note in the snippet and a warning ---


def test_unsigned_language_warns_once(tmp_path):
    path = tmp_path / "aws.postman_collection.json"
    collection = dict(AWS_COLLECTION, item=[AWS_COLLECTION["item"][0], dict(AWS_COLLECTION["item"][0], name="aws 2")])
    path.write_text(json.dumps(collection), encoding="utf-8")

    result = CliRunner().invoke(main, ["generate", str(path), "--lang", "powershell", "--lang", "curl", "--no-cache", "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "AWS Signature Version 4 auth is computed per request" in line]
    assert warnings == [
        "warning: powershell: AWS Signature Version 4 auth is computed per request, which this snippet does not do;"
        " add it before running. (2 snippets: 'aws', 'aws 2')"
    ]
    snippet = (tmp_path / "out" / "aws.ps1").read_text("utf-8")
    assert "# Note: AWS Signature Version 4 auth is computed per request" in snippet


def test_unsigned_warning_names_three_items(tmp_path):
    path = tmp_path / "aws.postman_collection.json"
    items = [dict(AWS_COLLECTION["item"][0], name=f"aws {number}") for number in range(1, 6)]
    path.write_text(json.dumps(dict(AWS_COLLECTION, item=items)), encoding="utf-8")

    result = CliRunner().invoke(main, ["generate", str(path), "--lang", "powershell", "--no-cache", "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "AWS Signature Version 4 auth is computed per request" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith("(5 snippets: 'aws 1', 'aws 2', 'aws 3' and 2 more)")


@pytest.mark.parametrize("language", RUNTIME_LANGUAGES)
def test_jwt_query_on_exact_target(language, server, tmp_path):
    # requests and httpx would re-encode "|", so those snippets send the
    # target as written, and the token must still be appended to it.
    document = {
        "info": {"name": "jwt", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "jwt query",
                "request": {
                    "method": "GET",
                    "url": "{{baseUrl}}/v/a|b",
                    "auth": {
                        "type": "jwt",
                        "jwt": [
                            {"key": "algorithm", "value": "HS256"},
                            {"key": "secret", "value": "s"},
                            {"key": "payload", "value": "{}"},
                            {"key": "addTokenTo", "value": "queryParam"},
                        ],
                    },
                },
            }
        ],
    }
    path = tmp_path / "jwt.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    scope = make_scope(collection, variables={"baseUrl": server.url})
    code = generate(collection, collection.requests[0], language, scope=scope, options={"parse_response": False}).code
    before = len(server.requests)
    run_snippet(language, code, tmp_path, {})

    signing_input = "eyJhbGciOiJIUzI1NiJ9.e30"
    signature = base64.urlsafe_b64encode(hmac.new(b"s", signing_input.encode("ascii"), "sha256").digest()).decode("ascii").rstrip("=")
    assert server.requests[before].target == f"/v/a|b?token={signing_input}.{signature}"
