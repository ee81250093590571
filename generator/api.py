"""The library interface: load a collection and generate snippets for its items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ItemError
from .loader import load_collection, load_environment
from .model import Collection, RequestItem, Variable
from .quoting import QuotingError
from .runtime_auth import for_target
from .secret_output import add_secret_notice
from .variables import VariableScope
from .wire import WireRequest, build_wire_request

__all__ = ["GenerateResult", "generate", "load_collection", "load_environment", "make_scope"]


@dataclass(frozen=True)
class GenerateResult:
    code: str
    warnings: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = field(default=())


def make_scope(
    collection: Collection,
    *,
    globals_: tuple[Variable, ...] = (),
    environment: tuple[Variable, ...] = (),
    variables: Mapping[str, str] | None = None,
) -> VariableScope:
    """Build the variable scope in Postman's order of precedence, lowest first."""
    return VariableScope(globals_, collection.variables, environment, dict(variables or {}))


def generate(
    collection: Collection,
    item: RequestItem,
    language: str,
    *,
    variables: Mapping[str, str] | None = None,
    env_file: str | Path | None = None,
    scope: VariableScope | None = None,
    options: Mapping[str, object] | None = None,
    wire: WireRequest | None = None,
) -> GenerateResult:
    """Render one item in one language; raise ItemError when it cannot be rendered."""
    from .render import render, target
    from .targets import UnknownTargetError

    if scope is None:
        environment = load_environment(env_file) if env_file else ()
        scope = make_scope(collection, environment=environment, variables=variables)
    before = set(scope.unresolved)
    if wire is None:
        wire = build_wire_request(item, scope)
    try:
        selected = target(language)
    except UnknownTargetError as error:
        raise ValueError(str(error)) from None
    language_wire = for_target(wire, selected)
    try:
        code = render(wire, item.examples, language, dict(options or {}))
        code = _add_notice(code, selected, language_wire, dict(options or {}))
    except QuotingError as error:
        raise ItemError(f"cannot be written in {language}: {error}", address=item.address, pointer=item.pointer) from None
    unresolved = tuple(name for name in scope.unresolved if name not in before)
    return GenerateResult(code=code, warnings=language_wire.notes, unresolved=unresolved)


def _add_notice(code: str, selected, wire: WireRequest, options: dict) -> str:
    """Add the secrets notice and check in the comment syntax of ``selected``."""
    # A REM comment marks a cmd.exe batch file, whose check differs from bash's.
    batch_file = selected.comment_prefix == "REM "
    noticed = add_secret_notice(code, selected.family or selected.name, wire, batch_file=batch_file, options=options)
    if selected.comment_prefix == "# " or noticed == code:
        return noticed
    # add_secret_notice writes "# " comments after the first line.
    first, _, rest = noticed.partition("\n")
    lines = rest.split("\n")
    added = len(lines) - (code.count("\n"))
    for index in range(max(added, 0)):
        if lines[index].startswith("# "):
            lines[index] = selected.comment_prefix + lines[index][2:]
    return "\n".join([first, *lines])
