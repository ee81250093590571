"""Hostile cases for the template bytecode cache and for missing local files."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator import render


def _cache_and_template(tmp_path: Path, monkeypatch) -> tuple[jinja2.FileSystemBytecodeCache, jinja2.Environment, Path]:
    """Return the tool's bytecode cache in a private folder, a Jinja environment and the path of its entry for ``t.j2``."""
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(tmp_path / "cache"))
    render._bytecode_cache.cache_clear()
    cache = render._bytecode_cache()
    assert cache is not None
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("hello", encoding="utf-8")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache)
    source, filename, _ = environment.loader.get_source(environment, "t.j2")
    bucket = cache.get_bucket(environment, "t.j2", filename, source)
    entry = Path(cache.directory) / (cache.pattern % (bucket.key,))
    return cache, environment, entry


def _plant_entry(cache, environment: jinja2.Environment, marker: Path) -> None:
    """Store an entry for ``t.j2`` whose code creates ``marker`` when Jinja runs it."""
    source, filename, _ = environment.loader.get_source(environment, "t.j2")
    bucket = cache.get_bucket(environment, "t.j2", filename, source)
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", "planted", "exec")
    cache.dump_bytecode(bucket)


def _fresh_environment(cache, tmp_path: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")), bytecode_cache=cache)


@pytest.fixture
def clear_bytecode_cache():
    yield
    render._bytecode_cache.cache_clear()


@pytest.mark.parametrize("planting", ["other-owner", "writable-entry", "symlink", "folder-opened"])
def test_bytecode_planted_entry_not_run(tmp_path, monkeypatch, clear_bytecode_cache, planting):
    cache, environment, entry = _cache_and_template(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    if planting == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        other_cache = jinja2.FileSystemBytecodeCache(str(elsewhere))
        _plant_entry(other_cache, environment, marker)
        [planted] = elsewhere.iterdir()
        entry.symlink_to(planted)
    else:
        _plant_entry(cache, environment, marker)
    if planting == "other-owner":
        if os.getuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(entry, 65534, 65534)
    elif planting == "writable-entry":
        entry.chmod(0o666)
    elif planting == "folder-opened":
        # The folder was private when the cache was set up, and others
        # could write to it (or replace it) later in the same process.
        entry.parent.chmod(0o777)

    template = _fresh_environment(cache, tmp_path).get_template("t.j2")

    assert not marker.exists()
    assert template.render() == "hello"


def test_bytecode_private_entry_used(tmp_path, monkeypatch, clear_bytecode_cache):
    cache, environment, entry = _cache_and_template(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    _plant_entry(cache, environment, marker)

    with pytest.raises(Exception):
        # The stored code creates the marker and defines no template.
        _fresh_environment(cache, tmp_path).get_template("t.j2")

    assert marker.exists()
