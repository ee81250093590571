"""The ``postman-snippets`` command line.

Only click is imported at start-up; the loader, Jinja2 and black are
imported by the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_types import LanguageType, WholeNumber
from .errors import printable, quote_address
from .launch import started_launch_key
from .replay import EXIT_ITEMS_SKIPPED, replay_run, summary
from .option_values import CURL_LAYOUTS, CURL_OPTION_NAMES, MAX_INDENT, MAX_TIMEOUT, MIN_INDENT

EXIT_OK = 0
EXIT_BAD_INPUT = 2

# The languages written when no --lang is given, as generator.targets.DEFAULT_LANGUAGES.
LANGUAGE_CHOICES = ("python", "curl", "powershell")
# Runs over more items than this show a progress bar on a terminal.
PROGRESS_THRESHOLD = 300
# The same numbers as generator.batch.PARALLEL_THRESHOLD and
# EXAMPLE_CHARACTERS_PER_REQUEST, repeated so that --help does not import
# the batch module.
PARALLEL_ITEMS = 200
EXAMPLE_CHARACTERS_PER_ITEM = 5_000

EXIT_CODES_HELP = """
Exit status: 0 when every snippet was written, 1 when some items or saved
examples were skipped (each is reported on stderr) or, with --strict, at the
first one, 2 for bad usage or an input file that cannot be read.
"""


class InputFailure(click.ClickException):
    """An input file cannot be used; exits with status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="postman-snippets")
def main() -> None:
    """Turn Postman collection items into Python, curl and PowerShell snippets."""


def _load(collection_path: str):
    from .errors import InputError
    from .loader import load_collection

    try:
        return load_collection(collection_path)
    except InputError as error:
        raise InputFailure(str(error)) from None


LIST_EXIT_HELP = """
Exit status: 0 when every item was read, 1 when some items or saved
examples were skipped (each is reported on stderr), 2 for bad usage or an
input file that cannot be read.
"""


@main.command("list", epilog=LIST_EXIT_HELP)
@click.argument("collection", type=click.Path(dir_okay=False))
def list_items(collection: str) -> None:
    """Print the folder tree of COLLECTION with the address of each request.

    Use an address with `generate --item`. A request that `generate` cannot
    write whatever the variables hold, such as one without a URL, is marked
    "not generated" with the reason.
    """
    from .loader import ordinal_addresses
    from .wire import unsendable_reason

    loaded = _load(collection)
    printed: set[tuple[str, ...]] = set()
    for item, address in zip(loaded.requests, ordinal_addresses(loaded.requests)):
        for depth in range(len(item.folders)):
            folders = item.folders[: depth + 1]
            if folders not in printed:
                printed.add(folders)
                click.echo("  " * depth + printable(folders[-1]) + "/")
        line = f"{item.method} {item.name}  [{address}]"
        unsendable = unsendable_reason(item)
        if unsendable is not None:
            line += f"  (not generated: {unsendable.label})"
        click.echo("  " * len(item.folders) + printable(line))
    _report_problems(loaded.problems)
    if loaded.problems:
        sys.exit(EXIT_ITEMS_SKIPPED)


def _report_problems(problems) -> None:
    for problem in problems:
        click.echo(f"warning: skipped {problem}", err=True)


def _parse_vars(values: tuple[str, ...]) -> dict[str, str]:
    variables = {}
    for entry in values:
        name, separator, value = entry.partition("=")
        if not separator or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {entry!r}", param_hint="'--var'")
        variables[name] = value
    return variables


def _select_items(collection, addresses: tuple[str, ...]):
    """Return the items that ``addresses`` select, and the addresses they select whole, without an ordinal."""
    if not addresses:
        return list(collection.requests), {item.address for item in collection.requests}
    from .loader import lookup_address, ordinal_addresses_of, split_address

    selected = []
    whole_addresses = set()
    for address in addresses:
        found = lookup_address(collection.requests, address)
        if found.items:
            # Items that share an address are all selected, unless #N picks
            # one; they get files of their own (name, name_2, ...) under --out.
            selected.extend(found.items)
            if not found.picked:
                whole_addresses.add(found.items[0].address)
            continue
        if found.ambiguous:
            listing = "\n  ".join(map(printable, ordinal_addresses_of(collection.requests, found.ambiguous)))
            raise click.BadParameter(f"{quote_address(address)} matches several items:\n  {listing}", param_hint="'--item'")
        if found.hint:
            raise click.BadParameter(f"no item {quote_address(address)} in the collection: {found.hint}", param_hint="'--item'")
        segments = split_address(address)
        in_folder = [item for item in collection.requests if _is_in_folder(item, segments)]
        if in_folder:
            listing = "\n  ".join(map(printable, ordinal_addresses_of(collection.requests, in_folder[:5])))
            more = f"\n  ... and {len(in_folder) - 5} more" if len(in_folder) > 5 else ""
            raise click.BadParameter(
                f"{quote_address(address)} is a folder, not a request; give the address of one of its requests:\n  {listing}{more}",
                param_hint="'--item'",
            )
        from .loader import skipped_reasons

        skipped = skipped_reasons(collection, address)
        if len(skipped) == 1:
            raise click.BadParameter(f"{quote_address(address)} was skipped: {skipped[0]}", param_hint="'--item'")
        if skipped:
            listing = "\n  ".join(skipped)
            raise click.BadParameter(
                f"the {len(skipped)} items at {quote_address(address)} were skipped:\n  {listing}", param_hint="'--item'"
            )
        from .loader import close_addresses, unescaped_slash_matches

        slash_matches = unescaped_slash_matches(address, collection.requests)
        if slash_matches:
            listing = "\n  ".join(map(_printed_match, slash_matches))
            raise click.BadParameter(
                f"no item {quote_address(address)} in the collection; write a '/' inside a name as '\\/', as in:\n  {listing}",
                param_hint="'--item'",
            )
        close, case_only = close_addresses(address, collection.requests)
        hint = ("; close matches:\n  " + "\n  ".join(map(_printed_match, close))) if close else "; run `postman-snippets list` to see them"
        if case_only:
            hint = "; addresses are case-sensitive" + hint
        raise click.BadParameter(f"no item {quote_address(address)} in the collection{hint}", param_hint="'--item'")
    # An item that several addresses select is written, and its skipped
    # examples reported, once.
    return list({id(item): item for item in selected}.values()), whole_addresses


def _printed_match(address: str) -> str:
    """Return ``address`` for a list of close matches, in quotes where a name starts or ends with a space."""
    if any(segment != segment.strip() for segment in address.split("/")):
        return quote_address(address)
    return printable(address)


def _is_in_folder(item, folder: list[str]) -> bool:
    """Return whether ``item`` lies in a folder whose path ends with ``folder``."""
    return any(list(item.folders[:end])[-len(folder) :] == folder for end in range(len(folder), len(item.folders) + 1))


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("collection", type=click.Path(dir_okay=False))
@click.option(
    "--item",
    "addresses",
    multiple=True,
    metavar="ADDRESS",
    help="Item to generate (repeatable; default: all). An address is the folder path and "
    "item name joined by '/', as `list` prints it; write a '/' inside a name as '\\/' and a "
    "backslash as '\\\\'. Leading folders may be left out when the rest is unique. '#2' after "
    "an address that several items share picks the second of them.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=LanguageType(),
    help="Language to generate (repeatable; default: python, curl and powershell). Accepted: python, "
    "python-httpx, python-stdlib, curl, curl-powershell, curl-cmd, powershell, powershell-5, and any "
    "target another package registers in the postman_snippets.targets entry-point group.",
)
@click.option("--env", "env_file", type=click.Path(dir_okay=False), help="Postman environment file with variable values.")
@click.option("--var", "var_values", multiple=True, metavar="NAME=VALUE", help="Set a variable (repeatable); overrides the collection and --env.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder to write one file per item and language into.")
@click.option(
    "--timeout",
    type=WholeNumber(min=0, max=MAX_TIMEOUT, unit="seconds"),
    default=30,
    show_default=True,
    help=f"Request timeout in whole seconds written into the snippets, up to {MAX_TIMEOUT}; 0 for none.",
)
@click.option("--no-parse", is_flag=True, help="Leave out the response-parsing code.")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of Jinja templates that replace the packaged ones of the same relative path, file by file.",
)
@click.option(
    "--line-length",
    type=WholeNumber(min=20),
    metavar="N",
    help="Maximum line length of Python snippets, passed to the formatter (default 88).",
)
@click.option(
    "--secrets",
    "secrets_mode",
    type=click.Choice(("inline", "placeholder", "env")),
    default="inline",
    show_default=True,
    help="How to write secrets (variables marked secret or named like token, secret, password or key, "
    "and auth credentials): their values, <name> placeholders, or reads of environment variables "
    "named after them (apiToken -> API_TOKEN).",
)
@click.option(
    "--indent",
    type=WholeNumber(MIN_INDENT, MAX_INDENT),
    metavar="N",
    help="Spaces per indentation level of Python and PowerShell blocks and of curl continuation lines "
    "(default: 4 for Python and PowerShell, 2 for curl).",
)
@click.option(
    "--curl-option-names",
    type=click.Choice(CURL_OPTION_NAMES),
    default="long",
    show_default=True,
    help="curl option names: long (--header, --request) or short (-H, -X) where curl has a short name "
    "with the same meaning. Applies to curl, curl-powershell and curl-cmd.",
)
@click.option(
    "--curl-layout",
    type=click.Choice(CURL_LAYOUTS),
    default="multi-line",
    show_default=True,
    help="One curl option per line, joined by the shell's line continuation, or the whole command on "
    "one line. Applies to curl, curl-powershell and curl-cmd.",
)
@click.option(
    "--curl-jq",
    is_flag=True,
    help="curl (bash) only: pipe the response body through jq and print every field the Python "
    "snippet reads; curl stops with an error status instead of passing an error page to jq.",
)
@click.option(
    "--follow-redirects/--no-follow-redirects",
    default=None,
    help="Follow redirects or return the 3xx response (default: the item's followRedirects "
    "setting, which is on unless the item turns it off).",
)
@click.option(
    "--insecure/--verify-tls",
    default=None,
    help="Turn TLS certificate checks off or on (default: the item's strictSSL setting, which is "
    "on unless the item turns it off).",
)
@click.option(
    "--variables",
    "variables_mode",
    type=click.Choice(("inline", "hoist")),
    default="inline",
    show_default=True,
    help="How to write Postman variables: their values where they are used, or once at the top of the "
    "snippet as named values (BASE_URL, $baseUrl) that the request is built from.",
)
@click.option("--strict", is_flag=True, help="Stop at the first item that cannot be loaded or written, with exit status 1.")
@click.option(
    "--no-cache",
    is_flag=True,
    help=(
        "Neither read nor write the snippet cache (in ~/.cache/postman-snippets, or $POSTMAN_SNIPPETS_CACHE_DIR)."
        " Compiled templates are still kept there."
    ),
)
@click.option(
    "--workers",
    type=WholeNumber(min=1),
    metavar="N",
    help=(
        f"Worker processes; default: one per CPU for more than {PARALLEL_ITEMS} requests, where each"
        f" {EXAMPLE_CHARACTERS_PER_ITEM:,} characters of example responses count as one more request, else 1."
    ),
)
def generate(
    collection,
    addresses,
    languages,
    env_file,
    var_values,
    out_dir,
    timeout,
    no_parse,
    templates_dir,
    line_length,
    secrets_mode,
    indent,
    curl_option_names,
    curl_layout,
    curl_jq,
    follow_redirects,
    insecure,
    variables_mode,
    strict,
    no_cache,
    workers,
) -> None:
    """Write snippets for the requests of COLLECTION.

    Defaults for --lang, --timeout, --no-parse, --secrets, --variables,
    --line-length, --indent, the --curl-* options, --follow-redirects and
    --insecure (the key verify-tls = false) come from the [tool.postman-snippets]
    table of a pyproject.toml or from a postman-snippets.toml, the first found
    from the current folder upward.

    With one item and one language and no --out, the snippet goes to stdout.
    Otherwise --out is required and receives a folder tree that mirrors the
    collection, one file per item and language (.py, .sh, .ps1, .cmd).
    """
    settings = _apply_config(
        languages=languages,
        timeout=timeout,
        no_parse=no_parse,
        secrets_mode=secrets_mode,
        variables_mode=variables_mode,
        line_length=line_length,
        indent=indent,
        curl_option_names=curl_option_names,
        curl_layout=curl_layout,
        curl_jq=curl_jq,
        follow_redirects=follow_redirects,
        insecure=insecure,
    )
    languages, timeout, no_parse = settings["languages"], settings["timeout"], settings["no_parse"]
    secrets_mode, line_length = settings["secrets_mode"], settings["line_length"]
    variables_mode = settings["variables_mode"]
    variables = _parse_vars(var_values)
    # A repeated --lang would write each file twice and count it as unchanged.
    languages = tuple(dict.fromkeys(languages or LANGUAGE_CHOICES))
    options = _render_options(languages, timeout, no_parse, templates_dir, line_length)
    options.update(_style_options(settings, languages))
    # The cache and run index keys cover the options, and the wire request
    # alone does not show the mode when an item uses no variable.
    options["variables"] = variables_mode
    run_index = run_key = None
    launch = started_launch_key()
    if not no_cache:
        from .run_index import RunIndex, run_key_from_parts

        parts = _run_key_parts(languages, options, addresses, variables, secrets_mode, strict, out_dir)

        def current_run_key() -> str | None:
            return run_key_from_parts(collection, env_file, parts)

        def store_launch_entry() -> None:
            _store_launch(launch, collection, env_file, parts, out_dir, strict, templates_dir, languages)

        run_key = current_run_key()
        if run_key is not None:
            run_index = RunIndex()
            record = run_index.get(run_key)
            if record is not None:
                store_launch_entry()
                if _replay(record, out_dir, strict):
                    return

    # Imported only after a replay was ruled out, to keep the replay fast.
    from .api import make_scope
    from .errors import InputError
    from .loader import load_environment
    from .secret_output import Redactor, credential_variables

    loaded = _load(collection)
    try:
        environment = load_environment(env_file) if env_file else ()
    except InputError as error:
        raise InputFailure(str(error)) from None
    items, whole_addresses = _select_items(loaded, addresses)
    to_stdout = out_dir is None
    if to_stdout and len(addresses) == 1 and len(items) > 1:
        from .loader import ordinal_addresses

        chosen = {id(item) for item in items}
        shared = [
            f"{item.method} {address}"
            for item, address in zip(loaded.requests, ordinal_addresses(loaded.requests))
            if id(item) in chosen
        ]
        listing = "\n  ".join(map(printable, shared))
        raise click.BadParameter(
            f"{quote_address(addresses[0])} matches several items:\n  {listing}\n"
            "pick one by the address above, or write them all with --out DIR",
            param_hint="'--item'",
        )
    if to_stdout and (len(items) != 1 or len(languages) != 1):
        raise click.UsageError("several snippets need --out DIR; stdout takes one --item and one --lang")
    scope = make_scope(loaded, environment=environment, variables=variables)
    scope.protect_secrets(secrets_mode, credential_variables(loaded))
    scope.set_variable_mode(variables_mode)
    redact = Redactor.for_run(loaded, scope)

    # With --item, only the problems of the selected items are reported,
    # with those of skipped items at an address selected whole. An ordinal
    # such as '#2' picks one loaded item, so it selects no skipped item.
    if addresses:
        skipped = [
            message for address, messages in loaded.skipped_items.items() if address in whole_addresses for message in messages
        ]
        skipped += [message for item in items for message in item.skipped_examples]
    else:
        skipped = list(loaded.problems)
    if strict and skipped:
        _fail_strict(redact(skipped[0]))
    from .cache import Cache

    cache = None if no_cache else Cache()
    recorder = run_index.recorder(run_key) if run_index is not None else None
    auth_gaps: dict[tuple[str, str], list[str]] = {}
    no_host: dict[str, None] = {}
    try:
        written, unchanged = _write_snippets(
            loaded, items, languages, scope, options, out_dir, skipped, strict, redact, cache, workers, recorder, auth_gaps, no_host
        )
        warnings = (
            [redact(notice) for item in items for notice in item.notices]
            + _unused_variable_warnings(variables, collection, env_file)
            + _unresolved_warnings(scope)
            + [redact(warning) for warning in _no_host_warnings(list(no_host))]
            + [redact(warning) for warning in _auth_gap_warnings(auth_gaps)]
            + _unmatched_template_warnings(templates_dir)
        )
        # An input file edited during the run may not match the output, so
        # the run is stored only when the key is still the same.
        if recorder is not None and current_run_key() == run_key:
            recorder.commit(warnings)
            store_launch_entry()
    except InputError as error:
        # A template that cannot be compiled or rendered fails every item.
        raise InputFailure(str(error)) from None
    finally:
        if recorder is not None:
            recorder.discard()
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    _report_problems(redact(problem) for problem in skipped)
    if not to_stdout:
        click.echo(summary(written, unchanged, out_dir, len(skipped)), err=True)
    if skipped:
        sys.exit(EXIT_ITEMS_SKIPPED)


def _render_options(languages, timeout, no_parse, templates_dir, line_length) -> dict:
    """Return the options that change the rendered snippets; they are part of every cache key."""
    options = {"timeout": timeout or None, "parse_response": not no_parse}
    if line_length is not None:
        options["line_length"] = line_length
    if templates_dir is not None:
        options["templates"] = str(Path(templates_dir).resolve())
        # The cache key covers the options, so the digest makes an edited
        # override template miss the entries of its earlier text.
        options["templates_digest"] = _folder_digest(Path(templates_dir))
    external = _external_target_digests(languages)
    if external:
        # The cache fingerprint covers this package only, so the code and
        # templates of targets from other packages go into the key here.
        options["target_digests"] = external
    return options


def _run_key_parts(languages, options, addresses, variables, secrets_mode, strict, out_dir) -> tuple[str, str, str]:
    """Return the parts of the run index key of a generate run that do not depend on file contents."""
    from .run_index import run_key_parts

    settings = {
        "items": addresses,
        "variables": tuple(sorted(variables.items())),
        "secrets": secrets_mode,
        "strict": strict,
        # Printing to stdout has checks of its own on the number of items.
        "stdout": out_dir is None,
    }
    return run_key_parts(languages, options, settings)


def _store_launch(launch, collection, env_file, parts, out_dir, strict, templates_dir, languages) -> None:
    """Store a launch entry (generator.launch) for this run, unless its launch key cannot cover every input.

    The launch key does not cover the files of a --templates folder or of
    targets from other packages, so such runs store none. Nor does it store
    one when an option file changed since the run started.
    """
    from .launch import launch_key, store_launch
    from .targets import BUILTIN_TARGETS

    if launch is None or templates_dir is not None or not all(name in BUILTIN_TARGETS for name in languages):
        return
    if launch_key(sys.argv[1:]) != launch:
        return
    store_launch(launch, collection=collection, env_file=env_file, parts=parts, out_dir=out_dir, strict=strict)


def _replay(record, out_dir, strict) -> bool:
    """Write or print the snippets and messages of a stored run, as the run did (see replay.replay_run).

    Returns False when a snippet cannot be written, before any message is
    printed, so that the caller runs in full and reports the failure in
    the usual way. Exits with EXIT_ITEMS_SKIPPED when the run skipped items.
    """
    status = replay_run(record, out_dir, strict, click.echo)
    if status is None:
        return False
    if status != EXIT_OK:
        sys.exit(status)
    return True


# Option file field -> the generate parameter it gives a default for.
_CONFIG_PARAMETERS = {
    "lang": "languages",
    "timeout": "timeout",
    "no_parse": "no_parse",
    "secrets": "secrets_mode",
    "variables": "variables_mode",
    "line_length": "line_length",
    "indent": "indent",
    "curl_option_names": "curl_option_names",
    "curl_layout": "curl_layout",
    "curl_jq": "curl_jq",
    "follow_redirects": "follow_redirects",
}


def _apply_config(**values):
    """Fill the options not given on the command line from the option file (generator.config).

    Return ``values`` with each option the command line left at its default
    replaced by the file's value, where the file sets one.
    """
    from .config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as error:
        raise InputFailure(str(error)) from None
    context = click.get_current_context()

    def unset(name: str) -> bool:
        return context.get_parameter_source(name) in (None, click.core.ParameterSource.DEFAULT)

    for field, parameter in _CONFIG_PARAMETERS.items():
        configured = getattr(config, field)
        if configured is not None and unset(parameter):
            values[parameter] = configured
    # The file's verify-tls is the opposite of the --insecure flag.
    if config.verify_tls is not None and unset("insecure"):
        values["insecure"] = not config.verify_tls
    return values


def _style_options(settings, languages) -> dict:
    """Return the generation options of the style settings; reject a setting no selected language can use."""
    context = click.get_current_context()
    given = context.get_parameter_source("curl_jq") == click.core.ParameterSource.COMMANDLINE
    if given and "curl" not in languages:
        # An option file's curl-jq is a default for runs with curl, so it is not checked here.
        raise click.BadParameter("applies to the curl (bash) snippet only; add --lang curl", param_hint="'--curl-jq'")
    options = {
        "curl_option_names": settings["curl_option_names"],
        "curl_layout": settings["curl_layout"],
        "curl_jq": settings["curl_jq"],
    }
    if settings["indent"] is not None:
        options["indent"] = settings["indent"]
    if settings["follow_redirects"] is not None:
        options["follow_redirects"] = settings["follow_redirects"]
    if settings["insecure"] is not None:
        options["strict_ssl"] = not settings["insecure"]
    return options


def _external_target_digests(languages) -> tuple[tuple[str, str], ...]:
    """Return (name, digest of its module and template folder) for each target outside this package."""
    import hashlib
    import inspect

    from .targets import BUILTIN_TARGETS, load_target

    digests = []
    for name in languages:
        if name in BUILTIN_TARGETS:
            continue
        selected = load_target(name)
        digest = hashlib.sha256()
        try:
            digest.update(Path(inspect.getfile(selected.build_context)).read_bytes())
        except (TypeError, OSError):
            pass  # a builder without a source file: only its templates are covered
        if selected.template_folder is not None and Path(selected.template_folder).is_dir():
            digest.update(_folder_digest(Path(selected.template_folder)).encode())
        digests.append((name, digest.hexdigest()))
    return tuple(digests)


def _file_suffixes(languages) -> dict[str, str]:
    """Return the file name ending of each language's snippets.

    A target outside the default three whose extension is one of theirs
    (python-httpx, powershell-5) gets its name before the extension
    (``.python-httpx.py``) in every run, so runs with other --lang values
    into one folder do not overwrite each other's files. So does a target
    whose extension another target of this run shares.
    """
    from collections import Counter

    from .render import target
    from .targets import DEFAULT_LANGUAGES

    default_extensions = {target(language).extension for language in DEFAULT_LANGUAGES}
    extensions = Counter(target(language).extension for language in languages)
    suffixes = {}
    for language in languages:
        extension = target(language).extension
        if language not in DEFAULT_LANGUAGES and (extension in default_extensions or extensions[extension] > 1):
            suffixes[language] = f".{language}{extension}"
        else:
            suffixes[language] = extension
    return suffixes


def _folder_digest(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _variant_endings(languages) -> tuple[str, ...]:
    """Return the endings (".python-httpx") that :func:`_file_suffixes` may put before an extension.

    Every built-in target counts, not only those of this run, so that runs
    with other --lang values into one folder give an item the same name.
    """
    from .targets import BUILTIN_TARGETS, DEFAULT_LANGUAGES

    names = dict.fromkeys([*BUILTIN_TARGETS, *languages])
    return tuple(f".{name}" for name in names if name not in DEFAULT_LANGUAGES)


def _fail_strict(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ITEMS_SKIPPED)


def _write_snippets(
    loaded, items, languages, scope, options, out_dir, skipped, strict, redact, cache, workers, recorder=None, auth_gaps=None,
    no_host=None,
) -> tuple[int, int]:
    """Write or print one snippet per item and language; return how many, and how many files were found unchanged.

    ``auth_gaps``, when given, receives the item addresses of each language and
    auth that the snippet leaves out (see runtime_auth.is_auth_gap).
    ``no_host``, when given, receives the address of each item whose URL has
    no host, as dictionary keys.
    A snippet that cannot be written adds its message to ``skipped``; with
    ``strict`` it ends the run instead. ``recorder`` (a RunRecorder), when
    given, receives the messages of the items loaded with problems, then
    every snippet and every item error in order. Failed writes are not
    recorded, because a replay tries the write again.
    """
    from .batch import generate_all
    from .errors import ItemError
    from .output import OutputPaths
    from .replay import SnippetWriter
    from .runtime_auth import is_auth_gap
    from .secret_output import protect_credentials
    from .wire import NO_HOST_NOTE_START

    paths = OutputPaths(_variant_endings(languages))
    writer = SnippetWriter(str(out_dir)) if out_dir is not None else None
    written = 0
    unchanged = 0

    def skip(message: str) -> None:
        if strict:
            _fail_strict(redact(message))
        skipped.append(message)

    if recorder is not None:
        for message in skipped:
            recorder.skip(redact(message))
    # Each item gets the path that a run over the whole collection gives it,
    # so 'Name#2' writes name_2 and the order of --item values changes no name.
    collection_paths = {id(request): paths.item(request.folders, request.name) for request in loaded.requests}
    protected = [protect_credentials(item, scope.secret_mode) for item in items]
    relative_paths = {id(copy): collection_paths[id(item)] for item, copy in zip(items, protected)}
    items = protected
    suffixes = _file_suffixes(languages)
    show_progress = len(items) > PROGRESS_THRESHOLD and sys.stderr.isatty()
    with click.progressbar(length=len(items), file=sys.stderr, label="Generating") if show_progress else _no_bar() as bar:
        finished = 0

        def progress(done: int) -> None:
            nonlocal finished
            bar.update(done - finished)
            finished = done

        last_error = None
        results = generate_all(loaded, items, languages, scope, options, cache=cache, workers=workers, progress=progress)
        for item, language, result in results:
            if isinstance(result, ItemError):
                # A wire request that cannot be built fails every language
                # with the same error object; report it once.
                if result is not last_error:
                    rendering_language = getattr(result, "language", None)
                    message = f"{result} [{rendering_language}]" if rendering_language else str(result)
                    if recorder is not None:
                        recorder.skip(redact(message))
                    skip(message)
                last_error = result
                continue
            if no_host is not None and any(note.startswith(NO_HOST_NOTE_START) for note in result.warnings):
                no_host[item.listed_address or item.address] = None
            if auth_gaps is not None:
                for warning in result.warnings:
                    if is_auth_gap(warning):
                        auth_gaps.setdefault((language, warning), []).append(item.listed_address or item.address)
            relative = relative_paths[id(item)] + suffixes[language]
            if recorder is not None:
                recorder.snippet(relative, language, item.address, result.code)
            if out_dir is None:
                click.echo(result.code, nl=False)
            else:
                try:
                    # An unchanged file keeps its modification time, so make,
                    # file watchers and rsync see only the snippets that changed.
                    if writer.write(relative, result.code) is not None:
                        unchanged += 1
                except (OSError, ValueError) as error:
                    skip(f"item {quote_address(item.address)}: cannot write {relative}: {error} [{language}]")
                    continue
            written += 1
    return written, unchanged


class _no_bar:
    """Stands in for click's progress bar when none is shown."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def _no_host_warnings(addresses: list[str]) -> list[str]:
    """Return one warning naming the items whose URL has no host, as after an empty {{baseUrl}}."""
    if not addresses:
        return []
    if len(addresses) == 1:
        return [
            f"the URL of {quote_address(addresses[0])} has no host because a variable in it is empty;"
            " give that variable a value with --var NAME=VALUE"
        ]
    listed = ", ".join(map(quote_address, addresses[:3]))
    more = f" and {len(addresses) - 3} more" if len(addresses) > 3 else ""
    return [
        f"the URLs of {len(addresses)} requests have no host because a variable in them is empty ({listed}{more});"
        " give that variable a value with --var NAME=VALUE"
    ]


def _auth_gap_warnings(auth_gaps: dict[tuple[str, str], list[str]]) -> list[str]:
    """Return one warning per language and auth that the language's snippets leave out, naming up to 3 items."""
    warnings = []
    for (language, note), addresses in auth_gaps.items():
        count = len(addresses)
        items = "1 snippet" if count == 1 else f"{count} snippets"
        listed = ", ".join(map(quote_address, addresses[:3]))
        more = f" and {count - 3} more" if count > 3 else ""
        # Some notes quote collection text, such as a JWT algorithm.
        warnings.append(f"{language}: {printable(note)} ({items}: {listed}{more})")
    return warnings


def _unused_variable_warnings(variables: dict[str, str], collection: str, env_file: str | None) -> list[str]:
    """Return a warning per ``--var`` name that the collection and environment never refer to."""
    if not variables:
        return []
    from .variables import unused_override_warnings

    # A --var value may refer to another --var name.
    texts = list(variables.values())
    for path in (collection, env_file):
        if path:
            try:
                texts.append(Path(path).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                return []  # the file changed since it was loaded, so no warning is better than a wrong one
    return unused_override_warnings(variables, texts)


def _unmatched_template_warnings(templates_dir: str | None) -> list[str]:
    """Return a warning per --templates file that replaces no template of any target, such as a misspelled one."""
    if templates_dir is None:
        return []
    from .render import unmatched_overrides
    from .targets import available_targets

    return [
        f"--templates {name} replaces no template; an override needs the relative path of the"
        " template it replaces, such as curl/request.sh.j2"
        for name in unmatched_overrides(str(Path(templates_dir).resolve()), available_targets())
    ]


def _unresolved_warnings(scope) -> list[str]:
    """Return one warning per variable that the snippets leave as written."""
    from .dynamic import DYNAMIC_VARIABLES

    warnings = []
    for name in scope.unresolved:
        if name in DYNAMIC_VARIABLES:
            continue  # computed by the snippet at run time
        if name.startswith("$"):
            warnings.append(f"dynamic variable {{{{{name}}}}} is not supported; the snippets keep it as written")
        else:
            warnings.append(f"variable {{{{{name}}}}} has no value; the snippets keep it as written")
    return warnings


def _register_docs_commands() -> None:
    from .cli_docs import check, docs

    main.add_command(docs)
    main.add_command(check)


_register_docs_commands()
