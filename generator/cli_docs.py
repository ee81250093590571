"""The ``docs`` and ``check`` commands: Markdown documentation pages from a collection.

Only click is imported at start-up; the generator is imported inside the
commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys

import click

from .cli_types import LanguageType, WholeNumber
from .option_values import MAX_TIMEOUT

__all__ = ["check", "docs"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2

# The tabs written when no --lang is given, as generator.targets.DEFAULT_LANGUAGES.
LANGUAGE_CHOICES = ("python", "curl", "powershell")

DOCS_EXIT_HELP = """
Exit status: 0 when every page was written in full, 1 when some items,
snippets or saved examples were skipped (each is reported on stderr), 2 for
bad usage or an input file that cannot be read.
"""

CHECK_EXIT_HELP = """
Exit status: 0 when the folder matches, 1 when it differs (the diff goes to
stdout), 2 for bad usage or an input file that cannot be read.
"""


class InputFailure(click.ClickException):
    """An input file cannot be used; exits with status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _page_options(command):
    """Add the options that `docs` and `check` share, so both build the same pages."""
    decorators = [
        click.argument("collection", type=click.Path(dir_okay=False)),
        click.option(
            "--out",
            "out_dir",
            required=True,
            type=click.Path(file_okay=False),
            help="Folder of the Markdown pages: one page per request and an index.md per folder.",
        ),
        click.option(
            "--env", "env_file", type=click.Path(dir_okay=False), help="Postman environment file with variable values."
        ),
        click.option(
            "--var",
            "var_values",
            multiple=True,
            metavar="NAME=VALUE",
            help="Set a variable (repeatable); overrides the collection and --env.",
        ),
        click.option(
            "--lang",
            "languages",
            multiple=True,
            type=LanguageType(),
            help="Language of a snippet tab (repeatable; default: python, curl and powershell, in this order). "
            "Accepted: every --lang value of `generate`.",
        ),
        click.option(
            "--secrets",
            "secrets_mode",
            type=_DocsSecretsChoice(("env", "placeholder")),
            default="env",
            show_default=True,
            help="How the snippets write secrets: reads of environment variables named after them "
            "(apiToken -> API_TOKEN) or <NAME> placeholders. Other text on the pages shows <NAME>.",
        ),
        click.option(
            "--show-secrets",
            is_flag=True,
            help="Show the values of secret variables and auth credentials instead of <NAME> "
            "placeholders. Only for documentation that stays private.",
        ),
        click.option(
            "--timeout",
            type=WholeNumber(min=0, max=MAX_TIMEOUT, unit="seconds"),
            default=30,
            show_default=True,
            help=f"Request timeout in whole seconds written into the snippets, up to {MAX_TIMEOUT}; 0 for none.",
        ),
        click.option("--no-parse", is_flag=True, help="Leave out the response-parsing code."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


# The Markdown extensions that the pages' syntax needs: warnings, the
# collapsed Postman item, code fences inside tabs, and the tabs.
PAGE_EXTENSIONS = ("admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed")


def _write_mkdocs_config(out, source) -> list[str]:
    """Write out/mkdocs.yml for the pages unless the folder already has one.

    Returns a warning when an existing mkdocs.yml does not name every
    extension in PAGE_EXTENSIONS or does not set pymdownx.tabbed's
    alternate_style. The check looks for the names in the file's text, so
    it cannot tell a commented-out line from a real one.
    """
    from .docs.markdown import yaml_html_text
    from .output import write_atomic

    config = out / "mkdocs.yml"
    if config.exists():
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        missing = [name for name in PAGE_EXTENSIONS if name not in text]
        if missing:
            return [
                f"{config} does not name {', '.join(missing)}; add them to markdown_extensions,"
                " or the pages show raw tab and fence syntax"
            ]
        if "alternate_style" not in text:
            return [
                f"{config} does not set alternate_style: true for pymdownx.tabbed;"
                " the pages' snippet tabs are written for that style"
            ]
        return []
    site_name = yaml_html_text(source.redact_text(source.collection.name or "API reference"))
    write_atomic(out, "mkdocs.yml", _MKDOCS_CONFIG.format(site_name=site_name))
    return []


class _DocsSecretsChoice(click.Choice):
    """The --secrets choice of docs and check; its error for generate's "inline" names --show-secrets."""

    def convert(self, value, param, ctx):
        if value == "inline":
            self.fail(
                "pages never write secrets inline; pass --show-secrets for a private build that shows the real values",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def _parse_var_values(values: tuple[str, ...]) -> dict[str, str]:
    from .cli import _parse_vars  # imported late: generator.cli imports this module

    return _parse_vars(values)


def _build(collection, env_file, var_values, languages, secrets_mode, show_secrets, timeout, no_parse):
    """Load the inputs and render every page in memory.

    Returns the source, the page set and the warnings about unused --var names.
    """
    from .cli import _unused_variable_warnings  # imported late: generator.cli imports this module
    from .docs.site import build_pages
    from .docs.source import DocsSource
    from .errors import InputError

    variables = _parse_var_values(var_values)
    try:
        source = DocsSource(
            collection,
            env_path=env_file,
            variables=variables,
            languages=languages or LANGUAGE_CHOICES,
            show_secrets=show_secrets,
            options={"timeout": timeout or None, "parse_response": not no_parse},
            secrets=secrets_mode,
        )
    except InputError as error:
        raise InputFailure(str(error)) from None
    return source, build_pages(source), _unused_variable_warnings(variables, collection, env_file)


def _report(source, page_set, warnings: list[str]) -> None:
    from .dynamic import DYNAMIC_VARIABLES

    # The notices and problems name items, whose names may repeat a secret value.
    for message in [source.redact_text(notice) for item in source.collection.requests for notice in item.notices] + warnings:
        click.echo(f"warning: {message}", err=True)
    for name in source.unresolved:
        if name in DYNAMIC_VARIABLES:
            continue  # computed by the snippet at run time
        if name.startswith("$"):
            message = f"dynamic variable {{{{{name}}}}} is not supported; the pages keep it as written"
        else:
            message = f"variable {{{{{name}}}}} has no value; the pages show its name instead"
        click.echo(f"warning: {message}", err=True)
    for problem in page_set.problems:
        click.echo(f"warning: skipped {source.redact_text(problem)}", err=True)


_MKDOCS_CONFIG = """\
# Written by postman-snippets docs --site; edit freely, it is never overwritten.
site_name: {site_name}
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


_DOCS_SITE_OPTION = click.option(
    "--site",
    is_flag=True,
    help="Make --out an MkDocs project: pages go to --out/docs, and --out/mkdocs.yml is written "
    "when it does not exist, so `mkdocs build` in --out builds the site.",
)

_CHECK_SITE_OPTION = click.option(
    "--site",
    is_flag=True,
    help="Compare the pages in --out/docs, where `docs --site` writes them, and count a missing "
    "--out/mkdocs.yml as a difference.",
)


@click.command(epilog=DOCS_EXIT_HELP)
@_page_options
@_DOCS_SITE_OPTION
def docs(collection, out_dir, env_file, var_values, languages, secrets_mode, show_secrets, timeout, no_parse, site) -> None:
    """Write Markdown documentation pages for the requests of COLLECTION.

    Each request page has the description, the method and URL, one tab per
    language with the snippet, the saved example responses and the Postman
    item in a collapsed block. Each folder's index.md lists its requests
    under its description. The pages need the admonition,
    pymdownx.details, pymdownx.superfences and pymdownx.tabbed (alternate
    style) Markdown extensions.
    Unless --show-secrets is given, the snippets read secret variables and
    auth credentials from environment variables (or show <NAME> with
    --secrets placeholder), and the rest of each page shows <NAME>. Pages
    written by an earlier run that are no longer produced are deleted; other
    files in --out are left alone.
    """
    from pathlib import Path

    from .docs.site import write_pages

    source, page_set, warnings = _build(
        collection, env_file, var_values, languages, secrets_mode, show_secrets, timeout, no_parse
    )
    out = Path(out_dir)
    try:
        if site:
            warnings += _write_mkdocs_config(out, source)
            out = out / "docs"
        removed = write_pages(out, page_set)
    except OSError as error:
        raise InputFailure(f"{out_dir}: cannot write the pages ({error.strerror or error})") from None
    _report(source, page_set, warnings)
    for relative in removed:
        click.echo(f"removed {relative}: its item is no longer in the collection", err=True)
    click.echo(f"wrote {len(page_set.pages)} pages to {out_dir}", err=True)
    if page_set.problems:
        sys.exit(EXIT_PROBLEMS)


@click.command(epilog=CHECK_EXIT_HELP)
@_page_options
@_CHECK_SITE_OPTION
def check(collection, out_dir, env_file, var_values, languages, secrets_mode, show_secrets, timeout, no_parse, site) -> None:
    """Compare the pages in --out with what `docs` would write now.

    Prints a unified diff of every page that differs, is missing, or was
    generated earlier and would now be deleted. Use it in CI to catch
    documentation that is out of date with the collection. With --site,
    the pages are compared in --out/docs, where `docs --site` writes them.
    """
    from pathlib import Path

    from .docs.site import diff_pages

    source, page_set, warnings = _build(
        collection, env_file, var_values, languages, secrets_mode, show_secrets, timeout, no_parse
    )
    _report(source, page_set, warnings)
    diff = diff_pages(Path(out_dir) / "docs" if site else Path(out_dir), page_set)
    if site and not (Path(out_dir) / "mkdocs.yml").exists():
        diff += f"missing {Path(out_dir) / 'mkdocs.yml'}: `docs --site` writes it\n"
    if diff and not Path(out_dir).exists():
        # A diff would list every page as added, which helps less than naming the folder.
        click.echo(f"{out_dir} not found; run `postman-snippets docs` with the same options to write it", err=True)
        sys.exit(EXIT_PROBLEMS)
    if diff:
        click.echo(diff, nl=False)
        hint = ""
        if not site and (Path(out_dir) / "mkdocs.yml").is_file() and (Path(out_dir) / "docs").is_dir():
            hint = " (it has the mkdocs.yml and docs folder that `docs --site` writes: check it with --site)"
        click.echo(f"{out_dir} is out of date{hint}; run `postman-snippets docs` with the same options", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"{out_dir} is up to date ({len(page_set.pages)} pages)", err=True)
