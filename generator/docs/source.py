"""A collection loaded for documentation: item lookup and redacted snippets.

The command line, the MkDocs plugin and the Sphinx extension all read a
collection through :class:`DocsSource`, so the three show the same snippets
and keep the same secrets out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import generate, load_collection, load_environment, make_scope
from ..errors import ItemError, quote_address
from ..loader import (
    close_addresses,
    lookup_address,
    ordinal_addresses_of,
    ordinal_range,
    skipped_reasons,
    unescaped_slash_matches,
)
from ..model import Collection, RequestItem
from ..secret_output import credential_variables, protect_credentials
from ..variables import VariableScope, is_secret_name
from ..wire import WireRequest, build_wire_request
from .redact import Redactor, collect_secret_values, file_credentials, redact_item_json

__all__ = ["DOCS_SECRET_MODES", "LANGUAGES", "DocsSource", "ItemNotFound", "Snippet", "check_languages", "tab_style"]

# Language name, tab label and Pygments lexer of the tabs written by
# default, in tab order. tab_style covers every other registered target.
LANGUAGES: dict[str, tuple[str, str]] = {
    "python": ("Python", "python"),
    "curl": ("curl", "bash"),
    "powershell": ("PowerShell", "powershell"),
}
# The tab label and lexer of the other built-in targets.
_VARIANT_TABS: dict[str, tuple[str, str]] = {
    "python-httpx": ("Python (httpx)", "python"),
    "python-stdlib": ("Python (urllib)", "python"),
    "curl-powershell": ("curl (PowerShell)", "powershell"),
    "curl-cmd": ("curl (cmd.exe)", "batch"),
    "powershell-5": ("Windows PowerShell 5.1", "powershell"),
}
# The lexer of a target registered by another package, by file extension.
_LEXERS_BY_EXTENSION = {".py": "python", ".sh": "bash", ".ps1": "powershell", ".cmd": "batch", ".bat": "batch"}


def tab_style(language: str) -> tuple[str, str]:
    """Return the tab label and Pygments lexer of ``language``; raise UnknownTargetError for an unregistered name."""
    if language in LANGUAGES:
        return LANGUAGES[language]
    if language in _VARIANT_TABS:
        return _VARIANT_TABS[language]
    from ..targets import load_target

    extension = load_target(language).extension
    return language, _LEXERS_BY_EXTENSION.get(extension, "text")


def check_languages(languages: Iterable[str]) -> None:
    """Raise ValueError naming the first language that no target is registered under, with the accepted values."""
    from ..targets import available_targets

    accepted = available_targets()
    for language in languages:
        if language not in accepted:
            raise ValueError(f"unknown language {language!r}; accepted values: {', '.join(accepted)}")

# The options the `generate` command uses by default.
DEFAULT_OPTIONS: dict[str, object] = {"timeout": 30, "parse_response": True}
# The ways snippets on a page write secrets: reads of environment variables, or <NAME> placeholders.
DOCS_SECRET_MODES = ("env", "placeholder")


class ItemNotFound(LookupError):
    """No item, or more than one, has the requested address. The message lists close matches."""


@dataclass(frozen=True)
class Snippet:
    """One language's snippet for an item, or the reason it could not be generated."""

    language: str
    code: str | None
    error: str | None = None

    @property
    def label(self) -> str:
        return tab_style(self.language)[0]

    @property
    def lexer(self) -> str:
        return tab_style(self.language)[1]


@dataclass
class RenderedItem:
    """The parts of a request page that depend on the variable scope."""

    item: RequestItem
    wire: WireRequest | None
    snippets: list[Snippet]
    problems: list[str] = field(default_factory=list)


class DocsSource:
    """A collection, its environment and variables, ready to render pages from.

    Unless ``show_secrets`` is true, no secret value reaches a page. With
    ``secrets="env"`` (the default) the snippets read each secret from an
    environment variable, as ``generate --secrets env`` writes them. With
    ``secrets="placeholder"`` secret variables resolve to ``<NAME>`` and
    auth credentials are replaced by placeholders before any snippet is
    generated. In both modes the item JSON, descriptions and example
    responses show ``<NAME>`` in place of each secret value. A variable
    counts as secret when the collection or the environment file marks it
    so, even when ``variables`` overrides its value.

    Raises :class:`generator.errors.InputError` when a file cannot be read.
    """

    def __init__(
        self,
        collection_path: str | Path,
        *,
        env_path: str | Path | None = None,
        variables: Mapping[str, str] | None = None,
        languages: Iterable[str] | None = None,
        show_secrets: bool = False,
        options: Mapping[str, object] | None = None,
        secrets: str = "env",
    ) -> None:
        if secrets not in DOCS_SECRET_MODES:
            raise ValueError(f"secrets must be one of {', '.join(DOCS_SECRET_MODES)}; got {secrets!r}")
        self.collection_path = Path(collection_path)
        self.env_path = Path(env_path) if env_path else None
        self.collection: Collection = load_collection(self.collection_path)
        environment = load_environment(self.env_path) if self.env_path else ()
        overrides = dict(variables or {})
        self.languages = tuple(languages or LANGUAGES)
        check_languages(self.languages)
        self.show_secrets = show_secrets
        self.secrets = secrets
        self.options = dict(DEFAULT_OPTIONS if options is None else options)
        self._document = self._read_document()

        # The names that the snippets write as secrets (VariableScope.is_sensitive):
        # marked secret in a file, used in an auth credential, or named like a secret.
        credential_names = set(credential_variables(self.collection))
        secret_names = {
            variable.key
            for layer in (self.collection.variables, environment)
            for variable in layer
            if variable.secret or variable.key in credential_names or is_secret_name(variable.key)
        }
        secret_names.update(name for name in overrides if name in credential_names or is_secret_name(name))
        real_scope = make_scope(self.collection, environment=environment, variables=overrides)
        self._real_scope = real_scope
        if show_secrets:
            self.scope: VariableScope = real_scope
            self.redact_text = Redactor({})
            return
        secret_values = collect_secret_values(
            self.collection.requests,
            (self.collection.variables, environment),
            overrides,
            secret_names,
            real_scope.resolve,
        )
        for value, name in file_credentials(self._document).items():
            secret_values.setdefault(value, name)
        self.redact_text = Redactor(secret_values)
        # The snippets write secrets as `generate --secrets env|placeholder`
        # does: environment reads or <NAME>, with the comment that lists them.
        self.scope = make_scope(self.collection, environment=environment, variables=overrides)
        self.scope.protect_secrets(secrets, credential_names)

    @property
    def unresolved(self) -> list[str]:
        """Return the names left as ``{{name}}`` so far, auth credentials included."""
        # Credentials are replaced by secret markers before the snippets are
        # generated, so only the real scope saw which of them have no value.
        return list(dict.fromkeys([*self._real_scope.unresolved, *self.scope.unresolved]))

    # --- lookup -------------------------------------------------------------

    def find(self, address: str) -> RequestItem:
        """Return the item at ``address``.

        Leading folders may be left out when the rest is unique, and
        ``#N`` picks one of the items that share an address.
        """
        requests = self.collection.requests
        found = lookup_address(requests, address)
        if not (found.items or found.ambiguous or found.hint) and address.strip() != address:
            found = lookup_address(requests, address.strip())
        if len(found.items) == 1:
            return found.items[0]
        if found.items:
            count = len(found.items)
            raise ItemNotFound(
                f"{count} items share the address {quote_address(found.items[0].address)};"
                f" add {ordinal_range(count)} to pick one, as `postman-snippets list` prints them"
            )
        if found.ambiguous:
            listing = ", ".join(map(quote_address, ordinal_addresses_of(requests, found.ambiguous)))
            raise ItemNotFound(f"{quote_address(address)} matches several items: {listing}; write more of the folder path")
        if found.hint:
            raise ItemNotFound(f"no item {quote_address(address)} in {self.collection_path}: {found.hint}")
        skipped = skipped_reasons(self.collection, address)
        if len(skipped) == 1:
            raise ItemNotFound(f"{quote_address(address)} was skipped: {skipped[0]}")
        if skipped:
            raise ItemNotFound(f"the {len(skipped)} items at {quote_address(address)} were skipped: {'; '.join(skipped)}")
        slash_matches = unescaped_slash_matches(address, requests)
        if slash_matches:
            listed = ", ".join(map(quote_address, slash_matches))
            raise ItemNotFound(
                f"no item {quote_address(address)} in {self.collection_path}; write a '/' inside a name as '\\/', as in {listed}"
            )
        close, case_only = close_addresses(address, requests)
        hint = f"; close matches: {', '.join(quote_address(name) for name in close)}" if close else ""
        if case_only:
            hint = "; addresses are case-sensitive" + hint
        raise ItemNotFound(f"no item {quote_address(address)} in {self.collection_path}{hint}")

    # --- rendering ----------------------------------------------------------

    def render(self, item: RequestItem, languages: Iterable[str] | None = None) -> RenderedItem:
        """Generate the snippets of ``item`` in ``languages``, by default the configured ones.

        The code and error message of each snippet come with their secrets
        replaced. The problems do not: their callers replace them.
        """
        # The scope turns each secret variable into a marker, and
        # protect_credentials does the same for each literal credential.
        redacted = item if self.show_secrets else protect_credentials(item, self.secrets)
        try:
            wire = build_wire_request(redacted, self.scope)
        except ItemError as error:
            return RenderedItem(item, None, [], [str(error)])
        rendered = RenderedItem(item, wire, [])
        for language in languages or self.languages:
            try:
                result = generate(
                    self.collection, redacted, language, scope=self.scope, options=self.options, wire=wire
                )
            except ItemError as error:
                # The tab shows the message escaped, where a secret is no longer found.
                rendered.snippets.append(Snippet(language, None, self.redact_text(error.message)))
                rendered.problems.append(f"{error} [{language}]")
                continue
            rendered.snippets.append(Snippet(language, self.redact_text(result.code)))
        return rendered

    def item_json(self, item: RequestItem) -> str | None:
        """Return the item as written in the collection file, credentials replaced, or None if unreadable."""
        node = self._resolve_pointer(item.pointer)
        if node is None:
            return None
        if not self.show_secrets:
            node = redact_item_json(node)
        try:
            text = json.dumps(node, indent=2, ensure_ascii=False)
        except (RecursionError, ValueError):
            return None
        return self.redact_text(text)

    def _read_document(self) -> Any:
        # The loader has already parsed this file, so it is valid JSON; only
        # nesting deeper than Python's recursion limit can fail here.
        try:
            return json.loads(self.collection_path.read_bytes().decode("utf-8-sig"))
        except (RecursionError, ValueError, OSError):
            return None

    def _resolve_pointer(self, pointer: str) -> Any:
        node = self._document
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                return None
        return node

