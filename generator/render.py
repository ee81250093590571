"""Render a wire request into code through each target's Jinja templates."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import jinja2

from . import dynamic, hoist, quoting
from .errors import InputError
from .model import Example
from .quoting import QuotingError
from .runtime_auth import for_target
from .run_index import template_folder
from .targets import DEFAULT_LANGUAGES, Target, load_target
from .wire import WireRequest, apply_transport_options, wire_texts

__all__ = ["LANGUAGES", "Target", "environment", "render", "target", "template_folder"]

# The languages written when none is named; every registered target is
# listed by generator.targets.available_targets.
LANGUAGES = DEFAULT_LANGUAGES


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


def compile_template(language: str, overrides: str | None = None) -> jinja2.Template:
    """Return the compiled template of ``language``.

    Raises InputError naming the file and line when a template (most often
    one from a ``--templates`` folder) is missing or has a syntax error,
    because that fails every item, not one.
    """
    selected = target(language)
    try:
        return environment(language, overrides).get_template(selected.template)
    except jinja2.TemplateSyntaxError as error:
        name = error.filename or error.name or selected.template
        raise InputError(f"template {name}, line {error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise InputError(f"template {selected.template} for --lang {language}: {error}") from None


def render(wire: WireRequest, examples: tuple[Example, ...], language: str, options: Mapping | None = None) -> str:
    """Return the snippet for ``wire`` in ``language``, formatted.

    ``options["templates"]``, when set, is a folder of override templates.
    ``options["follow_redirects"]`` and ``options["strict_ssl"]``, when not
    None, replace the item's own settings.
    """
    options = dict(options or {})
    wire = apply_transport_options(wire, options)
    selected = target(language)
    wire = for_target(wire, selected)
    hoisted = _hoisted_names(wire, selected)
    # The response-parsing code must not reuse a hoisted variable's name.
    options["reserved_names"] = tuple(variable.code_name for variable in hoisted)
    used = dynamic.dynamic_names(wire_texts(wire))
    template = compile_template(language, options.get("templates"))

    def render_with(definitions: list[dynamic.HoistedName]) -> tuple[str, set[str]]:
        with dynamic.naming_hoisted(hoisted) as referenced:
            context = selected.build_context(wire, examples, options)
            try:
                code = template.render(
                    wire=wire,
                    dynamic=[(name, dynamic.DYNAMIC_VARIABLES[name]) for name in used],
                    dynamic_imports=sorted(
                        {module for name in used for module in dynamic.DYNAMIC_VARIABLES[name].python_imports}
                    ),
                    hoisted=definitions,
                    **context,
                )
            except jinja2.TemplateError as error:
                raise InputError(f"template {selected.template} for --lang {language}: {error}") from None
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
