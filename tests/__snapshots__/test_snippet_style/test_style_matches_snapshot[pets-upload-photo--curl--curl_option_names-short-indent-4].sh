# Pets/Upload photo
# Replace each file path with a file on your machine.
# newman sends a file only when it is a regular file whose owner has the read
# permission ("-r" at the start of the mode that ls prints).
is_sendable_file() {
  case $(ls -dlL -- "$1" 2>/dev/null) in
    -r*) return 0 ;;
    *) return 1 ;;
  esac
}
# newman leaves out a file part whose file it does not send, and so does this
# snippet, after a warning.
form=()
add_file_part() {
  if is_sendable_file "$1"; then
    form+=("${@:2}")
  else
    printf 'Warning: file not found or not readable: %s. Its part is left out, as Postman does. Replace the path with your file.\n' "$1" >&2
  fi
}
form+=(--form-string 'caption=At the vet'\''s')
add_file_part /home/author/pictures/tom.png -F 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
# Note: with --location, after a 300, 304, 305 or 306 curl sends the POST again with its
# body, but newman sends a GET without a body.
# So send_request follows each redirect itself, one curl call per hop, by newman's
# rules. Its body runs in a subshell, so its variables, exit and trap stay inside.
send_request() (
  url=https://pets.example.com/v1/pets/42/photos
  # newman sends these until a redirect other than 307 or 308 turns the request into a GET.
  method_and_body=("${form[@]}")
  # newman drops Authorization on a redirect to another host name.
  authorization=(-H 'Authorization: Bearer {{apiToken}}')
  referer=()
  response_file=$(mktemp) || exit
  trap 'rm -f "$response_file"' EXIT
  redirects=0
  while true; do
    result=$(curl "$url" \
        "${authorization[@]}" \
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
