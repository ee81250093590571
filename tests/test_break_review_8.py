"""Collection text that put HTML or script links on docs pages, or names that stopped a site build, found by a review."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.docs.markdown import description_markdown

# The Markdown extensions of the mkdocs.yml that `docs --site` writes, and
# attr_list, which most MkDocs Material sites enable too.
SITE_EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed", "attr_list"]


class _ActiveContent(HTMLParser):
    """Collects the tags, event handler attributes and script URLs of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "img", "iframe", "svg", "object", "embed", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            # Browsers drop tabs and line breaks from a URL and strip leading spaces and controls.
            url = re.sub(r"[\t\n\r]", "", value or "").lstrip("\x00- ").lower()
            if name in ("href", "src") and url.startswith(("javascript:", "vbscript:")):
                self.found.append(f"{name}={value}")


def _active_content(description: str) -> list[str]:
    html = markdown.markdown(
        description_markdown(description),
        extensions=SITE_EXTENSIONS,
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )
    parser = _ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "description",
    [
        pytest.param("\\` <img src=x onerror=alert(1)> `", id="escaped-backtick"),
        pytest.param("`a\n` <img src=x onerror=alert(1)> `", id="code-span-across-lines"),
        pytest.param("```\nfoo\n```\t\n<img src=x onerror=alert(1)>\n```", id="closing-fence-with-tab"),
        pytest.param("```x <b> ```\n<img src=x onerror=alert(1)>\n````", id="fence-opener-that-is-a-code-span"),
        pytest.param("```\n> x\n<img src=x onerror=alert(1)>\n````", id="quote-line-abandons-fence"),
        pytest.param("```\nfoo\n     ```\n<img src=x onerror=alert(1)>\n```", id="indented-closing-fence"),
        pytest.param("para\n{: onclick=\"alert(1)\" }", id="attr-list"),
        pytest.param("[x](javascript:alert(1))", id="javascript-link"),
        pytest.param("[x](&#106;avascript:alert(1))", id="entity-javascript-link"),
        pytest.param("[x](java\tscript:alert(1))", id="tab-javascript-link"),
        pytest.param("[x]: JavaScript:alert(1)\n\n[y][x]", id="reference-javascript-link"),
    ],
)
def test_description_stays_inert(description):
    assert _active_content(description) == []


@pytest.mark.parametrize(
    "description",
    [
        pytest.param("```\nfoo\n```\t\n<img src=x onerror=alert(1)>\n```", id="closing-fence-with-tab"),
        pytest.param("```\t\n<img src=x onerror=alert(1)>\n```", id="opening-fence-with-tab"),
    ],
)
def test_description_inert_with_fenced_code(description):
    """Sites without superfences read fences with Python-Markdown's fenced_code, whose fence rules differ."""
    html = markdown.markdown(description_markdown(description), extensions=["fenced_code", "attr_list"])
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        ("keep `a<b` in code", "a<b"),
        ("```xml\n<a>&amp;</a>\n```", "<a>&amp;</a>"),
        ("~~~\n<b>\n~~~\nafter", "<b>"),
        ("a {b} & <c> d", "a {b} & <c> d"),
        ("runs javascript: code", "runs javascript\\: code"),
    ],
)
def test_description_text_shown_as_written(description, shown):
    html = markdown.markdown(description_markdown(description), extensions=SITE_EXTENSIONS)
    text = unescape(re.sub(r"<[^>]*>", "", html))
    assert shown in text


def test_description_link_kept():
    html = markdown.markdown(description_markdown("[docs](https://example.org/a?b=1&c=2)"), extensions=SITE_EXTENSIONS)
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html


class _TagsWith(HTMLParser):
    """Collects the start tags with an event handler attribute whose code contains ``marker``."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if any(name.startswith("on") and self.marker in (value or "") for name, value in attrs):
            self.found.append(self.get_starttag_text())


def _request(name: str) -> dict:
    return {"name": name, "request": {"method": "GET", "url": "http://127.0.0.1:9/x"}}


def test_site_names_stay_text(tmp_path):
    """MkDocs themes insert page titles and the site name as HTML, so the names must arrive escaped."""
    document = {
        "info": {
            "name": "<img src=x onerror=alert(1)>",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [{"name": "<img src=x onerror=alert(2)>", "item": [_request("<img src=x onerror=alert(3)> & \"q\"")]}],
    }
    collection = tmp_path / "names.postman_collection.json"
    collection.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "site-src"
    result = CliRunner().invoke(main, ["docs", str(collection), "--out", str(out), "--site"])
    assert result.exit_code == 0, result.output

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        parser = _TagsWith("alert(")
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page
    # The search box shows the titles of this index as HTML.
    search_index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<img" not in search_index
    request_page = (tmp_path / "site" / "img-src-x-onerror-alert-2" / "img-src-x-onerror-alert-3-q").joinpath("index.html")
    assert "<title>&lt;img src=x onerror=alert(3)&gt; &amp; &quot;q&quot; - " in request_page.read_text(encoding="utf-8")


def test_sphinx_error_text_stays_text(tmp_path):
    """A snippet error quotes collection values, and the Sphinx tab must show it as written, not parse it."""
    value = "`x <javascript:alert(1)>`__ *em* |sub| \n"
    document = {
        "info": {"name": "rst", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "Form",
                "request": {
                    "method": "POST",
                    "url": "http://127.0.0.1:9/x",
                    "body": {"mode": "formdata", "formdata": [{"key": "a", "value": value}]},
                },
            }
        ],
    }
    source = tmp_path / "src"
    source.mkdir()
    (source / "rst.postman_collection.json").write_text(json.dumps(document), encoding="utf-8")
    (source / "conf.py").write_text(
        'extensions = ["generator.docs.sphinx_ext"]\n'
        'postman_snippets_collection = "rst.postman_collection.json"\n'
        'postman_snippets_languages = ["curl-cmd"]\n',
        encoding="utf-8",
    )
    (source / "index.rst").write_text("Title\n=====\n\n.. postman-snippets:: Form\n", encoding="utf-8")

    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "cannot be written in curl (cmd.exe)" in page
    assert 'href="javascript' not in page
    assert "<em>em</em>" not in page
    assert "*em* |sub|" in page
    # The substitution reference is text, so Sphinx has nothing to warn about.
    assert "Undefined substitution" not in build.stderr


def test_site_builds_with_mkdocs_output_names(tmp_path):
    """Items and folders named like the files and folders that MkDocs writes or leaves out."""
    document = {
        "info": {"name": "names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            _request("404.html"),
            _request("sitemap.xml"),
            _request("Sitemap.xml.gz"),
            {"name": "assets", "item": [_request("favicon")]},
            {"name": "templates", "item": [_request("listed")]},
            {"name": "search", "item": [_request("found")]},
        ],
    }
    collection = tmp_path / "names.postman_collection.json"
    collection.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "site-src"
    result = CliRunner().invoke(main, ["docs", str(collection), "--out", str(out), "--site"])
    assert result.exit_code == 0, result.output

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    built = {path.relative_to(tmp_path / "site").as_posix() for path in (tmp_path / "site").rglob("index.html")}
    pages = {path.relative_to(out / "docs").as_posix() for path in (out / "docs").rglob("*.md")}
    assert len(pages) == 10
    for page in pages:
        stem = page.removesuffix(".md").removesuffix("index")
        assert (stem.rstrip("/") + "/index.html").lstrip("/") in built, page
