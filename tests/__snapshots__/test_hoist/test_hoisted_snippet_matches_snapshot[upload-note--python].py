# Upload note
import requests

BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
ORDER_ID = "1042"  # Postman's {{orderId}}
CUSTOMER_NAME = "Zoë O'Brien"  # Postman's {{customer name}}
CURRENCY = "EUR"  # Postman's {{currency}}
url = BASE_URL + "/orders/" + ORDER_ID + "/notes"
# Replace each file path with a file on your machine.
files = [
    ("author", (None, CUSTOMER_NAME)),
    ("currency", (None, CURRENCY)),
    ("missing", (None, "{{undefinedVariable}}")),
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
response = session.post(url, files=files, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
