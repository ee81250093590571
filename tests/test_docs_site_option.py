"""`docs --site` makes the output folder an MkDocs project that builds as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from conftest import EXAMPLES
from generator.cli import main

COLLECTION = EXAMPLES / "pet-store.postman_collection.json"


def test_site_option_builds_with_mkdocs(tmp_path):
    out = tmp_path / "site-src"
    result = CliRunner().invoke(main, ["docs", str(COLLECTION), "--out", str(out), "--site"])
    assert result.exit_code == 0, result.output
    assert (out / "mkdocs.yml").is_file()
    assert (out / "docs" / "index.md").is_file()

    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=out,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "pets" / "list-pets" / "index.html").is_file()


def test_site_option_keeps_existing_config(tmp_path):
    out = tmp_path / "site-src"
    out.mkdir()
    (out / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["docs", str(COLLECTION), "--out", str(out), "--site"])
    assert result.exit_code == 0, result.output
    assert (out / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    assert "does not name admonition, pymdownx.details, pymdownx.superfences, pymdownx.tabbed" in result.output


def test_site_option_warns_without_alternate_style(tmp_path):
    out = tmp_path / "site-src"
    out.mkdir()
    extensions = "markdown_extensions:\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n  - pymdownx.tabbed\n"
    (out / "mkdocs.yml").write_text("site_name: Mine\n" + extensions, encoding="utf-8")

    result = CliRunner().invoke(main, ["docs", str(COLLECTION), "--out", str(out), "--site"])

    assert result.exit_code == 0, result.output
    assert "does not set alternate_style: true for pymdownx.tabbed" in result.output
    assert "does not name" not in result.output


def test_site_option_quiet_for_complete_config(tmp_path):
    out = tmp_path / "site-src"
    arguments = ["docs", str(COLLECTION), "--out", str(out), "--site"]
    assert CliRunner().invoke(main, arguments).exit_code == 0

    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 0, result.output
    assert "does not name" not in result.output


def test_check_with_site_option(tmp_path):
    out = tmp_path / "site-src"
    arguments = [str(COLLECTION), "--out", str(out), "--site"]
    assert CliRunner().invoke(main, ["docs", *arguments]).exit_code == 0

    result = CliRunner().invoke(main, ["check", *arguments])

    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output


def test_docs_rejects_huge_timeout(tmp_path):
    result = CliRunner().invoke(main, ["docs", str(COLLECTION), "--out", str(tmp_path), "--timeout", "99999999999"])

    assert result.exit_code == 2
    assert "--timeout" in result.output


def test_check_site_missing_config(tmp_path):
    out = tmp_path / "site-src"
    arguments = [str(COLLECTION), "--out", str(out), "--site"]
    assert CliRunner().invoke(main, ["docs", *arguments]).exit_code == 0
    (out / "mkdocs.yml").unlink()

    result = CliRunner().invoke(main, ["check", *arguments])

    assert result.exit_code == 1, result.output
    assert "mkdocs.yml: `docs --site` writes it" in result.output
    assert "is out of date" in result.output


def test_check_without_site_option_hints(tmp_path):
    out = tmp_path / "site-src"
    assert CliRunner().invoke(main, ["docs", str(COLLECTION), "--out", str(out), "--site"]).exit_code == 0

    result = CliRunner().invoke(main, ["check", str(COLLECTION), "--out", str(out)])

    assert result.exit_code == 1, result.output
    assert "is out of date (it has the mkdocs.yml and docs folder that `docs --site` writes: check it with --site)" in result.output


def test_check_missing_output_folder(tmp_path):
    result = CliRunner().invoke(main, ["check", str(COLLECTION), "--out", str(tmp_path / "missing")])

    assert result.exit_code == 1, result.output
    assert "missing not found; run `postman-snippets docs` with the same options to write it" in result.output
    assert "+++ b/" not in result.output


def test_site_name_hides_secret(tmp_path):
    collection = {
        "info": {"name": "Shop abcd1234xyz", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "abcd1234xyz"}],
        "item": [{"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/{{apiToken}}"}}],
    }
    path = tmp_path / "shop.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "site-src"

    result = CliRunner().invoke(main, ["docs", str(path), "--out", str(out), "--site"])

    assert result.exit_code == 0, result.output
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "abcd1234xyz" not in config
    assert 'site_name: "Shop &lt;apiToken&gt;"' in config
