# Pets/Create pet
dynamic_guid=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen | tr '[:upper:]' '[:lower:]')  # Postman's {{$guid}}, fresh for each run
curl https://pets.example.com/v1/pets \
  --location \
  --referer ';auto' \
  --header 'X-Request-Id: '"$dynamic_guid" \
  --header 'Content-Type: application/json' \
  --header 'Authorization: Bearer {{apiToken}}' \
  --data-raw '{
  
  "name": "Zoë",
  "species": "cat",
  "age": 3
}'
