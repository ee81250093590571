"""MkDocs plugin: replace ``<!-- postman-snippets: ADDRESS -->`` markers with snippet tabs.

Enable it in mkdocs.yml::

    plugins:
      - postman-snippets:
          collection: api.postman_collection.json
          env: local.postman_environment.json   # optional
          languages: [python, curl, powershell]  # optional, the tab order
          variables: {baseUrl: https://api.example.com}  # optional
          secrets: env   # optional: env (the default) or placeholder

Paths are relative to mkdocs.yml. The tabs use pymdownx.tabbed syntax, so
the site needs the pymdownx.tabbed and pymdownx.superfences extensions.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..errors import InputError
from ..targets import available_targets
from .markdown import snippet_tabs
from .source import DOCS_SECRET_MODES, LANGUAGES, DocsSource, ItemNotFound

__all__ = ["MARKER_PATTERN", "PostmanSnippetsPlugin"]

# MkDocs prefixes each message with the name up to its first dot, so
# __name__ would show "generator" instead of the plugin's name.
log = get_plugin_logger("postman-snippets")

# A marker stands on a line of its own. Its indentation is kept, so a marker
# inside a list item or an admonition produces tabs at that depth.
MARKER_PATTERN = re.compile(r"^(?P<indent>[ \t]*)<!--\s*postman-snippets:\s*(?P<address>.*?)\s*-->[ \t]*$", re.MULTILINE)

# An opening code fence at any indentation: pymdownx.superfences nests fences
# in list items and admonitions, where a marker is replaced too.
_ANY_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


# The Markdown extensions that render the tabs that snippet_tabs writes.
REQUIRED_EXTENSIONS = ("pymdownx.tabbed", "pymdownx.superfences")


def _fenced_lines(lines: list[str]) -> list[bool]:
    """Mark each line that belongs to a fenced code block, its fence lines included.

    A block closes at a line of only the opening fence's character, at
    least as many of them as opened it.
    """
    marks = []
    fence: str | None = None
    for line in lines:
        match = _ANY_FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
            marks.append(fence is not None)
            continue
        marks.append(True)
        if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip(" \t" + fence[0]):
            fence = None
    return marks


class PostmanSnippetsConfig(base.Config):
    collection = options.Type(str)
    env = options.Optional(options.Type(str))
    languages = options.ListOfItems(options.Choice(available_targets()), default=list(LANGUAGES))
    variables = options.Type(dict, default={})
    secrets = options.Choice(DOCS_SECRET_MODES, default="env")
    show_secrets = options.Type(bool, default=False)


class PostmanSnippetsPlugin(BasePlugin[PostmanSnippetsConfig]):
    """A plugin that loads the collection once per build and fills in the markers of every page."""

    def __init__(self) -> None:
        self.source: DocsSource | None = None
        self._collection_path: Path | None = None
        self._env_path: Path | None = None

    def on_config(self, config):
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self._collection_path = base_dir / self.config.collection
        self._env_path = base_dir / self.config.env if self.config.env else None
        missing = [name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            # Without them the tabs show as plain "=== " text and code fences.
            log.warning(
                "add %s to markdown_extensions in mkdocs.yml; the snippet tabs need %s",
                " and ".join(missing),
                "them" if len(missing) > 1 else "it",
            )
        return config

    def on_pre_build(self, *, config) -> None:
        # Runs before every build, so `mkdocs serve` rereads a changed collection.
        variables = {str(name): str(value) for name, value in self.config.variables.items()}
        try:
            self.source = DocsSource(
                self._collection_path,
                env_path=self._env_path,
                variables=variables,
                languages=self.config.languages,
                show_secrets=self.config.show_secrets,
                secrets=self.config.secrets,
            )
        except InputError as error:
            raise PluginError(f"postman-snippets: {error}") from None
        for problem in self.source.collection.problems:
            log.warning("skipped %s", self.source.redact_text(problem))

    def on_serve(self, server, *, config, builder):
        for path in (self._collection_path, self._env_path):
            if path is not None:
                server.watch(str(path))
        return server

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        source = self.source
        if source is None:
            return markdown

        def replace(match: re.Match[str]) -> str:
            address = match.group("address")
            try:
                item = source.find(address)
            except ItemNotFound as error:
                # The close matches it lists are names, which may repeat a secret value.
                log.warning("%s: marker %r: %s", page.file.src_uri, match.group(0).strip(), source.redact_text(str(error)))
                return match.group(0)
            rendered = source.render(item)
            for problem in (*item.notices, *rendered.problems):
                log.warning("%s: marker %r: %s", page.file.src_uri, match.group(0).strip(), source.redact_text(problem))
            # The snippets come redacted, and the tab syntax around them contains no secret.
            # Each marker gets a tab set of its own, even right below another one.
            tabs = snippet_tabs(rendered.snippets, match.group("indent"), new_set=True)
            # Blank lines around the tabs start a new block even when the
            # marker sits right under a paragraph.
            return "\n" + tabs + "\n"

        # A marker inside a fenced code block is an example of the syntax, so it stays.
        lines = markdown.split("\n")
        in_code = _fenced_lines(lines)
        for index, line in enumerate(lines):
            if not in_code[index] and "postman-snippets" in line:
                marker = MARKER_PATTERN.fullmatch(line)
                if marker is not None:
                    lines[index] = replace(marker)
        return "\n".join(lines)
