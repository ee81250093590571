@echo off
REM Pets/Delete pet
REM Note: after a 301, 302 or 303 curl sends DELETE again without a body, and after a
REM 300, 304, 305 or 306 with its body, but newman sends a GET without a body or
REM Content-Type.
curl.exe "https://pets.example.com/v1/pets/42" ^
   -X "DELETE" ^
   -L ^
   --max-redirs "10" ^
   -e ";auto" ^
   -H "Authorization: Bearer {{apiToken}}"
