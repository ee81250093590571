# Purge cache
curl.exe 'https://pets.example.com/cache' `
  --request 'PURGE' `
  --location `
  --referer ';auto' `
  --header 'X-Tag: pets' `
  --header 'X-Tag: owners' `
  --header 'Authorization: Bearer {{apiToken}}'
