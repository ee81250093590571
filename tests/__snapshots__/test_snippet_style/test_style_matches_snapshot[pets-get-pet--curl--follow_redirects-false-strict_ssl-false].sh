# Pets/Get pet
curl https://pets.example.com/v1/pets/42 \
  --insecure \
  --header 'Authorization: Bearer {{apiToken}}'
