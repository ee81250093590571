# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: these variables are written out as sent in some places (where the request encodes or trims them, or in a name, content type or file path): {{search}}.
# Note: after a 301, 302 or 303 curl sends PUT again without a body; newman sends a GET without a body or Content-Type.
dynamic_random_int=$((RANDOM % 1001))  # Postman's {{$randomInt}}, fresh for each run
base_url=http://127.0.0.1:9/api  # Postman's {{baseUrl}}
order_id=1042  # Postman's {{orderId}}
currency=EUR  # Postman's {{currency}}
api_key=k-5f2a9c  # Postman's {{apiKey}}
request_id=req-1042-"$dynamic_random_int"  # Postman's {{requestId}}
customer_name='Zoë O'\''Brien'  # Postman's {{customer name}}
curl "$base_url"/orders/"$order_id"'?q=blue%20shoes&currency='"$currency" \
  --request PUT \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --header 'X-Api-Key: '"$api_key" \
  --header 'X-Request-Id: '"$request_id" \
  --header 'X-Note;' \
  --header 'Content-Type: application/json' \
  --data-raw '{"customer": "'"$customer_name"'", "currency": "'"$currency"'", "order": '"$order_id"'}'
