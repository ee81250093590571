# Upload note
# Note: after a 300, 304, 305 or 306 curl sends the POST again with its body, but newman
# sends a GET without a body.
curl.exe 'http://127.0.0.1:9/api/orders/1042/notes' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --form-string 'author=Zoë O''Brien' `
  --form-string 'currency=EUR' `
  --form-string 'missing={{undefinedVariable}}'
