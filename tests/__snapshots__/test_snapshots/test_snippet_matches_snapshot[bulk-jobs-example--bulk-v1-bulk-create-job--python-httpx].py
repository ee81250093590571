# Bulk v1/Bulk Create Job
import json

import httpx

url = "https://example.my.salesforce.com/services/async/59.0/job"
# A list keeps repeated headers and their order.
headers = [
    ("X-SFDC-Session", "{{_accessToken}}"),
    ("Content-Type", "application/json"),
    ("charset", "UTF-8"),
]
payload = {"operation": "insert", "object": "Account", "contentType": "JSON"}


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
