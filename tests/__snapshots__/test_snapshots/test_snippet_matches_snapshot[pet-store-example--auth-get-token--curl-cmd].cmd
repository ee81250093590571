@echo off
REM Auth/Get token
curl.exe "https://pets.example.com/oauth/token" ^
  --location ^
  --referer ";auto" ^
  --user "pet-client:{{clientSecret}}" ^
  --header "Content-Type: application/x-www-form-urlencoded" ^
  --data-urlencode "grant_type=client_credentials" ^
  --data-raw "scope=pets%%3Aread%%20pets%%3Awrite"
