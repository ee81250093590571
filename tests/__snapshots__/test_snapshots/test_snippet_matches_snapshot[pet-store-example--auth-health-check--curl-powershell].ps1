# Auth/Health check
curl.exe 'https://pets.example.com/health' `
  --head `
  --location `
  --referer ';auto'
