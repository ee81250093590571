# Report with basic auth
# Set these environment variables before running: PASSWORD
: "${PASSWORD?Set the environment variable PASSWORD before running this snippet.}"
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{url}}.
base_url=http://127.0.0.1:9/api  # Postman's {{baseUrl}}
order_id=1042  # Postman's {{orderId}}
user=reporter  # Postman's {{user}}
password="$PASSWORD"  # Postman's {{password}}
curl "$base_url"/reports/"$order_id"'?label=shadows%20the%20snippet%27s%20own%20url%20variable' \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --user "$user":"$password"
