# Pets/Upload photo
# Replace each file path with a file on your machine.
curl https://pets.example.com/v1/pets/42/photos \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --header 'Authorization: Bearer {{apiToken}}' \
  --form-string 'caption=At the vet'\''s' \
  --form 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
