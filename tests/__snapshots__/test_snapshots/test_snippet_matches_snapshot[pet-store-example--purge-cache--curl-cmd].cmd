@echo off
REM Purge cache
REM Note: after a 301, 302 or 303 curl sends PURGE again without a body, and after a
REM 300, 304, 305 or 306 with its body, but newman sends a GET without a body or
REM Content-Type.
curl.exe "https://pets.example.com/cache" ^
  --request "PURGE" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "X-Tag: pets" ^
  --header "X-Tag: owners" ^
  --header "Authorization: Bearer {{apiToken}}"
