"""Digest auth with a realm and a nonce: the header newman computes, or a note when it cannot be computed.

The exact headers are checked against newman's recordings in the conformance
suite (the digest folder of tests/conformance/collections/auth.postman_collection.json).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main
from snippet_checks import comment_prose


def write_collection(tmp_path, password: str = "{{password}}", url: str = "http://127.0.0.1:9/d") -> str:
    digest = {
        "username": "ada",
        "password": password,
        "realm": "r",
        "nonce": "n",
        "qop": "auth",
        "nonceCount": "00000001",
        "clientNonce": "c",
    }
    document = {
        "info": {"name": "digest", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "digest",
                "request": {
                    "method": "GET",
                    "url": url,
                    "auth": {"type": "digest", "digest": [{"key": key, "value": value} for key, value in digest.items()]},
                },
            }
        ],
        "variable": [{"key": "password", "value": "lovelace"}],
    }
    path = tmp_path / "digest.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def generate(path: str, *options: str) -> str:
    result = CliRunner().invoke(main, ["generate", path, "--item", "digest", "--no-cache", *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("language", ["python", "curl", "powershell"])
def test_digest_header_written(tmp_path, language):
    code = generate(write_collection(tmp_path), "--lang", language)
    assert 'Digest username="ada", realm="r", nonce="n", uri="/d"' in code.replace("\\", "")
    assert "computed from the collection's realm and nonce" in code


@pytest.mark.parametrize("language", ["python", "curl", "powershell"])
def test_digest_over_env_secret_not_computed(tmp_path, language):
    code = generate(write_collection(tmp_path), "--lang", language, "--secrets", "env")
    assert "Digest username" not in code
    assert "Digest auth covers a variable that is undefined or that the snippet computes or reads" in comment_prose(code)


def test_digest_over_dynamic_url_not_computed(tmp_path):
    code = generate(write_collection(tmp_path, url="http://127.0.0.1:9/d/{{$guid}}"), "--lang", "python")
    assert "Digest username" not in code
    assert "Digest auth covers a variable" in code


def test_digest_over_undefined_variable_not_computed(tmp_path):
    code = generate(write_collection(tmp_path, password="{{undefinedPassword}}"), "--lang", "curl")
    assert "Digest username" not in code
    assert "Digest auth covers a variable" in code
