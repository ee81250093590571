"""curl-powershell snippets pass curl.exe the same arguments as the bash curl snippets pass curl."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from generator.api import load_collection, make_scope
from generator.conformance.curl_powershell import DecodeError, curl_arguments
from generator.conformance.suite import COLLECTIONS_DIR, FILES_DIR
from generator.errors import ItemError
from generator.languages import curl
from generator.render import render
from generator.runtime_auth import for_target
from generator.targets import load_target
from generator.wire import build_wire_request

COLLECTIONS = sorted(COLLECTIONS_DIR.glob("*.postman_collection.json")) + sorted(EXAMPLES.glob("*.postman_collection.json"))


def _file_exists(path: str) -> bool:
    return (FILES_DIR / path).is_file()


def _expected_arguments(wire) -> list[str] | None:
    """Return the curl arguments of the bash snippet, or None when one is not text.

    Form parts and file bodies take the arguments for the files that exist
    in the conformance suite's files folder.
    """
    context = curl.build_context(wire, (), {"timeout": 30})
    raw_arguments = []
    for option, value in context["raw_arguments"]:
        if option == curl.FORM_ARGUMENTS:
            sent = [part for part in context["form_parts"] if part.path is None or _file_exists(part.path)]
            raw_arguments += [argument for part in sent for argument in part.raw_arguments]
            if not sent and context["empty_form"] is not None:
                raw_arguments += context["empty_form"]
        elif option == curl.FILE_BODY_ARGUMENTS:
            body = context["file_body"]
            raw_arguments += body.present if _file_exists(body.path) else body.missing
        else:
            raw_arguments.append((option, value))
    arguments = [wire.url]
    for option, value in raw_arguments:
        if isinstance(value, bytes):
            return None
        arguments.append(option)
        if value or option == "--data-binary":
            arguments.append(value)
    return arguments


@pytest.mark.parametrize("path", COLLECTIONS, ids=lambda path: path.name)
def test_curl_powershell_arguments_match_curl(path):
    collection = load_collection(path)
    compared = 0
    for item in collection.requests:
        scope = make_scope(collection)
        try:
            wire = build_wire_request(item, scope)
            code = render(wire, item.examples, "curl-powershell", {"timeout": 30})
        except (ItemError, ValueError):
            continue  # items the generator rejects are covered by the conformance suite
        # Auth that the bash snippet signs with bash code is a note for curl.exe.
        expected = _expected_arguments(for_target(wire, load_target("curl-powershell")))
        if expected is None or "{{$" in code or "$bodyFile" in code:
            continue  # values known only at run time
        try:
            actual = curl_arguments(code, file_exists=_file_exists)
        except DecodeError as error:
            pytest.fail(f"{item.address}: {error}\n{code}")
        assert actual == expected, item.address
        compared += 1
    assert compared > 0, f"no item of {path.name} was compared"


def test_curl_powershell_calls_curl_exe():
    collection = load_collection(EXAMPLES / "pet-store.postman_collection.json")
    item = collection.requests[0]
    code = render(build_wire_request(item, make_scope(collection)), (), "curl-powershell", {})
    # In Windows PowerShell 5.1 "curl" is an alias of Invoke-WebRequest.
    assert "\ncurl.exe " in code
    assert "\ncurl " not in code
