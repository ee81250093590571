# Pets/Upload photo
# Note: after a 300, 304, 305 or 306 curl sends the POST again with its body, but newman
# sends a GET without a body.
# Replace each file path with a file on your machine.
# newman leaves out a file part whose file does not exist, and so does
# this snippet, after a warning.
function Test-File([string] $Path) {
    if (Test-Path -LiteralPath $Path -PathType Leaf) {
        return $true
    }
    [Console]::Error.WriteLine("Warning: file not found: $Path. Its part is left out, as Postman does. Replace the path with your file.")
    return $false
}
$formArguments = @()
$formArguments += '--form-string', 'caption=At the vet''s'
if (Test-File '/home/author/pictures/tom.png') {
    $formArguments += '--form', 'photo=@"/home/author/pictures/tom.png";type=image/png;filename="tom.png"'
}
curl.exe 'https://pets.example.com/v1/pets/42/photos' `
      --location `
      --max-redirs '10' `
      --referer ';auto' `
      --header 'Authorization: Bearer {{apiToken}}' `
      $formArguments
