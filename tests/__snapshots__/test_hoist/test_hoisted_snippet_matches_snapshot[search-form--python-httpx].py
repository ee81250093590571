# Search form
from urllib.parse import quote, urlencode

import httpx

BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
SEARCH = "blue shoes"  # Postman's {{search}}
CURRENCY = "EUR"  # Postman's {{currency}}
url = BASE_URL + "/search"
# A list keeps repeated headers and their order.
headers = [
    ("Content-Type", "application/x-www-form-urlencoded"),
]
payload = [
    ("q", SEARCH),
    ("currency", CURRENCY),
]


def drop_content_type(request):
    """Remove Content-Type from the GET that a 301, 302 or 303 redirect turns this request into, as newman does."""
    if request.method == "GET":
        request.headers.pop("Content-Type", None)


with httpx.Client(
    follow_redirects=True, timeout=30, event_hooks={"request": [drop_content_type]}
) as client:
    request = client.build_request(
        "POST", url, headers=headers, content=urlencode(payload, quote_via=quote)
    )
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
