# Pets/Get pet
curl https://pets.example.com/v1/pets/42 \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --header 'Authorization: Bearer {{apiToken}}'
