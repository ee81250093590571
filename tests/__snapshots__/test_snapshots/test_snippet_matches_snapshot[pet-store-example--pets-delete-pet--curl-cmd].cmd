@echo off
REM Pets/Delete pet
curl.exe "https://pets.example.com/v1/pets/42" ^
  --request "DELETE" ^
  --location ^
  --referer ";auto" ^
  --header "Authorization: Bearer {{apiToken}}"
