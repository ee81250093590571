"""curl (bash): template values."""

from __future__ import annotations

from ..model import Example
import re
from dataclasses import dataclass, field

from ..errors import ItemError
from ..quoting import sh_bytes, sh_str
from ..dynamic import _pieces, expand_hoisted, sh_expr
from ..variables import env_name, parse_secret_marker
from ..targets import Target
from .common import check_built_file_names, parse_plan_for, split_basic_auth
from .curl_auth import BASH_RUNTIME_AUTH, edgegrid_code, hawk_code, jwt_code, oauth1_code
from .curl_jq import jq_program
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest, form_encode

__all__ = ["SHORT_OPTIONS", "TARGET", "build_bash_context", "build_context", "continuation", "spell_option"]

# Long option -> the short option that curl documents with the same meaning
# (curl --help all, curl 7.88). --data-raw, --data-binary, --data-urlencode,
# --form-string and --path-as-is have none: -d is --data, which reads "@" as
# a file name and strips line breaks from files.
SHORT_OPTIONS = {
    "--request": "-X",
    "--head": "-I",
    "--location": "-L",
    "--referer": "-e",
    "--insecure": "-k",
    "--globoff": "-g",
    "--max-time": "-m",
    "--user": "-u",
    "--header": "-H",
    "--form": "-F",
    "--silent": "-s",
    "--show-error": "-S",
    "--fail": "-f",
}
# Spaces before each continuation line when no --indent is given.
DEFAULT_INDENT = 2


def spell_option(option: str, options: dict) -> str:
    """Return ``option`` in the spelling that ``options["curl_option_names"]`` selects: long (the default) or short."""
    if options.get("curl_option_names", "long") == "short":
        return SHORT_OPTIONS.get(option, option)
    return option


def continuation(options: dict, line_end: str) -> str:
    """Return the text between two curl arguments: a space, or ``line_end`` and the indentation of the next line.

    ``line_end`` is the shell's line continuation: a backslash in bash, a
    backtick in PowerShell, a caret in cmd.exe.
    """
    if options.get("curl_layout", "multi-line") == "single-line":
        return " "
    return f" {line_end}\n" + " " * int(options.get("indent") or DEFAULT_INDENT)


def _form_quoted(text: str) -> str:
    # Inside -F's double quotes, curl takes a backslash as an escape for the
    # next character, so backslashes and double quotes are escaped.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def curl_file_path(path: str) -> str:
    """Return ``path`` as curl's '@' reads it: curl reads standard input for '-', so a file named '-' is written './-'."""
    return "./-" if path == "-" else path


def _form_file_value(path: str, content_type: str, filename: str) -> str:
    return f"@{_form_quoted(curl_file_path(path))};type={content_type};filename={_form_quoted(filename)}"


def _needs_own_disposition(part) -> bool:
    """Return whether -F cannot write the part's name: '=' ends it, curl writes '"' as %22, and an empty name as no name=."""
    return part.name == "" or "=" in part.name or '"' in part.name


def _form_parses_value(value: str) -> bool:
    """Tell whether ``-F name=value;type=...`` would change ``value``.

    curl 7.88 parses ';', ',' and '"' in it, reads a file for a leading
    '@' or '<', starts nested parts for a leading '(', and trims white
    space at both ends.
    """
    return any(char in value for char in ';,"') or value[:1] in "@<(" or value != value.strip(" \t\n\r\v\f")


def _form_text_with_disposition(wire: WireRequest, part) -> str:
    """Return the -F value of a text part whose name -F cannot write, with the Content-Disposition newman sends.

    curl leaves out its own Content-Disposition when headers= gives one, and
    it sends a quoted value as it is, '@', '<', ';' and ',' included
    (measured with curl 7.88).
    """
    name, value = expand_hoisted(part.name), expand_hoisted(part.value)
    if any(kind != "text" for text in (name, value) for kind, _ in _pieces(text)):
        raise ItemError(
            f"curl's --form cannot send this request: form field {part.name!r} has '=' or a double quote in its name"
            " and a value computed when the snippet runs. Use another language for this item",
            address=wire.address,
        )
    disposition = f'Content-Disposition: form-data; name="{name}"'
    return f"={_form_quoted(value)};headers={_form_quoted(disposition)}"


_DOT_SEGMENT = re.compile(r"/\.\.?(/|$)")
_MAX_ARGUMENT_BYTES = 100_000


def _check_form_part(wire: WireRequest, part) -> None:
    """Reject form parts that curl's -F syntax cannot express exactly."""
    problem = None
    if any(char in part.name for char in "\r\n"):
        # Measured with curl 7.88: -F writes CR and LF as %0D and %0A, and
        # newman writes them unchanged.
        problem = f"form field name {part.name!r} contains a line break, which curl percent-encodes and newman sends unchanged"
    elif part.kind == "file" and part.path and any(char in part.filename for char in "\r\n"):
        # Measured with curl 7.88: -F writes CR and LF in a file name as %0D
        # and %0A too.
        problem = f"file name {part.filename!r} of form field {part.name!r} contains a line break, which curl percent-encodes and newman sends unchanged"
    elif part.name == "" and not (part.kind == "text" and part.content_type is None):
        # Measured with curl 7.88: -F writes "Content-Disposition: form-data"
        # without name="" for an empty name, and newman writes name="".
        problem = "a form field has an empty name, which curl leaves out and newman sends as name=\"\", and the field has a content type or is a file"
    elif _needs_own_disposition(part) and not (part.kind == "text" and part.content_type is None):
        # A part's own Content-Disposition (see _form_text_with_disposition) would come
        # after the Content-Type that curl writes first, where newman writes it last.
        problem = (
            f"form field name {part.name!r} contains '=', where -F ends the name, or a double quote,"
            " which curl percent-encodes and newman sends unchanged, and the field has a content type"
        )
    elif part.content_type is not None and any(char in part.content_type for char in ';,"'):
        problem = f"content type {part.content_type!r} of form field {part.name!r} contains ';', ',' or '\"'"
    if problem:
        raise ItemError(
            f"curl's --form cannot send this request: {problem}. Use another language for this item",
            address=wire.address,
        )


def _add_redirect_options(wire: WireRequest, add, notes: list[str]) -> None:
    # NOTE: no curl snippet turns on curl's cookie engine, so a cookie that a
    # redirect response sets is not sent on the next hop, where newman sends
    # it. With the engine curl 7.88 sends its cookies as a second Cookie
    # header beside the item's, where newman joins them into one.
    policy = wire.redirects
    add("--location")
    add("--max-redirs", str(policy.max_redirects))
    if not policy.remove_referer and _answers_challenge(wire):
        # Measured with curl 7.88: ";auto" also puts a Referer on the retry after
        # a 401 challenge, and newman sends that retry without one.
        notes.append(
            "newman sends a Referer on each redirected request; curl's --referer ';auto' would also send one when it"
            " answers the server's 401 challenge, so this snippet sends no Referer."
        )
    elif not policy.remove_referer:
        # newman sends a Referer on each redirected request; ";auto" makes curl do the same.
        add("--referer", ";auto")
    if policy.keep_method and wire.method == "POST":
        # followOriginalHttpMethod: without these options curl turns a POST into a GET after a 301, 302 or 303.
        add("--post301")
        add("--post302")
        add("--post303")
    if policy.keep_authorization and (wire.basic_auth is not None or any(
        name.lower() == "authorization" for name, _ in wire.headers
    )):
        # followAuthorizationHeader: without this option curl sends credentials only to the first host.
        add("--location-trusted")
    note = _location_difference(wire)
    if note is not None:
        notes.append(note)


def _answers_challenge(wire: WireRequest) -> bool:
    """Return whether curl sends the request without credentials and retries it after a 401 challenge (digest, NTLM)."""
    runtime = wire.runtime_auth
    return (
        runtime is not None
        and runtime.scheme in ("digest", "ntlm")
        # curl's --user ends the user name at the first ':'.
        and ":" not in expand_hoisted(runtime.get("username"))
    )


def _location_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would differ from newman on a redirect, or None when it would not."""
    checks = (
        _method_difference(wire),
        _host_difference(wire),
        _referer_difference(wire),
        _form_type_difference(wire),
    )
    differences = [text for text in checks if text is not None]
    return " ".join(differences) or None


def _method_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would differ from newman in the method or body after a redirect, or None."""
    if wire.redirects.keep_method:
        # Measured with curl 7.88 and newman 6.2.2: after a 301, 302 or 303,
        # --request PUT (or PATCH, DELETE) stays PUT without the body, where
        # followOriginalHttpMethod makes newman send the body again. POST
        # keeps its body through --post301, --post302 and --post303.
        if wire.method != "POST" and wire.body is not None:
            return (
                f"after a 301, 302 or 303 curl sends {wire.method} again without a body, but"
                " followOriginalHttpMethod makes newman send the body again."
            )
        return None
    if wire.method in {"GET", "HEAD"}:
        return _safe_method_difference(wire)
    # Measured with curl 7.88: after a 300, 304, 305 or 306 (any 3xx but
    # 301, 302, 303, 307 and 308) curl sends the method, headers and body
    # again, where newman sends a GET without a body or Content-Type.
    if wire.method != "POST" or wire.body is None:
        # Measured with curl 7.88: --request PUT stays PUT after a 302, without
        # the body, and so does --request POST.
        return (
            f"after a 301, 302 or 303 curl sends {wire.method} again without a body, and after a 300, 304, 305"
            " or 306 with its body, but newman sends a GET without a body or Content-Type."
        )
    if any(name.lower() == "content-type" for name, _ in wire.headers):
        return (
            "curl also sends the Content-Type header on the GET that a 301, 302 or 303 turns this request into."
            " After a 300, 304, 305 or 306 it sends the POST again with its body, where newman sends a GET"
            " without body or Content-Type."
        )
    return "after a 300, 304, 305 or 306 curl sends the POST again with its body, but newman sends a GET without a body."


def _safe_method_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would differ from newman after a redirect of a GET or HEAD, or None."""
    if wire.body is None and not wire.has_header("Content-Type"):
        return None
    # Measured with curl 7.88 and newman 6.2.2: curl keeps the method and
    # the --header lines on every redirect. It drops the body after a 301,
    # 302 or 303 and sends it again after any other 3xx.
    if wire.body is None:
        return (
            "curl sends the Content-Type header again after a redirect, but newman drops it"
            " after any redirect but a 307 or 308."
        )
    return (
        "curl sends the Content-Type header again after a redirect, and the body after a 300, 304, 305"
        f" or 306, but newman sends {wire.method} without body or Content-Type after any redirect but"
        " a 307 or 308."
    )


def _host_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would send the item's Host header where newman does not, or None."""
    if not wire.has_header("Host"):
        return None
    # Measured with newman 6.2.2 and curl 7.88: newman sends the host of the
    # new URL on every redirect, and curl keeps the item's Host header on a
    # redirect to the same host name.
    return "curl sends the item's Host header again on a redirect to the same host name, but newman sends the host of the new URL."


def _referer_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would send the item's Referer header where newman does not, or None."""
    if wire.redirects.remove_referer or not wire.has_header("Referer"):
        return None
    # Measured with newman 6.2.2 and curl 7.88: newman sends the previous URL
    # as the Referer of each redirected request, in place of the item's
    # header, and curl sends a --header line on every request.
    return "curl sends the item's Referer header again on each redirect, but newman sends the previous URL."


def _form_type_difference(wire: WireRequest) -> str | None:
    """Return how curl's --location would send the item's Content-Type with a multipart body it built, or None."""
    body = wire.body
    if not isinstance(body, MultipartBody) or body.system_content_type:
        return None
    if not any(name.lower() == "content-type" for name, _ in wire.headers):
        return None
    # Measured with newman 6.2.2: newman builds the form again on a redirect
    # that keeps the body (a 307 or 308, or any with followOriginalHttpMethod).
    # It then sends multipart/form-data with its boundary in place of the
    # item's Content-Type, and no Content-Type when the item has none.
    return (
        "curl sends the item's Content-Type again on a redirect that keeps the body, but newman sends"
        " multipart/form-data with the body's boundary in its place."
    )


# The redirect groups of arguments that the bash redirect loop leaves out on
# some hops, and the arguments that mark their places in the curl command.
METHOD_AND_BODY = "<method and body>"
AUTHORIZATION = "<authorization>"
HOST = "<host>"
# The item's Referer header, which newman replaces on each redirect.
REFERER = "<referer>"
# The item's Content-Type headers of a multipart body that the snippet builds.
FORM_TYPE = "<form type>"


def _redirect_loop(wire: WireRequest, arguments: list[tuple[str, str, bool]], groups: list[str | None]) -> dict:
    """Return the bash redirect loop's settings, with its arguments grouped.

    The arguments of each group move to a bash array, and the first of them
    gives its place in the curl command to the group's marker.
    """
    policy = wire.redirects
    grouped: dict[str, list[tuple[str, str, bool]]] = {METHOD_AND_BODY: [], AUTHORIZATION: [], HOST: [], REFERER: [], FORM_TYPE: []}
    visible: list[tuple[str, str, bool]] = []
    for argument, group in zip(arguments, groups):
        if group is None or (group == AUTHORIZATION and policy.keep_authorization):
            visible.append(argument)
            continue
        if not grouped[group]:
            visible.append((group, "", False))
        grouped[group].append(argument)
    return {
        "arguments": visible,
        "reason": _location_difference(wire),
        "method_and_body": grouped[METHOD_AND_BODY],
        "authorization": grouped[AUTHORIZATION],
        "check_host": bool(grouped[AUTHORIZATION]),
        "host_header": grouped[HOST],
        "referer_header": grouped[REFERER],
        "form_type": grouped[FORM_TYPE],
        "keep_method": policy.keep_method,
        "max_redirects": policy.max_redirects,
        "referer": not policy.remove_referer,
    }


# The argument that marks the place of the form arguments. The snippet
# collects them in an array, so that a missing file can leave out its part.
FORM_ARGUMENTS = "<form>"
# The argument that marks the place of the arguments of a file body, which
# differ when the file does not exist.
FILE_BODY_ARGUMENTS = "<file body>"


@dataclass
class FormPartArguments:
    """The curl arguments of one form part, sent only when the file at ``path`` exists (``path`` None: always)."""

    path: str | None
    arguments: list[tuple[str, str, bool]] = field(default_factory=list)
    raw_arguments: list[tuple[str, str | bytes]] = field(default_factory=list)


@dataclass
class FileBodyArguments:
    """The curl arguments of a file body: ``present`` when the file at ``path`` exists, ``missing`` when not."""

    path: str
    present: list[tuple[str, str]]
    missing: list[tuple[str, str]]


def _whole_env_secret(value: str) -> str | None:
    """Return the environment variable that ``value`` reads when it is one secret marker and nothing else, else None."""
    match = re.fullmatch(r"\{\{(\$[A-Za-z0-9_]+)\}\}", value)
    secret = parse_secret_marker(match.group(1)) if match else None
    if secret is None or secret[0] != "env":
        return None
    return env_name(secret[1])


def build_bash_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    """Build the bash snippet's context, which follows redirects in a loop where curl's --location would differ from newman."""
    return build_context(wire, examples, options, redirect_loop=True, bash=True)


def build_context(
    wire: WireRequest, examples: tuple[Example, ...], options: dict, redirect_loop: bool = False, bash: bool = False
) -> dict:
    """Build the curl arguments and the rest of the template context.

    With ``redirect_loop`` the context has a ``redirect_loop`` entry where
    curl's --location would send what newman does not, and the bash template
    then follows each redirect with its own curl call. The snippets for
    PowerShell and cmd.exe use --location and its note instead. With
    ``bash``, a multipart body that newman sends without its own
    Content-Type is built by the snippet in a file; the other shells raise
    ItemError for it.
    """
    body = wire.body
    # Measured with curl 7.88: --form always writes multipart/form-data with
    # its boundary. It replaces the item's Content-Type, or appends
    # "; boundary=..." to it. When disabledSystemHeaders turns that header off,
    # the bash snippet builds the body itself and sends it from a file.
    built_form = isinstance(body, MultipartBody) and not body.system_content_type
    if built_form and not bash:
        raise ItemError(
            "curl's --form cannot send this request: protocolProfileBehavior.disabledSystemHeaders turns off"
            " the Content-Type of its multipart body, and --form always writes multipart/form-data with a"
            " boundary. Use the curl (bash) or a Python language for this item",
            address=wire.address,
        )
    if built_form:
        check_built_file_names(wire)
    redirect_loop = redirect_loop and wire.follow_redirects and _location_difference(wire) is not None
    # (option, value, is_code): the template quotes value unless is_code marks
    # it as bash code already built by the quoting helpers.
    arguments: list[tuple[str, str, bool]] = []
    # (option, value) with the value unquoted, as bytes where it is not
    # text, for the targets that call curl from another shell.
    raw_arguments: list[tuple[str, str | bytes]] = []
    # The form parts, when a file part may be left out at run time.
    form_parts: list[FormPartArguments] = []
    # The redirect group of each argument (METHOD_AND_BODY, AUTHORIZATION, HOST, REFERER, FORM_TYPE or None).
    groups: list[str | None] = []

    def add(
        option: str, value: str = "", is_code: bool = False, raw: str | bytes | None = None, group: str | None = None
    ) -> None:
        # Once the form parts begin, each argument belongs to the latest part.
        if form_parts:
            form_parts[-1].arguments.append((option, value, is_code))
            form_parts[-1].raw_arguments.append((option, value if raw is None else raw))
            return
        arguments.append((option, value, is_code))
        raw_arguments.append((option, value if raw is None else raw))
        groups.append(group)

    notes = list(wire.notes)

    jq_code, jq_note = _jq_pipe(wire, examples, options)
    if jq_code is not None:
        # --fail makes curl write nothing to the pipe and exit with status 22
        # on a 4xx or 5xx response, so jq never reads an error page.
        # --fail-with-body would still write the error page to the pipe.
        add("--silent")
        add("--show-error")
        add("--fail")
    elif bash and not redirect_loop:
        # curl draws its progress meter on stderr when stdout is not a
        # terminal, as in `bash snippet.sh | jq .`. The redirect loop's curl
        # call turns it off in the template instead.
        add("--no-progress-meter")

    if wire.method == "HEAD" and body is not None:
        # curl rejects --head with a body. After --request HEAD it waits for the
        # body that the response's Content-Length announces, which a HEAD response
        # never has, so it reads until the server closes the connection instead.
        notes.append(
            "curl rejects --head with a body, so the request is sent with --request HEAD; --ignore-content-length"
            " and Connection: close keep curl from waiting for a response body that never comes."
        )
        add("--request", "HEAD")
        add("--ignore-content-length")
        add("--header", "Connection: close")
    elif wire.method == "HEAD":
        add("--head")
    else:
        implied = "POST" if body is not None else "GET"
        if wire.method != implied:
            add("--request", wire.method, group=METHOD_AND_BODY)
    if wire.follow_redirects and not redirect_loop:
        _add_redirect_options(wire, add, notes)
    elif jq_code is not None and not wire.follow_redirects:
        # Without --location, curl writes a 3xx response's page to jq, which
        # fails to parse it. With no redirect allowed, curl writes nothing
        # and exits with status 47 when the response redirects (curl 7.88).
        add("--location")
        add("--max-redirs", "0")
    if not wire.strict_ssl:
        add("--insecure")
    url = expand_hoisted(wire.url)
    if any(char in url for char in "[]{}"):
        # Without --globoff curl reads [] and {} in the URL as ranges and lists.
        add("--globoff")
    if _DOT_SEGMENT.search(url.split("?", 1)[0]):
        # curl would resolve "/./" and "/../" itself; newman sends them as written.
        add("--path-as-is")
    if options.get("timeout"):
        add("--max-time", str(options["timeout"]))

    headers = list(wire.headers)
    if wire.basic_auth is not None and ":" not in expand_hoisted(wire.basic_auth[0]):
        headers = split_basic_auth(wire)
        add("--user", f"{wire.basic_auth[0]}:{wire.basic_auth[1]}", group=AUTHORIZATION)
    file_body = None
    if isinstance(body, BinaryFileBody):
        file_body = _file_body(wire, body, headers)
        if body.guessed_type is not None:
            # The guessed type is sent only with the file, so it goes with the file's arguments.
            headers.remove(("Content-Type", body.guessed_type))
    stdin_text = None
    has_content_type = False
    for name, value in headers:
        has_content_type = has_content_type or name.lower() == "content-type"
        # newman drops Content-Type and Content-Length with the body after a
        # redirect other than 307 or 308.
        # newman sends the host of the new URL in place of the item's Host header,
        # and the previous URL in place of its Referer unless
        # removeRefererHeaderOnRedirect is set.
        group = {
            "content-type": FORM_TYPE if built_form else METHOD_AND_BODY,
            "content-length": METHOD_AND_BODY,
            "authorization": AUTHORIZATION,
            "host": HOST,
            "referer": None if wire.redirects.remove_referer else REFERER,
        }.get(name.lower())
        resolved = expand_hoisted(value)
        # "Name;" is curl's way to send a header with an empty value.
        header = f"{name}: {value}" if resolved else f"{name};"
        variable = _whole_env_secret(value) if bash else None
        if variable is not None:
            # curl leaves out a header written "Name: " with nothing after it,
            # so an empty value takes the "Name;" form, as newman sends it empty.
            # NOTE: a hoisted variable (--variables hoist) is still written as
            # 'Name: '"$name", which curl leaves out when it is set empty.
            code = f'{sh_str(name)}"${{{variable}:+: }}${{{variable}:-;}}"'
            add("--header", code, is_code=True, raw=header, group=group)
        elif not wire.headers_utf8 and any("\x80" <= char <= "\xff" for char in resolved):
            # Without a body (see WireRequest.headers_utf8), newman sends
            # such values as Latin-1, one byte per character. curl sends the
            # bytes of its argument, so they are written as bytes, with
            # hoisted variables written in place.
            # NOTE: with a body they go as UTF-8 text, and the loop that
            # follows redirects keeps it after a redirect that drops the
            # body, where newman sends Latin-1.
            header_bytes = f"{name}: {resolved}".encode("latin-1")
            add("--header", sh_bytes(header_bytes), is_code=True, raw=header_bytes, group=group)
        else:
            add("--header", header, group=group)
    auth_start = len(arguments)
    auth_lines, url_word = _add_runtime_auth(wire, add, notes)
    # NOTE: every argument of the runtime auth counts as credentials, so a
    # redirect to another host also drops AWS's X-Amz-* headers, which newman keeps.
    groups[auth_start:] = [AUTHORIZATION] * (len(arguments) - auth_start)
    if "accept" in wire.removed_defaults:
        add("--header", "Accept:")
    if (isinstance(body, (TextBody, UrlEncodedForm)) or built_form) and not has_content_type:
        # curl would add its own form Content-Type for --data; newman sends none here.
        add("--header", "Content-Type:", group=METHOD_AND_BODY)

    body_start = len(arguments)

    if isinstance(body, TextBody) and len(expand_hoisted(body.text).encode("utf-8")) > _MAX_ARGUMENT_BYTES and stdin_text is None:
        # A long body would exceed the system's limit on one argument, so it
        # goes through standard input. printf is a shell builtin, so the limit
        # does not apply to it.
        stdin_text = body.text
        add("--data-binary", "@-")
    elif isinstance(body, TextBody):
        add("--data-raw", body.text)
    elif isinstance(body, UrlEncodedForm):
        for key, value in body.fields:
            if key and " " not in expand_hoisted(value):
                # --data-urlencode encodes the value only; the name must be encoded already.
                add("--data-urlencode", f"{form_encode(key)}={value}")
            else:
                # curl encodes a space as "+", newman as "%20", and an empty
                # name would drop the "=", so such fields are sent encoded.
                # NOTE: a hoisted variable is written here as its encoded
                # value, and the snippet's notes do not say so.
                add("--data-raw", f"{form_encode(key)}={form_encode(expand_hoisted(value))}")
    elif built_form:
        add("--data-binary", '@"$body_file"', is_code=True)
    elif isinstance(body, MultipartBody):
        if body.local_files:
            add(FORM_ARGUMENTS)
        for part in body.parts:
            _check_form_part(wire, part)
            if body.local_files:
                form_parts.append(FormPartArguments(part.path if part.kind == "file" and part.path else None))
            if part.kind == "text" and part.content_type is None and _needs_own_disposition(part):
                add("--form", _form_text_with_disposition(wire, part))
            elif part.kind == "text" and part.content_type is None:
                add("--form-string", f"{part.name}={part.value}")
            elif part.kind == "text" and not _form_parses_value(expand_hoisted(part.value)):
                add("--form", f"{part.name}={part.value};type={part.content_type}")
            elif part.kind == "text" and stdin_text is None:
                # The value comes from standard input ("<-"), which -F sends as it is.
                stdin_text = part.value
                add("--form", f"{part.name}=<-;type={part.content_type}")
            elif part.kind == "text":
                raise ItemError(
                    "curl's --form cannot send this request: more than one form field has both a content type"
                    " and a value with ';', ',' or '\"' or with white space at an end",
                    address=wire.address,
                )
            elif not part.path:
                # A file field without a file: an empty part with filename="".
                type_option = f";type={part.content_type}" if part.content_type else ""
                add("--form", f'{part.name}={type_option};filename=""')
            else:
                add("--form", f"{part.name}={_form_file_value(part.path, part.content_type, part.filename)}")
    elif isinstance(body, BinaryFileBody):
        add(FILE_BODY_ARGUMENTS)
    groups[body_start:] = [METHOD_AND_BODY] * (len(arguments) - body_start)

    if redirect_loop and stdin_text is not None:
        # NOTE: a body read from standard input cannot be sent again on a 307
        # or 308 hop, so such a request keeps --location and its note.
        return build_context(wire, examples, options, bash=bash)
    spelled = [(spell_option(option, options), value, is_code) for option, value, is_code in arguments]
    loop = _redirect_loop(wire, spelled, groups) if redirect_loop else None

    return {
        "arguments": loop.pop("arguments") if loop else spelled,
        "redirect_loop": loop,
        # The raw arguments keep the long names, which the other shells' builders look for.
        "raw_arguments": raw_arguments,
        "notes": notes,
        "stdin_text": stdin_text,
        "form_parts": [_spelled(part, options) for part in form_parts],
        # The multipart body that the bash snippet writes to $body_file, or None.
        "built_form": body if built_form else None,
        # The arguments sent in place of the form when every part is left out.
        "empty_form": _empty_form(wire) if isinstance(body, MultipartBody) and body.may_be_empty else None,
        "file_body": file_body,
        "separator": continuation(options, "\\"),
        # The redirect loop's curl command is indented by four more spaces.
        "loop_separator": continuation(options, "\\").replace("\n", "\n    "),
        "jq_code": jq_code,
        "jq_stops_redirects": jq_code is not None and not wire.follow_redirects,
        "jq_requirement": _jq_requirement(examples) if jq_code is not None else None,
        "jq_note": jq_note,
        "auth_lines": auth_lines,
        "url_word": url_word,
    }


def _spelled(part: FormPartArguments, options: dict) -> FormPartArguments:
    """Return ``part`` with its options in the spelling that ``options`` selects."""
    arguments = [(spell_option(option, options), value, is_code) for option, value, is_code in part.arguments]
    return FormPartArguments(part.path, arguments, part.raw_arguments)


def _empty_form(wire: WireRequest) -> list[tuple[str, str]]:
    """Return the arguments that send what newman sends when every part of the form is left out.

    newman then sends no body, Content-Length: 0, and no Content-Type unless
    the item has one. The empty --data-binary keeps the POST that -F implies,
    and its form Content-Type is replaced by the item's or removed.
    """
    explicit_type = wire.body.explicit_type
    content_type = f"Content-Type: {explicit_type}" if explicit_type else "Content-Type:"
    return [("--data-binary", ""), ("--header", content_type)]


def _file_body(wire: WireRequest, body: BinaryFileBody, headers: list[tuple[str, str]]) -> FileBodyArguments:
    """Return the arguments of a file body: the file when it exists, an empty body as newman sends otherwise.

    curl adds a form Content-Type to --data-binary, so the empty body removes
    it unless the item sets its own, and newman sends the type it guesses
    from the file name only with the file.
    """
    present = [("--data-binary", "@" + curl_file_path(body.path))]
    if body.guessed_type is not None:
        present.insert(0, ("--header", f"Content-Type: {body.guessed_type}"))
    missing = [("--data-binary", "")]
    if body.guessed_type is not None or not any(name.lower() == "content-type" for name, _ in headers):
        missing.insert(0, ("--header", "Content-Type:"))
    return FileBodyArguments(body.path, present, missing)


def _add_runtime_auth(wire: WireRequest, add, notes: list[str]) -> tuple[list[str], str | None]:
    """Add the options that compute ``wire.runtime_auth``; return the bash lines that sign it first and the signed URL word, if any."""
    runtime = wire.runtime_auth
    if runtime is None:
        return [], None
    if runtime.scheme == "oauth1":
        signed = oauth1_code(wire, "Authorization: ")
        if signed is not None:
            lines, word, placement = signed
            if placement == "query":
                return lines, word
            add("--header", word, is_code=True)
            return lines, None
    elif runtime.scheme in ("hawk", "edgegrid"):
        signed_header = hawk_code(wire) if runtime.scheme == "hawk" else edgegrid_code(wire)
        if signed_header is not None:
            lines, word = signed_header
            add("--header", word, is_code=True)
            return lines, None
    elif runtime.scheme == "jwt":
        lines, word, placement = jwt_code(wire)
        if placement == "query":
            return lines, word
        add("--header", word, is_code=True)
        return lines, None
    elif _answers_challenge(wire):
        user = runtime.get("username")
        if runtime.scheme == "ntlm" and runtime.get("domain"):
            user = runtime.get("domain") + "\\" + user
        # Both send the request without credentials first, as newman does,
        # and then respond to the server's 401 challenge.
        add("--digest" if runtime.scheme == "digest" else "--anyauth")
        add("--user", f"{user}:{runtime.get('password')}")
        if runtime.scheme == "ntlm":
            notes.append(
                "NTLM: --anyauth answers the server's challenge with the safest scheme it offers,"
                " which is NTLM for an NTLM server; curl sends its own workstation name."
            )
        return [], None
    elif runtime.scheme == "awsv4" and not any(":" in expand_hoisted(runtime.get(name)) for name in ("region", "service", "accessKey")):
        add("--aws-sigv4", f"aws:amz:{runtime.get('region')}:{runtime.get('service')}")
        add("--user", f"{runtime.get('accessKey')}:{runtime.get('secretKey')}")
        if runtime.get("sendPayloadHash"):
            add("--header", f"X-Amz-Content-Sha256: {runtime.get('payloadHash')}")
        if runtime.get("sessionToken"):
            add("--header", f"X-Amz-Security-Token: {runtime.get('sessionToken')}")
        query = expand_hoisted(wire.url).partition("?")[2].partition("#")[0]
        pairs = [pair for pair in query.split("&") if pair]
        if pairs != sorted(pairs):
            # NOTE: measured with curl 7.88.1 against the AWS example signature;
            # later curl versions may sort the query themselves.
            notes.append(
                "AWS Signature Version 4 signs the query parameters sorted by name, and curl 7.88 signs"
                " them in the order written, so sort them here if the server rejects the signature."
            )
        return [], None
    notes.append(runtime.unsupported_note)
    return [], None


# Linux rejects a single argument of 32 pages (MAX_ARG_STRLEN, 128 KiB with
# 4 KiB pages) or more, its terminating NUL byte included, with E2BIG.
MAX_ARGUMENT_BYTES = 128 * 1024


def _jq_requirement(examples: tuple[Example, ...]) -> str:
    """Return the jq versions the ``--curl-jq`` program needs for the numbers of the saved examples.

    jq 1.6 stores every number as a double, so it prints an integer beyond
    2^53 rounded (1234567890123456789 as 1234567890123456800, seen with jq
    1.6 here). jq 1.7 keeps the literal of a number that no arithmetic
    changed, so tojson, the only way the program prints values, writes a
    big integer as it was. NOTE: not checked with jq 1.7, which this
    machine lacks.
    """
    from ..shape import success_samples

    if any(_has_big_integer(sample.value) for sample in success_samples(examples)):
        return "Needs jq 1.7 or later, because jq 1.6 rounds integers beyond 2^53, which the saved example has."
    return "Needs jq 1.6 or later."


def _has_big_integer(value: object) -> bool:
    from ..shape import is_overlong_int

    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool) and (abs(value) > 2**53 or is_overlong_int(value)):
            return True
    return False


def _jq_pipe(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> tuple[str | None, str | None]:
    """Return the bash word of the ``--curl-jq`` program, or None and the reason the snippet has none."""
    if not options.get("curl_jq"):
        return None, None
    if wire.method == "HEAD":
        return None, "a HEAD response has no body, so there is nothing for jq to read."
    plan = parse_plan_for(examples, "python", {**options, "parse_response": True})
    if plan is None:
        return None, "the item has no saved example response, so there are no fields for jq to print."
    program = jq_program(plan)
    if program is None:
        return None, f"no fields for jq to print: {plan.note or 'the example body has no fields to read.'}"
    size = len(program.encode("utf-8", "surrogatepass"))
    if size >= MAX_ARGUMENT_BYTES:
        return None, (
            f"the jq program for the saved example's keys would take {size:,} bytes, and Linux"
            f" rejects a command argument of {MAX_ARGUMENT_BYTES:,} bytes or more."
        )
    # sh_str and not the sh filter: Postman's {{$name}} in a key is text
    # here, not a dynamic variable.
    return sh_str(program), None


TARGET = Target(
    name="curl",
    extension=".sh",
    template="curl/request.sh.j2",
    build_context=build_bash_context,
    filters={"sh": sh_expr},
    family="curl",
    variable_style="bash",
    runtime_auth=BASH_RUNTIME_AUTH,
)
