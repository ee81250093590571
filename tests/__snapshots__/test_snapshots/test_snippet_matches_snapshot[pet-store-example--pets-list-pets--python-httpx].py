# Pets/List pets
import httpx

url = "https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag"
# A list keeps repeated headers and their order.
headers = [
    ("Accept", "application/json"),
    ("Authorization", "Bearer {{apiToken}}"),
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

data = response.json()
items = data["items"]  # list[dict]
for item in items:
    id_ = item["id"]  # int
    name = item["name"]  # str
    species = item["species"]  # str
    tags = item["tags"]  # list[str]
    for tag in tags:
        print(tag)  # str
    owner = item["owner"]  # dict | None
    if owner is not None:
        owner_id = owner["id"]  # int
        owner_name = owner["name"]  # str
    weight = item["weight"]  # float
    class_ = item.get("class")  # str | None
total = data["total"]  # int
field_2fa = data["2fa"]  # bool
first_name = data["first-name"]  # str
ref = data["$ref"]  # str
