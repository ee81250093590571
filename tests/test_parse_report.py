"""The parse report runs every item's parsing code on its saved examples."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, shared_collections
from generator.parse_report import main, report_collection


def test_example_collection_parsers_run():
    report = report_collection(EXAMPLES / "bulk-jobs.postman_collection.json")

    assert report.with_examples == 2
    assert report.parsed == 2
    assert report.failed == []


@pytest.mark.shared
@pytest.mark.skipif(not shared_collections(), reason="real collections (../shared/collections) not present")
def test_real_collection_parsers_run(capsys):
    status = main([str(path) for path in shared_collections()])

    output = capsys.readouterr().out
    assert "parser failed:" not in output
    assert status == 0
