"""Turn a Postman auth block into the header or query parameter newman sends."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, replace

from . import oauth1
from .model import Auth
from .variables import VariableScope

__all__ = ["COMPUTED_PER_REQUEST", "AuthResult", "RuntimeAuth", "apply_auth", "basic_header"]

# A note about auth that newman sends and the snippet leaves out ends with
# "add it before running." ("add them", "add the token"), so that the CLI
# warns about it (runtime_auth.is_auth_gap).

# Auth types whose header depends on a server challenge or on a signature
# over the time and a nonce, so no fixed value can be written into a snippet.
# Digest auth with a realm and a nonce is the exception: see _digest.
COMPUTED_PER_REQUEST = {
    "digest": "Digest",
    "oauth1": "OAuth 1.0",
    "awsv4": "AWS Signature Version 4",
    "ntlm": "NTLM",
    "hawk": "Hawk",
    "edgegrid": "Akamai EdgeGrid",
    "jwt": "JWT bearer",
    "asap": "ASAP",
}


@dataclass(frozen=True)
class RuntimeAuth:
    """Auth that the snippet computes each time it runs, because it signs a nonce or the time or responds to a challenge.

    ``scheme`` is the Postman auth type and ``name`` its name in messages.
    ``oauth1`` is set for OAuth 1.0. ``credentials`` contains the other
    schemes' resolved parameters by Postman name: username and password
    for digest, and accessKey, secretKey, sessionToken, region and service
    for awsv4.
    """

    scheme: str
    name: str
    oauth1: oauth1.RuntimeSigning | None = None
    credentials: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str:
        return dict(self.credentials).get(key, "")

    @property
    def replaced_headers(self) -> frozenset[str]:
        """The lower-case names of the headers that this auth sets, so newman drops the request's own."""
        if self.scheme == "oauth1" and self.oauth1 is not None and self.oauth1.placement == "header":
            return frozenset({"authorization"})
        if self.scheme == "awsv4":
            return frozenset({"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"})
        if self.scheme in ("hawk", "edgegrid") or (self.scheme == "jwt" and self.get("addTokenTo") == "header"):
            return frozenset({"authorization"})
        return frozenset()

    @property
    def unsupported_note(self) -> str:
        """The comment and warning for a language that cannot compute this auth."""
        note = f"{self.name} auth is computed per request, which this snippet does not do; add it before running."
        if self.scheme == "ntlm":
            note += " In Python, HttpNtlmAuth of the requests-ntlm package does the handshake."
        return note


@dataclass(frozen=True)
class AuthResult:
    """The header or query parameter an auth block adds to a request.

    ``header`` replaces any header of the same name (case-insensitive), as
    newman does; ``query`` is appended to the query string, as the key alone
    when its value is None. ``url``, when
    set, replaces the request URL (OAuth 1.0 re-encodes the query), and
    ``drop_form_fields`` names urlencoded fields to remove from the body.
    ``runtime`` is auth that the snippet computes when it runs.
    """

    header: tuple[str, str] | None = None
    query: tuple[str, str | None] | None = None
    note: str | None = None
    url: str | None = None
    drop_form_fields: frozenset[str] = frozenset()
    runtime: RuntimeAuth | None = None


def basic_header(username: str, password: str) -> str:
    token = base64.b64encode(f"{username}:{password}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"


# The hash of each digest algorithm that postman-runtime 7.39 accepts; it
# sends no request for any other algorithm.
_DIGEST_HASHES = {
    "MD5": "md5",
    "MD5-sess": "md5",
    "SHA-256": "sha256",
    "SHA-256-sess": "sha256",
    "SHA-512-256": "sha512_256",
    "SHA-512-256-sess": "sha512_256",
}


@dataclass(frozen=True)
class SignedRequest:
    """The parts of a request that a signature covers: method, origin-form target and body bytes.

    ``body`` is None for a body that is not signed here (form and file
    bodies); ``form`` has the fields of a urlencoded body. ``encode_url`` is
    False when the item sets ``disableUrlEncoding``.
    """

    method: str
    url: str
    target: str
    body: bytes | None
    form: tuple[tuple[str, str], ...] | None = None
    encode_url: bool = True
    multipart: bool = False


def apply_auth(auth: Auth | None, scope: VariableScope, request: SignedRequest | None = None) -> AuthResult:
    if auth is None or auth.type == "noauth":
        return AuthResult()

    def param(name: str, default: str = "") -> str:
        return scope.resolve(auth.get(name, default))

    if auth.type == "basic":
        return AuthResult(header=("Authorization", basic_header(param("username"), param("password"))))
    if auth.type == "bearer":
        token = param("token")
        if not token:
            return AuthResult(note="Bearer auth: the token is empty, so newman adds no token, and neither does this snippet.")
        return AuthResult(header=("Authorization", f"Bearer {token}"))
    if auth.type == "apikey":
        key, value = param("key"), param("value")
        if not key:
            return AuthResult()
        if param("in", "header") == "query":
            # postman-runtime writes a null or undefined value as the key alone, with no "=".
            return AuthResult(query=(key, value if auth.has_value("value") else None))
        if "value" in auth.null_values:
            # Node writes a null header value as the text "null", and an undefined one as "".
            value = "null"
        return AuthResult(header=(key, value))
    if auth.type == "oauth2":
        token = param("accessToken")
        if not token:
            return AuthResult(
                note="OAuth 2.0: the collection has no access token; get one and send it as a Bearer token."
            )
        if param("tokenType").lower() == "mac":
            # postman-runtime adds no token at all when tokenType is "mac".
            return AuthResult(
                note="OAuth 2.0: newman does not send MAC access tokens, so the snippet sends no token."
            )
        if param("addTokenTo", "header") == "queryParams":
            return AuthResult(query=("access_token", token))
        prefix = param("headerPrefix", "Bearer").strip()
        return AuthResult(header=("Authorization", f"{prefix} {token}" if prefix else token))
    if auth.type == "digest" and request is not None and param("realm") and param("nonce"):
        return _digest(auth, scope, request)
    if auth.type == "oauth1" and request is not None:
        return _oauth1(auth, scope, request)
    if auth.type == "digest":
        username = param("username")
        if not username:
            return AuthResult()  # newman sends no Digest header without a username
        credentials = (("username", username), ("password", param("password")))
        return AuthResult(runtime=RuntimeAuth("digest", "Digest", credentials=credentials))
    if auth.type == "ntlm":
        names = ("username", "password", "domain", "workstation")
        return AuthResult(runtime=RuntimeAuth("ntlm", "NTLM", credentials=tuple((name, param(name)) for name in names)))
    if auth.type == "awsv4" and request is not None:
        return _awsv4(auth, scope, request)
    if auth.type == "hawk":
        return _hawk(auth, scope)
    if auth.type == "edgegrid" and request is not None:
        return _edgegrid(auth, scope, request)
    if auth.type == "jwt":
        return _jwt(auth, scope)
    if auth.type in COMPUTED_PER_REQUEST:
        name = COMPUTED_PER_REQUEST[auth.type]
        return AuthResult(
            note=f"{name} auth is computed per request and is not in this snippet; add it before running."
        )
    return AuthResult(note=f"auth type {auth.type!r} is not supported; the request is sent without it.")


def _digest(auth: Auth, scope: VariableScope, request: SignedRequest) -> AuthResult:
    """Compute the Digest header that newman sends when the collection gives the realm and nonce.

    newman then signs the first request with the collection's values (RFC
    7616) instead of waiting for a challenge, so the header is the same on
    every run. It sends no header without a username. A parameter missing
    from the auth block is written as ``undefined`` where postman-runtime
    7.39 joins strings with "+" and is empty where it uses Array.join.
    """

    def param(name: str) -> str:
        return scope.resolve(auth.get(name))

    def given(name: str) -> bool:
        return any(key == name for key, _ in auth.params)

    username, realm, nonce = param("username"), param("realm"), param("nonce")
    if not username:
        return AuthResult()
    signed = (username, realm, nonce, param("password"), request.target, request.body or b"")
    if any(("{{" in value) if isinstance(value, str) else (b"{{" in value) for value in signed):
        # An unresolved {{name}} is a placeholder for the reader, and a
        # dynamic variable or a secret read from the environment gets its
        # value only when the snippet runs: a hash over either would be wrong.
        return AuthResult(
            note="Digest auth covers a variable that is undefined or that the snippet computes or reads"
            " when it runs, so it is not in this snippet; add it before running."
        )
    algorithm = param("algorithm") or "MD5"
    hash_name = _DIGEST_HASHES.get(algorithm)
    if hash_name is None:
        return AuthResult(note=f"Digest: newman does not send a request with the algorithm {algorithm!r}.")
    qop = param("qop")
    if qop == "auth-int" and request.body is None:
        return AuthResult(
            note="Digest with qop=auth-int is computed over the body, which this snippet does not do"
            " for form and file bodies; add it before running."
        )
    if qop == "auth-int":
        body_hash = hashlib.new(hash_name, request.body).hexdigest()
    client_nonce, nonce_count, opaque = param("clientNonce"), param("nonceCount"), param("opaque")

    # postman-runtime joins A1 with "+", so a missing parameter is the text
    # "undefined" there, and joins the response with Array.join, where it is "".
    password = param("password") if given("password") else "undefined"
    first = f"{username}:{realm}:{password}"
    if algorithm.endswith("-sess"):
        first = f"{_hex_digest(hash_name, first)}:{nonce}:{client_nonce if given('clientNonce') else 'undefined'}"
    second = f"{request.method}:{request.target}"
    if qop == "auth-int":
        second += f":{body_hash}"
    first_hash, second_hash = _hex_digest(hash_name, first), _hex_digest(hash_name, second)
    with_qop = qop in ("auth", "auth-int")
    if with_qop:
        response = _hex_digest(hash_name, f"{first_hash}:{nonce}:{nonce_count}:{client_nonce}:{qop}:{second_hash}")
    else:
        response = _hex_digest(hash_name, f"{first_hash}:{nonce}:{second_hash}")

    # NOTE: with disableUrlEncoding, newman 6.2.2 was seen to sign and send
    # the percent-encoded target ('"' as %22) while it sends the target
    # unencoded. This signs the target as sent.
    fields = [
        f'username="{username}"',
        f'realm="{realm}"',
        f'nonce="{nonce}"',
        f'uri="{request.target}"',
        f'algorithm="{algorithm}"',
    ]
    if with_qop:
        fields.append(f"qop={qop}")
    if with_qop or algorithm == "MD5-sess":
        if nonce_count:
            fields.append(f"nc={nonce_count}")
        fields.append(f'cnonce="{client_nonce if given("clientNonce") else "undefined"}"')
    fields.append(f'response="{response}"')
    if opaque:
        fields.append(f'opaque="{opaque}"')
    note = (
        "Digest: the header is computed from the collection's realm and nonce, as newman sends it;"
        " a server that issues a new nonce answers 401 with a challenge to sign instead."
    )
    return AuthResult(header=("Authorization", "Digest " + ", ".join(fields)), note=note)


def _awsv4(auth: Auth, scope: VariableScope, request: SignedRequest) -> AuthResult:
    """Describe AWS Signature Version 4 for the snippet to sign when it runs.

    The payload hash is computed here, so a body whose bytes are known only
    when the snippet runs (a file, or a value computed or read at run time)
    is not signed, and the snippet gets a note instead. postman-runtime 7.39
    sends X-Amz-Content-Sha256 for a raw or urlencoded body that is not
    empty, and signs a multipart body as if it were empty.
    """
    runtime = RuntimeAuth("awsv4", "AWS Signature Version 4")
    if scope.resolve(auth.get("addAuthDataToQuery")) not in ("", "false"):
        return AuthResult(note="AWS Signature Version 4 in the query is computed per request, which this snippet does not do; add it before running.")
    body = b"" if request.multipart else request.body
    if request.form is not None:
        body = "&".join(f"{oauth1.percent_encode(key)}={oauth1.percent_encode(value)}" for key, value in request.form).encode("utf-8")
    if body is None or b"{{$" in body:
        return AuthResult(note=runtime.unsupported_note)
    credentials = (
        ("accessKey", scope.resolve(auth.get("accessKey"))),
        ("secretKey", scope.resolve(auth.get("secretKey"))),
        ("sessionToken", scope.resolve(auth.get("sessionToken"))),
        ("region", scope.resolve(auth.get("region")) or "us-east-1"),
        ("service", scope.resolve(auth.get("service")) or "execute-api"),
        ("payloadHash", hashlib.sha256(body).hexdigest()),
        ("sendPayloadHash", "true" if body else ""),
    )
    return AuthResult(runtime=replace(runtime, credentials=credentials))


def _hawk(auth: Auth, scope: VariableScope) -> AuthResult:
    """Describe Hawk auth for the snippet to sign when it runs, as postman-runtime 7.39 signs it.

    The MAC covers the time, a nonce (6 random letters and digits unless the
    auth block fixes them), the method, the target, the host and the port.
    """
    runtime = RuntimeAuth("hawk", "Hawk")

    def param(name: str) -> str:
        return scope.resolve(auth.get(name))

    if not (param("authId") and param("authKey")):
        return AuthResult(note="Hawk: the auth block has no Auth ID or Auth Key, so newman sends no header, and neither does this snippet.")
    algorithm = param("algorithm")
    if algorithm not in ("sha1", "sha256"):
        return AuthResult(note=f"Hawk: newman sends an empty Authorization header for the algorithm {algorithm!r}.")
    if param("includePayloadHash") not in ("", "false"):
        return AuthResult(note=runtime.unsupported_note)
    ext = param("extraData")
    timestamp = param("timestamp")
    credentials = (
        ("id", param("authId")),
        ("key", param("authKey")),
        ("algorithm", algorithm),
        ("nonce", param("nonce")),
        # postman-runtime keeps a timestamp that parses as a number other than 0.
        ("timestamp", timestamp if re.match(r"\s*[+-]?[1-9]", timestamp) else ""),
        # The MAC escapes the first backslash and the first line break of ext
        # (JavaScript's String.replace), the header every backslash and quote.
        ("extMac", ext.replace("\\", "\\\\", 1).replace("\n", "\\n", 1)),
        ("extHeader", ext.replace("\\", "\\\\").replace('"', '\\"')),
        ("app", param("app")),
        ("dlg", param("delegation")),
    )
    return AuthResult(runtime=replace(runtime, credentials=credentials))


# postman-runtime 7.39 hashes at most this many bytes of an EdgeGrid body unless maxBodySize is set.
_EDGEGRID_MAX_BODY = 131072


def _edgegrid(auth: Auth, scope: VariableScope, request: SignedRequest) -> AuthResult:
    """Describe Akamai EdgeGrid auth for the snippet to sign when it runs, as postman-runtime 7.39 signs it.

    The body hash (POST only) is computed here, so a POST body whose bytes
    are known only when the snippet runs gets a note instead.
    """
    runtime = RuntimeAuth("edgegrid", "Akamai EdgeGrid")

    def param(name: str) -> str:
        return scope.resolve(auth.get(name))

    if not (param("accessToken") and param("clientToken") and param("clientSecret")):
        return AuthResult(
            note="Akamai EdgeGrid: the auth block lacks an access token, client token or client secret,"
            " so newman sends no header, and neither does this snippet."
        )
    if param("headersToSign").strip():
        return AuthResult(note=runtime.unsupported_note)
    body_hash = ""
    if request.method == "POST":
        body = request.body
        if request.form is not None:
            body = "&".join(f"{oauth1.percent_encode(key)}={oauth1.percent_encode(value)}" for key, value in request.form).encode("utf-8")
        if request.multipart:
            body = b""
        if body is None or b"{{$" in body:
            return AuthResult(note=runtime.unsupported_note)
        limit = int(param("maxBodySize")) if param("maxBodySize").isdigit() and int(param("maxBodySize")) else _EDGEGRID_MAX_BODY
        if body:
            body_hash = base64.b64encode(hashlib.sha256(body[:limit]).digest()).decode("ascii")
    base_host = ""
    if param("baseURL"):
        base_host = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", param("baseURL")).split("/", 1)[0].split("?", 1)[0].lower()
    credentials = (
        ("clientToken", param("clientToken")),
        ("accessToken", param("accessToken")),
        ("clientSecret", param("clientSecret")),
        ("nonce", param("nonce")),
        ("timestamp", param("timestamp")),
        ("baseHost", base_host),
        ("bodyHash", body_hash),
    )
    return AuthResult(runtime=replace(runtime, credentials=credentials))


_JWT_HASHES = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}


def _jwt(auth: Auth, scope: VariableScope) -> AuthResult:
    """Describe a JWT for the snippet to sign when it runs, as postman-runtime 7.39 builds it.

    The header and payload are encoded here, as JavaScript's JSON.stringify
    writes them; the snippet computes the HMAC over them with the secret.
    """
    runtime = RuntimeAuth("jwt", "JWT bearer")

    def param(name: str) -> str:
        return scope.resolve(auth.get(name))

    algorithm = param("algorithm")
    if algorithm not in _JWT_HASHES:
        if algorithm[:2] in ("RS", "PS", "ES"):
            return AuthResult(note=f"JWT with {algorithm} is signed with a private key, which this snippet does not do; add the token before running.")
        return AuthResult(note=f"JWT: newman sends no request with the algorithm {algorithm!r}.")
    try:
        header_text = param("header").strip()
        header = json.loads(header_text, object_pairs_hook=dict) if header_text else {}
        payload_text = param("payload").strip()
        payload = json.loads(payload_text) if payload_text else {}
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
        header = {**header, "alg": algorithm}
        signing_input = f"{_base64url(_js_json(header))}.{_base64url(_js_json(payload))}"
    except ValueError as error:
        return AuthResult(note=f"JWT: the header or payload cannot be encoded here ({error}); add the token before running.")
    if "{{" in signing_input or not param("secret"):
        return AuthResult(note=runtime.unsupported_note)
    add_to = param("addTokenTo") or "header"
    credentials = (
        ("hash", _JWT_HASHES[algorithm]),
        ("signingInput", signing_input),
        ("secret", param("secret")),
        ("secretBase64", "true" if param("isSecretBase64Encoded") not in ("", "false") else ""),
        ("addTokenTo", add_to),
        ("prefix", param("headerPrefix") if any(key == "headerPrefix" for key, _ in auth.params) else "Bearer"),
        ("queryKey", param("queryParamKey") or "token"),
    )
    if add_to not in ("header", "queryParam"):
        return AuthResult()  # newman adds the token nowhere
    return AuthResult(runtime=replace(runtime, credentials=credentials))


def _base64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _js_json(value: object) -> str:
    """Write ``value`` as JavaScript's JSON.stringify does; raise ValueError for numbers it writes differently."""

    def convert(item: object) -> object:
        if isinstance(item, float):
            if item.is_integer() and abs(item) < 1e21:
                return int(item)
            if "e" in repr(item) or "inf" in repr(item) or "nan" in repr(item):
                raise ValueError(f"the number {item!r} is written differently by JavaScript")
        if isinstance(item, dict):
            return {key: convert(entry) for key, entry in item.items()}
        if isinstance(item, list):
            return [convert(entry) for entry in item]
        return item

    return json.dumps(convert(value), ensure_ascii=False, separators=(",", ":"))


def _hex_digest(hash_name: str, text: str) -> str:
    return hashlib.new(hash_name, text.encode("utf-8")).hexdigest()


def _oauth1(auth: Auth, scope: VariableScope, request: SignedRequest) -> AuthResult:
    """Compute what newman's OAuth 1.0 signing changes: the header, when it is fixed, and the query.

    The header or query parameters are written only when the timestamp and
    nonce are fixed. Otherwise newman signs with fresh values on every run,
    so the snippet gets a note instead.
    """
    params = {key: scope.resolve(value) for key, value in auth.params}
    if not oauth1.signs_request(params):
        return AuthResult(
            note="OAuth 1.0: the auth block has no consumer key or secret (or private key for RSA),"
            " so newman sends the request unsigned, and so does this snippet."
        )
    url = None
    # A {{name}} in the query is a placeholder or a value computed at run
    # time, which re-encoding here would break.
    if request.encode_url and "{{" not in request.url.partition("?")[2]:
        try:
            url = oauth1.reencode_query(request.url)
        except oauth1.OAuth1Error as error:
            return AuthResult(note=f"OAuth 1.0: newman cannot sign this request because {error}.")
        if url == request.url:
            url = None
    computed_note = "OAuth 1.0 auth is computed per request and is not in this snippet; add it before running."

    form = tuple(field for field in request.form or () if field[0] not in oauth1.OAUTH_PARAMETERS)
    dropped = frozenset(name for name, _ in request.form or () if name in oauth1.OAUTH_PARAMETERS)
    header_mode = params.get("addParamsToHeader", "") not in ("", "false")
    # newman puts the parameters into a urlencoded POST or PUT body, else into the query.
    body_mode = not header_mode and request.form is not None and request.method in ("POST", "PUT")
    query_mode = not header_mode and not body_mode and request.encode_url
    if not (header_mode or query_mode):
        if body_mode:
            computed_note = "OAuth 1.0 parameters in the body are not computed here; add them before running."
        else:
            computed_note = (
                "OAuth 1.0 parameters in the query of a request with disableUrlEncoding are not computed here;"
                " add them before running."
            )
        return AuthResult(note=computed_note, url=url, drop_form_fields=dropped)
    fixed = params.get("timestamp", "").strip() and params.get("nonce", "").strip()
    values = [*params.values(), request.url, *(value for field in form for value in field)]
    # A signature over an unresolved {{name}} or a value computed at run
    # time (a dynamic variable, a secret read from the environment) is
    # computed by the snippet, as is one over a fresh timestamp and nonce.
    at_run_time = not fixed or any("{{" in value for value in values)

    body_hash = None
    # newman hashes raw and file bodies and signs multipart bodies without a hash.
    if params.get("includeBodyHash", "") not in ("", "false") and request.form is None and not request.multipart:
        if request.body is None or b"{{" in request.body:
            return AuthResult(note=computed_note, url=url, drop_form_fields=dropped)
        try:
            body_hash = oauth1.body_hash(params.get("signatureMethod", ""), request.body)
        except oauth1.OAuth1Error:
            return AuthResult(note=computed_note, url=url, drop_form_fields=dropped)
    elif request.body is not None and b"{{" in request.body:
        at_run_time = True
    if at_run_time:
        try:
            signing = oauth1.runtime_signing(params, "header" if header_mode else "query", body_hash)
        except oauth1.OAuth1Error as error:
            return AuthResult(note=f"OAuth 1.0: {error}; add it before running.", url=url, drop_form_fields=dropped)
        runtime = RuntimeAuth("oauth1", "OAuth 1.0", oauth1=signing)
        return AuthResult(url=url, drop_form_fields=dropped, runtime=runtime)
    try:
        if query_mode:
            _, signature_params = oauth1.signed_parameters(params, request.method, request.url, list(form), body_hash)
        else:
            header = oauth1.authorization_header(params, request.method, request.url, list(form), body_hash)
    except oauth1.OAuth1Error as error:
        return AuthResult(note=f"OAuth 1.0: {error}; add it before running.", url=url, drop_form_fields=dropped)
    if query_mode:
        signed_url = oauth1.query_with_parameters(url or request.url, signature_params)
        note = "OAuth 1.0: the collection fixes the timestamp and nonce, so these are the query parameters newman sends."
        return AuthResult(note=note, url=signed_url, drop_form_fields=dropped)
    note = "OAuth 1.0: the collection fixes the timestamp and nonce, so this is the header newman sends."
    return AuthResult(header=("Authorization", header), note=note, url=url, drop_form_fields=dropped)
