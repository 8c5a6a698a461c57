import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { isDocumentedStatus, statusForApi } from '../../server/src/core/catalog/statuses';
import { FIXTURES } from '../support/paths';
import { present } from '../support/assertions';

/** Per API, the codes the KMS 2016-01-20 OpenAPI metadata documents (extracted by scripts/extract-api-error-codes.mjs). */
const metadata = JSON.parse(readFileSync(path.join(FIXTURES, 'kms-api-error-codes.json'), 'utf8')) as {
  apis: Record<string, Array<{ code: string; status: number; message: string }>>;
};
const rows = Object.entries(metadata.apis).flatMap(([api, list]) => list.map((row) => ({ api, ...row })));

describe('catalog against the KMS OpenAPI metadata', () => {
  const catalog = builtinCatalog();

  it('reads a fixture with every API and its documented codes', () => {
    assert.ok(Object.keys(metadata.apis).length >= 90, 'the fixture lists the APIs');
    assert.ok(rows.length >= 250, 'the fixture lists their codes');
  });

  it('has every documented code, as the code itself or a known misspelling of it', () => {
    const missing = [...new Set(rows.filter((r) => !catalog.lookup(r.code)).map((r) => r.code))];
    assert.deepEqual(missing, []);
  });

  it('lists every API that documents a code under that code', () => {
    const missing = rows
      .filter((r) => !catalog.lookup(r.code)?.entry.apis.includes(r.api))
      .map((r) => `${r.code} ${r.api}`);
    assert.deepEqual([...new Set(missing)], []);
  });

  it('gives each code the status its API documents, the common status being the default', () => {
    const wrong = rows
      .filter((r) => statusForApi(present(catalog.lookup(r.code), r.code).entry, r.api) !== r.status)
      .map((r) => `${r.code} ${r.api}: metadata ${r.status}`);
    assert.deepEqual(wrong, []);
  });

  it('keeps no per-API status the metadata does not document', () => {
    const documented = new Set(rows.map((r) => `${catalog.lookup(r.code)?.entry.code} ${r.api} ${r.status}`));
    const extra = catalog.entries.flatMap((e) =>
      Object.entries(e.apiStatuses)
        .filter(([api, status]) => !documented.has(`${e.code} ${api} ${status}`))
        .map(([api, status]) => `${e.code} ${api} ${status}`),
    );
    assert.deepEqual(extra, []);
  });

  it('carries every documented message as the official message or a variant', () => {
    const missing = rows
      .filter((r) => {
        const entry = present(catalog.lookup(r.code), r.code).entry;
        return entry.message !== r.message && !entry.messageVariants.includes(r.message);
      })
      .map((r) => `${r.code}: ${r.message}`);
    assert.deepEqual([...new Set(missing)], []);
  });

  it('names only real KMS APIs in its API lists', () => {
    const known = new Set(Object.keys(metadata.apis));
    const unknown = catalog.entries.flatMap((e) =>
      e.apis.filter((api) => !known.has(api)).map((a) => `${e.code} ${a}`),
    );
    assert.deepEqual(unknown, []);
  });

  it('has the six codes the metadata and the Terraform provider add', () => {
    const expected: Array<[string, number | null, string | null, string[]]> = [
      [
        'Forbidden.KeyPolicyUnSupported',
        400,
        'The specified key does not support key policy.',
        ['GetKeyPolicy', 'SetKeyPolicy', 'GetSecretPolicy', 'SetSecretPolicy'],
      ],
      [
        'InvalidResourceId.NotFound',
        404,
        'The specified ResourceId is not found.',
        ['TagResources', 'UntagResources', 'ListTagResources'],
      ],
      ['Duplicate.TagKey', 400, 'The specified tagKey is duplicate.', ['TagResources', 'ListTagResources']],
      ['InvalidParameter.TagKey', 400, 'The specified parameter is not valid.', ['TagResources']],
      ['InvalidParameter.TagValue', 400, 'The specified parameter is not valid.', ['TagResources']],
      ['Forbidden.RamRoleNotFound', null, null, ['ConnectKmsInstance']],
    ];
    for (const [code, status, message, apis] of expected) {
      const match = catalog.lookup(code);
      assert.ok(match && !match.isAlias, `${code} is in the catalog`);
      assert.equal(match.entry.httpStatus, status, `${code} status`);
      assert.equal(match.entry.message, message, `${code} message`);
      assert.deepEqual([...match.entry.apis].sort(), [...apis].sort(), `${code} APIs`);
      for (const locale of ['zh-CN', 'zh-TW'] as const) {
        assert.notEqual(match.entry.text[locale].description, match.entry.text.en.description, `${code} ${locale}`);
      }
    }
  });

  it('documents Forbidden.NoPermission as 400 for CreateKey and the policy APIs and 403 elsewhere', () => {
    const entry = present(catalog.lookup('Forbidden.NoPermission'), 'Forbidden.NoPermission').entry;
    for (const api of ['CreateKey', 'GetKeyPolicy', 'SetKeyPolicy', 'GetSecretPolicy', 'SetSecretPolicy']) {
      assert.equal(statusForApi(entry, api), 400, api);
      assert.equal(isDocumentedStatus(entry, 400, api), true, api);
      assert.equal(isDocumentedStatus(entry, 403, api), false, api);
    }
    assert.equal(statusForApi(entry, 'DescribeSecret'), 403);
    assert.equal(statusForApi(entry, null), 403);
    assert.equal(isDocumentedStatus(entry, 400, 'DescribeSecret'), false);
    assert.equal(isDocumentedStatus(entry, 400, null), true, 'without an API any documented status holds');
    assert.equal(isDocumentedStatus(entry, 500, null), false);
  });

  it('takes the metadata misspelling SerivceUnvailableTemporary for ServiceUnavailableTemporary, a shared code', () => {
    const match = catalog.lookup('SerivceUnvailableTemporary');
    assert.equal(match?.entry.code, 'ServiceUnavailableTemporary');
    assert.equal(match?.isAlias, true);
    assert.equal(match?.entry.shared, true, 'other products return it too: it needs KMS context');
    assert.ok(match?.entry.messageVariants.includes('Service Unvailable Temporary'));
  });

  it('still infers InvalidParameter from its message, which the tag codes share', () => {
    assert.equal(catalog.inferFromMessage('The specified parameter is not valid.', 400)?.code, 'InvalidParameter');
    assert.equal(catalog.inferFromMessage('The specified tagKey is duplicate.', 400)?.code, 'Duplicate.TagKey');
    assert.equal(
      catalog.inferFromMessage('This operation is forbidden by permission system.', 400)?.code,
      'Forbidden.NoPermission',
    );
  });
});
