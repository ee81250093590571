# Pets/Upload photo
# Replace each file path with a file on your machine.
# newman sends an empty part or body for a file that does not exist. This
# snippet stops instead, so that a wrong path is not sent as an empty file.
foreach ($path in @('/home/author/pictures/tom.png')) {
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw "File not found: $path. Replace the path with your file."
    }
}
curl.exe 'https://pets.example.com/v1/pets/42/photos' `
      --location `
      --max-redirs '10' `
      --referer ';auto' `
      --header 'Authorization: Bearer {{apiToken}}' `
      --form-string 'caption=At the vet''s' `
      --form 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
