# Pets/Delete pet
curl https://pets.example.com/v1/pets/42 \
  --request DELETE \
  --location \
  --referer ';auto' \
  --header 'Authorization: Bearer {{apiToken}}'
