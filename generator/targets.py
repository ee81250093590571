"""Targets: the client code a snippet can be written as, found through entry points.

A target is registered as an entry point of the ``postman_snippets.targets``
group whose name is the ``--lang`` value and whose object is a
:class:`Target`. The built-in targets are registered the same way in
pyproject.toml. ``BUILTIN_TARGETS`` repeats those entry points, so a source
checkout whose installed metadata predates a target still finds it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

__all__ = [
    "BUILTIN_TARGETS",
    "DEFAULT_LANGUAGES",
    "ENTRY_POINT_GROUP",
    "Target",
    "UnknownTargetError",
    "available_targets",
    "load_target",
]

ENTRY_POINT_GROUP = "postman_snippets.targets"

# The languages written when no --lang is given.
DEFAULT_LANGUAGES = ("python", "curl", "powershell")

# Entry point name -> "module:attribute", as in pyproject.toml.
BUILTIN_TARGETS = {
    "python": "generator.languages.python:TARGET",
    "python-httpx": "generator.languages.python_variants:PYTHON_HTTPX",
    "python-stdlib": "generator.languages.python_variants:PYTHON_STDLIB",
    "curl": "generator.languages.curl:TARGET",
    "curl-powershell": "generator.languages.curl_shells:CURL_POWERSHELL",
    "curl-cmd": "generator.languages.curl_shells:CURL_CMD",
    "powershell": "generator.languages.powershell:TARGET",
    "powershell-5": "generator.languages.powershell5:TARGET",
}


@dataclass(frozen=True)
class Target:
    """A kind of client code: its templates, quoting filters, file extension, context builder and formatter.

    ``template`` is the name of the entry template, looked up first in a
    ``--templates`` folder, then in ``template_folder`` (a target shipped
    outside this package keeps its templates there), then in the packaged
    templates. ``filters`` are the Jinja filters its templates use besides
    ``comment``, which every target gets. ``build_context`` returns the
    template's values for a wire request, its saved examples and the
    generation options. ``format`` takes the rendered code and the options.
    ``comment_prefix`` starts a line comment, for the secrets notice that
    is added after rendering. ``family`` is the base language whose response
    parse plans and secrets notice the target shares. ``variable_style``
    names the variables that ``--variables hoist`` writes at the top of the
    snippet (one of generator.hoist.NAME_STYLES); a target without one
    rejects that mode, because its templates do not write the definitions.
    ``runtime_auth`` names the auth types (Postman's names, such as
    ``oauth1``) that the templates sign when the snippet runs; the snippet of
    any other such auth gets a note instead.
    """

    name: str
    extension: str
    template: str
    build_context: Callable[..., dict]
    filters: Mapping[str, Callable[..., str]] = field(default_factory=dict)
    format: Callable[[str, Mapping[str, object]], str] | None = None
    template_folder: Path | None = None
    family: str = ""
    comment_prefix: str = "# "
    variable_style: str | None = None
    runtime_auth: frozenset[str] = frozenset()


class UnknownTargetError(ValueError):
    """A language name that no target is registered under."""

    def __init__(self, name: str) -> None:
        self.name = name
        from .errors import close_choice_hint

        hint = close_choice_hint(name, available_targets())
        accepted = ", ".join(available_targets())
        super().__init__(f"unknown language {name!r}{hint}; accepted values: {accepted}")


@functools.lru_cache(maxsize=1)
def _registered() -> dict[str, str]:
    """Return every target name with its ``module:attribute`` reference."""
    # Imported here because a replayed run needs only BUILTIN_TARGETS.
    from importlib import metadata

    references = dict(BUILTIN_TARGETS)
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        references[entry_point.name] = entry_point.value
    return references


def available_targets() -> tuple[str, ...]:
    """Return the names accepted by ``--lang``: the built-in targets first, then the others sorted."""
    registered = _registered()
    others = sorted(name for name in registered if name not in BUILTIN_TARGETS)
    return tuple(BUILTIN_TARGETS) + tuple(others)


@functools.lru_cache(maxsize=None)
def load_target(name: str) -> Target:
    """Import and return the target registered as ``name``; raise UnknownTargetError for other names."""
    reference = _registered().get(name)
    if reference is None:
        raise UnknownTargetError(name)
    from importlib import metadata

    entry_point = metadata.EntryPoint(name=name, value=reference, group=ENTRY_POINT_GROUP)
    loaded = entry_point.load()
    if callable(loaded) and not isinstance(loaded, Target):
        loaded = loaded()  # a factory function
    if not isinstance(loaded, Target):
        raise TypeError(f"entry point {name!r} ({reference}) of group {ENTRY_POINT_GROUP} is not a Target")
    if loaded.name != name:
        raise TypeError(f"entry point {name!r} ({reference}) returns the target named {loaded.name!r}")
    return loaded
