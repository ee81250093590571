# Auth/Health check
curl https://pets.example.com/health \
  --head \
  --location \
  --referer ';auto'
