# Purge cache
import requests
from urllib3 import HTTPHeaderDict

url = "https://pets.example.com/cache"
headers = {
    "X-Tag": "pets",
    "Authorization": "Bearer {{apiToken}}",
}

session = requests.Session()
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
