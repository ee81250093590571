"""curl snippets in the other option styles, and run by zsh, send what the default style sends.

The default style's results are pinned by known_differences.json (see
test_wire_conformance.py). Here the same items are written with short option
names on one line, or run by zsh instead of bash, against the capture server,
and must show exactly the difference kinds listed for the default style.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.conformance.run import known_key, run_suite

KNOWN_FILE = Path(__file__).with_name("known_differences.json")
# Collections whose items use the options that have short names (-X, -H, -L,
# -e, -F, -u) and the bodies whose quoting a single line must keep.
COLLECTIONS = ("bodies", "headers", "methods", "redirects", "url")
STYLES = {
    "short-single-line": {"curl_option_names": "short", "curl_layout": "single-line"},
    "short-indent-6": {"curl_option_names": "short", "indent": 6},
}


def _changed_kinds(results, known) -> list[str]:
    """Return a line for each result whose difference kinds are not those listed for the default style."""
    changed = []
    for result in results:
        key = known_key(result.collection, result.address, result.language)
        expected = sorted(known.get(key, []))
        if sorted(set(result.kinds)) != expected:
            details = [f"{d.kind}: {d.detail}" for d in result.differences if d.is_failure]
            if result.failure:
                details.append(f"failure ({result.failure_kind}): {result.failure}")
            changed.append(f"{key}: kinds {sorted(set(result.kinds))}, default style {expected}: {details}")
    return changed


@pytest.mark.parametrize("style", list(STYLES))
def test_curl_style_sends_same_requests(style):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    known = json.loads(KNOWN_FILE.read_text(encoding="utf-8"))
    results = run_suite(COLLECTIONS, languages=("curl",), workers=2, options=STYLES[style])
    assert results, f"no curl results for {COLLECTIONS}"
    changed = _changed_kinds(results, known)
    assert not changed, "\n".join(changed)


def test_curl_snippets_run_in_zsh():
    # Run by zsh, macOS's default shell, every curl snippet of the suite must
    # send what it sends when bash runs it.
    if shutil.which("curl") is None or shutil.which("zsh") is None:
        pytest.skip("curl or zsh is not installed")
    known = json.loads(KNOWN_FILE.read_text(encoding="utf-8"))
    results = run_suite(languages=("curl",), workers=2, shell="zsh")
    assert len(results) > 100
    changed = _changed_kinds(results, known)
    assert not changed, "\n".join(changed)
