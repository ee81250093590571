# Pets/Upload photo
import os

import httpx

url = "https://pets.example.com/v1/pets/42/photos"
# A list keeps repeated headers and their order.
headers = [
    ("Authorization", "Bearer {{apiToken}}"),
]
# newman sends an empty part or body for a file that does not exist. This
# snippet stops instead, so that a wrong path is not sent as an empty file.
for path in ["/home/author/pictures/tom.png"]:
    if not os.path.isfile(path):
        raise SystemExit(f"File not found: {path}. Replace the path with your file.")
# Replace each file path with a file on your machine.
files = [
    ("caption", (None, "At the vet's")),
    ("photo", ("tom.png", open("/home/author/pictures/tom.png", "rb"), "image/png")),
]

with httpx.Client(timeout=30) as client:
    request = client.build_request("POST", url, headers=headers, files=files)
    response = client.send(request)
    # Follow at most 10 redirects, as newman does. Each redirected request
    # gets a Referer naming the previous URL.
    for _ in range(10):
        if response.next_request is None:
            break
        redirected = response.next_request
        if redirected.method == "GET":
            # httpx keeps Content-Type when a redirect turns the request into
            # a GET, and newman drops it.
            redirected.headers.pop("Content-Type", None)
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
