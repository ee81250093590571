# GraphQL pets
curl.exe 'https://pets.example.com/graphql' `
  --location `
  --referer ';auto' `
  --header 'Content-Type: application/json' `
  --header 'Authorization: Bearer {{apiToken}}' `
  --data-raw '{"query":"query Pets($first: Int) {\n  pets(first: $first) { id name }\n}","variables":{"first": 10}}'
