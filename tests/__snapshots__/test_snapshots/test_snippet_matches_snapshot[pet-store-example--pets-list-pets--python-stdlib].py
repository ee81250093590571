# Pets/List pets
import json
import urllib.error
import urllib.request

url = "https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag"
headers = {
    "Accept": "application/json",
    "Authorization": "Bearer {{apiToken}}",
}
opener = urllib.request.build_opener()
request = urllib.request.Request(url, headers=headers, method="GET")
try:
    response = opener.open(request, timeout=30)
except urllib.error.HTTPError as error:
    response = error  # 4xx and 5xx responses, and 3xx ones that are not followed
content = response.read()
if response.status >= 400:
    print("Request failed with status", response.status)
    print(response.headers)
    print(content.decode("utf-8", "replace"))
    raise SystemExit(1)

data = json.loads(content)
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
