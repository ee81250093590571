# Pets/Upload photo
# Replace each file path with a file on your machine.
curl https://pets.example.com/v1/pets/42/photos \
    -L \
    --max-redirs 10 \
    -e ';auto' \
    -H 'Authorization: Bearer {{apiToken}}' \
    --form-string 'caption=At the vet'\''s' \
    -F 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
