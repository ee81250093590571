@echo off
REM Search form
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303
REM turns this request into. After a 300, 304, 305 or 306 it sends the POST again with
REM its body, where newman sends a GET without body or Content-Type.
curl.exe "http://127.0.0.1:9/api/search" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "Content-Type: application/x-www-form-urlencoded" ^
  --data-raw "q=blue%%20shoes" ^
  --data-urlencode "currency=EUR"
