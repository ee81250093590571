# Upload note
import httpx

url = "http://127.0.0.1:9/api/orders/1042/notes"
# Replace each file path with a file on your machine.
files = [
    ("author", (None, "Zoë O'Brien")),
    ("currency", (None, "EUR")),
    ("missing", (None, "{{undefinedVariable}}")),
]


def drop_content_type(request):
    """Remove Content-Type from the GET that a 301, 302 or 303 redirect turns this request into, as newman does."""
    if request.method == "GET":
        request.headers.pop("Content-Type", None)


with httpx.Client(
    follow_redirects=True, timeout=30, event_hooks={"request": [drop_content_type]}
) as client:
    request = client.build_request("POST", url, files=files)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
