# Pets/Create pet
import json
import urllib.error
import urllib.request
import uuid

dynamic_guid = str(uuid.uuid4())  # Postman's {{$guid}}, fresh for each run
url = "https://pets.example.com/v1/pets"
headers = {
        "Accept": "*/*",
        "X-Request-Id": dynamic_guid,
        "Content-Type": "application/json",
        "Authorization": "Bearer {{apiToken}}",
}
payload = {"name": "Zoë", "species": "cat", "age": 3}
body = json.dumps(payload, ensure_ascii=False).encode("utf-8")


class FollowRedirects(urllib.request.HTTPRedirectHandler):
        """Follow 307 and 308 with the same method and body, as newman does.

    urllib.request follows them only for GET and HEAD.
    """

        def redirect_request(self, request, fp, code, msg, headers, new_url):
                if code in (307, 308):
                        return urllib.request.Request(
                                new_url,
                                data=request.data,
                                headers=request.headers,
                                method=request.get_method(),
                                unverifiable=True,
                        )
                return super().redirect_request(request, fp, code, msg, headers, new_url)


handlers = [
        FollowRedirects(),
]
opener = urllib.request.build_opener(*handlers)
request = urllib.request.Request(url, data=body, headers=headers, method="POST")
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
id_ = data["id"]  # int
name = data["name"]  # str
