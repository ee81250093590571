# Search form
base_url=http://127.0.0.1:9/api  # Postman's {{baseUrl}}
currency=EUR  # Postman's {{currency}}
curl "$base_url"/search \
  --location \
  --referer ';auto' \
  --header 'Content-Type: application/x-www-form-urlencoded' \
  --data-raw q=blue%20shoes \
  --data-urlencode currency="$currency"
