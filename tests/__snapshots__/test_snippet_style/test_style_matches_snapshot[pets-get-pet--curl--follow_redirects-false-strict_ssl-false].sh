# Pets/Get pet
curl https://pets.example.com/v1/pets/42 \
  --no-progress-meter \
  --insecure \
  --header 'Authorization: Bearer {{apiToken}}'
