# Upload note
curl http://127.0.0.1:9/api/orders/1042/notes \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --form-string 'author=Zoë O'\''Brien' \
  --form-string currency=EUR \
  --form-string 'missing={{undefinedVariable}}'
