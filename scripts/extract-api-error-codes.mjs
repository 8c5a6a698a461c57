// Extracts the per-API error codes of the KMS 2016-01-20 OpenAPI metadata (api-docs.json, whose
// `apis.<Name>.errorCodes` map each HTTP status to `[{ errorCode, errorMessage }]`) into the test
// fixture the catalog is checked against: data only, per API, code/status/message.
//
//   node scripts/extract-api-error-codes.mjs api-docs.json > test/fixtures/kms-api-error-codes.json
import { readFileSync } from 'node:fs';

const input = process.argv[2];
if (!input) {
  process.stderr.write('usage: node scripts/extract-api-error-codes.mjs <api-docs.json>\n');
  process.exit(2);
}
const docs = JSON.parse(readFileSync(input, 'utf8'));
if (docs.info?.product !== 'Kms' || docs.version === undefined) {
  process.stderr.write(`${input} is not the Kms OpenAPI metadata\n`);
  process.exit(1);
}
const apis = {};
for (const name of Object.keys(docs.apis).sort()) {
  const rows = [];
  for (const [status, errors] of Object.entries(docs.apis[name].errorCodes ?? {})) {
    for (const e of errors) rows.push({ code: e.errorCode, status: Number(status), message: e.errorMessage });
  }
  rows.sort((a, b) => a.status - b.status || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  apis[name] = rows;
}
const fixture = {
  source:
    `Alibaba Cloud OpenAPI metadata of ${docs.info.product} ${docs.info.version ?? ''}`.trim() +
    ', apis.<Name>.errorCodes',
  note: 'APIs with an empty list document no error codes. Codes are as the metadata spells them (SerivceUnvailableTemporary included).',
  apis,
};
// One row per line keeps the fixture's diffs readable.
const text = JSON.stringify(fixture, null, 2).replace(
  /\{\n\s+"code": (.*),\n\s+"status": (\d+),\n\s+"message": (.*)\n\s+\}/g,
  '{ "code": $1, "status": $2, "message": $3 }',
);
process.stdout.write(text + '\n');
