@echo off
REM Upload note
REM Note: after a 300, 304, 305 or 306 curl sends the POST again with its body, but
REM newman sends a GET without a body.
REM Read the rest of this file as UTF-8.
chcp 65001 >nul
curl.exe "http://127.0.0.1:9/api/orders/1042/notes" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --form-string "author=Zoë O'Brien" ^
  --form-string "currency=EUR" ^
  --form-string "missing={{undefinedVariable}}"
