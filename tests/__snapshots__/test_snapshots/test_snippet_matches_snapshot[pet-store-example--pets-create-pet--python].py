# Pets/Create pet
import json
import uuid

import requests

dynamic_guid = str(uuid.uuid4())  # Postman's {{$guid}}, fresh for each run
url = "https://pets.example.com/v1/pets"
headers = {
    "X-Request-Id": dynamic_guid,
    "Content-Type": "application/json",
    "Authorization": "Bearer {{apiToken}}",
}
payload = {"name": "Zoë", "species": "cat", "age": 3}


class RedirectSession(requests.Session):
    """A session that follows redirects as newman does for this request."""

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.post(
    url,
    headers=headers,
    data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
    timeout=30,
)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)

data = response.json()
id_ = data["id"]  # int
name = data["name"]  # str
