"""Very large and very deep collections: no RecursionError, memory linear in the file size.

Each case runs `generate --out` in a subprocess, which reports its peak
resident set size (ru_maxrss of RUSAGE_SELF, in KiB on Linux) on its last
line of stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB only on Linux")

# A generous linear bound: 12 bytes of memory per byte of input, plus the
# peak of the same command on a one-item collection (the interpreter, click,
# Jinja2 and black), plus a margin.
BYTES_PER_INPUT_BYTE = 12
MARGIN_BYTES = 150 * 1024 * 1024

RUN_AND_MEASURE = """
import resource, sys
from generator.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit as stop:
    code = stop.code
else:
    code = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"peak-kib {peak}", file=sys.stderr)
sys.exit(code or 0)
"""


def run_generate(arguments: list[str]) -> tuple[subprocess.CompletedProcess, int]:
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_MEASURE, "generate", *arguments],
        capture_output=True, text=True, timeout=120, env=environment,
    )
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("peak-kib "), result.stderr[-2000:]
    return result, int(last.split()[1]) * 1024


def baseline_peak(tmp_path, languages: list[str]) -> int:
    """Return the peak memory of `generate --out` on a one-item collection."""
    path = tmp_path / "small.postman_collection.json"
    item = {"name": "small", "request": {"method": "POST", "url": "http://127.0.0.1:9/", "body": {"mode": "raw", "raw": "x"}}}
    path.write_text(json.dumps(collection([item])))
    options = [option for language in languages for option in ("--lang", language)]
    result, peak = run_generate([str(path), *options, "--out", str(tmp_path / "small")])
    assert result.returncode == 0, result.stderr[-2000:]
    return peak


def collection(items: list[dict]) -> dict:
    return {
        "info": {"name": "large", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }


def test_fifty_megabyte_collection(tmp_path):
    body = "x" * (1024 * 1024 - 100)
    items = [
        {
            "name": f"item {index}",
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1:9/large",
                "body": {"mode": "raw", "raw": body + str(index)},
            },
        }
        for index in range(50)
    ]
    path = tmp_path / "large.postman_collection.json"
    path.write_text(json.dumps(collection(items)))
    size = path.stat().st_size
    assert size > 50_000_000

    # curl only, because black would spend most of the time on the 1 MiB
    # string lines of the Python snippets. The other languages share the loader and wire code.
    result, peak = run_generate([str(path), "--lang", "curl", "--out", str(tmp_path / "out")])

    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list((tmp_path / "out").rglob("*.sh"))) == 50
    bound = baseline_peak(tmp_path, ["curl"]) + BYTES_PER_INPUT_BYTE * size + MARGIN_BYTES
    assert peak < bound, f"peak {peak} bytes for {size} bytes of input"


def test_folders_five_hundred_deep(tmp_path):
    leaf = json.dumps({"name": "leaf", "request": {"method": "GET", "url": "http://127.0.0.1:9/deep"}})
    # json.dumps itself would recurse once per level, so the nesting is written as text.
    tree = "".join(f'{{"name": "f{depth}", "item": [' for depth in range(500)) + leaf + "]}" * 500
    path = tmp_path / "deep.postman_collection.json"
    path.write_text(json.dumps(collection([])).replace('"item": []', f'"item": [{tree}]'))
    size = path.stat().st_size

    result, peak = run_generate([str(path), "--out", str(tmp_path / "out")])

    assert result.returncode == 0, result.stderr[-2000:]
    assert "RecursionError" not in result.stderr
    assert len(list((tmp_path / "out").rglob("leaf.*"))) == 3
    bound = baseline_peak(tmp_path, ["python", "curl", "powershell"]) + BYTES_PER_INPUT_BYTE * size + MARGIN_BYTES
    assert peak < bound, f"peak {peak} bytes for {size} bytes of input"
