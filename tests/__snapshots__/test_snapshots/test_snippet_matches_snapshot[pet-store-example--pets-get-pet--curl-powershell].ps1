# Pets/Get pet
curl.exe 'https://pets.example.com/v1/pets/42' `
  --location `
  --referer ';auto' `
  --header 'Authorization: Bearer {{apiToken}}'
