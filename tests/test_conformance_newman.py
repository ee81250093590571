"""Matching captured requests to newman's executions, and a real newman run when newman is installed."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.conformance.capture import CannedResponse, CapturedRequest, Exchange
from generator.conformance.newman import (
    DEFAULT_CACHE_DIR,
    NEWMAN_VERSION,
    _Execution,
    _match_exchanges,
    capture,
    item_slug,
)


def exchange(index, target, status=200, location=None):
    request = CapturedRequest("GET", target, "HTTP/1.1", [], b"")
    if status == 200:
        response = CannedResponse()
    else:
        response = CannedResponse.redirect(location, status)
    return Exchange(index, request, response)


def test_redirect_hops_join_their_item():
    exchanges = [
        exchange(0, "/plain"),
        exchange(1, "/redirect/302", 302, "/redirected/302"),
        exchange(2, "/redirected/302"),
    ]
    executions = [_Execution("a", 0, None), _Execution("b", 2, None)]

    by_item, problems = _match_exchanges(executions, exchanges)

    assert [e.index for e in by_item["a"]] == [0]
    assert [e.index for e in by_item["b"]] == [1, 2]
    assert problems == []


def test_errored_item_keeps_its_requests():
    # Item "b" followed two redirects, then newman gave up (maxRedirects), so
    # its execution has no response. Item "c" was itself redirected once.
    exchanges = [
        exchange(0, "/chain", 302, "/chain/2"),
        exchange(1, "/chain/2", 307, "/end"),
        exchange(2, "/redirect/307", 307, "/redirected/307"),
        exchange(3, "/redirected/307"),
    ]
    executions = [_Execution("b", None, "Exceeded maxRedirects"), _Execution("c", 3, None)]

    by_item, problems = _match_exchanges(executions, exchanges)

    assert [e.index for e in by_item["b"]] == [0, 1]
    assert [e.index for e in by_item["c"]] == [2, 3]
    assert problems == []


def test_item_that_sent_nothing_gets_no_requests():
    exchanges = [exchange(0, "/a"), exchange(1, "/c")]
    executions = [_Execution("a", 0, None), _Execution("b", None, "Invalid header"), _Execution("c", 1, None)]

    by_item, _ = _match_exchanges(executions, exchanges)

    assert by_item["b"] == []


def test_unmatched_requests_are_reported():
    exchanges = [exchange(0, "/stray"), exchange(1, "/a")]

    _, problems = _match_exchanges([_Execution("a", 1, None)], exchanges)

    assert problems == ["1 captured request(s) before item a belong to no item"]


def test_item_slug():
    assert item_slug("query/pre-encoded %XX is kept") == "query-pre-encoded-xx-is-kept"
    assert item_slug("formdata/non-ASCII names: prénom") == "formdata-non-ascii-names-prenom"
    assert item_slug("東京") == "item"
    assert len(item_slug("x" * 200)) == 80


NEWMAN_INSTALLED = (DEFAULT_CACHE_DIR / "node_modules" / "newman" / "package.json").is_file()


@pytest.mark.skipif(
    not NEWMAN_INSTALLED or shutil.which("node") is None,
    reason="newman is not installed in .cache/newman (run scripts/capture_expected.py once)",
)
def test_capture_records_each_item(tmp_path):
    collection = {
        "info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "json body",
                "request": {
                    "method": "POST",
                    "url": "https://api.example.test/items?q={{query}}",
                    "body": {"mode": "raw", "raw": '{"a": 1}', "options": {"raw": {"language": "json"}}},
                },
            },
            {
                "name": "rejected header",
                "request": {"method": "GET", "url": "{{baseUrl}}/x", "header": [{"key": "X-Wide", "value": "東京"}]},
            },
            {"name": "redirected", "request": {"method": "GET", "url": "{{baseUrl}}/redirect/302"}},
        ],
    }
    path = tmp_path / "t.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")

    expectations = capture(path, tmp_path / "out", port=0)

    sent = expectations["json body"]
    assert sent["method"] == "POST"
    assert sent["target"] == "/items?q=fill-query"
    assert ["Content-Type", "application/json"] in sent["headers"]
    assert sent["body"]["text"] == '{"a": 1}'
    assert expectations["rejected header"]["sent"] is False
    assert "Invalid character" in expectations["rejected header"]["reason"]
    assert [hop["target"] for hop in expectations["redirected"]["redirects"]] == ["/redirected/302"]
    run = json.loads((tmp_path / "out" / "_run.json").read_text(encoding="utf-8"))
    assert run["newman"] == NEWMAN_VERSION
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == [
        "_run.json",
        "json-body.json",
        "redirected.json",
        "rejected-header.json",
    ]


def test_report_rejects_unknown_language(capsys):
    from generator.conformance.__main__ import main

    with pytest.raises(SystemExit) as caught:
        main(["--languages", "python,ruby", "any.postman_collection.json"])

    assert caught.value.code == 2
    assert "--languages: expected some of python" in capsys.readouterr().err


@pytest.mark.skipif(
    not NEWMAN_INSTALLED or shutil.which("node") is None or shutil.which("npm") is None,
    reason="newman is not installed in .cache/newman (run scripts/capture_expected.py once)",
)
def test_report_runs_only_named_languages(tmp_path, capsys):
    from generator.conformance.__main__ import main

    collection = {
        "info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "plain", "request": {"method": "GET", "url": "{{baseUrl}}/items?page=2"}}],
    }
    path = tmp_path / "t.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")

    status = main(["--languages", "python,curl", str(path)])

    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert "| python | 1 | 1 | 0 | 0 |" in lines
    assert "| curl | 1 | 1 | 0 | 0 |" in lines
    assert not any(line.startswith(("| python-httpx", "| powershell")) for line in lines)


def test_write_json_escapes_lone_surrogate(tmp_path):
    from generator.conformance.newman import _write_json

    path = tmp_path / "collection.json"
    _write_json(path, {"body": "a\ud800b", "name": "caf\u00e9"})

    assert json.loads(path.read_text(encoding="utf-8")) == {"body": "a\ud800b", "name": "caf\u00e9"}
