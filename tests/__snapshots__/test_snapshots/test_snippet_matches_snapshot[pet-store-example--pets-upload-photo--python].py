# Pets/Upload photo
import os

import requests

url = "https://pets.example.com/v1/pets/42/photos"
headers = {
    "Authorization": "Bearer {{apiToken}}",
}
# newman sends an empty part or body for a file that does not exist. This
# snippet stops instead, so that a wrong path is not sent as an empty file.
for path in ["/home/author/pictures/tom.png"]:
    if not os.path.isfile(path):
        raise SystemExit(f"File not found: {path}. Replace the path with your file.")
# Replace each file path with a file on your machine.
files = [
    ("caption", (None, "At the vet's")),
    ("photo", ("tom.png", open("/home/author/pictures/tom.png", "rb"), "image/png")),
]


class RedirectSession(requests.Session):
    """A session that follows redirects as newman does for this request."""

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.post(url, headers=headers, files=files, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
