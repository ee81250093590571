# Pets/Upload photo
import httpx

url = "https://pets.example.com/v1/pets/42/photos"
# A list keeps repeated headers and their order.
headers = [
    ("Authorization", "Bearer {{apiToken}}"),
]
# Replace each file path with a file on your machine.
files = [
    ("caption", (None, "At the vet's")),
    ("photo", ("tom.png", open("/home/author/pictures/tom.png", "rb"), "image/png")),
]

with httpx.Client(follow_redirects=True, timeout=30) as client:
    request = client.build_request("POST", url, headers=headers, files=files)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
