// Convert every request of a Postman collection to python-requests, curl and
// powershell-restmethod with postman-code-generators, in one process.
// Prints one JSON line: request and snippet counts and the seconds spent
// loading (require and parse) and converting.
const started = process.hrtime.bigint();
const fs = require("fs");
const codegen = require("postman-code-generators");
const sdk = require("postman-collection");

const collection = new sdk.Collection(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const requests = [];
collection.forEachItem((item) => requests.push(item.request));
const loaded = process.hrtime.bigint();

const targets = [["python", "Requests"], ["curl", "cURL"], ["powershell", "RestMethod"]];
let snippets = 0;
let errors = 0;
let characters = 0;
for (const request of requests) {
  for (const [language, variant] of targets) {
    // convert calls back synchronously for these three generators.
    codegen.convert(language, variant, request, {}, (error, snippet) => {
      if (error) {
        errors += 1;
      } else {
        snippets += 1;
        characters += snippet.length;
      }
    });
  }
}
const converted = process.hrtime.bigint();
console.log(JSON.stringify({
  requests: requests.length,
  snippets,
  errors,
  characters,
  load: Number(loaded - started) / 1e9,
  convert: Number(converted - loaded) / 1e9,
}));
