"""Render a wire request into code through each language's Jinja templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from . import dynamic, quoting
from .model import Example
from .wire import WireRequest, wire_texts

__all__ = ["LANGUAGES", "Target", "render", "template_folder"]


@dataclass(frozen=True)
class Target:
    """A language: its template, file extension and the code that prepares the template's values."""

    name: str
    extension: str
    template: str
    build_context: Callable[[WireRequest, tuple[Example, ...], dict], dict]
    format: Callable[[str], str] | None = None


def template_folder() -> Path:
    """Return the folder of the packaged templates.

    An installed wheel carries them inside the package; a source checkout
    keeps them in the top-level ``templates/`` folder.
    """
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_folder())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # py, sh and ps quote a value as a string expression of the language;
    # Postman's dynamic variables in it become reads of run-time values.
    env.filters.update(
        py=dynamic.py_expr,
        sh=dynamic.sh_expr,
        ps=dynamic.ps_expr,
        comment=quoting.comment_text,
    )
    return env


def _targets() -> dict[str, Target]:
    from .languages import curl, powershell, python

    return {
        "python": Target("python", ".py", "python/request.py.j2", python.build_context, python.format_code),
        "curl": Target("curl", ".sh", "curl/request.sh.j2", curl.build_context),
        "powershell": Target("powershell", ".ps1", "powershell/request.ps1.j2", powershell.build_context),
    }


LANGUAGES = ("python", "curl", "powershell")


@functools.lru_cache(maxsize=None)
def target(language: str) -> Target:
    return _targets()[language]


def render(wire: WireRequest, examples: tuple[Example, ...], language: str, options: dict | None = None) -> str:
    """Return the snippet for ``wire`` in ``language``, formatted."""
    selected = target(language)
    context = selected.build_context(wire, examples, options or {})
    used = dynamic.dynamic_names(wire_texts(wire))
    code = environment().get_template(selected.template).render(
        wire=wire,
        dynamic=[(name, dynamic.DYNAMIC_VARIABLES[name]) for name in used],
        dynamic_imports=sorted({module for name in used for module in dynamic.DYNAMIC_VARIABLES[name].python_imports}),
        **context,
    )
    code = code.rstrip("\n") + "\n"
    if selected.format is not None:
        code = selected.format(code)
    return code
