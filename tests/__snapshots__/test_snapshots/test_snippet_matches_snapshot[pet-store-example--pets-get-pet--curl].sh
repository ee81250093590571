# Pets/Get pet
curl https://pets.example.com/v1/pets/42 \
  --location \
  --header 'Authorization: Bearer {{apiToken}}'
