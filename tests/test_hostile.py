"""Hostile strings in every field of a collection, sent by the generated snippets.

Each example draws a batch of hostile values (quotes of every kind, shell
substitutions, backslashes, braces, line breaks, NUL, bidirectional marks,
emoji, 10,000-character values) and puts each value into every field of its
own request item, all in one collection. The Python snippets then run in one
interpreter and the curl snippets in one bash script, against a capture
server on 127.0.0.1, and each captured request must match the bytes of the
wire request that generator.wire computes. PowerShell snippets are read back
with tree-sitter instead of running pwsh.

HOSTILE_EXAMPLES sets how many values each field receives (default 300);
docs/security.md describes the longer run.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.api import generate, load_collection, make_scope
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.conformance.powershell import extract_request
from generator.dynamic import DYNAMIC_VARIABLES
from generator.errors import ItemError
from generator.wire import MultipartBody, TextBody, UrlEncodedForm, WireRequest, build_wire_request, form_encode
from snippet_checks import powershell_errors
from test_quoting import CANARY, hostile

BATCH_SIZE = 25
VALUES_PER_FIELD = int(os.environ.get("HOSTILE_EXAMPLES", "300"))

HOSTILE = settings(
    max_examples=max(1, math.ceil(VALUES_PER_FIELD / BATCH_SIZE)),
    derandomize=True,
    database=None,
    deadline=None,
    # Shrinking would rerun whole batches of snippets; a failure names its value instead.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
# The default run takes about a minute on 2 cores, so the per-test timeout
# grows with HOSTILE_EXAMPLES: one second per value, and never below 300 s.
HOSTILE_TIMEOUT = pytest.mark.timeout(max(300, VALUES_PER_FIELD))

ITEM_HEADER = "X-Item"
HOSTILE_VARIABLE = "hostileValue"


def _url(*path: str, query: list[dict] | None = None) -> dict:
    url: dict = {"raw": "{{baseUrl}}/" + "/".join(path), "host": ["{{baseUrl}}"], "path": list(path)}
    if query is not None:
        url["query"] = query
    return url


def _request(index: int, **fields) -> dict:
    request = {"method": "GET", "header": [{"key": ITEM_HEADER, "value": str(index)}], "url": _url("plain")}
    extra_headers = fields.pop("header", [])
    request.update(fields)
    request["header"] = request["header"] + extra_headers
    return request


def without_surrogates(value: str) -> str:
    return "".join(char for char in value if not "\ud800" <= char <= "\udfff")


def _auth(kind: str, **params: str) -> dict:
    return {"type": kind, kind: [{"key": key, "value": value} for key, value in params.items()]}


# Each field puts one hostile value into one request. For "variable_value" the
# value is in the collection variable HOSTILE_VARIABLE + index.
FIELDS = {
    "url_path": lambda i, v: _request(i, url=_url("path", v)),
    "query_key": lambda i, v: _request(i, url=_url("query", query=[{"key": v, "value": "1"}])),
    "query_value": lambda i, v: _request(i, url=_url("query", query=[{"key": "k", "value": v}])),
    "header_name": lambda i, v: _request(i, header=[{"key": v, "value": "1"}]),
    "header_value": lambda i, v: _request(i, header=[{"key": "X-Hostile", "value": v}]),
    "raw_body": lambda i, v: _request(i, method="POST", body={"mode": "raw", "raw": v}),
    "urlencoded_key": lambda i, v: _request(
        i, method="POST", body={"mode": "urlencoded", "urlencoded": [{"key": v, "value": "1"}]}
    ),
    "urlencoded_value": lambda i, v: _request(
        i, method="POST", body={"mode": "urlencoded", "urlencoded": [{"key": "k", "value": v}]}
    ),
    "form_key": lambda i, v: _request(
        i, method="POST", body={"mode": "formdata", "formdata": [{"key": v, "type": "text", "value": "1"}]}
    ),
    "form_value": lambda i, v: _request(
        i, method="POST", body={"mode": "formdata", "formdata": [{"key": "k", "type": "text", "value": v}]}
    ),
    "basic_password": lambda i, v: _request(i, auth=_auth("basic", username="user", password=v)),
    "bearer_token": lambda i, v: _request(i, auth=_auth("bearer", token=v)),
    "apikey_value": lambda i, v: _request(i, auth=_auth("apikey", key="X-Api-Key", value=v)),
    "apikey_query_value": lambda i, v: _request(i, auth=_auth("apikey", key="api_key", value=v, **{"in": "query"})),
    "variable_value": lambda i, v: _request(
        i,
        method="POST",
        header=[{"key": "X-Variable", "value": "{{" + HOSTILE_VARIABLE + str(i) + "}}"}],
        body={"mode": "raw", "raw": "<{{" + HOSTILE_VARIABLE + str(i) + "}}>"},
    ),
    "item_name": lambda i, v: _request(i),
}
# Form fields that name files are generated and read back but never run:
# running them would read files named by hostile paths.
GENERATE_ONLY_FIELDS = {
    "form_file_name": lambda i, v: _request(
        i, method="POST", body={"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": v}]}
    ),
}


@dataclass
class Case:
    field: str
    value: str
    address: str
    wire: WireRequest | None = None
    code: dict[str, str] | None = None
    resolved: str = ""  # the value with the collection's variables substituted


def build_collection(values: list[str], fields: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Return a collection with one item per field and value, and the (field, value) of each item."""
    items = []
    cases = []
    # In JSON a high and a low surrogate escape in a row are one character,
    # so the values are compared as the loader reads them.
    values = [json.loads(json.dumps(value)) for value in values]
    for field, make_request in fields.items():
        for value in values:
            index = len(items)
            name = value if field == "item_name" else f"{field} {index}"
            items.append({"name": name, "request": make_request(index, value)})
            cases.append((field, value))
    document = {
        "info": {"name": "hostile", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }
    return document, cases


def example_item(index: int, keys: list[str]) -> dict:
    """Return an item whose saved example response has one field per hostile key."""
    body = json.dumps({key: index for index, key in enumerate(keys)})
    return {
        "name": "example keys",
        "request": _request(index),
        "response": [{"name": "ok", "code": 200, "header": [], "body": body}],
    }


URL_FIELDS = frozenset({"url_path", "query_key", "query_value", "apikey_query_value"})


def has_surrogate(value: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in value)


def must_reject(field: str, value: str) -> bool:
    """Tell whether the tool must reject ``value`` in ``field`` rather than send it."""
    if field == "item_name":
        return False  # written only into comments, which drop hidden characters
    if field == "url_path":
        value = value.split("#", 1)[0]  # the fragment is never sent
    if has_surrogate(value):
        return True
    if field == "header_name" and value:
        return re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", value) is None
    if field in ("header_value", "bearer_token", "apikey_value", "variable_value"):
        return any((char < " " and char != "\t") or char == "\x7f" for char in value)
    return False


def short(value: str) -> str:
    """Return the repr of ``value`` cut to 300 characters, for failure messages."""
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + f"... ({len(value)} characters)"


def clean_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}


def generate_cases(tmp_path: Path, document: dict, pairs: list[tuple[str, str]], base_url: str) -> list[Case]:
    """Load the collection and generate every item in every language, checking each rejection."""
    path = tmp_path / "hostile.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    assert not collection.problems
    scope = make_scope(collection, variables={"baseUrl": base_url})
    cases = []
    for item, (field, value) in zip(collection.requests, pairs):
        case = Case(field, value, item.address, resolved=scope.resolve(value))
        cases.append(case)
        try:
            case.wire = build_wire_request(item, scope)
        except ItemError as error:
            assert error.address == item.address, str(error)
            assert str(error).startswith(f"item {item.address!r}"), str(error)
            continue
        assert not must_reject(field, value), f"{field} {short(value)} was accepted"
        case.code = {}
        for language in ("python", "curl", "powershell"):
            try:
                case.code[language] = generate(collection, item, language, scope=scope, wire=case.wire).code
            except ItemError as error:
                assert error.address == item.address, str(error)
    return cases


def run_python(cases: list[Case], workdir: Path) -> None:
    paths = []
    for index, case in enumerate(cases):
        if case.code and "python" in case.code:
            script = workdir / f"snippet_{index}.py"
            script.write_text(case.code["python"], encoding="utf-8")
            paths.append(str(script))
    runner = workdir / "run_snippets.py"
    runner.write_text(
        "import json, runpy, sys, traceback\n"
        "failures = []\n"
        "for path in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        runpy.run_path(path, run_name='__main__')\n"
        "    except SystemExit as stop:\n"
        "        if stop.code not in (0, None):\n"
        "            failures.append([path, f'exit {stop.code}'])\n"
        "    except Exception:\n"
        "        failures.append([path, traceback.format_exc()])\n"
        "print(json.dumps(failures))\n",
        encoding="utf-8",
    )
    list_file = json.dumps(paths)
    result = subprocess.run(
        [sys.executable, str(runner), list_file], cwd=workdir, env=clean_environment(),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    failures = json.loads(result.stdout.strip().splitlines()[-1])
    assert failures == [], [(path, trace[-1500:]) for path, trace in failures[:3]]


def run_curl(cases: list[Case], workdir: Path) -> None:
    lines = ["set +e"]
    for index, case in enumerate(cases):
        if case.code and "curl" in case.code:
            lines.append(case.code["curl"].rstrip("\n"))
            lines.append(f'status=$?; [ "$status" -eq 0 ] || echo "snippet {index} failed with status $status"')
    script = workdir / "snippets.sh"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        ["bash", str(script)], cwd=workdir, env=clean_environment(), capture_output=True, timeout=600
    )
    assert b"failed with status" not in result.stdout, result.stdout[-4000:] + result.stderr[-4000:]


# The values a snippet computes for dynamic variables, as they appear on the
# wire in place of {{$name}} or its urlencoded form.
DYNAMIC_VALUE = rb"[-0-9A-Za-z.:%]{1,40}"


def wire_pattern(expected: bytes) -> re.Pattern[bytes]:
    """Return a pattern for ``expected`` in which each dynamic variable matches any computed value."""
    pattern = re.escape(expected)
    for name in DYNAMIC_VARIABLES:
        token = "{{" + name + "}}"
        for form in (token, form_encode(token)):
            pattern = pattern.replace(re.escape(form.encode()), DYNAMIC_VALUE)
    return re.compile(pattern, re.DOTALL)


def header_bytes(value: str, utf8: bool) -> bytes:
    # newman sends header values as UTF-8 when the request has a body
    # (WireRequest.headers_utf8), else as Latin-1, which can encode every
    # one because values above U+00FF are rejected.
    # Spaces and tabs around a value are not part of it (RFC 9110, section
    # 5.5), and the capture server strips them.
    return value.strip(" \t").encode("utf-8" if utf8 else "latin-1")


def check_captured(case: Case, captured, language: str) -> None:
    wire = case.wire
    where = f"{language} {case.field} {short(case.value)}"
    assert captured.method == wire.method, where
    target = wire.url.split("://", 1)[1]
    target = target[target.index("/") :] if "/" in target else "/"
    target_pattern = wire_pattern(target.encode("latin-1"))
    if language == "python":
        # An unresolved {{name}} in the URL is a placeholder for the reader, so
        # the Python snippet keeps the plain requests call, which
        # percent-encodes its braces (test_python_unresolved_url_variable).
        braces = target_pattern.pattern.replace(rb"\{\{", rb"(?:\{\{|%7B%7B)").replace(rb"\}\}", rb"(?:\}\}|%7D%7D)")
        target_pattern = re.compile(braces, re.DOTALL)
    assert target_pattern.fullmatch(captured.target.encode("latin-1")), where
    for name, value in wire.headers:
        if name.lower() == "content-type" and isinstance(wire.body, MultipartBody):
            continue
        sent = [header.encode("latin-1") for header in captured.header_values(name)]
        assert any(wire_pattern(header_bytes(value, wire.headers_utf8)).fullmatch(item) for item in sent), (where, name, sent)
    body = wire.body
    if isinstance(body, TextBody):
        assert wire_pattern(body.text.encode("utf-8")).fullmatch(captured.body), where
    elif isinstance(body, UrlEncodedForm):
        assert wire_pattern(body.encoded.encode("ascii")).fullmatch(captured.body), where
    elif isinstance(body, MultipartBody):
        for part in body.parts:
            assert wire_pattern(part.value.encode("utf-8")).search(captured.body), where


def check_wire_contains_value(case: Case) -> None:
    """Check that the wire request carries the hostile value of its field."""
    wire, value, field = case.wire, case.resolved, case.field
    headers = dict((name.lower(), value) for name, value in wire.headers)
    if field == "url_path" and "%" not in value:
        # newman sends a backslash in the path as "/".
        kept = value.split("#")[0].split("?")[0].replace("\\", "/")
        assert kept.strip() in unquote(wire.url, errors="surrogatepass")
    elif field in ("query_key", "query_value") and "%" not in value:
        assert value.strip() in unquote(wire.url, errors="surrogatepass")
    elif field == "header_name" and value:
        assert value in [name for name, _ in wire.headers]
    elif field == "header_value":
        assert headers["x-hostile"] == value.strip(" \t")
    elif field == "raw_body" and value:
        assert wire.body.text == value
    elif field == "urlencoded_key":
        assert (value, "1") in wire.body.fields
    elif field == "urlencoded_value":
        assert ("k", value) in wire.body.fields
    elif field == "form_key":
        assert wire.body.parts[0].name == value
    elif field == "form_value":
        assert wire.body.parts[0].value == value
    elif field == "basic_password":
        assert wire.basic_auth == ("user", value)
    elif field == "bearer_token" and value:
        assert headers["authorization"] == f"Bearer {value}".strip(" \t") or headers["authorization"] == f"Bearer {value}"
    elif field == "apikey_value":
        assert headers["x-api-key"] == value.strip(" \t")
    elif field == "variable_value" and value:
        assert headers["x-variable"] == value.strip(" \t")
        assert wire.body.text == f"<{value}>"
    elif field == "item_name" and case.value:
        assert wire.name == case.value


def check_powershell(case: Case) -> None:
    code = case.code.get("powershell")
    if code is None:
        return
    if isinstance(case.wire.body, TextBody) and re.search("\n[\u2018\u2019\u201a\u201b']\\Z", case.wire.body.text):
        return  # test_here_string_ending_in_quote_line records this tree-sitter misreading
    assert powershell_errors(code) == [], (case.field, short(case.value))
    wire = case.wire
    if wire.basic_auth is not None or isinstance(wire.body, (UrlEncodedForm, MultipartBody)):
        return  # computed in PowerShell (base64, -join, MultipartFormDataContent): syntax only
    if "{{$" in "".join([wire.url, *(value for _, value in wire.headers)]):
        return  # dynamic variables are computed by the snippet
    # The reader does not evaluate .NET calls; this one only encodes the body text as UTF-8.
    code = code.replace("[System.Text.Encoding]::UTF8.GetBytes($body)", "$body")
    extracted = extract_request(code)
    assert extracted.method == wire.method
    assert extracted.uri == wire.url
    sent = [(name.lower(), value) for name, value in wire.headers if name.lower() != "content-type"]
    extracted_headers = [(name.lower(), value) for name, value in extracted.headers if name.lower() != "accept" or ("accept", value) in sent]
    assert extracted_headers == sent
    if isinstance(wire.body, TextBody) and "{{$" not in wire.body.text:
        assert extracted.body == wire.body.text
        assert extracted.content_type == wire.content_type


@HOSTILE_TIMEOUT
@HOSTILE
@given(values=st.lists(hostile, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
def test_hostile_values_sent_exactly(values, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile")
    values = [json.loads(json.dumps(value)) for value in values]
    document, pairs = build_collection(values, FIELDS)
    document["variable"] = [
        *(
            {"key": f"{HOSTILE_VARIABLE}{index}", "value": value}
            for index, (field, value) in enumerate(pairs)
            if field == "variable_value"
        ),
        # "{{var}}" is one of the hostile pieces.
        {"key": "var", "value": f"$(touch {CANARY})`touch {CANARY}`'\"\\"},
    ]
    document["item"].append(example_item(len(document["item"]), values))
    pairs.append(("example_keys", ""))
    response = CannedResponse(
        headers=(("Content-Type", "application/json"),),
        body=json.dumps({key: index for index, key in enumerate(values)}).encode("utf-8"),
    )
    with CaptureServer(default=response) as server:
        cases = generate_cases(workdir, document, pairs, server.url)
        sent = [case for case in cases if case.wire is not None]
        for case in sent:
            check_wire_contains_value(case)
            check_powershell(case)

        for language, run in (("python", run_python), ("curl", run_curl)):
            server.clear()
            run(cases, workdir)
            assert not (workdir / CANARY).exists()
            by_item = {request.header(ITEM_HEADER): request for request in server.requests}
            for index, case in enumerate(cases):
                if case.code and language in case.code:
                    captured = by_item.get(str(index))
                    assert captured is not None, f"{language} {case.field} {short(case.value)}: no request arrived"
                    check_captured(case, captured, language)
    assert list(workdir.rglob(CANARY)) == []


@HOSTILE_TIMEOUT
@HOSTILE
@given(values=st.lists(hostile, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
def test_hostile_file_names_generated(values, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile-files")
    document, pairs = build_collection(values, GENERATE_ONLY_FIELDS)
    for case in generate_cases(workdir, document, pairs, "http://127.0.0.1:9"):
        if case.code is None:
            continue
        part = case.wire.body.parts[0]
        assert part.path == case.value
        if "python" in case.code:
            compile(case.code["python"], "<snippet>", "exec")
        if "powershell" in case.code:
            assert powershell_errors(case.code["powershell"]) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("header_value", "a\x00b"),
        ("header_value", "a\rb"),
        ("header_value", "a\nb"),
        ("header_name", "X-A\x00"),
        ("header_name", "Bad Name"),
        ("header_name", "X:Y"),
        ("header_value", "\ud800"),
        ("raw_body", "x\udfffy"),
        ("bearer_token", "a\r\nX-Injected: 1"),
    ],
)
def test_rejected_value_names_item(field, value, tmp_path):
    document, pairs = build_collection([value], {field: FIELDS[field]})
    [case] = generate_cases(tmp_path, document, pairs, "http://127.0.0.1:9")
    assert case.wire is None


@pytest.mark.parametrize("field", sorted(URL_FIELDS))
def test_url_surrogate_rejected(field, tmp_path):
    document, pairs = build_collection(["a\ud800b"], {field: FIELDS[field]})
    [case] = generate_cases(tmp_path, document, pairs, "http://127.0.0.1:9")
    assert case.wire is None


def test_basic_surrogate_rejected(tmp_path):
    document, pairs = build_collection(["x"], {"basic": lambda i, v: _request(i, auth=_auth("basic", username="u", password="a\ud800b"))})
    [case] = generate_cases(tmp_path, document, pairs, "http://127.0.0.1:9")
    assert case.wire is None


def test_python_unresolved_url_variable(tmp_path, capture_server):
    # The reader is expected to replace {{unset}}, so the snippet keeps the
    # readable requests call instead of switching to http.client, and requests
    # percent-encodes the braces. curl and PowerShell send them as written.
    document, pairs = build_collection(["a{{unset}}b"], {"url_path": FIELDS["url_path"]})
    [case] = generate_cases(tmp_path, document, pairs, capture_server.url)
    assert "http.client" not in case.code["python"]
    assert '/path/a{{unset}}b"' in case.code["python"]
    run_python([case], tmp_path)
    [captured] = capture_server.requests
    assert captured.target == "/path/a%7B%7Bunset%7D%7Db"


def test_leading_vertical_tab_header(tmp_path, capture_server):
    document, pairs = build_collection(["\x0bvalue"], {"header_value": FIELDS["header_value"]})
    [case] = generate_cases(tmp_path, document, pairs, capture_server.url)
    if case.wire is None:
        return  # rejected with an ItemError: fixed
    run_python([case], tmp_path)


@pytest.mark.parametrize("value", ["\x85value", "\xa0value"])
def test_leading_unicode_space_header(value, tmp_path, capture_server):
    # requests rejects such a str value, so the snippet passes it as Latin-1 bytes.
    document, pairs = build_collection([value], {"header_value": FIELDS["header_value"]})
    [case] = generate_cases(tmp_path, document, pairs, capture_server.url)
    run_python([case], tmp_path)
    [captured] = capture_server.requests
    check_captured(case, captured, "python")


def test_here_string_ending_in_quote_line():
    from generator.quoting import ps_here_string, ps_str

    value = "x\n'"
    assert powershell_errors("$body = " + (ps_here_string(value) or ps_str(value)) + "\n") == []


def test_url_placeholder_with_space(tmp_path, capture_server):
    # The lone "%" makes the Python snippet send through http.client, which rejects the space.
    document, pairs = build_collection(["{{$%PATH% *}}"], {"url_path": FIELDS["url_path"]})
    [case] = generate_cases(tmp_path, document, pairs, capture_server.url)
    assert " " not in case.wire.url
    run_python([case], tmp_path)
