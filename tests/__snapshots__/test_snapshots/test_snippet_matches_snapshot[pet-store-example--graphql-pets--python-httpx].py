# GraphQL pets
import json

import httpx

url = "https://pets.example.com/graphql"
# A list keeps repeated headers and their order.
headers = [
    ("Content-Type", "application/json"),
    ("Authorization", "Bearer {{apiToken}}"),
]
payload = {
    "query": "query Pets($first: Int) {\n  pets(first: $first) { id name }\n}",
    "variables": {"first": 10},
}


def drop_content_type(request):
    """Remove Content-Type from the GET that a 301, 302 or 303 redirect turns this request into, as newman does."""
    if request.method == "GET":
        request.headers.pop("Content-Type", None)


with httpx.Client(
    follow_redirects=True, timeout=30, event_hooks={"request": [drop_content_type]}
) as client:
    request = client.build_request(
        "POST",
        url,
        headers=headers,
        content=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
    )
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
