"""Hostile strings in the auth parameters that the snippets sign with when they run.

Each value goes into one parameter of one item. The Python snippets must
compile, and every Python and bash curl snippet runs against a capture
server in an empty folder, where no command hidden in a value may create
the canary file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator.api import generate, load_collection, make_scope
from generator.conformance.capture import CaptureServer
from generator.errors import ItemError
from generator.quoting import QuotingError
from snippet_checks import python_errors
from test_quoting import CANARY, HOSTILE_PIECES

OAUTH1 = {"consumerKey": "ck", "consumerSecret": "cs", "token": "tk", "tokenSecret": "ts", "version": "1.0", "realm": "r", "callback": "cb"}
# (auth type, fixed parameters, parameters that receive the hostile value)
CASES = [
    ("oauth1", {**OAUTH1, "addParamsToHeader": "true"}, list(OAUTH1)),
    ("oauth1", {**OAUTH1, "addParamsToHeader": "false", "signatureMethod": "PLAINTEXT"}, ["consumerKey", "consumerSecret", "token"]),
    ("awsv4", {"accessKey": "ak", "secretKey": "sk", "sessionToken": "st", "region": "r", "service": "s"}, ["accessKey", "secretKey", "sessionToken", "region", "service"]),
    ("hawk", {"authId": "id", "authKey": "key", "algorithm": "sha256", "extraData": "e", "app": "a", "delegation": "d"}, ["authId", "authKey", "extraData", "app", "delegation", "nonce"]),
    ("edgegrid", {"accessToken": "at", "clientToken": "ct", "clientSecret": "cs"}, ["accessToken", "clientToken", "clientSecret", "baseURL", "nonce", "timestamp"]),
    ("jwt", {"algorithm": "HS256", "secret": "s", "payload": "{}", "addTokenTo": "queryParam"}, ["secret", "queryParamKey"]),
    ("jwt", {"algorithm": "HS256", "secret": "s", "payload": "{}", "addTokenTo": "header"}, ["headerPrefix", "payload"]),
    ("digest", {"username": "u", "password": "p"}, ["username", "password"]),
    ("ntlm", {"username": "u", "password": "p", "domain": "d"}, ["username", "password", "domain"]),
]
# The pieces that end a literal or start a substitution in Python or bash,
# and a few that change how text is read.
PIECES = HOSTILE_PIECES[:14] + ["{{", "}}", "{{var}}", "\x00", "\u2028", "\U0001f600", "\ud800", "#", ";", "&", "|", " "]


def hostile_value(piece: str, parameter: str) -> str:
    if parameter == "payload":
        return json.dumps({"sub": f"a{piece}b"}, ensure_ascii=False)
    return f"a{piece}b"


def build_items() -> list[dict]:
    items = []
    for kind, fixed, parameters in CASES:
        for parameter in parameters:
            for index, piece in enumerate(PIECES):
                params = {**fixed, parameter: hostile_value(piece, parameter)}
                items.append(
                    {
                        "name": f"{kind} {parameter} {index} {len(items)}",
                        "request": {
                            "method": "POST",
                            "url": "{{baseUrl}}/hostile?q=1",
                            "body": {"mode": "raw", "raw": "x"},
                            "auth": {"type": kind, kind: [{"key": key, "value": value} for key, value in params.items()]},
                        },
                    }
                )
    return items


@pytest.mark.timeout(900)
def test_hostile_auth_values_stay_data(tmp_path):
    document = {"info": {"name": "hostile auth", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": build_items()}
    path = tmp_path / "hostile.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    run_folder = tmp_path / "run"
    run_folder.mkdir()
    python_lines, bash_lines = [], []
    with CaptureServer() as capture:
        for item in collection.requests:
            scope = make_scope(collection, variables={"baseUrl": capture.url})
            for language in ("python", "python-stdlib", "curl"):
                try:
                    code = generate(collection, item, language, scope=scope, options={"parse_response": False, "timeout": 5}).code
                except (ItemError, QuotingError):
                    continue  # rejected with a message, never written
                if language == "curl":
                    bash_lines.append(f"( {code}\n) >/dev/null 2>&1")
                    continue
                errors = python_errors(code, item.name)
                assert errors is None, f"{item.name} [{language}]: {errors}"
                python_lines.append(f"try:\n    exec({code!r}, {{}})\nexcept BaseException:\n    pass")
        (tmp_path / "all.py").write_text("\n".join(python_lines), encoding="utf-8")
        (tmp_path / "all.sh").write_text("\n".join(bash_lines), encoding="utf-8")
        subprocess.run([sys.executable, str(tmp_path / "all.py")], cwd=run_folder, capture_output=True, timeout=800)
        subprocess.run(["bash", str(tmp_path / "all.sh")], cwd=run_folder, capture_output=True, timeout=800)
        sent = len(capture.requests)

    assert not (run_folder / CANARY).exists()
    assert os.listdir(run_folder) == []
    assert sent > len(python_lines)
