"""An HTTP/1.1 server on 127.0.0.1 that records each request exactly as sent.

``http.server`` normalises what it reads (it parses headers into an
``email.message.Message`` and leaves bodies to the handler), so this server
reads the raw bytes from the socket itself. It records the request line, the
header fields in order with their original case and duplicates, and the body
after removing the chunked transfer coding. Header bytes are decoded as
Latin-1, so every byte maps to one character and nothing is lost.

Each connection gets its own thread and may carry several requests
(keep-alive). Responses are canned: a default, or one chosen by the path of
the request target, which is how redirect chains are set up.
"""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

__all__ = [
    "CaptureServer",
    "CapturedRequest",
    "CannedResponse",
    "Exchange",
    "INDEX_HEADER",
    "REDIRECT_STATUSES",
]

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)

# The header this server adds to every response, with the position of the
# request in arrival order. It lets a client's report (newman's JSON reporter,
# for one) point back to the captured request.
INDEX_HEADER = "X-Capture-Index"

_MAX_HEAD_BYTES = 1024 * 1024
_MAX_BODY_BYTES = 256 * 1024 * 1024
_RECV_SIZE = 65536

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    500: "Internal Server Error",
}


@dataclass(frozen=True)
class CapturedRequest:
    """One request as it arrived on the socket.

    ``target`` is the request target exactly as sent, with no percent-decoding.
    ``headers`` keeps the order, case and duplicates of the header section.
    ``body`` is the message body after removing the chunked coding, if any,
    and ``chunked`` is True when the request used that coding. ``connection`` numbers the
    TCP connections in the order they were accepted, so two requests with the
    same number came over one kept-alive connection.
    """

    method: str
    target: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    chunked: bool = False
    trailers: list[tuple[str, str]] = field(default_factory=list)
    connection: int = 0

    @property
    def path(self) -> str:
        """The path of the target, without the query (still percent-encoded)."""
        return _target_path(self.target)

    def header_values(self, name: str) -> list[str]:
        """Return the values of every header called ``name``, compared case-insensitively."""
        lower_name = name.lower()
        return [value for key, value in self.headers if key.lower() == lower_name]

    def header(self, name: str) -> str | None:
        """Return the value of the last header called ``name``, or None when it is absent."""
        values = self.header_values(name)
        return values[-1] if values else None


@dataclass(frozen=True)
class CannedResponse:
    """A response the server sends back.

    ``Content-Length`` is added from ``body`` unless ``headers`` has one.
    A response to HEAD keeps its headers but never sends the body.
    """

    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/plain; charset=utf-8"),)
    body: bytes = b"captured\n"
    reason: str | None = None

    def __post_init__(self) -> None:
        # Accept any iterable of pairs, such as a list, and store a tuple so
        # the response stays immutable.
        object.__setattr__(self, "headers", tuple((str(k), str(v)) for k, v in self.headers))

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> CannedResponse:
        """Build a redirect with an empty body to ``location``."""
        if status not in REDIRECT_STATUSES:
            raise ValueError(f"invalid redirect status {status}: use one of {REDIRECT_STATUSES}")
        return cls(status=status, headers=(("Location", location),), body=b"")

    @property
    def location(self) -> str | None:
        for key, value in self.headers:
            if key.lower() == "location":
                return value
        return None


@dataclass(frozen=True)
class Exchange:
    """A captured request, its position in arrival order and the response it got."""

    index: int
    request: CapturedRequest
    response: CannedResponse


class BadRequest(Exception):
    """Raised while reading a request that does not follow HTTP/1.1 message syntax."""


class CaptureServer:
    """Record HTTP/1.1 requests sent to ``http://127.0.0.1:<port>``.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    ``port=0`` lets the system choose a free port. The server never connects
    anywhere: it only accepts on the loopback address.
    """

    def __init__(
        self,
        port: int = 0,
        default: CannedResponse | None = None,
        idle_timeout: float = 30.0,
    ) -> None:
        self._requested_port = port
        self._default = default or CannedResponse()
        self._routes: dict[str, CannedResponse] = {}
        self._idle_timeout = idle_timeout
        self._exchanges: list[Exchange] = []
        self._errors: list[str] = []
        self._changed = threading.Condition()
        self._connections: set[socket.socket] = set()
        self._connection_count = 0
        self._listener: socket.socket | None = None
        self._port: int | None = None
        self._accept_thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- lifecycle ----------------------------------------------------------

    def start(self) -> CaptureServer:
        if self._listener is not None:
            raise RuntimeError("capture server is already started")
        self._listener = socket.create_server(("127.0.0.1", self._requested_port))
        self._port = self._listener.getsockname()[1]
        # A short accept timeout lets the accept loop notice stop() promptly.
        self._listener.settimeout(0.1)
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name=f"capture-accept-{self.port}", daemon=True
        )
        self._accept_thread.start()
        logger.debug("capture server listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._listener is None or self._stopping.is_set():
            return
        self._stopping.set()
        if self._accept_thread is not None:
            self._accept_thread.join(timeout=5)
        self._listener.close()
        with self._changed:
            open_connections = list(self._connections)
        for connection in open_connections:
            _shutdown_quietly(connection)
        logger.debug("capture server on port %s stopped", self.port)

    def __enter__(self) -> CaptureServer:
        if self._listener is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- configuration and results -------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("capture server is not started")
        return self._port

    @property
    def url(self) -> str:
        """The origin to send requests to, such as ``http://127.0.0.1:41234``."""
        return f"http://127.0.0.1:{self.port}"

    def set_default(self, response: CannedResponse) -> None:
        """Respond with ``response`` to every request that matches no route."""
        self._default = response

    def route(self, path: str, response: CannedResponse) -> None:
        """Respond with ``response`` to requests whose target path, without the query, equals ``path``."""
        self._routes[path] = response

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        """Respond to requests for ``path`` with a ``status`` redirect to ``location``."""
        self.route(path, CannedResponse.redirect(location, status))

    @property
    def exchanges(self) -> list[Exchange]:
        with self._changed:
            return list(self._exchanges)

    @property
    def requests(self) -> list[CapturedRequest]:
        with self._changed:
            return [exchange.request for exchange in self._exchanges]

    @property
    def errors(self) -> list[str]:
        """Messages for requests that could not be read (each got a 400 response)."""
        with self._changed:
            return list(self._errors)

    def clear(self) -> None:
        """Forget the captured requests and errors; routes and the default stay."""
        with self._changed:
            self._exchanges.clear()
            self._errors.clear()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[CapturedRequest]:
        """Wait until at least ``count`` requests are captured and return them all.

        Raises TimeoutError when fewer than ``count`` arrive within ``timeout``
        seconds.
        """
        with self._changed:
            arrived = self._changed.wait_for(lambda: len(self._exchanges) >= count, timeout)
            if not arrived:
                raise TimeoutError(
                    f"capture server on {self.url} received {len(self._exchanges)} "
                    f"request(s) within {timeout} s, expected {count}"
                )
            return [exchange.request for exchange in self._exchanges]

    # --- serving --------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if not self._stopping.is_set():
                    logger.exception("capture server on port %s failed to accept", self.port)
                return
            with self._changed:
                self._connection_count += 1
                number = self._connection_count
                self._connections.add(connection)
            thread = threading.Thread(
                target=self._serve_connection,
                args=(connection, number),
                name=f"capture-connection-{number}",
                daemon=True,
            )
            thread.start()

    def _serve_connection(self, connection: socket.socket, number: int) -> None:
        connection.settimeout(self._idle_timeout)
        reader = _SocketReader(connection)
        try:
            while not self._stopping.is_set():
                try:
                    request = _read_request(reader, connection, number)
                except BadRequest as error:
                    self._reject(connection, str(error))
                    return
                if request is None:
                    return
                response = self._routes.get(request.path, self._default)
                with self._changed:
                    index = len(self._exchanges)
                    self._exchanges.append(Exchange(index, request, response))
                    self._changed.notify_all()
                keep_alive = _wants_keep_alive(request)
                connection.sendall(_serialise_response(request, response, index, keep_alive))
                if not keep_alive:
                    return
        except (TimeoutError, ConnectionError, OSError) as error:
            # The client went away or stayed idle too long; either ends the
            # connection, and nothing already captured is lost.
            logger.debug("capture connection %s closed: %s", number, error)
        finally:
            with self._changed:
                self._connections.discard(connection)
            _shutdown_quietly(connection)

    def _reject(self, connection: socket.socket, message: str) -> None:
        logger.warning("capture server rejected a request: %s", message)
        with self._changed:
            self._errors.append(message)
            self._changed.notify_all()
        body = (message + "\n").encode("utf-8")
        head = (
            "HTTP/1.1 400 Bad Request\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        try:
            connection.sendall(head.encode("latin-1") + body)
        except OSError:
            pass


class _SocketReader:
    """Buffered reads of lines and byte counts from a socket."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection
        self._buffer = bytearray()

    def _fill(self) -> bool:
        data = self._connection.recv(_RECV_SIZE)
        if not data:
            return False
        self._buffer.extend(data)
        return True

    def at_eof(self) -> bool:
        """Return True when the peer closed the connection and nothing is buffered."""
        return not self._buffer and not self._fill()

    def read_until(self, delimiter: bytes, limit: int) -> bytes:
        """Read through ``delimiter`` and return the bytes before it."""
        start = 0
        while True:
            position = self._buffer.find(delimiter, start)
            if position >= 0:
                data = bytes(self._buffer[:position])
                del self._buffer[: position + len(delimiter)]
                return data
            if len(self._buffer) > limit:
                raise BadRequest(f"no {delimiter!r} within {limit} bytes")
            start = max(0, len(self._buffer) - len(delimiter) + 1)
            if not self._fill():
                raise BadRequest("connection closed in the middle of a request")

    def read_exact(self, count: int) -> bytes:
        while len(self._buffer) < count:
            if not self._fill():
                raise BadRequest(
                    f"connection closed after {len(self._buffer)} of {count} body bytes"
                )
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    def buffered(self) -> int:
        return len(self._buffer)


def _read_request(
    reader: _SocketReader, connection: socket.socket, number: int
) -> CapturedRequest | None:
    """Read one request, or return None when the peer closed an idle connection."""
    if reader.at_eof():
        return None
    head = reader.read_until(b"\r\n\r\n", _MAX_HEAD_BYTES)
    # RFC 9112 section 2.2: a server should ignore empty lines before the request line.
    head = head.lstrip(b"\r\n")
    if not head:
        head = reader.read_until(b"\r\n\r\n", _MAX_HEAD_BYTES)
    lines = head.split(b"\r\n")
    method, target, version = _parse_request_line(lines[0])
    headers = _parse_header_lines(lines[1:])

    transfer_encoding = _last_value(headers, "transfer-encoding")
    chunked = transfer_encoding is not None and transfer_encoding.lower().split(",")[-1].strip() == "chunked"
    if transfer_encoding is not None and not chunked:
        raise BadRequest(f"unsupported Transfer-Encoding {transfer_encoding!r}")
    length = None if chunked else _content_length(headers)
    expects_body = chunked or (length is not None and length > 0)

    expect = _last_value(headers, "expect")
    if expect is not None and expect.lower() == "100-continue" and expects_body:
        if version == "HTTP/1.1" and reader.buffered() == 0:
            connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    trailers: list[tuple[str, str]] = []
    if chunked:
        body, trailers = _read_chunked(reader)
    elif length:
        body = reader.read_exact(length)
    else:
        body = b""
    return CapturedRequest(
        method=method,
        target=target,
        http_version=version,
        headers=headers,
        body=body,
        chunked=chunked,
        trailers=trailers,
        connection=number,
    )


def _parse_request_line(line: bytes) -> tuple[str, str, str]:
    parts = line.split(b" ")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise BadRequest(f"invalid request line {line!r}")
    version = parts[2].decode("latin-1")
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest(f"unsupported HTTP version {version!r}")
    return parts[0].decode("latin-1"), parts[1].decode("latin-1"), version


def _parse_header_lines(lines: list[bytes]) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            # Obsolete line folding (RFC 9112 section 5.2): join it to the
            # previous value with one space, as a recipient may do.
            if not headers:
                raise BadRequest(f"folded header line without a header before it: {line!r}")
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip(b" \t").decode("latin-1"))
            continue
        name, colon, value = line.partition(b":")
        if not colon or not name:
            raise BadRequest(f"invalid header line {line!r}")
        # Leading and trailing spaces and tabs are not part of a field value (RFC 9110 section 5.5).
        headers.append((name.decode("latin-1"), value.strip(b" \t").decode("latin-1")))
    return headers


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    values = {value.strip() for key, value in headers if key.lower() == "content-length"}
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"conflicting Content-Length values {sorted(values)}")
    text = values.pop()
    if not text.isdigit():
        raise BadRequest(f"invalid Content-Length {text!r}")
    length = int(text)
    if length > _MAX_BODY_BYTES:
        raise BadRequest(f"Content-Length {length} is over the limit of {_MAX_BODY_BYTES} bytes")
    return length


def _read_chunked(reader: _SocketReader) -> tuple[bytes, list[tuple[str, str]]]:
    body = bytearray()
    while True:
        size_line = reader.read_until(b"\r\n", 1024)
        size_text = size_line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise BadRequest(f"invalid chunk size line {size_line!r}") from None
        if size == 0:
            break
        if len(body) + size > _MAX_BODY_BYTES:
            raise BadRequest(f"chunked body is over the limit of {_MAX_BODY_BYTES} bytes")
        body.extend(reader.read_exact(size))
        if reader.read_exact(2) != b"\r\n":
            raise BadRequest("chunk data is not followed by CRLF")
    trailer_lines = []
    while True:
        line = reader.read_until(b"\r\n", _MAX_HEAD_BYTES)
        if not line:
            break
        trailer_lines.append(line)
    return bytes(body), _parse_header_lines(trailer_lines)


def _last_value(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in reversed(headers):
        if key.lower() == name:
            return value
    return None


def _wants_keep_alive(request: CapturedRequest) -> bool:
    tokens = {
        token.strip().lower()
        for value in request.header_values("connection")
        for token in value.split(",")
    }
    if request.http_version == "HTTP/1.0":
        return "keep-alive" in tokens
    return "close" not in tokens


def _target_path(target: str) -> str:
    if target.startswith(("http://", "https://")):
        # Absolute form, as sent to a proxy.
        return urlsplit(target).path or "/"
    return target.split("?", 1)[0].split("#", 1)[0]


def _serialise_response(
    request: CapturedRequest, response: CannedResponse, index: int, keep_alive: bool
) -> bytes:
    reason = response.reason or _REASONS.get(response.status, "Unknown")
    lines = [f"HTTP/1.1 {response.status} {reason}"]
    names = set()
    for key, value in response.headers:
        lines.append(f"{key}: {value}")
        names.add(key.lower())
    if "content-length" not in names:
        lines.append(f"Content-Length: {len(response.body)}")
    lines.append(f"{INDEX_HEADER}: {index}")
    if not keep_alive:
        lines.append("Connection: close")
    elif request.http_version == "HTTP/1.0":
        lines.append("Connection: keep-alive")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if request.method == "HEAD" or response.status in (204, 304):
        return head
    return head + response.body


def _shutdown_quietly(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()
