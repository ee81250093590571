# Update order
import json
import random

import httpx

# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
dynamic_random_int = str(
    random.randint(0, 1000)
)  # Postman's {{$randomInt}}, fresh for each run
url = "http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR"
# A list keeps repeated headers and their order.
headers = [
    ("X-Api-Key", "k-5f2a9c"),
    ("X-Request-Id", "req-1042-" + dynamic_random_int),
    ("X-Note", ""),
    ("Content-Type", "application/json"),
]
payload = {"customer": "Zoë O'Brien", "currency": "EUR", "order": 1042}


def drop_content_type(request):
    """Remove Content-Type from the GET that a 301, 302 or 303 redirect turns this request into, as newman does."""
    if request.method == "GET":
        request.headers.pop("Content-Type", None)


with httpx.Client(
    follow_redirects=True, timeout=30, event_hooks={"request": [drop_content_type]}
) as client:
    request = client.build_request(
        "PUT",
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
