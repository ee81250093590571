# Pets/List pets
curl 'https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag' \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --header 'Accept: application/json' \
  --header 'Authorization: Bearer {{apiToken}}'
