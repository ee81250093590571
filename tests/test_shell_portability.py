"""Shell portability of the snippets: bash 3.2 (macOS's /bin/bash) and zsh.

Debian has no bash 3.2 package, so the curl snippets are checked by text for
the constructs that need bash 4 or later, and run with the installed bash
and, where installed, zsh.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.errors import ItemError
from snippet_checks import localhost_is_loopback

ROOT = Path(__file__).resolve().parent.parent
COLLECTIONS = sorted((ROOT / "tests" / "conformance" / "collections").glob("*.json")) + sorted(
    (ROOT / "examples").glob("*.postman_collection.json")
)

# Each construct that bash 3.2 rejects or reads differently, with its name.
BASH4_CONSTRUCTS = {
    "case modification ${x,,} or ${x^^}": re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?(,|\^)"),
    "parameter transformation ${x@Q}": re.compile(r"\$\{[^}\s]*@[QEPAaKkUuL]\}"),
    "negative array index": re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\[-[0-9]+\]\}"),
    "associative array": re.compile(r"\b(declare|local|typeset) -[a-zA-Z]*A"),
    "nameref": re.compile(r"\b(declare|local|typeset) -[a-zA-Z]*n\b"),
    "mapfile or readarray": re.compile(r"\b(mapfile|readarray)\b"),
    "case fall-through ;& or ;;&": re.compile(r";;?&"),
    "pipe of stderr |&": re.compile(r"\|&"),
    "append of both streams &>>": re.compile(r"&>>"),
    "coproc": re.compile(r"\bcoproc\b"),
    "bash 5 variables": re.compile(r"\b(EPOCHSECONDS|EPOCHREALTIME|SRANDOM)\b"),
    "printf time format %(...)T": re.compile(r"%\([^)]*\)T"),
    "test -v": re.compile(r"\[\[? -v "),
    "wait -n": re.compile(r"\bwait -n\b"),
}

# zsh's special parameters that a pasted snippet must not assign: status is
# read-only, and path, argv and the others are tied to zsh's own state.
ZSH_SPECIAL_ASSIGNMENT = re.compile(r"^\s*(local )?(status|pipestatus|path|argv|options|commands|functions)=", re.MULTILINE)
ZSH_SPECIAL_READ = re.compile(r"^\s*read\b.*\b(status|pipestatus|path|argv)\b", re.MULTILINE)


def _curl_snippets() -> list[tuple[str, str]]:
    """Return (address, code) of the curl snippet of every item of the suite's and the example collections, with and without --curl-jq."""
    snippets = []
    for path in COLLECTIONS:
        collection = load_collection(path)
        for item in collection.requests:
            for options in ({}, {"curl_jq": True}):
                try:
                    code = generate(collection, item, "curl", options=options).code
                except ItemError:
                    continue  # an item the curl target rejects by design
                snippets.append((f"{path.name}: {item.address} {options}", code))
    return snippets


def test_curl_snippets_avoid_bash4_syntax():
    snippets = _curl_snippets()
    assert any("host_name()" in code for _, code in snippets), "no snippet exercises the redirect loop's host check"
    for name, pattern in BASH4_CONSTRUCTS.items():
        found = [address for address, code in snippets if pattern.search(code)]
        assert found == [], f"{name} in {found[:3]}"


def test_curl_avoids_zsh_special_parameters():
    snippets = _curl_snippets()
    assigned = [address for address, code in snippets if ZSH_SPECIAL_ASSIGNMENT.search(code)]
    read = [address for address, code in snippets if ZSH_SPECIAL_READ.search(code)]
    assert assigned == []
    assert read == []


def _redirect_snippet(tmp_path: Path, url: str) -> Path:
    collection_file = tmp_path / "loop.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "loop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "redirected", "request": {
            "method": "DELETE",
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t0k"}]},
            "url": url,
        }}],
    }), encoding="utf-8")
    collection = load_collection(collection_file)
    code = generate(collection, collection.requests[0], "curl").code
    assert "host_name()" in code
    snippet = tmp_path / "snippet.sh"
    snippet.write_text(code, encoding="utf-8")
    return snippet


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_redirect_loop_runs_in_shell(shell, tmp_path):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    with CaptureServer() as server:
        # A change of case only keeps Authorization, and a change of host drops it.
        server.route("/start", CannedResponse.redirect(f"http://LOCALHOST:{server.port}/same", 307))
        server.route("/same", CannedResponse.redirect(f"http://127.0.0.1:{server.port}/away", 302))
        server.route("/away", CannedResponse(200, body=b"done\n"))
        snippet = _redirect_snippet(tmp_path, f"http://localhost:{server.port}/start")
        environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
        completed = subprocess.run(
            [shell, str(snippet)], cwd=tmp_path, env=environment, capture_output=True, timeout=60, check=False
        )
        sent = server.wait_for(3, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    assert completed.stdout == b"done\n"
    assert [hop.method for hop in sent] == ["DELETE", "DELETE", "GET"]
    assert [hop.header("Authorization") for hop in sent] == ["Bearer t0k", "Bearer t0k", None]
