# Purge cache
import requests
from urllib3 import HTTPHeaderDict

url = "https://pets.example.com/cache"
headers = {
    "X-Tag": "pets",
    "Authorization": "Bearer {{apiToken}}",
}


class RedirectSession(requests.Session):
    """A session that follows redirects as newman does for this request."""

    def rebuild_method(self, prepared_request, response):
        # newman sends a GET after a 301, 302 or 303; requests keeps PURGE after a 301.
        super().rebuild_method(prepared_request, response)
        if response.status_code == 301:
            prepared_request.method = "GET"

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
request = session.prepare_request(requests.Request("PURGE", url, headers=headers))
# A requests header dict contains one value per name, so the repeated headers are added here.
request.headers = HTTPHeaderDict(request.headers)
request.headers.add("X-Tag", "owners")
response = session.send(request, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
