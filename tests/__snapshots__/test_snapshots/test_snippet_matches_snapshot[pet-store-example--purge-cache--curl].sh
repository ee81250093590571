# Purge cache
curl https://pets.example.com/cache \
  --request PURGE \
  --location \
  --header 'X-Tag: pets' \
  --header 'X-Tag: owners' \
  --header 'Authorization: Bearer {{apiToken}}'
