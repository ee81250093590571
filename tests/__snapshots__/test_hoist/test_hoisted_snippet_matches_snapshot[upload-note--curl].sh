# Upload note
base_url=http://127.0.0.1:9/api  # Postman's {{baseUrl}}
order_id=1042  # Postman's {{orderId}}
customer_name='Zoë O'\''Brien'  # Postman's {{customer name}}
currency=EUR  # Postman's {{currency}}
# Note: with --location, after a 300, 304, 305 or 306 curl sends the POST again with its
# body, but newman sends a GET without a body.
# So send_request follows each redirect itself, one curl call per hop, by newman's
# rules. Its body runs in a subshell, so its variables, exit and trap stay inside.
send_request() (
  url="$base_url"/orders/"$order_id"/notes
  # newman sends these until a redirect other than 307 or 308 turns the request into a GET.
  method_and_body=(--form-string author="$customer_name" --form-string currency="$currency" --form-string 'missing={{undefinedVariable}}')
  referer=()
  response_file=$(mktemp) || exit
  trap 'rm -f "$response_file"' EXIT
  redirects=0
  while true; do
    result=$(curl "$url" \
      "${method_and_body[@]}" \
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
