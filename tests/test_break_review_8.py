"""Inputs that broke the docs pages, the response-parsing code or a re-run, found by a review."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest

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
