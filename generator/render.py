"""Render a wire request into code through each target's Jinja templates."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import jinja2

from . import dynamic, hoist, quoting
from .model import Example
from .quoting import QuotingError
from .targets import DEFAULT_LANGUAGES, Target, load_target
from .wire import WireRequest, wire_texts

__all__ = ["LANGUAGES", "Target", "environment", "render", "target", "template_folder"]

# The languages written when none is named; every registered target is
# listed by generator.targets.available_targets.
LANGUAGES = DEFAULT_LANGUAGES


def template_folder() -> Path:
    """Return the folder of the packaged templates.

    An installed wheel carries them inside the package; a source checkout
    keeps them in the top-level ``templates/`` folder.
    """
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


# The filters of the built-in targets. py, sh and ps quote a value as a
# string expression of the language; Postman's dynamic variables in it
# become reads of run-time values.
STANDARD_FILTERS = {"py": dynamic.py_expr, "py_operand": dynamic.py_operand, "sh": dynamic.sh_expr, "ps": dynamic.ps_expr}


@functools.lru_cache(maxsize=None)
def environment(language: str | None = None, overrides: str | None = None) -> jinja2.Environment:
    """Return the Jinja environment of ``language`` (default: one with the standard filters).

    Templates in the ``overrides`` folder replace the packaged ones of the
    same name, file by file.
    """
    folders = [str(template_folder())]
    filters: dict = dict(STANDARD_FILTERS)
    if language is not None:
        selected = load_target(language)
        filters = dict(selected.filters)
        if selected.template_folder is not None:
            folders.insert(0, str(selected.template_folder))
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(folder) for folder in folders]
    if overrides is not None:
        loaders.insert(0, jinja2.FileSystemLoader(overrides))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(filters, comment=quoting.comment_text)
    return env


def target(language: str) -> Target:
    """Return the target registered as ``language``; raise UnknownTargetError for other names."""
    return load_target(language)


def render(wire: WireRequest, examples: tuple[Example, ...], language: str, options: Mapping | None = None) -> str:
    """Return the snippet for ``wire`` in ``language``, formatted.

    ``options["templates"]``, when set, is a folder of override templates.
    """
    options = dict(options or {})
    selected = target(language)
    hoisted = _hoisted_names(wire, selected)
    # The response-parsing code must not reuse a hoisted variable's name.
    options["reserved_names"] = tuple(variable.code_name for variable in hoisted)
    used = dynamic.dynamic_names(wire_texts(wire))
    env = environment(language, options.get("templates"))

    def render_with(definitions: list[dynamic.HoistedName]) -> tuple[str, set[str]]:
        with dynamic.naming_hoisted(hoisted) as referenced:
            context = selected.build_context(wire, examples, options)
            code = env.get_template(selected.template).render(
                wire=wire,
                dynamic=[(name, dynamic.DYNAMIC_VARIABLES[name]) for name in used],
                dynamic_imports=sorted({module for name in used for module in dynamic.DYNAMIC_VARIABLES[name].python_imports}),
                hoisted=definitions,
                **context,
            )
        return code, referenced

    code, referenced = render_with([])
    if hoisted:
        # The first pass finds the hoisted variables the snippet refers to.
        # A language may write a variable resolved in every place (curl
        # encodes a form value with a space itself, for example), and such
        # a variable gets no definition.
        code, _ = render_with([variable for variable in hoisted if variable.name in referenced])
    code = code.rstrip("\n") + "\n"
    if selected.format is not None:
        code = selected.format(code, options)
    return code


def _hoisted_names(wire: WireRequest, selected: Target) -> list[dynamic.HoistedName]:
    """Name the variables that ``wire`` hoists, in the style of ``selected``."""
    if not wire.hoisted:
        return []
    if selected.variable_style is None:
        raise QuotingError(f"the {selected.name} target does not support --variables hoist; use --variables inline")
    return hoist.name_variables(wire.hoisted, selected.variable_style)
