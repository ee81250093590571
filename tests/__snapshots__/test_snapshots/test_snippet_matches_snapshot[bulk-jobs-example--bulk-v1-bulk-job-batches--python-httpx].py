# Bulk v1/Bulk Job Batches
import httpx

url = "https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress"
# A list keeps repeated headers and their order.
headers = [
    ("X-SFDC-Session", "{{_accessToken}}"),
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
    # httpx would re-encode this URL; httpcore sends this target exactly as written.
    request.extensions["target"] = (
        "/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress".encode(
            "utf-8"
        )
    )
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
    try:
        error_data = response.json()
    except ValueError:
        error_data = None  # the body is not JSON
    if isinstance(error_data, dict):
        exception_code = error_data.get("exceptionCode")  # str | None
        exception_message = error_data.get("exceptionMessage")  # str | None
    raise SystemExit(1)

data = response.json()
batch_info = data["batchInfo"]  # list[dict]
for item in batch_info:
    id_ = item["id"]  # str
    job_id = item["jobId"]  # str
    state = item["state"]  # str
    number_records_processed = item["numberRecordsProcessed"]  # int
    total_processing_time = item["totalProcessingTime"]  # float
    state_message = item["stateMessage"]  # str | None
next_records_url = data["nextRecordsUrl"]  # null in the example
