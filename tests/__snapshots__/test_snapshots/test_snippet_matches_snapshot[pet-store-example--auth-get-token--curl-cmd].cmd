@echo off
REM Auth/Get token
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303 turns this request into, but newman drops it.
curl.exe "https://pets.example.com/oauth/token" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --user "pet-client:{{clientSecret}}" ^
  --header "Content-Type: application/x-www-form-urlencoded" ^
  --data-urlencode "grant_type=client_credentials" ^
  --data-raw "scope=pets%%3Aread%%20pets%%3Awrite"
