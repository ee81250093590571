# Upload note
base_url=http://127.0.0.1:9/api  # Postman's {{baseUrl}}
order_id=1042  # Postman's {{orderId}}
customer_name='Zoë O'\''Brien'  # Postman's {{customer name}}
currency=EUR  # Postman's {{currency}}
curl "$base_url"/orders/"$order_id"/notes \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --form-string author="$customer_name" \
  --form-string currency="$currency" \
  --form-string 'missing={{undefinedVariable}}'
