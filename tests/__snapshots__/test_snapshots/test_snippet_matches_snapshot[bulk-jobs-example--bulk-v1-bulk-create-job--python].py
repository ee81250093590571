# Bulk v1/Bulk Create Job
import requests

url = "https://example.my.salesforce.com/services/async/59.0/job"
headers = {
    "X-SFDC-Session": "{{_accessToken}}",
    "Content-Type": "application/json",
    "charset": "UTF-8",
}
payload = {"operation": "insert", "object": "Account", "contentType": "JSON"}


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
        # POST after some of them.
        if response.status_code not in (307, 308):
            prepared_request.method = "GET"

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.post(url, headers=headers, json=payload, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
