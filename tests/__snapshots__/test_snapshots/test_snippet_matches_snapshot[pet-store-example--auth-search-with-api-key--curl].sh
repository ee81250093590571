# Auth/Search with API key
curl 'https://pets.example.com/v1/search?q=grey%20cat&api_key={{apiKey}}' \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --globoff
