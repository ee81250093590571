@echo off
REM Pets/Upload photo
REM Note: after a 300, 304, 305 or 306 curl sends the POST again with its body, but
REM newman sends a GET without a body.
REM Replace each file path with a file on your machine.
REM newman leaves out a file part whose file does not exist. A batch file
REM cannot leave an argument out of the curl.exe line when it runs, so this
REM snippet stops instead.
if not exist "/home/author/pictures/tom.png" (
    echo Error: file not found: /home/author/pictures/tom.png. cmd.exe cannot leave out its part as Postman does. Replace the path with your file. 1>&2
    exit /b 1
)
curl.exe "https://pets.example.com/v1/pets/42/photos" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "Authorization: Bearer {{apiToken}}" ^
  --form-string "caption=At the vet's" ^
  --form ^"photo=@\^"/home/author/pictures/tom.png\^";type=image/png;filename=\^"tom.png\^"^"
