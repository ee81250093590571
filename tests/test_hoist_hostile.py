"""Hostile variable values in every place a hoisted variable can be used, sent by the snippets.

Each example draws a batch of hostile values (see test_quoting.hostile) and
makes each one the value of a collection variable, used in one field of its
own item. The snippets are generated with ``--variables hoist``, so each
value becomes a named value at the top of the snippet. The Python and curl
snippets run against a capture server on 127.0.0.1, and each captured
request must match the wire request of inline mode. PowerShell snippets are
read back with tree-sitter. No snippet may run the canary command.

HOIST_HOSTILE_EXAMPLES sets how many values each field receives (default 100).
"""

from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.api import generate, load_collection, make_scope
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.errors import ItemError
from generator.wire import build_wire_request
from test_hostile import (
    BATCH_SIZE,
    ITEM_HEADER,
    Case,
    _auth,
    _request,
    _url,
    check_captured,
    check_powershell,
    run_curl,
    run_python,
    short,
)
from test_quoting import CANARY, hostile

VALUES_PER_FIELD = int(os.environ.get("HOIST_HOSTILE_EXAMPLES", "100"))

HOSTILE = settings(
    max_examples=max(1, math.ceil(VALUES_PER_FIELD / BATCH_SIZE)),
    derandomize=True,
    database=None,
    deadline=None,
    # Shrinking would rerun whole batches of snippets; a failure names its value instead.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


def _reference(name: str) -> str:
    return "{{" + name + "}}"


# Each field uses the variable ``name`` in one place of a request.
FIELDS = {
    "url_path": lambda i, name: _request(i, url=_url("path", _reference(name))),
    "query_value": lambda i, name: _request(i, url=_url("query", query=[{"key": "k", "value": _reference(name)}])),
    "header_value": lambda i, name: _request(i, header=[{"key": "X-Hostile", "value": "h " + _reference(name)}]),
    "raw_body": lambda i, name: _request(i, method="POST", body={"mode": "raw", "raw": "<" + _reference(name) + ">"}),
    "json_body": lambda i, name: _request(
        i,
        method="POST",
        body={"mode": "raw", "raw": '{"a": "' + _reference(name) + '"}', "options": {"raw": {"language": "json"}}},
    ),
    "urlencoded_value": lambda i, name: _request(
        i, method="POST", body={"mode": "urlencoded", "urlencoded": [{"key": "k", "value": _reference(name)}]}
    ),
    "form_value": lambda i, name: _request(
        i, method="POST", body={"mode": "formdata", "formdata": [{"key": "k", "type": "text", "value": _reference(name)}]}
    ),
    "basic_password": lambda i, name: _request(i, auth=_auth("basic", username="user", password=_reference(name))),
    "bearer_token": lambda i, name: _request(i, auth=_auth("bearer", token=_reference(name))),
}


def build_collection(values: list[str]) -> tuple[dict, list[tuple[str, str]]]:
    """Return a collection with one item and one variable per field and value, and the (field, value) of each item."""
    items = []
    variables = []
    cases = []
    for field, make_request in FIELDS.items():
        for value in values:
            index = len(items)
            name = f"hostile{index}"
            items.append({"name": f"{field} {index}", "request": make_request(index, name)})
            variables.append({"key": name, "value": value})
            cases.append((field, value))
    document = {
        "info": {"name": "hostile hoist", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": variables,
        "item": items,
    }
    return document, cases


def generate_hoisted(tmp_path, document: dict, pairs: list[tuple[str, str]], base_url: str) -> list[Case]:
    """Generate every item in hoist mode; each case keeps the inline wire request as the expected request."""
    path = tmp_path / "hostile-hoist.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    assert not collection.problems
    inline_scope = make_scope(collection, variables={"baseUrl": base_url})
    hoist_scope = make_scope(collection, variables={"baseUrl": base_url})
    hoist_scope.set_variable_mode("hoist")
    cases = []
    for item, (field, value) in zip(collection.requests, pairs):
        case = Case(field, value, item.address, resolved=value)
        cases.append(case)
        try:
            case.wire = build_wire_request(item, inline_scope)
        except ItemError:
            try:
                build_wire_request(item, hoist_scope)
            except ItemError:
                continue
            raise AssertionError(f"{field} {short(value)}: rejected inline but accepted in hoist mode")
        hoisted_wire = build_wire_request(item, hoist_scope)
        assert hoisted_wire.hoisted, f"{field} {short(value)}: no variable hoisted"
        case.code = {}
        for language in ("python", "curl", "powershell"):
            try:
                inline_code = generate(collection, item, language, scope=inline_scope, wire=case.wire).code
            except ItemError:
                inline_code = None
            try:
                case.code[language] = generate(collection, item, language, scope=hoist_scope, wire=hoisted_wire).code
            except ItemError as error:
                assert inline_code is None, f"{language} {field} {short(value)}: only hoist mode fails: {error}"
    return cases


@HOSTILE
@given(values=st.lists(hostile, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
def test_hoisted_hostile_values_sent_exactly(values, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile-hoist")
    values = [json.loads(json.dumps(value)) for value in values]
    document, pairs = build_collection(values)
    response = CannedResponse(headers=(("Content-Type", "application/json"),), body=b"{}")
    with CaptureServer(default=response) as server:
        cases = generate_hoisted(workdir, document, pairs, server.url)
        for case in cases:
            if case.wire is not None:
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
