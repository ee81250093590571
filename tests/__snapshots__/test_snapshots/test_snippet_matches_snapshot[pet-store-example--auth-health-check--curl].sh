# Auth/Health check
curl https://pets.example.com/health \
  --no-progress-meter \
  --head \
  --location \
  --max-redirs 10 \
  --referer ';auto'
