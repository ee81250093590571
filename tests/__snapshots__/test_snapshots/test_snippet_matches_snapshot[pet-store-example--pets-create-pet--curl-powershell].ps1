# Pets/Create pet
$dynamicGuid = [guid]::NewGuid().ToString()  # Postman's {{$guid}}, fresh for each run
curl.exe 'https://pets.example.com/v1/pets' `
  --location `
  --referer ';auto' `
  --header ('X-Request-Id: ' + $dynamicGuid) `
  --header 'Content-Type: application/json' `
  --header 'Authorization: Bearer {{apiToken}}' `
  --data-raw '{
  
  "name": "Zoë",
  "species": "cat",
  "age": 3
}'
