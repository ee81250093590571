"""Real documentation builds: the example MkDocs site, a Sphinx project, and the MkDocs page in Chromium."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.api import generate, load_collection, load_environment, make_scope
from generator.cli_docs import docs
from generator.secret_output import credential_variables

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SITE = EXAMPLES / "docs-site"
PET_STORE = EXAMPLES / "pet-store.postman_collection.json"
PET_ENV = EXAMPLES / "pet-store.postman_environment.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

# The example site sets baseUrl, and its snippets read secrets from the
# environment. `generate --secrets env` with the same variables gives what
# each tab must show.
SITE_VARIABLES = {"baseUrl": "http://127.0.0.1:8080"}
LABELS = {"Python": "python", "curl": "curl", "PowerShell": "powershell"}

# Material for MkDocs prints a banner about MkDocs 2.0 unless this is set.
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def expected_snippet(address: str, language: str) -> str:
    collection = load_collection(PET_STORE)
    scope = make_scope(collection, environment=load_environment(PET_ENV), variables=SITE_VARIABLES)
    scope.protect_secrets("env", credential_variables(collection))
    item = next(item for item in collection.requests if item.address == address)
    return generate(collection, item, language, scope=scope, options={"timeout": 30}).code


class TabParser(HTMLParser):
    """Collects tab labels and the text of tab panels, in document order, from built HTML.

    A label counts when it has ``label_class`` or sits in a div of that
    class (Material puts plain labels in ``div.tabbed-labels``).
    """

    def __init__(self, label_class: str, panel_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.label_class = label_class
        self.panel_class = panel_class
        self.labels: list[str] = []
        self.panels: list[str] = []
        self._in_label_div = False
        self._label: list[str] | None = None
        self._panel: list[str] | None = None
        self._panel_depth = 0

    def handle_starttag(self, tag, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "label" and (self._in_label_div or self.label_class in classes):
            self._label = []
        if tag != "div":
            return
        if self._panel is not None:
            self._panel_depth += 1
        elif self.panel_class in classes:
            self._panel = []
            self._panel_depth = 1
        elif self.label_class in classes:
            self._in_label_div = True

    def handle_endtag(self, tag) -> None:
        if tag == "label" and self._label is not None:
            self.labels.append("".join(self._label).strip())
            self._label = None
        if tag != "div":
            return
        if self._panel is not None:
            self._panel_depth -= 1
            if self._panel_depth == 0:
                self.panels.append("".join(self._panel))
                self._panel = None
        else:
            self._in_label_div = False

    def handle_data(self, data) -> None:
        if self._label is not None:
            self._label.append(data)
        if self._panel is not None:
            self._panel.append(data)


def tabs_of(html_text: str, label_class: str, panel_class: str) -> list[tuple[str, str]]:
    parser = TabParser(label_class, panel_class)
    parser.feed(html_text)
    assert len(parser.labels) == len(parser.panels), (parser.labels, len(parser.panels))
    return list(zip(parser.labels, parser.panels))


# --- MkDocs -------------------------------------------------------------------


def mkdocs_build(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("mkdocs")
    # A copy, because the generated pages are written into its docs folder.
    site = work / "docs-site"
    shutil.copytree(SITE, site)
    for name in (PET_STORE.name, PET_ENV.name):
        shutil.copy(EXAMPLES / name, work / name)
    # The generated pages go into the same site, so the strict build also
    # checks that they render and that every index link resolves.
    generated = CliRunner().invoke(
        docs,
        [str(PET_STORE), "--env", str(PET_ENV), "--var", "baseUrl=http://127.0.0.1:8080", "--out", str(site / "docs" / "api")],
    )
    assert generated.exit_code == 0, generated.output
    built = mkdocs_build(site, work / "html")
    assert built.returncode == 0, built.stderr
    return work / "html"


def test_mkdocs_tabs_hold_snippets(mkdocs_site: Path) -> None:
    page = (mkdocs_site / "index.html").read_text(encoding="utf-8")
    tabs = tabs_of(page, "tabbed-labels", "tabbed-block")
    addresses = ["Pets/List pets", "Pets/Get pet", "Auth/Get token"]
    assert [label for label, _ in tabs] == ["Python", "curl", "PowerShell"] * len(addresses)
    for index, (label, text) in enumerate(tabs):
        expected = expected_snippet(addresses[index // 3], LABELS[label])
        assert text.strip() == expected.strip(), f"tab {label} of {addresses[index // 3]}"


def test_mkdocs_page_hides_secret(mkdocs_site: Path) -> None:
    page = (mkdocs_site / "index.html").read_text(encoding="utf-8")
    assert "example-token" not in page
    assert "API_TOKEN" in page


def test_mkdocs_site_links_no_other_host(mkdocs_site: Path) -> None:
    page = (mkdocs_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page
    assert "fonts.gstatic.com" not in page


def test_mkdocs_unknown_marker_fails_strict(tmp_path: Path) -> None:
    site = tmp_path / "docs-site"
    shutil.copytree(SITE, site)
    for name in (PET_STORE.name, PET_ENV.name):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (site / "docs" / "broken.md").write_text("# Broken\n\n<!-- postman-snippets: Pets/No such pet -->\n")
    built = mkdocs_build(site, tmp_path / "html")
    assert built.returncode != 0
    assert "postman-snippets: broken.md" in built.stderr
    assert "Pets/No such pet" in built.stderr


def test_mkdocs_marker_in_code_fence_kept() -> None:
    from types import SimpleNamespace

    from generator.docs.mkdocs_plugin import PostmanSnippetsPlugin
    from generator.docs.source import DocsSource

    plugin = PostmanSnippetsPlugin()
    plugin.source = DocsSource(PET_STORE, env_path=PET_ENV, variables=SITE_VARIABLES)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="syntax.md"))
    marker = "<!-- postman-snippets: Pets/List pets -->"
    markdown = f"Write:\n\n```markdown\n{marker}\n```\n\n- item\n\n    ~~~~\n    {marker}\n    ~~~~\n\n{marker}\n"

    result = plugin.on_page_markdown(markdown, page=page, config=None, files=None)

    assert result.startswith(f"Write:\n\n```markdown\n{marker}\n```\n\n- item\n\n    ~~~~\n    {marker}\n    ~~~~\n\n")
    assert result.count(marker) == 2
    assert result.count('===! "Python"') == 1


def test_mkdocs_adjacent_markers_separate_tabs() -> None:
    # pymdownx.tabbed adds a tab block to the tab set just above it unless
    # the block starts a new set, so two markers in a row made one set.
    from types import SimpleNamespace

    import markdown

    from generator.docs.mkdocs_plugin import PostmanSnippetsPlugin
    from generator.docs.source import DocsSource

    plugin = PostmanSnippetsPlugin()
    plugin.source = DocsSource(PET_STORE, env_path=PET_ENV, variables=SITE_VARIABLES)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="two.md"))
    marker = "<!-- postman-snippets: Pets/List pets -->"

    result = plugin.on_page_markdown(f"{marker}\n\n{marker}\n", page=page, config=None, files=None)
    html = markdown.markdown(
        result,
        extensions=["pymdownx.superfences", "pymdownx.tabbed"],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )

    assert html.count('class="tabbed-set') == 2
    assert html.count("<label ") == 6


def test_mkdocs_secret_equal_to_label_kept(tmp_path: Path) -> None:
    # The tab markup is the plugin's own, so a secret "Python" or "python"
    # must not turn a label or a fence's language into a placeholder.
    from types import SimpleNamespace

    from generator.docs.mkdocs_plugin import PostmanSnippetsPlugin
    from generator.docs.source import DocsSource

    collection = {
        "info": {"name": "Labels", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [
            {"key": "label", "value": "Python", "type": "secret"},
            {"key": "lexer", "value": "python", "type": "secret"},
        ],
        "item": [{"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}],
    }
    collection_path = tmp_path / "labels.postman_collection.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    plugin = PostmanSnippetsPlugin()
    plugin.source = DocsSource(collection_path, languages=["python"])
    page = SimpleNamespace(file=SimpleNamespace(src_uri="read.md"))

    result = plugin.on_page_markdown("<!-- postman-snippets: Read -->\n", page=page, config=None, files=None)

    assert '===! "Python"\n' in result
    assert "    ```python\n" in result


def test_mkdocs_warns_without_tabbed(tmp_path: Path) -> None:
    site = tmp_path / "docs-site"
    shutil.copytree(SITE, site)
    for name in (PET_STORE.name, PET_ENV.name):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    without_tabbed = config.replace("  - pymdownx.tabbed:\n      alternate_style: true\n", "")
    assert without_tabbed != config
    (site / "mkdocs.yml").write_text(without_tabbed, encoding="utf-8")

    built = mkdocs_build(site, tmp_path / "html")

    # --strict turns the warning into a failed build.
    assert built.returncode != 0
    assert "add pymdownx.tabbed to markdown_extensions" in built.stderr


def write_ignored_field_collection(folder: Path) -> Path:
    """Write a collection whose item has the v1 field 'headers', which Postman ignores."""
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "headers": [{"key": "A", "value": "1"}]}
    path = folder / "v1.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "v1"}, "item": [{"name": "Old", "request": request}]}), encoding="utf-8")
    return path


def test_mkdocs_warns_ignored_field(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    collection = write_ignored_field_collection(tmp_path)
    (site / "docs" / "index.md").write_text("# API\n\n<!-- postman-snippets: Old -->\n", encoding="utf-8")
    config = (SITE / "mkdocs.yml").read_text(encoding="utf-8").split("plugins:")[0]
    config += f"plugins:\n  - postman-snippets:\n      collection: {collection}\n"
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")

    built = mkdocs_build(site, tmp_path / "html")

    assert built.returncode != 0
    assert "item 'Old' (at /item/0/request/headers): the request has 'headers'" in built.stderr


def sphinx_build_directive(tmp_path: Path, collection: Path, address: str, *options: str) -> subprocess.CompletedProcess:
    """Build a Sphinx project whose one page has the directive for ``address`` of ``collection``."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'project = "x"\nextensions = ["sphinx_design", "generator.docs.sphinx_ext"]\n'
        f"postman_snippets_collection = {str(collection)!r}\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(f"Title\n=====\n\n.. postman-snippets:: {address}\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *options, "-b", "html", "-q", str(source), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )


def test_sphinx_warns_ignored_field(tmp_path: Path) -> None:
    built = sphinx_build_directive(tmp_path, write_ignored_field_collection(tmp_path), "Old", "-W")

    assert built.returncode != 0
    assert "item 'Old' (at /item/0/request/headers): the request has 'headers'" in built.stderr


def test_sphinx_close_match_hides_secret(tmp_path: Path) -> None:
    secret = "s3cr3t-value-9"
    collection = tmp_path / "named.postman_collection.json"
    document = {
        "info": {"name": "Named"},
        "variable": [{"key": "apiToken", "value": secret}],
        "item": [{"name": f"Get {secret}", "request": {"method": "GET", "url": "http://127.0.0.1:9/x"}}],
    }
    collection.write_text(json.dumps(document), encoding="utf-8")

    built = sphinx_build_directive(tmp_path, collection, f"Get {secret[:-1]}")

    assert "close matches: 'Get <apiToken>'" in built.stderr
    assert f"Get {secret}" not in built.stderr


# --- Sphinx -------------------------------------------------------------------


SPHINX_CONF = f"""
project = "Pet store"
extensions = ["sphinx_design", "generator.docs.sphinx_ext"]
postman_snippets_collection = {str(PET_STORE)!r}
postman_snippets_env = {str(PET_ENV)!r}
postman_snippets_variables = {SITE_VARIABLES!r}
"""

SPHINX_INDEX = """
Pet store
=========

.. postman-snippets:: Pets/List pets

.. postman-snippets:: Get token
   :languages: powershell, curl
"""


def sphinx_build(source: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-q", str(source), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_sphinx_project(folder: Path, index: str) -> Path:
    folder.mkdir()
    (folder / "conf.py").write_text(SPHINX_CONF, encoding="utf-8")
    (folder / "index.rst").write_text(index, encoding="utf-8")
    return folder


def test_sphinx_tabs_hold_snippets(tmp_path: Path) -> None:
    source = make_sphinx_project(tmp_path / "src", SPHINX_INDEX)
    built = sphinx_build(source, tmp_path / "html")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    tabs = tabs_of(page, "sd-tab-label", "sd-tab-content")
    assert [label for label, _ in tabs] == ["Python", "curl", "PowerShell", "PowerShell", "curl"]
    addresses = ["Pets/List pets"] * 3 + ["Auth/Get token"] * 2
    for (label, text), address in zip(tabs, addresses):
        assert text.strip() == expected_snippet(address, LABELS[label]).strip(), f"tab {label} of {address}"


def test_sphinx_tabs_are_synced(tmp_path: Path) -> None:
    source = make_sphinx_project(tmp_path / "src", SPHINX_INDEX)
    assert sphinx_build(source, tmp_path / "html").returncode == 0
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-sync-id="powershell"') == 2
    assert page.count('data-sync-id="curl"') == 2
    assert page.count('data-sync-id="python"') == 1


def test_sphinx_records_collection_dependency(tmp_path: Path) -> None:
    source = make_sphinx_project(tmp_path / "src", SPHINX_INDEX)
    from sphinx.application import Sphinx

    app = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html", status=None)
    app.build()
    assert str(PET_STORE) in {str(path) for path in app.env.dependencies["index"]}


def test_sphinx_collection_option_is_relative(tmp_path: Path) -> None:
    source = make_sphinx_project(
        tmp_path / "src", "Title\n=====\n\n.. postman-snippets:: Purge cache\n   :collection: api/pets.json\n"
    )
    (source / "api").mkdir()
    shutil.copy(PET_STORE, source / "api" / "pets.json")
    built = sphinx_build(source, tmp_path / "html")
    assert built.returncode == 0, built.stderr
    assert "PURGE" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_sphinx_unknown_item_fails_with_w(tmp_path: Path) -> None:
    source = make_sphinx_project(tmp_path / "src", "Title\n=====\n\n.. postman-snippets:: Pets/No such pet\n")
    built = sphinx_build(source, tmp_path / "html")
    assert built.returncode != 0
    assert "Pets/No such pet" in built.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('postman_snippets_secrets = "inline"', "postman_snippets_secrets must be one of env, placeholder, got 'inline'"),
        ('postman_snippets_languages = ["python", "rust"]', "postman_snippets_languages: unknown language 'rust'"),
    ],
)
def test_sphinx_bad_setting_is_config_error(tmp_path: Path, setting: str, expected: str) -> None:
    source = make_sphinx_project(tmp_path / "src", SPHINX_INDEX)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(setting + "\n")

    built = sphinx_build(source, tmp_path / "html")

    # Sphinx 9 prints every error with a short traceback; a ConfigError
    # gets its own heading in place of an unexpected ValueError.
    assert built.returncode != 0
    assert "Configuration error!" in built.stderr
    assert expected in built.stderr
    assert "ValueError" not in built.stderr


# --- browser ------------------------------------------------------------------


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Any host name fails to resolve, so the page can load nothing but the
    # local server, which is addressed by IP.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


@pytest.fixture
def local_server(mkdocs_site: Path):
    handler = functools.partial(QuietHandler, directory=str(mkdocs_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def browser(tmp_path: Path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_argument("--window-size=1280,1600")
    # Giving the driver path keeps Selenium Manager, which downloads drivers, from running.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_browser_powershell_tab_shows_snippet(browser, local_server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(local_server)
    tab_set = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set")[0]
    labels = tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-labels > label")
    blocks = tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-content > .tabbed-block")
    assert [label.text for label in labels] == ["Python", "curl", "PowerShell"]
    assert blocks[0].is_displayed()
    assert not blocks[2].is_displayed()

    labels[2].click()

    assert blocks[2].is_displayed()
    assert not blocks[0].is_displayed()
    expected = expected_snippet("Pets/List pets", "powershell")
    # WebElement.text drops trailing spaces and blank lines, so compare the
    # non-blank lines, stripped.
    expected_lines = [line.strip() for line in expected.splitlines() if line.strip()]
    displayed_lines = [line.strip() for line in blocks[2].text.splitlines() if line.strip()]
    assert displayed_lines == expected_lines


def test_browser_request_page_renders_tabs(browser, local_server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(local_server + "api/pets/list-pets/")
    labels = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-labels > label")
    assert [label.text for label in labels] == ["Python", "curl", "PowerShell"]
    labels[2].click()
    block = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-content > .tabbed-block")[2]
    assert block.is_displayed()
    assert "Invoke-RestMethod @request" in block.text
    # Kept for a person to look at; the assertions above are the test.
    browser.save_screenshot("/tmp/postman-snippets-request-page.png")
