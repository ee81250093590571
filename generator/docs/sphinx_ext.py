"""Sphinx extension: the ``postman-snippets`` directive renders an item's snippets as tabs.

In conf.py::

    extensions = ["sphinx_design", "generator.docs.sphinx_ext"]
    postman_snippets_collection = "api.postman_collection.json"  # relative to conf.py
    postman_snippets_env = "local.postman_environment.json"      # optional

In a document::

    .. postman-snippets:: Folder/Item name
       :languages: python, curl
       :collection: other.postman_collection.json
       :env: other.postman_environment.json

The options override the conf.py values. Their paths are relative to the
document, or to the source folder when they start with ``/``, as for
``literalinclude``. The tabs are a sphinx-design ``tab-set`` whose
items carry ``:sync:`` keys, so choosing a language on one set switches all
of them on the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..errors import InputError
from .source import DOCS_SECRET_MODES, LANGUAGES, DocsSource, ItemNotFound, check_languages

__all__ = ["PostmanSnippetsDirective", "setup"]

logger = logging.getLogger(__name__)

# Loaded collections by their settings and file modification times, so a
# build reads each collection once and a changed file is read again.
_SOURCES: dict[tuple, DocsSource] = {}


def _languages(argument: str) -> list[str]:
    names = [name.strip() for name in argument.replace(",", " ").split() if name.strip()]
    if not names:
        raise ValueError(f"no language named in {argument!r}; give one or more names")
    check_languages(names)
    return names


def _modified(path: Path | None) -> int | None:
    try:
        return path.stat().st_mtime_ns if path is not None else None
    except OSError:
        return None


def load_source(
    collection: Path, env: Path | None, variables: dict[str, str], show_secrets: bool, secrets: str = "env"
) -> DocsSource:
    """Return the loaded collection, reading it again only when a file changed."""
    key = (
        str(collection),
        _modified(collection),
        str(env) if env else None,
        _modified(env),
        tuple(sorted(variables.items())),
        show_secrets,
        secrets,
    )
    if key not in _SOURCES:
        _SOURCES[key] = DocsSource(
            collection, env_path=env, variables=variables, show_secrets=show_secrets, secrets=secrets
        )
    return _SOURCES[key]


class PostmanSnippetsDirective(SphinxDirective):
    """``.. postman-snippets:: ADDRESS``: one tab per language with the item's snippet."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "collection": directives.path,
        "env": directives.path,
        "languages": _languages,
    }

    def run(self) -> list[nodes.Node]:
        address = self.arguments[0]
        collection = self._path("collection", self.config.postman_snippets_collection)
        if collection is None:
            return self._warn(f"no collection for {address!r}: set :collection: or postman_snippets_collection")
        env = self._path("env", self.config.postman_snippets_env)
        self.env.note_dependency(str(collection))
        if env is not None:
            self.env.note_dependency(str(env))
        languages = self.options.get("languages") or list(self.config.postman_snippets_languages)
        variables = {str(name): str(value) for name, value in self.config.postman_snippets_variables.items()}
        try:
            source = load_source(
                collection,
                env,
                variables,
                self.config.postman_snippets_show_secrets,
                self.config.postman_snippets_secrets,
            )
        except InputError as error:
            return self._warn(str(error))
        try:
            item = source.find(address)
        except ItemNotFound as error:
            # The close matches it lists are names, which may repeat a secret value.
            return self._warn(source.redact_text(str(error)))
        rendered = source.render(item, languages)
        # The MkDocs plugin and `docs` report the collection's problems once
        # per build. A directive reports those of its own item.
        for message in item.skipped_examples:
            logger.warning("postman-snippets: skipped %s", source.redact_text(message), location=self.get_location())
        for notice in item.notices:
            logger.warning("postman-snippets: %s", source.redact_text(notice), location=self.get_location())
        for problem in rendered.problems:
            logger.warning("postman-snippets: %s", source.redact_text(problem), location=self.get_location())

        container = nodes.container(classes=["postman-snippets"])
        # The snippets come redacted, and the tab syntax around them contains no secret.
        text = _tab_set_rst(rendered.snippets)
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]), 0, container)
        return container.children

    def _path(self, option: str, configured: str | None) -> Path | None:
        """Resolve an option's path against the document, or fall back to the conf.py value."""
        if option in self.options:
            _, absolute = self.env.relfn2path(self.options[option], self.env.docname)
            return Path(absolute)
        if configured:
            return Path(configured)  # made absolute by _resolve_config_paths
        return None

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning("postman-snippets: %s", message, location=self.get_location())
        return []


def _tab_set_rst(snippets) -> str:
    """Return reStructuredText for a sphinx-design tab set, one synced tab per snippet."""
    lines = [".. tab-set::", "    :class: postman-snippets", ""]
    for snippet in snippets:
        lines += [f"    .. tab-item:: {snippet.label}", f"        :sync: {snippet.language}", ""]
        if snippet.code is None:
            lines += [f"        This request cannot be written in {snippet.label}: {_rst_text(snippet.error or '')}", ""]
            continue
        lines += [f"        .. code-block:: {snippet.lexer}", ""]
        lines += [f"            {line}" if line else "" for line in snippet.code.rstrip("\n").split("\n")]
        lines.append("")
    return "\n".join(lines)


def _rst_text(text: str) -> str:
    """Return ``text`` on one line, with a backslash before every character that reStructuredText could read as markup.

    An error message quotes values from the collection, which would
    otherwise become links (a javascript: URL too), emphasis or
    substitution references.
    """
    return re.sub(r"([^\w\s])", r"\\\1", " ".join(text.split()))


def _check_config(app, config) -> None:
    """Raise ConfigError for a conf.py value that every directive would fail on."""
    if config.postman_snippets_secrets not in DOCS_SECRET_MODES:
        raise ConfigError(
            f"postman_snippets_secrets must be one of {', '.join(DOCS_SECRET_MODES)},"
            f" got {config.postman_snippets_secrets!r}; set postman_snippets_show_secrets = True"
            " to show the real values"
        )
    try:
        check_languages(config.postman_snippets_languages)
    except ValueError as error:
        raise ConfigError(f"postman_snippets_languages: {error}") from None


def _resolve_config_paths(app, config) -> None:
    """Make the conf.py paths absolute, relative to the folder of conf.py."""
    for name in ("postman_snippets_collection", "postman_snippets_env"):
        value = getattr(config, name)
        if value:
            setattr(config, name, str(Path(app.confdir, value).resolve()))


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    app.add_config_value("postman_snippets_collection", None, "env", types=(str,))
    app.add_config_value("postman_snippets_env", None, "env", types=(str,))
    app.add_config_value("postman_snippets_languages", list(LANGUAGES), "env", types=(list, tuple))
    app.add_config_value("postman_snippets_variables", {}, "env", types=(dict,))
    app.add_config_value("postman_snippets_show_secrets", False, "env", types=(bool,))
    app.add_config_value("postman_snippets_secrets", "env", "env", types=(str,))
    app.add_directive("postman-snippets", PostmanSnippetsDirective)
    app.connect("config-inited", _check_config)
    app.connect("config-inited", _resolve_config_paths)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
