@echo off
REM Pets/Delete pet
curl.exe "https://pets.example.com/v1/pets/42" ^
   -X "DELETE" ^
   -L ^
   -e ";auto" ^
   -H "Authorization: Bearer {{apiToken}}"
