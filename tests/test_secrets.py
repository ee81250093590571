"""generate --secrets: secrets written as values, placeholders or environment reads."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.variables import env_name, is_secret_name
from snippet_checks import powershell_errors

API_TOKEN = "tok-4f1a9c"
PASSWORD = "pw-77e0b2"
BEARER = "bearer-literal-5d3e"
SECRET_PATH = "hidden-9a8b7c"
HOSTILE_ENV_VALUE = "env-$(touch${IFS}CANARY)-`touch${IFS}CANARY`-'q'"


def write_collection(tmp_path, base_url: str = "http://127.0.0.1:9") -> str:
    items = [
        {
            "name": "token in url header and body",
            "request": {
                "method": "POST",
                "url": "{{baseUrl}}/x?k={{apiToken}}&kb={{keyboard}}",
                "header": [{"key": "X-Token", "value": "t {{apiToken}}"}],
                "auth": {"type": "bearer", "bearer": [{"key": "token", "value": BEARER}]},
                "body": {"mode": "raw", "raw": '{"a": "{{apiToken}}"}', "options": {"raw": {"language": "json"}}},
            },
        },
        {
            "name": "basic with variable password",
            "request": {
                "method": "GET",
                "url": "{{baseUrl}}/basic/{{hidden}}",
                "auth": {"type": "basic", "basic": [{"key": "username", "value": "user"}, {"key": "password", "value": "{{pw}}"}]},
            },
        },
    ]
    document = {
        "info": {"name": "secrets", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [
            {"key": "baseUrl", "value": base_url},
            {"key": "apiToken", "value": API_TOKEN},
            {"key": "keyboard", "value": "kb"},
            {"key": "pw", "value": PASSWORD},
            {"key": "hidden", "value": SECRET_PATH, "type": "secret"},
        ],
        "item": items,
    }
    path = tmp_path / "secrets.postman_collection.json"
    path.write_text(json.dumps(document))
    return str(path)


def run_cli(*arguments: str):
    return CliRunner().invoke(main, list(arguments), catch_exceptions=False)


@pytest.mark.parametrize("name", ["apiKey", "client_secret", "accessToken", "PASSWORD", "X-API-KEY", "APIKey"])
def test_secret_names_detected(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["keyboard", "monkey", "tokens", "baseUrl", "passwordless"])
def test_other_names_not_secret(name):
    assert not is_secret_name(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("apiToken", "API_TOKEN"), ("client_secret", "CLIENT_SECRET"), ("APIKey", "API_KEY"), ("2fa-token", "_2_FA_TOKEN"), ("ключ", "SECRET")],
)
def test_env_name_upper_snake_case(name, expected):
    assert env_name(name) == expected


@pytest.mark.parametrize("language", ["python", "curl", "powershell"])
@pytest.mark.parametrize("mode", ["env", "placeholder"])
def test_secret_values_left_out(tmp_path, language, mode):
    path = write_collection(tmp_path)
    for item in ("token in url header and body", "basic with variable password"):
        result = run_cli("generate", path, "--item", item, "--lang", language, "--secrets", mode)
        assert result.exit_code == 0, result.output
        for secret in (API_TOKEN, PASSWORD, BEARER, SECRET_PATH):
            assert secret not in result.stdout
        if language == "powershell":
            assert powershell_errors(result.stdout) == []
        if language == "python":
            compile(result.stdout, "<snippet>", "exec")


def test_env_reads_per_language(tmp_path):
    path = write_collection(tmp_path)
    item = ("--item", "token in url header and body", "--secrets", "env")
    python = run_cli("generate", path, *item, "--lang", "python").stdout
    curl = run_cli("generate", path, *item, "--lang", "curl").stdout
    powershell = run_cli("generate", path, *item, "--lang", "powershell").stdout
    assert 'os.environ["API_TOKEN"]' in python
    assert "import os" in python
    assert '"$API_TOKEN"' in curl
    assert "$env:API_TOKEN" in powershell
    for code in (python, curl, powershell):
        assert code.splitlines()[1] == "# Set these environment variables before running: API_TOKEN, BEARER_TOKEN"
        assert "kb=kb" in code  # "keyboard" is not a secret name


def test_placeholder_names_variable(tmp_path):
    path = write_collection(tmp_path)
    code = run_cli("generate", path, "--item", "basic with variable password", "--lang", "python", "--secrets", "placeholder").stdout
    assert '"<pw>"' in code
    assert "<hidden>" in code


@pytest.mark.parametrize("language", ["python", "curl", "curl-cmd", "powershell"])
def test_placeholder_notice_names_every_secret(tmp_path, language):
    names = [f"secretNumber{index}ThatHasALongName" for index in range(20)]
    document = {
        "info": {"name": "many", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": name, "value": "v", "type": "secret"} for name in names],
        "item": [{"name": "many", "request": {
            "method": "GET",
            "header": [{"key": f"X-{index}", "value": "{{" + name + "}}"} for index, name in enumerate(names)],
            "url": "http://127.0.0.1:9/",
        }}],
    }
    path = tmp_path / "many.postman_collection.json"
    path.write_text(json.dumps(document))
    code = run_cli("generate", str(path), "--item", "many", "--lang", language, "--secrets", "placeholder").stdout
    prefix = "REM " if language == "curl-cmd" else "# "
    notice = [line[len(prefix):] for line in code.splitlines() if line.startswith(prefix)]
    start = next(index for index, line in enumerate(notice) if line.startswith("Replace these placeholders"))
    written = " ".join(notice[start:]).split()
    for name in names:
        assert f"<{name}>," in written or f"<{name}>" in written
    assert "..." not in " ".join(notice)


def test_inline_is_default(tmp_path):
    path = write_collection(tmp_path)
    code = run_cli("generate", path, "--item", "token in url header and body", "--lang", "curl").stdout
    assert API_TOKEN in code
    assert BEARER in code


@pytest.mark.parametrize("language", ["python", "python-httpx", "python-stdlib", "curl"])
def test_env_snippet_sends_environment_values(tmp_path, capture_server, language):
    path = write_collection(tmp_path, capture_server.url)
    code = run_cli("generate", path, "--item", "token in url header and body", "--lang", language, "--secrets", "env").stdout
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    # No space: the snippet puts the value into the URL as it is (see the NOTE in generator.dynamic).
    environment.update(API_TOKEN=HOSTILE_ENV_VALUE, BEARER_TOKEN="b-env")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    subprocess.run(command, check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    [request] = capture_server.requests
    assert request.header("X-Token") == "t " + HOSTILE_ENV_VALUE
    assert request.header("Authorization") == "Bearer b-env"
    assert json.loads(request.body) == {"a": HOSTILE_ENV_VALUE}
    assert not (tmp_path / "CANARY").exists()


@pytest.mark.parametrize("mode", ["env", "inline"])
@pytest.mark.parametrize("language", ["python", "python-httpx", "python-stdlib", "curl"])
def test_basic_auth_password_from_environment(tmp_path, capture_server, language, mode):
    # The Basic header is encoded when the snippet runs, not from the marker
    # that stands for the secret while the snippet is generated, and in
    # UTF-8 as newman encodes it, also where requests would use Latin-1.
    path = write_collection(tmp_path, capture_server.url)
    code = run_cli("generate", path, "--item", "basic with variable password", "--lang", language, "--secrets", mode).stdout
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment.update(PW="pw-fr\u00f6m-env-9", HIDDEN=SECRET_PATH)
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    subprocess.run(command, check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    [request] = capture_server.requests
    password = "pw-fr\u00f6m-env-9" if mode == "env" else PASSWORD
    expected = "Basic " + base64.b64encode(f"user:{password}".encode("utf-8")).decode("ascii")
    assert request.header("Authorization") == expected


@pytest.mark.parametrize("language", ["python", "python-httpx", "python-stdlib"])
def test_basic_auth_non_ascii_user_with_environment_password(tmp_path, capture_server, language):
    # requests cannot take a non-ASCII user name through auth=, so that
    # snippet writes the header too.
    auth = {"type": "basic", "basic": [{"key": "username", "value": "j\u00f6rg"}, {"key": "password", "value": "{{pw}}"}]}
    document = {
        "info": {"name": "basic", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "pw", "value": PASSWORD}],
        "item": [{"name": "B", "request": {"method": "GET", "url": capture_server.url + "/b", "auth": auth}}],
    }
    path = tmp_path / "basic.postman_collection.json"
    path.write_text(json.dumps(document))
    code = run_cli("generate", str(path), "--item", "B", "--lang", language, "--secrets", "env").stdout
    script = tmp_path / "snippet.py"
    script.write_text(code)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment.update(PW="pw-from-env-9")
    subprocess.run([sys.executable, str(script)], check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    [request] = capture_server.requests
    expected = "Basic " + base64.b64encode("j\u00f6rg:pw-from-env-9".encode("utf-8")).decode("ascii")
    assert request.header("Authorization") == expected


@pytest.mark.parametrize("language", ["python", "python-httpx", "python-stdlib", "curl"])
@pytest.mark.parametrize("indent", [None, "2"])
def test_env_snippet_stops_when_variable_unset(tmp_path, capture_server, language, indent):
    path = write_collection(tmp_path, capture_server.url)
    style = ["--indent", indent] if indent else []
    arguments = ["--item", "token in url header and body", "--lang", language, "--secrets", "env", *style]
    code = run_cli("generate", path, *arguments).stdout
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment.pop("API_TOKEN", None)
    environment["BEARER_TOKEN"] = "b-env"
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    completed = subprocess.run(command, timeout=20, env=environment, cwd=tmp_path, capture_output=True, check=False)

    assert completed.returncode == 1
    assert b"Set the environment variable API_TOKEN before running this snippet." in completed.stderr
    assert b"Traceback" not in completed.stderr
    assert completed.stdout == b""
    assert capture_server.requests == []


def test_env_snippet_sends_empty_variable(tmp_path, capture_server):
    # newman sends a variable whose value is empty, so a variable set to the
    # empty string passes the check, in bash as in Python.
    path = write_collection(tmp_path, capture_server.url)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment.update(API_TOKEN="", BEARER_TOKEN="")
    for language in ("python", "curl"):
        code = run_cli("generate", path, "--item", "token in url header and body", "--lang", language, "--secrets", "env").stdout
        script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
        script.write_text(code)
        command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
        subprocess.run(command, check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    for request in capture_server.requests:
        # The capture server strips the space at the end of a header value, as HTTP parsers do.
        assert request.header("X-Token") == "t"
        assert request.header("Authorization") == "Bearer"
        assert json.loads(request.body) == {"a": ""}
    assert len(capture_server.requests) == 2


@pytest.mark.parametrize("value", ["", "k-env"])
@pytest.mark.parametrize("language", ["python", "curl"])
def test_env_header_whole_value(tmp_path, capture_server, language, value):
    # curl leaves out a header written "Name: " with nothing after it, and
    # newman sends the header with its empty value.
    document = {
        "info": {"name": "secrets", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": API_TOKEN}],
        "item": [
            {
                "name": "header",
                "request": {
                    "method": "GET",
                    "url": capture_server.url + "/h",
                    "header": [{"key": "X-Token", "value": "{{apiToken}}"}],
                },
            }
        ],
    }
    path = tmp_path / "header.postman_collection.json"
    path.write_text(json.dumps(document))
    code = run_cli("generate", str(path), "--lang", language, "--secrets", "env").stdout
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment["API_TOKEN"] = value
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    subprocess.run(command, check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    [request] = capture_server.requests
    assert request.header("X-Token") == value


@pytest.mark.parametrize(
    ("language", "check"),
    [
        ("powershell", "if ($null -eq $env:API_TOKEN) { throw 'Set the environment variable API_TOKEN before running this snippet.' }"),
        ("powershell-5", "if ($null -eq $env:API_TOKEN) { throw 'Set the environment variable API_TOKEN before running this snippet.' }"),
        ("curl-powershell", "if ($null -eq $env:API_TOKEN) { throw 'Set the environment variable API_TOKEN before running this snippet.' }"),
        ("curl-cmd", "if not defined API_TOKEN (echo Set the environment variable API_TOKEN before running this snippet.>&2& exit /b 1)"),
    ],
)
def test_windows_shells_check_env_variables(tmp_path, language, check):
    path = write_collection(tmp_path)
    code = run_cli("generate", path, "--item", "basic with variable password", "--lang", language, "--secrets", "env").stdout
    lines = code.splitlines()
    assert check.replace("API_TOKEN", "PW") in lines
    assert check not in lines  # only the variables that the item reads
    code = run_cli("generate", path, "--item", "token in url header and body", "--lang", language, "--secrets", "env").stdout
    lines = code.splitlines()
    assert check in lines
    assert check.replace("API_TOKEN", "BEARER_TOKEN") in lines
    # The checks come before the first statement that reads a variable.
    first_read = next(index for index, line in enumerate(lines) if ("$env:" in line or "%API_TOKEN%" in line) and line != check and not line.startswith("if "))
    assert lines.index(check) < first_read
    if language != "curl-cmd":
        assert powershell_errors(code) == []


@pytest.mark.parametrize("mode", ["inline", "placeholder", "env"])
def test_messages_never_show_secrets(tmp_path, mode):
    # A secret used as a header name makes the item fail with a message that quotes the name.
    document = {
        "info": {"name": "leak", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "bad token value"}, {"key": "hidden", "value": "sec ret", "type": "secret"}],
        "item": [
            {"name": "a", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "header": [{"key": "{{apiToken}}", "value": "1"}]}},
            {"name": "b", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "header": [{"key": "{{hidden}}", "value": "1"}]}},
            {"name": "c", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "header": [{"key": "X", "value": "{{unset}}"}]}},
        ],
    }
    path = tmp_path / "leak.postman_collection.json"
    path.write_text(json.dumps(document))
    result = run_cli("generate", str(path), "--out", str(tmp_path / "out"), "--secrets", mode)
    assert result.exit_code == 1
    assert "bad token value" not in result.stderr
    assert "sec ret" not in result.stderr
    assert "bad token value" not in result.stdout
    assert "sec ret" not in result.stdout


def test_ignored_field_notice_hides_secret(tmp_path):
    # The notice names the item, whose name may repeat a secret value.
    document = {
        "info": {"name": "leak", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "abcd1234xyz"}],
        "item": [
            {
                "name": "Use abcd1234xyz",
                "request": {"method": "GET", "url": "http://127.0.0.1:9/{{apiToken}}", "headers": [{"key": "A", "value": "1"}]},
            }
        ],
    }
    path = tmp_path / "leak.postman_collection.json"
    path.write_text(json.dumps(document))

    for attempt in ("run", "replay"):
        result = run_cli("generate", str(path), "--out", str(tmp_path / "out"))

        assert result.exit_code == 0, attempt
        assert "the request has 'headers', which Postman ignores" in result.stderr, attempt
        assert "abcd1234xyz" not in result.stderr, attempt


def _signed_auth_collection(tmp_path, base_url: str) -> str:
    """Items whose auth computes a signature from a secret (written literally)."""

    def item(name: str, auth_type: str, params: dict) -> dict:
        fields = [{"key": key, "value": value} for key, value in params.items()]
        return {"name": name, "request": {"method": "GET", "url": f"{base_url}/{auth_type}?x=1", "auth": {"type": auth_type, auth_type: fields}}}

    document = {
        "info": {"name": "signed", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            item("oauth1 fresh", "oauth1", {"consumerKey": "ck", "consumerSecret": "oauth-consumer-s3cret", "token": "tk", "tokenSecret": "oauth-token-s3cret", "signatureMethod": "HMAC-SHA1", "addParamsToHeader": True}),
            item("oauth1 fixed", "oauth1", {"consumerKey": "ck", "consumerSecret": "oauth-consumer-s3cret", "timestamp": "1700000000", "nonce": "n0nce", "signatureMethod": "HMAC-SHA1", "addParamsToHeader": True}),
            item("awsv4", "awsv4", {"accessKey": "AKID", "secretKey": "aws-s3cret-key", "sessionToken": "aws-s3ssion-token", "region": "us-east-1", "service": "s3"}),
            item("digest", "digest", {"username": "u", "password": "digest-s3cret", "realm": "r", "nonce": "n"}),
            item("ntlm", "ntlm", {"username": "u", "password": "ntlm-s3cret"}),
            item("hawk", "hawk", {"authId": "id", "authKey": "hawk-s3cret", "algorithm": "sha256"}),
            item("edgegrid", "edgegrid", {"accessToken": "at", "clientToken": "ct", "clientSecret": "edgegrid-s3cret"}),
            item("jwt", "jwt", {"algorithm": "HS256", "secret": "jwt-s3cret", "payload": '{"a": 1}', "addTokenTo": "header"}),
        ],
    }
    path = tmp_path / "signed.postman_collection.json"
    path.write_text(json.dumps(document))
    return str(path)


SIGNED_SECRETS = ("oauth-consumer-s3cret", "oauth-token-s3cret", "aws-s3cret-key", "aws-s3ssion-token", "digest-s3cret", "ntlm-s3cret", "hawk-s3cret", "edgegrid-s3cret", "jwt-s3cret")


@pytest.mark.parametrize("language", ["python", "python-httpx", "python-stdlib", "curl", "curl-cmd", "curl-powershell", "powershell", "powershell-5"])
@pytest.mark.parametrize("mode", ["env", "placeholder"])
def test_signed_auth_secrets_left_out(tmp_path, language, mode):
    path = _signed_auth_collection(tmp_path, "http://127.0.0.1:9")
    out = tmp_path / "out"
    result = run_cli("generate", path, "--lang", language, "--secrets", mode, "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    snippets = [file.read_text(encoding="utf-8") for file in sorted(out.rglob("*")) if file.is_file()]
    assert len(snippets) == 8
    for secret in SIGNED_SECRETS:
        assert secret not in result.output
        assert not [code for code in snippets if secret in code]


@pytest.mark.parametrize("language", ["python", "curl"])
def test_fixed_oauth1_signature_with_secret_from_environment(tmp_path, capture_server, language):
    path = _signed_auth_collection(tmp_path, capture_server.url)
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment["OAUTH_CONSUMER_SECRET"] = "oauth-consumer-s3cret"
    for mode in ("inline", "env"):
        code = run_cli("generate", path, "--item", "oauth1 fixed", "--lang", language, "--secrets", mode).stdout
        script = tmp_path / ("snippet.py" if language == "python" else "snippet.sh")
        script.write_text(code)
        command = [sys.executable, str(script)] if language == "python" else ["bash", str(script)]
        subprocess.run(command, check=True, timeout=20, env=environment, cwd=tmp_path, capture_output=True)

    inline, from_environment = capture_server.requests
    assert inline.header("Authorization").startswith('OAuth oauth_consumer_key="ck"')
    assert from_environment.header("Authorization") == inline.header("Authorization")
