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
