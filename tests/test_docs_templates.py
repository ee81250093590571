"""docs/templates.md: the override and the target built from the page's own code blocks."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import EXAMPLES
from generator import render, targets
from generator.api import generate, load_collection

PAGE = Path(__file__).resolve().parent.parent / "docs" / "templates.md"
BLOCK = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```$', re.S | re.M)


def _blocks() -> dict[str, str]:
    blocks = dict(BLOCK.findall(PAGE.read_text(encoding="utf-8")))
    assert blocks, f"no titled code blocks in {PAGE}"
    return blocks


def _write_blocks(folder: Path) -> dict[str, str]:
    blocks = _blocks()
    for title, text in blocks.items():
        path = folder / title
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return blocks


def _list_pets():
    collection = load_collection(EXAMPLES / "pet-store.postman_collection.json")
    return collection, next(item for item in collection.requests if item.address == "Pets/List pets")


def test_page_override_adds_license_header(tmp_path):
    _write_blocks(tmp_path)
    overrides = tmp_path / "overrides"
    # As the page instructs, a copy of the packaged template goes beside the override.
    packaged = render.template_folder() / "curl" / "request.sh.j2"
    (overrides / "curl" / "packaged_request.sh.j2").write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8")
    collection, item = _list_pets()
    code = generate(collection, item, "curl", options={"templates": str(overrides)}).code
    assert code == "# SPDX-License-Identifier: Apache-2.0\n" + generate(collection, item, "curl").code


@pytest.fixture
def page_target(tmp_path, monkeypatch):
    blocks = _write_blocks(tmp_path)
    entry_points = tomllib.loads(blocks["pyproject.toml"])["project"]["entry-points"][targets.ENTRY_POINT_GROUP]
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(targets, "_registered", lambda: {**targets.BUILTIN_TARGETS, **entry_points})
    targets.load_target.cache_clear()
    render.environment.cache_clear()
    yield entry_points
    targets.load_target.cache_clear()
    render.environment.cache_clear()
    sys.modules.pop("httpie_target", None)


def test_page_target_renders(page_target, tmp_path):
    assert list(page_target) == ["httpie"]
    collection, item = _list_pets()
    code = generate(collection, item, "httpie").code
    assert code.startswith("# Pets/List pets\nhttp GET 'https://pets.example.com/v1/pets?")
    assert "  Accept:application/json" in code
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "httpie" in targets.available_targets()
