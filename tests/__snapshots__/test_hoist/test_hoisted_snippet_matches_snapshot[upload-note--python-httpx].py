# Upload note
import httpx

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


def drop_content_type(request):
    """Remove Content-Type from the GET that a 301, 302 or 303 redirect turns this request into, as newman does."""
    if request.method == "GET":
        request.headers.pop("Content-Type", None)


with httpx.Client(
    follow_redirects=True, timeout=30, event_hooks={"request": [drop_content_type]}
) as client:
    request = client.build_request("POST", url, files=files)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
