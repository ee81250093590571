# Pets/Create pet
# Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303 turns
# this request into. After a 300, 304, 305 or 306 it sends the POST again with its body,
# where newman sends a GET without body or Content-Type.
$dynamicGuid = [guid]::NewGuid().ToString()  # Postman's {{$guid}}, fresh for each run
curl.exe 'https://pets.example.com/v1/pets' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --header ('X-Request-Id: ' + $dynamicGuid) `
  --header 'Content-Type: application/json' `
  --header 'Authorization: Bearer {{apiToken}}' `
  --data-raw '{
  
  "name": "Zoë",
  "species": "cat",
  "age": 3
}'
