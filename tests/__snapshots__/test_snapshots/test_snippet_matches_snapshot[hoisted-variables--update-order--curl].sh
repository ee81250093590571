# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
dynamic_random_int=$((RANDOM % 1001))  # Postman's {{$randomInt}}, fresh for each run
# Note: with --location, after a 301, 302 or 303 curl sends PUT again without a body,
# and after a 300, 304, 305 or 306 with its body, but newman sends a GET without a body
# or Content-Type.
# So send_request follows each redirect itself, one curl call per hop, by newman's
# rules. Its body runs in a subshell, so its variables, exit and trap stay inside.
send_request() (
  url='http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR'
  # newman sends these until a redirect other than 307 or 308 turns the request into a GET.
  method_and_body=(--request PUT --header 'Content-Type: application/json' --data-raw '{"customer": "Zoë O'\''Brien", "currency": "EUR", "order": 1042}')
  referer=()
  response_file=$(mktemp) || exit
  trap 'rm -f "$response_file"' EXIT
  redirects=0
  while true; do
    result=$(curl "$url" \
      "${method_and_body[@]}" \
      --header 'X-Api-Key: k-5f2a9c' \
      --header 'X-Request-Id: req-1042-'"$dynamic_random_int" \
      --header 'X-Note;' \
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
