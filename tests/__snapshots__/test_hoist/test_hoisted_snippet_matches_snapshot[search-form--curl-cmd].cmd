@echo off
REM Search form
REM The variables below end with this batch file.
setlocal
REM Postman's {{baseUrl}}
set "base_url=http://127.0.0.1:9/api"
REM Postman's {{currency}}
set "currency=EUR"
curl.exe "%base_url%/search" ^
  --location ^
  --referer ";auto" ^
  --header "Content-Type: application/x-www-form-urlencoded" ^
  --data-raw "q=blue%%20shoes" ^
  --data-urlencode "currency=%currency%"
