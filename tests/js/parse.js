// Parse an RDF file strictly with N3.js and print how many triples/quads it holds.
//   node parse.js FORMAT FILE      FORMAT: Turtle | TriG | N-Triples | N-Quads
// Exit 1 (with the parser's message, which names the line) on a syntax error.
'use strict';
const fs = require('fs');
const { StreamParser } = require('n3');

const [format, file] = process.argv.slice(2);
if (!format || !file) {
  console.error('usage: node parse.js FORMAT FILE');
  process.exit(2);
}
let count = 0;
fs.createReadStream(file)
  .pipe(new StreamParser({ format }))
  .on('data', () => { count += 1; })
  .on('error', (err) => {
    console.error(`${file}: ${err.message}`);
    process.exit(1);
  })
  .on('end', () => console.log(count));
