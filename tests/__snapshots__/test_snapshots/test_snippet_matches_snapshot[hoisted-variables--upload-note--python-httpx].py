# Upload note
import httpx

url = "http://127.0.0.1:9/api/orders/1042/notes"
# Replace each file path with a file on your machine.
files = [
    ("author", (None, "Zoë O'Brien")),
    ("currency", (None, "EUR")),
    ("missing", (None, "{{undefinedVariable}}")),
]


def follow_any_redirect(response):
    """Make httpx follow a 3xx response with a Location as newman does."""
    if not response.is_redirect or "Location" not in response.headers:
        return
    # newman reads each byte of the Location as its Latin-1 character, where
    # httpx would decode UTF-8 bytes as UTF-8.
    response.headers.encoding = "iso-8859-1"
    # newman follows any 3xx response with a Location, and treats the ones
    # that httpx would not follow like a 303: a GET without a body, or HEAD
    # for a HEAD request.
    if not response.has_redirect_location:
        response.status_code = 303


with httpx.Client(
    timeout=30, event_hooks={"response": [follow_any_redirect]}
) as client:
    request = client.build_request("POST", url, files=files)
    response = client.send(request)
    # Follow at most 10 redirects, as newman does. Each redirected request
    # gets a Referer naming the previous URL.
    for _ in range(10):
        if response.next_request is None:
            break
        redirected = response.next_request
        if response.status_code not in (307, 308):
            # newman sends a GET without a body, Content-Type or
            # Content-Length after any redirect but a 307 or 308. httpx keeps
            # Content-Type, the body where the method stays, and methods other
            # than POST after a 301.
            redirected.headers.pop("Content-Type", None)
            redirected.headers.pop("Content-Length", None)
            redirected = client.build_request(
                "GET", redirected.url, headers=redirected.headers
            )
        redirected.headers["Referer"] = str(request.url)
        request = redirected
        response = client.send(request)
    if response.next_request is not None:
        raise SystemExit(f"Exceeded 10 redirects at {request.url}")
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
