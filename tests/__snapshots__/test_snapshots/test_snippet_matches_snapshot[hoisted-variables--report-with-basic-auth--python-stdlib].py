# Report with basic auth
import base64
import string
import urllib.error
import urllib.parse
import urllib.request

url = "http://127.0.0.1:9/api/reports/1042?label=shadows%20the%20snippet%27s%20own%20url%20variable"
credentials = "reporter:pw-81d3"
headers = {
    "Accept": "*/*",
    "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
}


class FollowRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects as newman does for this request."""

    # newman counts every redirect toward maxRedirects, and so does
    # redirect_request. urllib.request counts the distinct URLs and stops
    # when one URL comes back a 5th time, so with both of its limits at
    # maxRedirects the count in redirect_request stops first.
    max_repeats = max_redirections = 10

    # newman follows any 3xx response with a Location, but urllib.request only
    # a 301, 302, 303, 307 or 308.
    # NOTE: a status from 309 to 399, which HTTP does not define, is not followed.
    http_error_300 = http_error_304 = urllib.request.HTTPRedirectHandler.http_error_302
    http_error_305 = http_error_306 = urllib.request.HTTPRedirectHandler.http_error_302

    def redirect_request(self, request, fp, code, msg, headers, new_url):
        # urllib.request also follows a URI header, and newman does not.
        if "Location" not in headers:
            return None
        redirects = getattr(request, "redirects", 0)
        if redirects == self.max_redirections:
            raise urllib.error.HTTPError(
                request.full_url, code, self.inf_msg + msg, headers, fp
            )
        # http.client reads each byte of the Location as its Latin-1 character,
        # which newman sends as UTF-8, percent-encoded, where urllib.request
        # would send the byte itself.
        location = urllib.parse.quote(headers["Location"], safe=string.punctuation)
        new_url = urllib.parse.urljoin(request.full_url, location)
        # urllib.request refuses to follow a 307 or 308 of anything but GET
        # or HEAD, and a 301, 302 or 303 of anything but POST.
        method, data = request.get_method(), request.data
        kept = dict(request.headers)
        if code not in (307, 308):
            # newman sends a GET without a body, except for HEAD.
            method = "HEAD" if method == "HEAD" else "GET"
            data = None
            kept.pop("Content-type", None)
            kept.pop("Content-length", None)
        old_host = urllib.parse.urlsplit(request.full_url).hostname
        if urllib.parse.urlsplit(new_url).hostname != old_host:
            # newman drops Authorization on a redirect to another host name.
            kept.pop("Authorization", None)
        kept["Referer"] = request.full_url
        redirected = urllib.request.Request(
            new_url, data=data, headers=kept, method=method, unverifiable=True
        )
        redirected.redirects = redirects + 1
        return redirected


handlers = [
    FollowRedirects(),
]
opener = urllib.request.build_opener(*handlers)
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
