"""OAuth 1.0 with a fixed timestamp and nonce: the header and target that newman sends, byte for byte.

The signature covers the capture server's origin, so the conformance suite,
which runs snippets on another port, compares these items by structure. Here
each one is compared exactly with newman's recording, at the recording's origin.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.api import make_scope
from generator.conformance.newman import item_slug
from generator.loader import load_collection
from generator.oauth1 import OAuth1Error, reencode_query
from generator.wire import UrlEncodedForm, build_wire_request

CONFORMANCE = Path(__file__).parent / "conformance"
COLLECTION = load_collection(CONFORMANCE / "collections" / "auth-volatile.postman_collection.json")
FOLDER = "oauth1 with a fixed timestamp and nonce/"
ITEMS = [item for item in COLLECTION.requests if item.address.startswith(FOLDER)]


def authorization(headers) -> list[str]:
    return [value for name, value in headers if name.lower() == "authorization"]


def test_folder_has_items():
    assert len(ITEMS) >= 10


@pytest.mark.parametrize("item", ITEMS, ids=[item.name for item in ITEMS])
def test_header_matches_newman(item):
    expected = json.loads((CONFORMANCE / "expected" / "auth-volatile" / f"{item_slug(item.address)}.json").read_text("utf-8"))
    scope = make_scope(COLLECTION, variables={"baseUrl": expected["origin"]})
    wire = build_wire_request(item, scope)

    assert authorization(wire.headers) == authorization(expected["headers"])
    assert wire.url == expected["origin"] + expected["target"]
    if isinstance(wire.body, UrlEncodedForm):
        assert wire.body.encoded == expected["body"]["text"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/p", "http://h/p"),
        ("http://h/p?a=1+2", "http://h/p?a=1%202"),
        ("http://h/p?b=(x)!*'", "http://h/p?b=%28x%29%21%2A%27"),
        ("http://h/p?c&d=", "http://h/p?c&d="),
        ("http://h/p?e=%41~&oauth_token=old", "http://h/p?e=A~"),
        ("http://h/p?&&", "http://h/p"),
    ],
)
def test_reencode_query(url, expected):
    assert reencode_query(url) == expected


@pytest.mark.parametrize("url", ["http://h/p?a=%zz", "http://h/p?a=%ff"])
def test_reencode_malformed_escape_rejected(url):
    with pytest.raises(OAuth1Error):
        reencode_query(url)


def test_malformed_query_gets_note(tmp_path):
    document = {
        "info": {"name": "o", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "bad escape",
                "request": {
                    "method": "GET",
                    "url": "http://127.0.0.1:9/p?a=%ff",
                    "auth": {"type": "oauth1", "oauth1": [{"key": "consumerKey", "value": "ck"}, {"key": "consumerSecret", "value": "cs"}]},
                },
            }
        ],
    }
    path = tmp_path / "o.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert authorization(wire.headers) == []
    assert any("newman cannot sign this request" in note for note in wire.notes)


def test_unknown_body_hash_gets_note(tmp_path):
    auth = [
        {"key": "consumerKey", "value": "ck"},
        {"key": "consumerSecret", "value": "cs"},
        {"key": "timestamp", "value": "1"},
        {"key": "nonce", "value": "n"},
        {"key": "addParamsToHeader", "value": True},
        {"key": "includeBodyHash", "value": True},
        {"key": "signatureMethod", "value": "HMAC-SHAKE_128"},
    ]
    document = {
        "info": {"name": "o", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "shake",
                "request": {
                    "method": "POST",
                    "url": "http://127.0.0.1:9/p",
                    "body": {"mode": "raw", "raw": "x"},
                    "auth": {"type": "oauth1", "oauth1": auth},
                },
            }
        ],
    }
    path = tmp_path / "o.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)
    wire = build_wire_request(collection.requests[0], make_scope(collection))

    assert authorization(wire.headers) == []
    assert any("OAuth 1.0" in note for note in wire.notes)
