# Report with basic auth
import base64

import httpx

# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{url}}.
BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
ORDER_ID = "1042"  # Postman's {{orderId}}
USER = "reporter"  # Postman's {{user}}
PASSWORD = "pw-81d3"  # Postman's {{password}}
url = (
    BASE_URL
    + "/reports/"
    + ORDER_ID
    + "?label=shadows%20the%20snippet%27s%20own%20url%20variable"
)
credentials = USER + ":" + PASSWORD
# A list keeps repeated headers and their order.
headers = [
    ("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode()),
]


def follow_any_redirect(response):
    """Make httpx follow a 3xx response with a Location as newman does."""
    if not response.is_redirect or "Location" not in response.headers:
        return
    # newman reads each byte of the Location as its Latin-1 character, where
    # httpx would decode UTF-8 bytes as UTF-8.
    response.headers.encoding = "iso-8859-1"
    # newman follows any 3xx response with a Location, and treats the ones
    # that httpx would not follow like a 303: a GET without a body, or HEAD
    # for a HEAD request.
    if not response.has_redirect_location:
        response.status_code = 303


with httpx.Client(
    timeout=30, event_hooks={"response": [follow_any_redirect]}
) as client:
    request = client.build_request("GET", url, headers=headers)
    response = client.send(request)
    # Follow at most 10 redirects, as newman does. Each redirected request
    # gets a Referer naming the previous URL.
    for _ in range(10):
        if response.next_request is None:
            break
        redirected = response.next_request
        redirected.headers["Referer"] = str(request.url)
        request = redirected
        response = client.send(request)
    if response.next_request is not None:
        raise SystemExit(f"Exceeded 10 redirects at {request.url}")
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
