import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { editDistance } from '../../server/src/core/catalog/editDistance';
import { CatalogError, parseCatalog } from '../../server/src/core/catalog/validate';
import { LOCALES } from '../../server/src/core/catalog/types';
import { FIXTURES, ROOT } from '../support/paths';
import { present } from '../support/assertions';

const catalogJson = JSON.parse(readFileSync(path.join(ROOT, 'server', 'catalog', 'kms-errors.json'), 'utf8'));
const schema = JSON.parse(readFileSync(path.join(ROOT, 'server', 'catalog', 'catalog.schema.json'), 'utf8'));
const seed = JSON.parse(readFileSync(path.join(FIXTURES, 'seed-common-errors.json'), 'utf8')) as {
  rows: Array<{ code: string; message: string; httpStatus: number; note: string | null }>;
};

describe('built-in catalog', () => {
  it('validates against the catalog schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(catalogJson), true, JSON.stringify(validate.errors));
  });

  it('has every row of the common error table with its exact status and message', () => {
    const catalog = builtinCatalog();
    assert.equal(seed.rows.length, 32);
    for (const row of seed.rows) {
      const match = catalog.lookup(row.code);
      assert.ok(match && !match.isAlias, `${row.code} is in the catalog`);
      assert.equal(match.entry.httpStatus, row.httpStatus, `${row.code} status`);
      assert.equal(match.entry.message, row.message, `${row.code} message`);
      assert.equal(match.entry.common, true, `${row.code} is marked as a common error`);
    }
    const common = catalog.entries.filter((e) => e.common).map((e) => e.code);
    assert.deepEqual(common.sort(), seed.rows.map((r) => r.code).sort());
  });

  it('carries the STS note of the seed on the three codes that have it, in every language', () => {
    const withNote = seed.rows.filter((r) => r.note).map((r) => r.code);
    assert.deepEqual(withNote.sort(), ['Forbidden.AccessKey', 'Forbidden.NoPermission', 'InvalidAccessKeyId.NotFound']);
    for (const code of withNote) {
      const entry = present(builtinCatalog().lookup(code), code).entry;
      assert.match(entry.text.en.notes.join(' '), /STS/, `${code} en note`);
      assert.match(entry.text['zh-CN'].notes.join(' '), /STS/, `${code} zh-CN note`);
      assert.match(entry.text['zh-TW'].notes.join(' '), /STS/, `${code} zh-TW note`);
    }
  });

  it('has the codes beyond the seed with their documented statuses', () => {
    const expected: Record<string, number> = {
      'Rejected.Unavailable': 409,
      'Rejected.Throttling': 429,
      'Forbidden.ResourceNotFound': 404,
      'Rejected.ResourceExist': 409,
      'Forbidden.DKMSInstanceNotFound': 403,
      'Forbidden.DKMSInstanceStateInvalid': 403,
      SignatureNotMatch: 401,
      RequestTimeTooSkewed: 400,
      InvalidContentType: 415,
      Unauthorized: 404,
      'Rejected.UnsupportedOperation': 400,
      UnsupportedOperation: 400,
      'Rejected.ResourceInDeleteWindow': 409,
    };
    for (const [code, status] of Object.entries(expected)) {
      assert.equal(builtinCatalog().lookup(code)?.entry.httpStatus, status, code);
    }
  });

  it('resolves misspellings seen in real docs to the canonical code', () => {
    const catalog = builtinCatalog();
    for (const [alias, code] of [
      ['SerivceUnavailableTemporary', 'ServiceUnavailableTemporary'],
      ['SerivceUnvailableTemporary', 'ServiceUnavailableTemporary'],
      ['Rejetced.PendingDeletion', 'Rejected.PendingDeletion'],
    ]) {
      const match = catalog.lookup(alias as string);
      assert.equal(match?.entry.code, code);
      assert.equal(match?.isAlias, true);
    }
  });

  it('has a description and at least two remediation steps in every language for every code', () => {
    for (const entry of builtinCatalog().entries) {
      for (const locale of LOCALES) {
        const text = entry.text[locale];
        assert.ok(text.description.length > 20, `${entry.code} ${locale} description`);
        assert.ok(text.remediation.length >= 2, `${entry.code} ${locale} remediation`);
      }
      assert.notEqual(entry.text['zh-CN'].description, entry.text.en.description, `${entry.code} is translated`);
      assert.notEqual(entry.text['zh-TW'].description, entry.text['zh-CN'].description, `${entry.code} zh-TW differs`);
    }
  });

  it('marks the generic codes as shared and the KMS-only ones as not', () => {
    const catalog = builtinCatalog();
    for (const code of [
      'InvalidParameter',
      'MissingParameter',
      'InternalFailure',
      'IllegalTimestamp',
      'IncompleteSignature',
      'UnsupportedHTTPMethod',
      'InvalidAccessKeyId.NotFound',
      'ServiceUnavailableTemporary',
      'InvalidResourceId.NotFound',
      'Duplicate.TagKey',
    ]) {
      assert.equal(catalog.lookup(code)?.entry.shared, true, code);
    }
    for (const code of [
      'Forbidden.KeyNotFound',
      'Rejected.Disabled',
      'Forbidden.KeyPolicyUnSupported',
      'Forbidden.ResourceNotFound',
    ]) {
      assert.equal(catalog.lookup(code)?.entry.shared, false, code);
    }
  });
});

describe('catalog lookups', () => {
  it('looks codes up case-insensitively only when asked', () => {
    const catalog = builtinCatalog();
    assert.equal(catalog.lookup('forbidden.keynotfound'), undefined);
    assert.equal(catalog.lookupLoose('forbidden.keynotfound')?.entry.code, 'Forbidden.KeyNotFound');
  });

  it('suggests the nearest codes for a typo', () => {
    const catalog = builtinCatalog();
    assert.equal(catalog.suggest('Forbidden.KeyNotFond')[0]?.entry.code, 'Forbidden.KeyNotFound');
    assert.equal(catalog.suggest('Rejected.Disable')[0]?.entry.code, 'Rejected.Disabled');
    assert.deepEqual(catalog.suggest('Completely.Different'), []);
  });

  it('infers codes from documented messages, including live messages with resource names', () => {
    const catalog = builtinCatalog();
    assert.equal(catalog.inferFromMessage('The specified Key is not found.', 404)?.code, 'Forbidden.KeyNotFound');
    assert.equal(catalog.inferFromMessage('Resource not found', 404)?.code, 'Forbidden.ResourceNotFound');
    assert.equal(
      catalog.inferFromMessage(
        'This operation for acs:kms:cn-hangzhou:123:key/abc is forbidden by permission system.',
        403,
      )?.code,
      'Forbidden.NoPermission',
    );
    assert.equal(catalog.inferFromMessage('Something else entirely happened here', 500), undefined);
    assert.equal(
      catalog.inferFromMessage('The request was rejected because the key state is not valid for this operation.', 400),
      undefined,
    );
  });

  it('counts edits, transpositions included', () => {
    assert.equal(editDistance('Rejetced', 'Rejected'), 1);
    assert.equal(editDistance('KeyNotFond', 'KeyNotFound'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.ok(editDistance('abcdef', 'uvwxyz', 2) > 2);
  });
});

describe('user catalogs', () => {
  const entry = {
    code: 'Custom.Failure',
    httpStatus: 418,
    message: 'I am a teapot.',
    category: 'service',
    text: { en: { description: 'A custom failure of our gateway.', remediation: ['Ask the platform team.'] } },
  };

  it('adds codes and fills optional fields, falling back to English', () => {
    const file = parseCatalog(JSON.stringify({ version: 1, name: 'team', codes: [entry] }), 'team.json');
    const catalog = builtinCatalog().withEntries(file.codes);
    const found = present(catalog.lookup('Custom.Failure'), 'Custom.Failure').entry;
    assert.equal(found.text['zh-CN'].description, 'A custom failure of our gateway.');
    assert.deepEqual(found.aliases, []);
    assert.ok(catalog.lookup('Forbidden.KeyNotFound'), 'built-in codes still there');
  });

  it('rejects broken JSON with one clear error', () => {
    assert.throws(
      () => parseCatalog('{ "version": 1, ', 'broken.json'),
      (error: unknown) =>
        error instanceof CatalogError && /broken\.json/.test(error.message) && /not valid JSON/.test(error.message),
    );
  });

  it('rejects schema violations and says where', () => {
    const bad = { version: 1, name: 'x', codes: [{ ...entry, httpStatus: 'teapot' }] };
    assert.throws(
      () => parseCatalog(JSON.stringify(bad), 'bad.json'),
      (error: unknown) => error instanceof CatalogError && error.details.some((d) => d.includes('/codes/0/httpStatus')),
    );
  });

  it('rejects duplicate codes', () => {
    const dup = { version: 1, name: 'x', codes: [entry, entry] };
    assert.throws(() => parseCatalog(JSON.stringify(dup), 'dup.json'), /duplicate code or alias Custom\.Failure/);
  });
});
