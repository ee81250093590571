# Pets/Create pet
import json
import uuid

import httpx

dynamic_guid = str(uuid.uuid4())  # Postman's {{$guid}}, fresh for each run
url = "https://pets.example.com/v1/pets"
# A list keeps repeated headers and their order.
headers = [
    ("X-Request-Id", dynamic_guid),
    ("Content-Type", "application/json"),
    ("Authorization", "Bearer {{apiToken}}"),
]
payload = {"name": "Zoë", "species": "cat", "age": 3}


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

data = response.json()
id_ = data["id"]  # int
name = data["name"]  # str
