"""The capture server records requests exactly as clients send them."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest
import requests

from generator.conformance.capture import INDEX_HEADER, CannedResponse, CaptureServer


class Client:
    """A raw socket client that reads responses from a buffer, so pipelined responses are not lost."""

    def __init__(self, server: CaptureServer) -> None:
        self.socket = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        self.buffer = b""

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.socket.close()

    def send(self, data: bytes) -> None:
        self.socket.sendall(data)

    def read_head(self) -> bytes:
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.socket.recv(4096)
            assert chunk, f"connection closed before a full response head: {self.buffer!r}"
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        return head

    def read_response(self) -> tuple[bytes, bytes]:
        """Read one response; return its head and its body, framed by Content-Length."""
        head = self.read_head()
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(self.buffer) < length:
            self.buffer += self.socket.recv(4096)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return head, body

    def at_eof(self) -> bool:
        return not self.buffer and self.socket.recv(1) == b""


def session() -> requests.Session:
    client = requests.Session()
    # Never route test requests through a proxy from the environment.
    client.trust_env = False
    return client


def test_keep_alive_serves_several_requests(capture_server):
    with Client(capture_server) as connection:
        connection.send(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        first_head, first_body = connection.read_response()
        connection.send(b"GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        second_head, _ = connection.read_response()

    requests_seen = capture_server.wait_for(2)
    assert first_head.startswith(b"HTTP/1.1 200 OK")
    assert first_body == b"captured\n"
    assert second_head.startswith(b"HTTP/1.1 200 OK")
    assert [request.target for request in requests_seen] == ["/one", "/two"]
    assert requests_seen[0].connection == requests_seen[1].connection


def test_pipelined_requests_are_read_in_order(capture_server):
    with Client(capture_server) as connection:
        connection.send(
            b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        connection.read_response()
        connection.read_response()

    first, second = capture_server.wait_for(2)
    assert (first.method, first.target, first.body) == ("POST", "/a", b"abc")
    assert (second.method, second.target, second.body) == ("GET", "/b", b"")


def test_chunked_body_is_dechunked(capture_server):
    with Client(capture_server) as connection:
        connection.send(
            b"POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5;name=value\r\nhello\r\n"
            b"7\r\n, world\r\n"
            b"0\r\nX-Trailer: done\r\n\r\n"
        )
        head, _ = connection.read_response()

    (request,) = capture_server.wait_for(1)
    assert head.startswith(b"HTTP/1.1 200")
    assert request.body == b"hello, world"
    assert request.chunked is True
    assert request.trailers == [("X-Trailer", "done")]
    assert request.header("Transfer-Encoding") == "chunked"


def test_expect_100_continue_gets_interim_response(capture_server):
    with Client(capture_server) as connection:
        connection.send(
            b"PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = connection.read_head()
        assert connection.buffer == b""
        connection.send(b"data")
        final_head, _ = connection.read_response()

    (request,) = capture_server.wait_for(1)
    assert interim == b"HTTP/1.1 100 Continue"
    assert final_head.startswith(b"HTTP/1.1 200")
    assert request.body == b"data"


def test_head_response_has_no_body(capture_server):
    with Client(capture_server) as connection:
        connection.send(b"HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n")
        head = connection.read_head()
        leftover = connection.buffer
        connection.send(b"GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        next_head, next_body = connection.read_response()

    assert b"Content-Length: 9" in head
    assert leftover == b""
    assert next_head.startswith(b"HTTP/1.1 200")
    assert next_body == b"captured\n"
    assert [request.method for request in capture_server.wait_for(2)] == ["HEAD", "GET"]


def test_headers_keep_order_case_and_duplicates(capture_server):
    with Client(capture_server) as connection:
        connection.send(
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Dup: 1\r\nx-dup: 2\r\nX-MiXeD: v\r\n"
            b"X-Empty:\r\nX-Padded:   spaced out \t\r\nX-Latin1: caf\xe9\r\n\r\n"
        )
        connection.read_response()

    (request,) = capture_server.wait_for(1)
    assert request.headers == [
        ("Host", "x"),
        ("X-Dup", "1"),
        ("x-dup", "2"),
        ("X-MiXeD", "v"),
        ("X-Empty", ""),
        ("X-Padded", "spaced out"),
        ("X-Latin1", "café"),
    ]
    assert request.header_values("X-DUP") == ["1", "2"]
    assert request.header("x-missing") is None


def test_target_is_kept_undecoded(capture_server):
    target = "/p/%41%zz/[a]?q=a%20b&flag&empty=&raw=|^`#frag"
    with Client(capture_server) as connection:
        connection.send(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode("ascii"))
        connection.read_response()

    (request,) = capture_server.wait_for(1)
    assert request.target == target
    assert request.path == "/p/%41%zz/[a]"


def test_binary_body_from_requests(capture_server):
    body = bytes(range(256)) * 4
    response = session().post(capture_server.url + "/binary", data=body, timeout=5)

    (request,) = capture_server.wait_for(1)
    assert response.status_code == 200
    assert request.body == body
    assert request.header("Content-Length") == str(len(body))


def test_chunked_body_from_requests(capture_server):
    def generate():
        yield b"first "
        yield b"second"

    session().post(capture_server.url + "/stream", data=generate(), timeout=5)

    (request,) = capture_server.wait_for(1)
    assert request.chunked is True
    assert request.body == b"first second"


def test_redirect_chain_with_requests(capture_server):
    capture_server.redirect("/start", "/middle", 301)
    capture_server.redirect("/middle", "/end?done=1", 307)

    response = session().post(capture_server.url + "/start", data=b"payload", timeout=5)

    first, second, third = capture_server.wait_for(3)
    assert [past.status_code for past in response.history] == [301, 307]
    assert response.status_code == 200
    assert (first.method, first.target, first.body) == ("POST", "/start", b"payload")
    # requests turns a POST into a GET after 301, and keeps it after 307.
    assert (second.method, second.target) == ("GET", "/middle")
    assert (third.method, third.target) == ("GET", "/end?done=1")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_statuses_carry_location(capture_server, status):
    capture_server.redirect("/moved", "/new-place", status)

    response = session().get(capture_server.url + "/moved", allow_redirects=False, timeout=5)

    assert response.status_code == status
    assert response.headers["Location"] == "/new-place"
    assert capture_server.exchanges[0].response.status == status


def test_route_ignores_query(capture_server):
    capture_server.route("/teapot", CannedResponse(status=418, headers=[("X-Tea", "1")], body=b"short"))

    response = session().get(capture_server.url + "/teapot?cups=2", timeout=5)

    assert response.status_code == 418
    assert response.headers["X-Tea"] == "1"
    assert response.content == b"short"


def test_responses_carry_capture_index(capture_server):
    client = session()
    first = client.get(capture_server.url + "/a", timeout=5)
    second = client.get(capture_server.url + "/b", timeout=5)

    assert first.headers[INDEX_HEADER] == "0"
    assert second.headers[INDEX_HEADER] == "1"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_follows_redirect_and_sends_body(capture_server):
    capture_server.redirect("/curl", "/curl-done", 308)

    completed = subprocess.run(
        [
            "curl",
            "--silent",
            "--show-error",
            "--noproxy",
            "*",
            "--location",
            "--request",
            "PATCH",
            "--header",
            "X-Curl: yes",
            "--data-binary",
            "a=1&b=2",
            capture_server.url + "/curl",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )

    first, second = capture_server.wait_for(2)
    assert completed.returncode == 0, completed.stderr
    assert (first.method, first.target, first.body) == ("PATCH", "/curl", b"a=1&b=2")
    assert (second.method, second.target, second.body) == ("PATCH", "/curl-done", b"a=1&b=2")
    assert first.header("X-Curl") == "yes"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_large_body_uses_100_continue(capture_server):
    body = b"x" * (2 * 1024 * 1024)
    completed = subprocess.run(
        [
            "curl",
            "--silent",
            "--show-error",
            "--noproxy",
            "*",
            "--header",
            "Expect: 100-continue",
            "--data-binary",
            "@-",
            capture_server.url + "/large",
        ],
        input=body,
        capture_output=True,
        timeout=30,
        check=False,
    )

    (request,) = capture_server.wait_for(1)
    assert completed.returncode == 0, completed.stderr
    assert request.header("Expect") == "100-continue"
    assert request.body == body


def test_http_1_0_connection_is_closed(capture_server):
    with Client(capture_server) as connection:
        connection.send(b"GET /old HTTP/1.0\r\n\r\n")
        head, _ = connection.read_response()
        assert connection.at_eof()

    assert b"Connection: close" in head
    assert capture_server.wait_for(1)[0].http_version == "HTTP/1.0"


def test_malformed_request_gets_400(capture_server):
    with Client(capture_server) as connection:
        connection.send(b"NOT A REQUEST\r\n\r\n")
        head, _ = connection.read_response()

    assert head.startswith(b"HTTP/1.1 400")
    assert capture_server.requests == []
    assert len(capture_server.errors) == 1


def test_wait_for_times_out(capture_server):
    with pytest.raises(TimeoutError, match="received 0 request"):
        capture_server.wait_for(1, timeout=0.2)


def test_clear_forgets_requests_but_keeps_routes(capture_server):
    capture_server.route("/kept", CannedResponse(status=202, body=b""))
    client = session()
    client.get(capture_server.url + "/kept", timeout=5)
    capture_server.clear()
    response = client.get(capture_server.url + "/kept", timeout=5)

    assert response.status_code == 202
    assert [request.target for request in capture_server.requests] == ["/kept"]


def test_server_binds_loopback_and_stops():
    with CaptureServer() as server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        port = server.port

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_conformance_server_has_suite_redirects(conformance_server):
    response = session().get(conformance_server.url + "/redirect/chain", timeout=5)

    assert [past.status_code for past in response.history] == [302, 307]
    assert [request.target for request in conformance_server.requests] == [
        "/redirect/chain",
        "/redirect/chain/2",
        "/redirected/chain?step=3",
    ]
