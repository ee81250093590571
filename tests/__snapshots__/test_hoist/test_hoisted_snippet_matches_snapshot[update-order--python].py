# Update order
import random

import requests

# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{search}}.
dynamic_random_int = str(
    random.randint(0, 1000)
)  # Postman's {{$randomInt}}, fresh for each run
BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
ORDER_ID = "1042"  # Postman's {{orderId}}
CURRENCY = "EUR"  # Postman's {{currency}}
API_KEY = "k-5f2a9c"  # Postman's {{apiKey}}
REQUEST_ID = "req-1042-" + dynamic_random_int  # Postman's {{requestId}}
NOTE = ""  # Postman's {{note}}
CUSTOMER_NAME = "Zoë O'Brien"  # Postman's {{customer name}}
url = BASE_URL + "/orders/" + ORDER_ID + "?q=blue%20shoes&currency=" + CURRENCY
headers = {
    "X-Api-Key": API_KEY,
    "X-Request-Id": REQUEST_ID,
    "X-Note": NOTE,
    "Content-Type": "application/json",
}
payload = (
    '{"customer": "'
    + CUSTOMER_NAME
    + '", "currency": "'
    + CURRENCY
    + '", "order": '
    + ORDER_ID
    + "}"
)


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
        # PUT after some of them.
        if response.status_code not in (307, 308):
            prepared_request.method = "GET"

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.put(url, headers=headers, data=payload.encode("utf-8"), timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
