"""compare() reports how a request differs from newman's, and only what the collection controls."""

from __future__ import annotations

import base64

import pytest

from generator.conformance.capture import CapturedRequest
from generator.conformance.compare import (
    IGNORED_HEADERS,
    FormPart,
    compare,
    compare_chain,
    compare_form_parts,
    failures,
    form_parts,
)

ORIGIN = "http://127.0.0.1:58080"
NEWMAN_DEFAULTS = [
    ("User-Agent", "PostmanRuntime/7.39.1"),
    ("Accept", "*/*"),
    ("Cache-Control", "no-cache"),
    ("Postman-Token", "0f0e4c1a-7d0b-4b7e-9a55-0d6a1b1f2c3d"),
    ("Host", "127.0.0.1:58080"),
    ("Accept-Encoding", "gzip, deflate, br"),
    ("Connection", "keep-alive"),
]


def expectation(method="GET", target="/", headers=(), body=b"", **extra):
    record = {
        "address": "folder/item",
        "origin": ORIGIN,
        "sent": True,
        "method": method,
        "target": target,
        "headers": [list(pair) for pair in [*headers, *NEWMAN_DEFAULTS]],
        "body": {"base64": base64.b64encode(body).decode("ascii")},
    }
    record.update(extra)
    return record


def captured(method="GET", target="/", headers=(), body=b"", host="127.0.0.1:58080"):
    return CapturedRequest(
        method=method,
        target=target,
        http_version="HTTP/1.1",
        headers=[("Host", host), ("User-Agent", "python-requests/2.32"), *headers],
        body=body,
    )


def kinds(differences):
    return [difference.kind for difference in differences]


def test_identical_requests_have_no_differences():
    headers = [("X-One", "1")]

    assert compare(expectation(headers=headers), captured(headers=headers + [("Accept", "*/*")])) == []


def test_method_differs():
    differences = compare(expectation(method="PURGE"), captured(method="POST", headers=[("Accept", "*/*")]))

    assert kinds(differences) == ["method"]
    assert "'PURGE'" in differences[0].detail


def test_target_compares_bytes_not_meaning():
    differences = compare(expectation(target="/p/%41"), captured(target="/p/A", headers=[("Accept", "*/*")]))

    assert kinds(differences) == ["target"]


def test_client_default_headers_are_ignored():
    actual = captured(
        headers=[
            ("Accept", "*/*"),
            ("Connection", "close"),
            ("Accept-Encoding", "identity"),
            ("Postman-Token", "other"),
        ]
    )

    assert compare(expectation(), actual) == []
    assert set(IGNORED_HEADERS) == {"user-agent", "postman-token", "host", "connection", "accept-encoding"}


def test_cache_control_other_than_no_cache_is_compared():
    expected = expectation(headers=[("Cache-Control", "max-age=0")])

    differences = compare(expected, captured(headers=[("Accept", "*/*")]))

    assert kinds(differences) == ["header-missing"]
    assert "max-age=0" in differences[0].detail


def test_header_names_ignore_case_but_values_do_not():
    expected = expectation(headers=[("X-Token", "Abc")])

    assert compare(expected, captured(headers=[("x-token", "Abc"), ("Accept", "*/*")])) == []
    assert kinds(compare(expected, captured(headers=[("X-Token", "abc"), ("Accept", "*/*")]))) == [
        "header-value"
    ]


def test_duplicate_headers_count_as_a_multiset():
    expected = expectation(headers=[("X-Dup", "1"), ("X-Dup", "1")])

    differences = compare(expected, captured(headers=[("X-Dup", "1"), ("Accept", "*/*")]))

    assert kinds(differences) == ["header-missing"]


def test_extra_header_is_reported():
    differences = compare(expectation(), captured(headers=[("Accept", "*/*"), ("X-Debug", "on")]))

    assert kinds(differences) == ["header-extra"]


def test_missing_default_accept_is_reported():
    differences = compare(expectation(), captured())

    assert kinds(differences) == ["header-missing"]
    assert differences[0].detail == "accept: ['*/*']"


def test_content_length_zero_one_side_passes():
    expected = expectation(method="POST", headers=[("Content-Length", "0")])
    actual = captured(method="POST", headers=[("Accept", "*/*")])

    differences = compare(expected, actual)

    assert kinds(differences) == ["content-length-zero"]
    assert failures(differences) == []


def test_content_length_must_match_own_body():
    expected = expectation(method="POST", headers=[("Content-Length", "3")], body=b"abc")
    actual = captured(method="POST", headers=[("Accept", "*/*"), ("Content-Length", "4")], body=b"abc")

    differences = compare(expected, actual)

    assert kinds(differences) == ["content-length"]
    assert differences[0].is_failure


def test_missing_content_length_with_a_body_fails():
    expected = expectation(method="POST", headers=[("Content-Length", "3")], body=b"abc")
    actual = captured(method="POST", headers=[("Accept", "*/*"), ("Transfer-Encoding", "chunked")], body=b"abc")

    assert sorted(kinds(compare(expected, actual))) == ["header-extra", "header-missing"]


def test_body_compares_bytes():
    expected = expectation(method="POST", headers=[("Content-Length", "5")], body=b"hello")
    actual = captured(method="POST", headers=[("Accept", "*/*"), ("Content-Length", "5")], body=b"hellO")

    differences = compare(expected, actual)

    assert kinds(differences) == ["body"]
    assert "offset 4" in differences[0].detail


def json_pair(expected_body: bytes, actual_body: bytes):
    expected = expectation(
        method="POST",
        headers=[("Content-Type", "application/json"), ("Content-Length", str(len(expected_body)))],
        body=expected_body,
    )
    actual = captured(
        method="POST",
        headers=[
            ("Accept", "*/*"),
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(actual_body))),
        ],
        body=actual_body,
    )
    return compare(expected, actual)


def test_json_whitespace_is_not_a_failure():
    differences = json_pair(b'{\n  "a": 1,\n  "b": ["x y", "\\u00e9"]\n}', b'{"a": 1, "b": ["x y", "\\u00e9"]}')

    assert kinds(differences) == ["body-json-equivalent"]
    assert failures(differences) == []


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (b'{"b": "\\u00e9"}', '{"b": "\u00e9"}'.encode()),
        (b'{"b": "\\/x"}', b'{"b": "/x"}'),
        (b'{"b": "\\u00E9"}', b'{"b": "\\u00e9"}'),
        (b'{"b": "a b"}', b'{"b": "a  b"}'),
    ],
)
def test_json_escape_or_string_space_fails(expected, actual):
    assert kinds(json_pair(expected, actual)) == ["body"]


def test_json_key_order_matters():
    assert kinds(json_pair(b'{"a": 1, "b": 2}', b'{"b": 2, "a": 1}')) == ["body"]


def test_json_duplicate_keys_are_kept():
    assert kinds(json_pair(b'{"a": 1, "a": 2}', b'{"a": 2}')) == ["body"]


def test_json_numbers_compare_by_text():
    assert kinds(json_pair(b'{"price": 1.50}', b'{"price": 1.5}')) == ["body"]
    assert kinds(json_pair(b'{"n": 10}', b'{"n": 1e1}')) == ["body"]


def test_json_scalar_bodies_compare_as_bytes():
    assert kinds(json_pair(b"1", b" 1")) == ["body"]


def multipart(boundary: str, parts: list[bytes]) -> bytes:
    body = b""
    for part in parts:
        body += b"--" + boundary.encode() + b"\r\n" + part + b"\r\n"
    return body + b"--" + boundary.encode() + b"--\r\n"


def multipart_pair(expected_parts, actual_parts, quote_boundary=False):
    newman_boundary = "--------------------------123456789012345678901234"
    other_boundary = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    quoted = f'"{other_boundary}"' if quote_boundary else other_boundary
    expected_body = multipart(newman_boundary, expected_parts)
    actual_body = multipart(other_boundary, actual_parts)
    expected = expectation(
        method="POST",
        headers=[
            ("Content-Type", f"multipart/form-data; boundary={newman_boundary}"),
            ("Content-Length", str(len(expected_body))),
        ],
        body=expected_body,
    )
    actual = captured(
        method="POST",
        headers=[
            ("Accept", "*/*"),
            ("Content-Type", f"multipart/form-data; boundary={quoted}"),
            ("Content-Length", str(len(actual_body))),
        ],
        body=actual_body,
    )
    return compare(expected, actual)


def test_multipart_boundaries_are_blanked():
    parts = [
        b'Content-Disposition: form-data; name="a"\r\n\r\n1',
        b'Content-Disposition: form-data; name="f"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nfile',
    ]

    assert multipart_pair(parts, parts) == []


def test_multipart_boundary_quotes_are_compared():
    part = b'Content-Disposition: form-data; name="a"\r\n\r\n1'

    differences = multipart_pair([part], [part], quote_boundary=True)

    assert kinds(differences) == ["header-value"]
    assert 'boundary="<boundary>"' in differences[0].detail


def test_multipart_names_the_differing_part():
    expected_parts = [b'Content-Disposition: form-data; name="a"\r\n\r\n1', b'Content-Disposition: form-data; name="b"\r\n\r\n2']
    actual_parts = [b'Content-Disposition: form-data; name="a"\r\n\r\n1', b'Content-Disposition: form-data; name="b"\r\n\r\n3']

    differences = multipart_pair(expected_parts, actual_parts)

    assert kinds(differences) == ["body"]
    assert differences[0].detail.startswith("multipart part 2:")


def test_multipart_part_count_differs():
    part = b'Content-Disposition: form-data; name="a"\r\n\r\n1'

    differences = multipart_pair([part, part], [part])

    assert "has 1 part(s), expected 2" in differences[0].detail


def test_origin_is_replaced_before_comparing():
    body = f"callback={ORIGIN}/done".encode()
    expected = expectation(
        method="POST",
        target="/x?next=http%3A%2F%2F127.0.0.1%3A58080%2Fdone",
        headers=[("Referer", f"{ORIGIN}/start"), ("Content-Length", str(len(body)))],
        body=body,
    )
    other = "http://127.0.0.1:41234"
    actual_body = f"callback={other}/done".encode()
    actual = captured(
        method="POST",
        target="/x?next=http%3A%2F%2F127.0.0.1%3A41234%2Fdone",
        headers=[("Accept", "*/*"), ("Referer", f"{other}/start"), ("Content-Length", str(len(actual_body)))],
        body=actual_body,
        host="127.0.0.1:41234",
    )

    assert compare(expected, actual) == []


def test_request_newman_did_not_send():
    expected = {"address": "x", "sent": False, "reason": "Invalid character in header content"}

    assert compare(expected, None) == []
    assert kinds(compare(expected, captured())) == ["sent"]


def test_request_that_never_arrived():
    assert kinds(compare(expectation(), None)) == ["sent"]


def test_extra_ignored_headers():
    expected = expectation(headers=[("Authorization", "OAuth nonce=1")])
    actual = captured(headers=[("Accept", "*/*"), ("Authorization", "OAuth nonce=2")])

    assert compare(expected, actual, ignore_headers=["Authorization"]) == []


def test_captured_request_as_expectation():
    request = captured(headers=[("Accept", "*/*")])

    assert compare(request, request) == []


def test_chain_compares_each_hop():
    hop = {
        "status": 302,
        "location": "/redirected",
        "method": "GET",
        "target": "/redirected",
        "headers": [["Accept", "*/*"], ["Referer", f"{ORIGIN}/start"]],
        "body": {"base64": ""},
    }
    expected = expectation(target="/start", redirects=[hop])
    first = captured(target="/start", headers=[("Accept", "*/*")])
    second = captured(target="/redirected", headers=[("Accept", "*/*")])

    differences = compare_chain(expected, [first, second])

    assert kinds(differences) == ["header-missing"]
    assert differences[0].detail.startswith("hop 1: referer")
    assert kinds(compare_chain(expected, [first])) == ["redirect-count"]


NEWMAN_MULTIPART = (
    b"--XYZ\r\n"
    b'Content-Disposition: form-data; name="say "hi""\r\n'
    b"\r\n"
    b"x\r\n"
    b"--XYZ\r\n"
    b'Content-Disposition: form-data; name="up"; filename="a.txt"\r\n'
    b"Content-Type: text/plain\r\n"
    b"\r\n"
    b"line\r\n\r\n"
    b"--XYZ--\r\n"
)


def test_form_parts_split_newman_body():
    assert form_parts(NEWMAN_MULTIPART, "XYZ") == [
        FormPart('say "hi"', None, None, b"x"),
        FormPart("up", "a.txt", "text/plain", b"line\r\n"),
    ]


def test_form_parts_reject_missing_disposition():
    body = b"--XYZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XYZ--\r\n"
    try:
        form_parts(body, "XYZ")
    except ValueError as error:
        assert "Content-Disposition" in str(error)
    else:
        raise AssertionError("form_parts accepted a part without Content-Disposition")


def test_compare_form_parts_names_field():
    expected = [FormPart("a", None, None, b"1"), FormPart("f", "a.txt", "text/plain", b"x")]
    actual = [FormPart("a", None, None, b"1"), FormPart("f", "b.txt", "text/plain", b"x")]
    differences = compare_form_parts(expected, actual)
    assert [difference.kind for difference in differences] == ["body"]
    assert "part 2: filename" in differences[0].detail


def test_compare_form_parts_counts_parts():
    differences = compare_form_parts([FormPart("a", None, None, b"1")], [])
    assert len(differences) == 1
    assert "0 part(s), expected 1" in differences[0].detail
