# Pets/Create pet
curl https://pets.example.com/v1/pets \
  --location \
  --header 'X-Request-Id: {{$guid}}' \
  --header 'Content-Type: application/json' \
  --header 'Authorization: Bearer {{apiToken}}' \
  --data-raw '{
  
  "name": "Zoë",
  "species": "cat",
  "age": 3
}'
