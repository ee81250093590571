"""OAuth 1.0 signatures as newman 6.2 (postman-runtime 7.39 with node-oauth1) computes them.

newman signs each request with a fresh timestamp and nonce unless the auth
block fixes both. Only then is the header the same on every run, so only
then can a snippet carry it. Whenever newman signs, it also re-encodes the
query string of the URL it sends (see :func:`reencode_query`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote_to_bytes

__all__ = ["OAuth1Error", "RuntimeSigning", "runtime_signing", "authorization_header", "body_hash", "percent_encode", "query_separator", "query_with_parameters", "reencode_query", "remove_oauth_parameters", "signed_parameters", "signs_request"]

# The oauth_* names that newman removes from the query and the urlencoded
# body before it signs, because it adds its own.
OAUTH_PARAMETERS = frozenset(
    {
        "oauth_consumer_key",
        "oauth_token",
        "oauth_signature_method",
        "oauth_timestamp",
        "oauth_nonce",
        "oauth_version",
        "oauth_signature",
        "oauth_callback",
        "oauth_verifier",
        "oauth_body_hash",
    }
)

_HMAC_HASHES = {"HMAC-SHA1": "sha1", "HMAC-SHA256": "sha256", "HMAC-SHA512": "sha512"}
_MALFORMED_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class OAuth1Error(ValueError):
    """A value that newman's OAuth 1.0 code cannot process, so the header cannot be computed here."""


def percent_encode(text: str) -> str:
    """Encode every character but ``A-Z a-z 0-9 - . _ ~`` as UTF-8 ``%XX`` (RFC 5849, section 3.6)."""
    return quote(text, safe="")


def _decode_percent(text: str) -> str:
    # Form decoding: "+" is a space, and a malformed escape or invalid UTF-8
    # is an error, as with JavaScript's decodeURIComponent.
    text = text.replace("+", " ")
    if _MALFORMED_ESCAPE.search(text):
        raise OAuth1Error(f"the query has a malformed percent escape: {text!r}")
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError as error:
        raise OAuth1Error(f"the query has an escape that is not UTF-8: {text!r}") from error


def _decode_form(query: str) -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, equals, value = pair.partition("=")
        pairs.append((_decode_percent(name), _decode_percent(value) if equals else None))
    return pairs


def signs_request(params: dict[str, str]) -> bool:
    """Tell whether newman signs at all: it needs a consumer key and, for HMAC and PLAINTEXT, a consumer secret."""
    if not params.get("consumerKey"):
        return False
    if params.get("signatureMethod", "").upper().startswith("RSA"):
        return bool(params.get("privateKey"))
    return bool(params.get("consumerSecret"))


def remove_oauth_parameters(url: str) -> str:
    """Return ``url`` without the oauth_* query parameters, which newman removes before it signs."""
    base, question, query = url.partition("?")
    if not question:
        return url
    remaining = [pair for pair in query.split("&") if pair.partition("=")[0] not in OAUTH_PARAMETERS]
    return base + question + "&".join(remaining)


def reencode_query(url: str) -> str:
    """Return ``url`` with its query decoded as a form and encoded again with :func:`percent_encode`.

    newman does this to every request it signs with OAuth 1.0, unless
    ``disableUrlEncoding`` is set, so ``+`` becomes ``%20`` and ``!*'()``
    become escapes. The oauth_* parameters are removed first.
    """
    base, question, query = url.partition("?")
    if not question:
        return url
    pairs = [(name, value) for name, value in _decode_form(query) if name not in OAUTH_PARAMETERS]
    if not pairs:
        return base
    parts = []
    for name, value in pairs:
        encoded_name = percent_encode(name)
        parts.append(encoded_name if value is None else f"{encoded_name}={percent_encode(value)}")
    return base + question + "&".join(parts)


def _base_url(url: str) -> tuple[str, str]:
    """Return the normalized base URL and the query of ``url``, as node-oauth1 reads them."""
    scheme, _, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    path = slash + path
    path, _, query = path.partition("?")
    if "?" in authority:
        authority, _, query = authority.partition("?")
    authority = authority.lower()
    host, colon, port = authority.rpartition(":")
    if colon and port in ("80", "443") and not authority.endswith("]"):
        authority = host
    return f"{scheme.lower()}://{authority}{path or '/'}", query


def _oauth_parameters(
    params: dict[str, str], body_hash: str | None
) -> tuple[dict[str, str], str, bool, list[tuple[str, str | None]]]:
    """Return the auth parameters in use, the signature method, whether it was defaulted, and the oauth_* parameters to send.

    Raises OAuth1Error for a signature method that is not computed here.
    """
    add_empty = params.get("addEmptyParamsToSign", "") not in ("", "false")
    if not add_empty:
        params = {key: value for key, value in params.items() if value.strip()}
    method_name = params.get("signatureMethod") or "HMAC-SHA1"
    # node-oauth1 signs with HMAC-SHA1 when the method is missing or empty and
    # puts it into the signed parameters, but newman sends it nowhere.
    default_method = not params.get("signatureMethod")
    if method_name.endswith("-Accessor"):
        method_name = method_name[: -len("-Accessor")]
    if method_name != "PLAINTEXT" and method_name not in _HMAC_HASHES:
        raise OAuth1Error(f"the signature method {method_name!r} is not computed here")

    signature_params: list[tuple[str, str | None]] = [
        ("oauth_consumer_key", params.get("consumerKey")),
        ("oauth_token", params.get("token")),
        ("oauth_signature_method", params.get("signatureMethod")),
        ("oauth_timestamp", params.get("timestamp")),
        ("oauth_nonce", params.get("nonce")),
        ("oauth_version", params.get("version")),
    ]
    if body_hash:
        signature_params.append(("oauth_body_hash", body_hash))
    for key, name in (("callback", "oauth_callback"), ("verifier", "oauth_verifier")):
        if params.get(key):
            signature_params.append((name, params[key]))
    signature_params = [(name, value) for name, value in signature_params if add_empty or value]
    return params, method_name, default_method, signature_params


def signed_parameters(
    params: dict[str, str], method: str, url: str, form: list[tuple[str, str]], body_hash: str | None
) -> tuple[dict[str, str], list[tuple[str, str | None]]]:
    """Return the auth parameters newman uses and the oauth_* parameters it sends, oauth_signature last.

    ``params`` are the auth block's parameters after variable substitution,
    ``url`` the URL before :func:`reencode_query`, ``form`` the enabled
    fields of a urlencoded body and ``body_hash`` the value of
    oauth_body_hash, if any. The timestamp and nonce must be fixed. Raises
    OAuth1Error for what this cannot sign.
    """
    params, method_name, default_method, signature_params = _oauth_parameters(params, body_hash)
    base_url, query = _base_url(remove_oauth_parameters(url))
    signed_params = [(name, value) for name, value in signature_params if not (default_method and name == "oauth_signature_method")]
    if default_method:
        signed_params.append(("oauth_signature_method", "HMAC-SHA1"))
    all_params: list[tuple[str, str | None]] = _decode_form(query) + signed_params + list(form)
    # JavaScript's stable sort on "name value" in percent-encoded (ASCII) form.
    sortable = sorted(
        ((f"{percent_encode(name)} {percent_encode(value or '')}", name, value) for name, value in all_params if name != "oauth_signature"),
        key=lambda entry: entry[0],
    )
    normalized = "&".join(f"{percent_encode(name)}={percent_encode(value or '')}" for _, name, value in sortable)
    base_string = "&".join(percent_encode(part) for part in (method.upper(), base_url, normalized))
    key = f"{percent_encode(params.get('consumerSecret', ''))}&{percent_encode(params.get('tokenSecret', ''))}"
    if method_name == "PLAINTEXT":
        signature = key
    else:
        digest = hmac.new(key.encode("utf-8"), base_string.encode("utf-8"), _HMAC_HASHES[method_name]).digest()
        signature = base64.b64encode(digest).decode("ascii")
    signature_params.append(("oauth_signature", signature))
    return params, signature_params


def authorization_header(
    params: dict[str, str], method: str, url: str, form: list[tuple[str, str]], body_hash: str | None
) -> str:
    """Return the ``Authorization: OAuth ...`` value for fixed ``timestamp`` and ``nonce`` parameters.

    The arguments are those of :func:`signed_parameters`.
    """
    params, signature_params = signed_parameters(params, method, url, form, body_hash)
    encode = params.get("disableHeaderEncoding", "") in ("", "false")
    fields = []
    realm = params.get("realm", "")
    if realm.strip():
        fields.append(f'realm="{percent_encode(realm) if encode else realm}"')
    for name, value in signature_params:
        if not value:
            continue
        value = value.strip()
        if encode:
            name, value = percent_encode(name), percent_encode(value)
        if name.startswith("oauth_"):
            fields.append(f'{name}="{value}"')
    return "OAuth " + ",".join(fields)


def query_with_parameters(url: str, signature_params: list[tuple[str, str | None]]) -> str:
    """Return ``url`` with the oauth_* parameters appended to its query, percent-encoded, as newman adds them."""
    pairs = [f"{percent_encode(name)}={percent_encode(value) if value else ''}" for name, value in signature_params]
    return url + query_separator(url) + "&".join(pairs)


def query_separator(url: str) -> str:
    """Return what goes between ``url`` and a parameter appended to its query: ``?``, ``&`` or nothing after a trailing ``?``."""
    if url.endswith("?"):
        return ""
    return "&" if "?" in url else "?"


def body_hash(signature_method: str, body: bytes) -> str | None:
    """Return oauth_body_hash for ``body``, or None when the signature method names no hash."""
    _, _, hash_name = signature_method.partition("-")
    if not hash_name:
        return None
    if hash_name.upper() not in ("SHA1", "SHA256", "SHA512"):
        raise OAuth1Error(f"the body hash {hash_name!r} is not computed here")
    digest = hashlib.new(hash_name.lower(), body).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class RuntimeSigning:
    """The parts of OAuth 1.0 signing that a snippet needs to sign a request each time it runs.

    ``parameters`` are the oauth_* parameters newman sends, in its order and
    without oauth_signature. A value of None is computed by the snippet: the
    time in seconds for oauth_timestamp, a fresh nonce for oauth_nonce.
    ``signed_only`` are signed but not sent (the defaulted signature
    method). ``hash_name`` is the hashlib name of the HMAC hash, or None for
    PLAINTEXT. ``placement`` is "header" or "query".
    """

    placement: str
    parameters: tuple[tuple[str, str | None], ...]
    signed_only: tuple[tuple[str, str], ...]
    hash_name: str | None
    consumer_secret: str
    token_secret: str
    realm: str
    encode_header: bool


def runtime_signing(params: dict[str, str], placement: str, body_hash: str | None) -> RuntimeSigning:
    """Return the parts of newman's OAuth 1.0 signing that do not change between runs.

    A timestamp or nonce that the auth block leaves empty becomes None, for
    the snippet to compute. Raises OAuth1Error for a signature method that
    is not computed here (RSA-SHA*).
    """
    fresh = {name for name, key in (("oauth_timestamp", "timestamp"), ("oauth_nonce", "nonce")) if not params.get(key, "").strip()}
    filled = dict(params)
    for key in ("timestamp", "nonce"):
        if not params.get(key, "").strip():
            filled[key] = "fresh"  # kept in the list below, then replaced by None
    used, method_name, default_method, signature_params = _oauth_parameters(filled, body_hash)
    parameters = tuple((name, None if name in fresh else value) for name, value in signature_params)
    return RuntimeSigning(
        placement=placement,
        parameters=parameters,
        signed_only=(("oauth_signature_method", "HMAC-SHA1"),) if default_method else (),
        hash_name=_HMAC_HASHES.get(method_name),
        consumer_secret=used.get("consumerSecret", ""),
        token_secret=used.get("tokenSecret", ""),
        realm=used.get("realm", "") if used.get("realm", "").strip() else "",
        encode_header=used.get("disableHeaderEncoding", "") in ("", "false"),
    )
