# Bulk v1/Bulk Close Job
# Note: with --location, curl also sends the Content-Type header on the GET that a 301,
# 302 or 303 turns this request into. After a 300, 304, 305 or 306 it sends the POST
# again with its body, where newman sends a GET without body or Content-Type.
# So send_request follows each redirect itself, one curl call per hop, by newman's
# rules. Its body runs in a subshell, so its variables, exit and trap stay inside.
send_request() (
  url='https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}'
  # newman sends these until a redirect other than 307 or 308 turns the request into a GET.
  method_and_body=(--header 'Content-Type: application/json' --data-raw '{
   "state" : "Closed"
}')
  referer=()
  response_file=$(mktemp) || exit
  trap 'rm -f "$response_file"' EXIT
  redirects=0
  while true; do
    result=$(curl "$url" \
      --globoff \
      --header 'X-SFDC-Session: {{_accessToken}}' \
      "${method_and_body[@]}" \
      --header 'charset: UTF-8' \
      "${referer[@]}" \
      --proto '=http,https' \
      --no-progress-meter \
      --output "$response_file" \
      --write-out '%{http_code} %{redirect_url}') || exit
    # http_status, because zsh's $status is read-only and this code may be pasted there.
    read -r http_status location <<< "$result"
    # newman follows any 3xx response with a Location and stops at any other response.
    case $http_status in
      3??) ;;
      *) location= ;;
    esac
    if [ -z "$location" ]; then
      cat "$response_file"
      exit
    fi
    # newman fails on redirect number maxRedirects + 1, and so does curl's --max-redirs (exit status 47).
    if [ "$redirects" -eq 10 ]; then
      echo "Error: maximum (10) redirects followed (maxRedirects); not following $location" >&2
      exit 47
    fi
    redirects=$((redirects + 1))
    # newman keeps the method and body after a 307 or 308 only, and sends a GET without them otherwise.
    if [ "$http_status" != 307 ] && [ "$http_status" != 308 ]; then
      method_and_body=()
    fi
    # newman sends the previous URL as the Referer.
    referer=(--header "Referer: $url")
    url=$location
  done
)
send_request
