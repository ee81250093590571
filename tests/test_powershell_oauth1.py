"""OAuth 1.0 in the PowerShell 7 snippet, which signs when it runs.

pwsh is not installed here, so the snippets are read with
generator.conformance.powershell instead of run. The reader puts a placeholder
in place of what Get-OAuth1Signature returns. The fixed-timestamp items check everything
around that function byte for byte: the arguments it gets, and the header or
URL built from its result, with the signature computed by ``port_signature``,
a line-by-line port of the PowerShell function to Python.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from urllib.parse import quote, unquote

import pytest
from click.testing import CliRunner

from generator.api import generate, load_collection, make_scope
from generator.cli import main
from generator.conformance.powershell import ExtractionError, RunTimeValue, extract_request
from generator.wire import build_wire_request
from snippet_checks import powershell_errors
from test_quoting import CANARY
from test_runtime_auth import COLLECTION, COLLECTION_SECRET, ITEMS, SECRET_VARIABLE, authorization, with_secret_variable

BASE_URL = "http://127.0.0.1:8080"
_URL = re.compile(r"^([^:/?#]+)://([^/?#]*)([^?#]*)(?:\?([^#]*))?")


def escape_data_string(text: str) -> str:
    """[Uri]::EscapeDataString of .NET Core: all but A-Z a-z 0-9 - . _ ~ as UTF-8 %XX."""
    return quote(text, safe="-._~")


def port_signature(method: str, url: str, parameters: list[str], consumer_secret: str, token_secret: str, hash_name: str | None) -> str:
    """Compute what the snippet's Get-OAuth1Signature returns, step by step as the PowerShell function does."""
    key = escape_data_string(consumer_secret) + "&" + escape_data_string(token_secret)
    if hash_name is None:
        return key
    parts = _URL.match(url)
    authority = re.sub(":(80|443)$", "", parts.group(2).lower())
    base_url = parts.group(1).lower() + "://" + authority + (parts.group(3) or "/")
    pairs = []
    for field in (parts.group(4) or "").split("&"):
        if field:
            name, _, value = field.partition("=")
            name = unquote(name.replace("+", " "))
            value = unquote(value.replace("+", " "))
            pairs.append(escape_data_string(name) + " " + escape_data_string(value))
    for index in range(0, len(parameters), 2):
        pairs.append(escape_data_string(parameters[index]) + " " + escape_data_string(parameters[index + 1]))
    pairs.sort()
    normalized = "&".join(pairs).replace(" ", "=")
    base_string = escape_data_string(method) + "&" + escape_data_string(base_url) + "&" + escape_data_string(normalized)
    digest = hmac.new(key.encode("utf-8"), base_string.encode("utf-8"), hash_name).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_call(request):
    calls = [call for call in request.run_time_calls if call.name == "Get-OAuth1Signature"]
    assert len(calls) == 1
    return calls[0]


@pytest.mark.parametrize("item", ITEMS, ids=[item.name for item in ITEMS])
def test_fixed_nonce_signed_like_newman(item):
    item = with_secret_variable(item)
    secret = COLLECTION_SECRET[item.name]
    variables = {"baseUrl": BASE_URL, SECRET_VARIABLE: secret}
    expected = build_wire_request(item, make_scope(COLLECTION, variables=variables))
    scope = make_scope(COLLECTION, variables=variables)
    scope.protect_secrets("env")
    runtime_wire = build_wire_request(item, scope)
    assert runtime_wire.runtime_auth is not None
    code = generate(COLLECTION, item, "powershell", scope=scope, wire=runtime_wire, options={"parse_response": False}).code
    assert "$env:OAUTH_CONSUMER_SECRET" in code
    assert powershell_errors(code) == []

    request = extract_request(code, file_exists=lambda path: False, environment={"OAUTH_CONSUMER_SECRET": secret})
    call = signature_call(request)
    assert call.arguments["ConsumerSecret"] == secret
    hash_name = runtime_wire.runtime_auth.oauth1.hash_name
    signature = port_signature(
        call.arguments["Method"], call.arguments["Url"], call.arguments["Parameters"],
        call.arguments["ConsumerSecret"], call.arguments["TokenSecret"], hash_name,
    )
    placeholder = RunTimeValue("(computed by Get-OAuth1Signature)")
    encoded_placeholder = escape_data_string(placeholder)
    headers = [(name, value.replace(encoded_placeholder, escape_data_string(signature)).replace(placeholder, signature)) for name, value in request.headers]

    assert authorization(headers) == authorization(expected.headers)
    assert request.uri.replace(encoded_placeholder, escape_data_string(signature)) == expected.url


FRESH = {"consumerKey": "ck", "consumerSecret": "cs", "token": "tk", "tokenSecret": "ts", "version": "1.0", "addParamsToHeader": "true"}


def fresh_collection(tmp_path, params_list: list[dict[str, str]], method: str = "POST"):
    items = [
        {
            "name": f"oauth1 {index}",
            "request": {
                "method": method,
                "url": "{{baseUrl}}/v?q=1",
                "auth": {"type": "oauth1", "oauth1": [{"key": key, "value": value} for key, value in params.items()]},
            },
        }
        for index, params in enumerate(params_list)
    ]
    document = {"info": {"name": "oauth1", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items}
    path = tmp_path / "oauth1.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_collection(path)


@pytest.mark.parametrize(
    ("signature_method", "hmac_class"),
    [("HMAC-SHA1", "HMACSHA1"), ("HMAC-SHA256", "HMACSHA256"), ("HMAC-SHA512", "HMACSHA512"), ("PLAINTEXT", None)],
)
@pytest.mark.parametrize("placement", ["header", "query"])
def test_fresh_nonce_structure(tmp_path, signature_method, hmac_class, placement):
    params = {**FRESH, "signatureMethod": signature_method, "addParamsToHeader": "true" if placement == "header" else "false"}
    collection = fresh_collection(tmp_path, [params], method="GET")
    item = collection.requests[0]
    code = generate(collection, item, "powershell", scope=make_scope(collection, variables={"baseUrl": BASE_URL})).code
    assert powershell_errors(code) == []
    assert "is computed per request" not in code
    if hmac_class:
        assert f"[System.Security.Cryptography.{hmac_class}]::new(" in code
    else:
        assert "HMACSHA" not in code

    request = extract_request(code, file_exists=lambda path: False)
    names = ["oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_signature"]
    if placement == "header":
        (value,) = authorization(request.headers)
        assert value.startswith("OAuth ")
        assert [piece.partition("=")[0] for piece in value[len("OAuth "):].split(",")] == names
        assert request.uri == BASE_URL + "/v?q=1"
    else:
        assert authorization(request.headers) == []
        query = request.uri.partition("?")[2]
        assert [piece.partition("=")[0] for piece in query.split("&")] == ["q", *names]
    descriptions = [call.name for call in request.run_time_calls]
    assert descriptions == ["the time in seconds", "a random nonce", "Get-OAuth1Signature"]


def test_rsa_stays_a_comment(tmp_path):
    params = {**FRESH, "signatureMethod": "RSA-SHA256", "privateKey": "-----BEGIN PRIVATE KEY-----"}
    collection = fresh_collection(tmp_path, [params])
    code = generate(collection, collection.requests[0], "powershell", scope=make_scope(collection, variables={"baseUrl": BASE_URL})).code
    assert "Get-OAuth1Signature" not in code
    assert "# Note: OAuth 1.0" in code


# The pieces that end a PowerShell string or start a substitution, and line breaks.
HOSTILE = ["'", "\u2019", '"', "`", "$", "$x", "${x}", f"$(New-Item {CANARY})", "@'", "'@", "\n", "\r\n", "\n'@\n", ",", "=", "&", "%"]


@pytest.mark.parametrize("encode", [True, False], ids=["encoded", "disableHeaderEncoding"])
@pytest.mark.parametrize("parameter", ["consumerKey", "consumerSecret", "token", "tokenSecret", "realm"])
def test_hostile_values_stay_data(tmp_path, parameter, encode):
    base = {**FRESH, "realm": "r"}
    if not encode:
        base["disableHeaderEncoding"] = "true"
    params_list = [{**base, parameter: f"a{piece}b"} for piece in HOSTILE]
    collection = fresh_collection(tmp_path, params_list)
    for piece, item in zip(HOSTILE, collection.requests):
        value = f"a{piece}b"
        code = generate(collection, item, "powershell", scope=make_scope(collection, variables={"baseUrl": BASE_URL})).code
        assert powershell_errors(code) == [], (piece, code)
        request = extract_request(code, file_exists=lambda path: False)
        call = signature_call(request)
        (header,) = authorization(request.headers)
        if parameter == "consumerSecret":
            assert call.arguments["ConsumerSecret"] == value
        elif parameter == "tokenSecret":
            assert call.arguments["TokenSecret"] == value
        elif parameter == "realm":
            expected = quote(value, safe="-._~") if encode else value
            assert header.startswith(f'OAuth realm="{expected}",')
        else:
            name = {"consumerKey": "oauth_consumer_key", "token": "oauth_token"}[parameter]
            written = value.strip()
            expected = quote(written, safe="-._~") if encode else written
            assert f'{name}="{expected}"' in header
            assert call.arguments["Parameters"][call.arguments["Parameters"].index(name) + 1] == value


def test_secrets_from_environment(tmp_path):
    fresh_collection(tmp_path, [{**FRESH, "consumerSecret": "c'$s", "tokenSecret": "t`s"}])
    arguments = ["generate", str(tmp_path / "oauth1.postman_collection.json"), "--lang", "powershell", "--secrets", "env"]
    result = CliRunner().invoke(main, [*arguments, "--no-cache", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "out").rglob("*.ps1")
    code = path.read_text("utf-8")
    assert "c''$s" not in code
    assert "t`s" not in code
    assert "-ConsumerSecret $env:OAUTH_CONSUMER_SECRET -TokenSecret $env:OAUTH_TOKEN_SECRET" in code

    environment = {"OAUTH_CONSUMER_SECRET": "c'$s", "OAUTH_TOKEN_SECRET": "t`s"}
    call = signature_call(extract_request(code, file_exists=lambda path: False, environment=environment))
    assert call.arguments["ConsumerSecret"] == "c'$s"
    assert call.arguments["TokenSecret"] == "t`s"


READER_CALL = """\
$signature = {command} -Method 'GET' -Url 'http://127.0.0.1/' -Parameters @() -ConsumerSecret 'c' -TokenSecret 't'
$request = @{{ Uri = 'http://127.0.0.1/'; Headers = @{{ Authorization = $signature }} }}
Invoke-RestMethod @request
"""


def test_reader_rejects_undefined_signer():
    with pytest.raises(ExtractionError, match="without defining it"):
        extract_request(READER_CALL.format(command="Get-OAuth1Signature"))


def test_reader_rejects_other_commands():
    code = "function Get-Secret { 'x' }\n" + READER_CALL.format(command="Get-Secret")
    with pytest.raises(ExtractionError, match="cannot evaluate the command"):
        extract_request(code)


def test_reader_lists_signer_arguments():
    code = "function Get-OAuth1Signature { 'x' }\n" + READER_CALL.format(command="Get-OAuth1Signature")
    request = extract_request(code)
    call = signature_call(request)
    assert call.arguments == {"Method": "GET", "Url": "http://127.0.0.1/", "Parameters": [], "ConsumerSecret": "c", "TokenSecret": "t"}
    assert request.headers == [("Authorization", "(computed by Get-OAuth1Signature)")]
    assert request.computed_at_run_time
