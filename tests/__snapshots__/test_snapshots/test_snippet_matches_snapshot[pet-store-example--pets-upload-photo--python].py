# Pets/Upload photo
import requests

url = "https://pets.example.com/v1/pets/42/photos"
headers = {
    "Authorization": "Bearer {{apiToken}}",
}
# Replace each file path with a file on your machine.
files = [
    ("caption", (None, "At the vet's")),
    ("photo", ("tom.png", open("/home/author/pictures/tom.png", "rb"), "image/png")),
]

response = requests.post(url, headers=headers, files=files, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
