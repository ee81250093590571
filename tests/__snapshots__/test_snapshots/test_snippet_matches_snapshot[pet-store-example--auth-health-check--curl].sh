# Auth/Health check
curl https://pets.example.com/health \
  --head \
  --location \
  --max-redirs 10 \
  --referer ';auto'
