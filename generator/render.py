"""Render a wire request into code through each target's Jinja templates."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

from . import dynamic, hoist, quoting
from .errors import InputError
from .model import Example
from .quoting import QuotingError
from .run_index import default_cache_folder, is_private, make_private_folders, template_folder
from .runtime_auth import for_target
from .targets import DEFAULT_LANGUAGES, Target, load_target
from .wire import WireRequest, apply_transport_options, wire_texts

__all__ = ["LANGUAGES", "Target", "environment", "render", "target", "template_folder", "templates_checked_once"]

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
    loaders: list[jinja2.BaseLoader] = [_CheckedOnceLoader(folder) for folder in folders]
    if overrides is not None:
        loaders.insert(0, _CheckedOnceLoader(overrides))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(filters, comment=quoting.comment_text, comment_lines=quoting.comment_lines)
    family = load_target(language).family if language is not None else ""
    if family in _PARSE_TEMPLATES:
        env.globals.update(_memoized_macros(env, _PARSE_TEMPLATES[family], ("parse_response", "parse_error")))
    return env


class _Environment(jinja2.Environment):
    """A Jinja environment whose templates copy its globals when they are loaded.

    Jinja keeps them in a ChainMap over the environment's globals, and each
    ``{% from ... import %}`` compares the importing context's globals with
    the imported template's, one ChainMap lookup per name. That took about
    4% of the rendering time of the benchmark's synthetic collection
    (cProfile). Jinja's documentation advises against changing globals
    after templates are loaded, and environment() sets them all before.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


# Jinja's FileSystemLoader makes every get_template call compare a cached
# template's file modification time with the one it was loaded with, and a
# snippet makes 2 to 4 such calls (the entry template, its imports, the
# parse macros). Inside templates_checked_once() each template file is
# checked at its first use only. On the benchmark's synthetic collection of
# 10,000 requests this cut the CPU time of a run in one process from about
# 8.0 s to 7.5 s (the mean of two interleaved runs each way on a loaded
# 2-CPU Xeon).
_check_round: int | None = None
_rounds = itertools.count(1)
_open_blocks = 0


@contextlib.contextmanager
def templates_checked_once() -> Iterator[None]:
    """Check each template file for changes at its first use in the block, not at every use.

    A template edited during the block is read again in the next block
    or at the next use outside any block. Blocks that overlap, as two
    generate_all generators consumed in turn do, share one check.
    """
    global _check_round, _open_blocks
    if _open_blocks == 0:
        _check_round = next(_rounds)
    _open_blocks += 1
    try:
        yield
    finally:
        _open_blocks -= 1
        if _open_blocks == 0:
            _check_round = None


class _CheckedOnceLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader whose check for changed files runs once per templates_checked_once block."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, unchanged = super().get_source(environment, template)
        checked_in = _check_round

        def is_up_to_date() -> bool:
            nonlocal checked_in
            if checked_in is not None and checked_in == _check_round:
                return True
            if not unchanged():
                return False
            checked_in = _check_round
            return True

        return source, filename, is_up_to_date


# The template whose parse_response and parse_error macros write the
# response-parsing code of a target family. The request templates call
# them as globals, memoized by _memoized_macros.
_PARSE_TEMPLATES = {"python": "python/_parse.py.j2", "powershell": "powershell/_parse.ps1.j2"}


def _memoized_macros(env: jinja2.Environment, template_name: str, names: tuple[str, ...]) -> dict[str, Callable[..., str]]:
    """Return the macros ``names`` of ``template_name`` in ``env``, each rendered once per distinct argument list.

    A template's module is built without a render context, so its macros
    see only their arguments and the environment's filters and globals.
    Their arguments
    here are a frozen ParsePlan and a source expression, so equal
    arguments give equal text. Items whose responses have equal shapes
    share a plan (generator.reads caches plans), so the parsing code of a
    collection's common resource is rendered once.
    """

    def memoized(name: str) -> Callable[..., str]:
        # The template is part of the key, because Jinja loads a new
        # Template object when the file changes.
        @functools.lru_cache(maxsize=2048)
        def render_macro(template: jinja2.Template, *arguments) -> str:
            return getattr(template.module, name)(*arguments)

        def call(*arguments) -> str:
            return render_macro(env.get_template(template_name), *arguments)

        return call

    return {name: memoized(name) for name in names}


class _TemplateBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, which reads only private entries and skips an entry that cannot be written."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # Jinja unpickles and runs what it reads, so the folder (as opened
        # now, because a user who can rename a parent may have replaced it)
        # and the entry must pass is_private. O_NOFOLLOW rejects a
        # symbolic link, and O_NONBLOCK keeps a planted FIFO from blocking.
        try:
            folder = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        try:
            if not is_private(os.fstat(folder)):
                return
            name = self.pattern % (bucket.key,)
            try:
                handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            except OSError:
                return  # missing, or a symbolic link: compile the template again
            with os.fdopen(handle, "rb") as file:
                status = os.fstat(file.fileno())
                if stat.S_ISREG(status.st_mode) and is_private(status):
                    bucket.load_bytecode(file)
        finally:
            os.close(folder)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # the next run compiles the template again


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates in the cache folder, or None when it cannot be used.

    Compiling the templates of the three default languages took 0.14 s,
    about a third of a cold run on a collection of 220 requests (measured
    with time.perf_counter on a 2-CPU Xeon). Jinja names
    an entry after the template's name and file and stores a hash of its
    source and the Jinja and Python versions in it, so an edited template,
    a --templates folder or an upgrade never reads a stale entry.
    """
    if not hasattr(os, "O_NOFOLLOW") or os.open not in os.supports_dir_fd:
        return None  # Windows: load_bytecode cannot open an entry safely
    folder = default_cache_folder() / "templates"
    try:
        make_private_folders(str(folder))
        if not all(_private_folder(path) for path in (folder, folder.parent)):
            return None
    except OSError:
        return None
    return _TemplateBytecodeCache(str(folder))


def _private_folder(path: Path) -> bool:
    """Tell whether only the current user can write to the folder ``path``.

    Jinja runs the code it reads from the bytecode cache, so a folder that
    other users can write to, such as a shared $POSTMAN_SNIPPETS_CACHE_DIR,
    is not used for it.
    """
    return is_private(path.stat())




def target(language: str) -> Target:
    """Return the target registered as ``language``; raise UnknownTargetError for other names."""
    return load_target(language)


def unmatched_overrides(overrides: str, languages: Iterable[str]) -> list[str]:
    """List the ``.j2`` files of an overrides folder that replace no template of any of ``languages``.

    A file that another file of the folder names, as an ``{% include %}``
    or ``{% import %}`` would, counts as used. The relative paths use ``/``.
    """
    own = [name for name in jinja2.FileSystemLoader(overrides).list_templates() if name.endswith(".j2")]
    known: set[str] = set()
    for language in languages:
        known.update(environment(language).loader.list_templates())
    texts = {}
    for name in own:
        try:
            texts[name] = (Path(overrides) / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            texts[name] = ""
    return [
        name
        for name in own
        if name not in known and not any(name in text for other, text in texts.items() if other != name)
    ]


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
    used = dynamic.dynamic_names(wire_texts(wire))
    # The response-parsing code must not reuse the name of a hoisted or
    # dynamic variable, or of a module that computes one (uuid, random).
    dynamic_names: list[str] = []
    for variable in map(dynamic.DYNAMIC_VARIABLES.__getitem__, used):
        if selected.family == "powershell":
            dynamic_names.append(variable.powershell_name)
        else:
            dynamic_names += [variable.python_name, *variable.python_imports]
    options["reserved_names"] = tuple(variable.code_name for variable in hoisted) + tuple(dynamic_names)
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
