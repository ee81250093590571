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
add_file_part /home/author/pictures/tom.png --form 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
curl https://pets.example.com/v1/pets/42/photos \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --header 'Authorization: Bearer {{apiToken}}' \
  "${form[@]}"
