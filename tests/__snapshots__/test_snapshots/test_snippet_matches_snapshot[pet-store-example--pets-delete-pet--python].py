# Pets/Delete pet
import requests

url = "https://pets.example.com/v1/pets/42"
headers = {
    "Authorization": "Bearer {{apiToken}}",
}


class RedirectSession(requests.Session):
    """A session that follows redirects as newman does for this request."""

    def get_redirect_target(self, response):
        # newman follows any 3xx response with a Location, but requests only
        # a 301, 302, 303, 307 or 308.
        if 300 <= response.status_code < 400 and "Location" in response.headers:
            # The header contains each byte as its Latin-1 character, and newman reads
            # the bytes the same way. requests would decode them as UTF-8.
            return response.headers["Location"]
        return None

    def rebuild_method(self, prepared_request, response):
        # newman sends a GET after any 3xx but a 307 or 308, and requests keeps
        # DELETE after some of them.
        if response.status_code not in (307, 308):
            prepared_request.method = "GET"

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.delete(url, headers=headers, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
