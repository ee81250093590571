@echo off
REM Auth/Get token
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303
REM turns this request into. After a 300, 304, 305 or 306 it sends the POST again with
REM its body, where newman sends a GET without body or Content-Type.
curl.exe "https://pets.example.com/oauth/token" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --user "pet-client:{{clientSecret}}" ^
  --header "Content-Type: application/x-www-form-urlencoded" ^
  --data-urlencode "grant_type=client_credentials" ^
  --data-raw "scope=pets%%3Aread%%20pets%%3Awrite"
