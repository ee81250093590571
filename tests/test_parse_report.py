"""The parse report runs every item's parsing code on its saved examples."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, shared_collections
from generator.parse_report import main, report_collection


def test_example_collection_parsers_run():
    report = report_collection(EXAMPLES / "bulk-jobs.postman_collection.json")

    assert report.with_examples == 2
    assert report.parsed == 2
    assert report.failed == []


def test_body_with_byte_order_mark_parses(tmp_path):
    example = {"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": '\ufeff{"id": 1}'}
    document = {
        "info": {"name": "BOM", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/r"}, "response": [example]}],
    }
    path = tmp_path / "bom.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    report = report_collection(path)

    assert report.failed == []
    assert report.parsed == 1


@pytest.mark.shared
@pytest.mark.skipif(not shared_collections(), reason="real collections (../shared/collections) not present")
def test_real_collection_parsers_run(capsys):
    status = main([str(path) for path in shared_collections()])

    output = capsys.readouterr().out
    assert "parser failed:" not in output
    assert status == 0
