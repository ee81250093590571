# Pets/Delete pet
# Note: with --location, after a 301, 302 or 303 curl sends DELETE again without a body,
# and after a 300, 304, 305 or 306 with its body, but newman sends a GET without a body
# or Content-Type.
# So send_request follows each redirect itself, one curl call per hop, by newman's
# rules. Its body runs in a subshell, so its variables, exit and trap stay inside.
send_request() (
  url=https://pets.example.com/v1/pets/42
  # newman sends these until a redirect other than 307 or 308 turns the request into a GET.
  method_and_body=(--request DELETE)
  # newman drops Authorization on a redirect to another host name.
  authorization=(--header 'Authorization: Bearer {{apiToken}}')
  referer=()
  response_file=$(mktemp) || exit
  trap 'rm -f "$response_file"' EXIT
  redirects=0
  while true; do
    result=$(curl "$url" \
      "${method_and_body[@]}" \
      "${authorization[@]}" \
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
    # newman drops Authorization when the redirect goes to another host name.
    if [ "$(host_name "$location")" != "$(host_name "$url")" ]; then
      authorization=()
    fi
    # newman sends the previous URL as the Referer.
    referer=(--header "Referer: $url")
    url=$location
  done
)
# Print the host name of the URL $1 in lowercase (ASCII letters only), without
# user, port or path. sed and tr also work in macOS's bash 3.2 and in zsh, where
# bash 4's lowercase expansion and BASH_REMATCH do not.
host_name() {
  printf '%s\n' "$1" \
    | sed -nE 's,^[^:/?#]+://([^/?#@]*@)?(\[[^]/]*\]|[^/?#:]*).*,\2,p' \
    | LC_ALL=C tr '[:upper:]' '[:lower:]'
}
send_request
