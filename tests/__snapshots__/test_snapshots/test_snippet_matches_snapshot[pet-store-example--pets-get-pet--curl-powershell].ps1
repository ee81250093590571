# Pets/Get pet
curl.exe 'https://pets.example.com/v1/pets/42' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --header 'Authorization: Bearer {{apiToken}}'
