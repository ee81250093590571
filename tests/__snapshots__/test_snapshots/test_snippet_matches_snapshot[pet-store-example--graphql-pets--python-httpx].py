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

with httpx.Client(follow_redirects=True, timeout=30) as client:
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
