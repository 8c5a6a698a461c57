import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { Catalog } from '../../server/src/core/catalog/catalog';
import { LOCALES } from '../../server/src/core/catalog/types';
import { diagnose, diagnosisKey } from '../../server/src/core/diagnosis/diagnose';
import { readFacts, type RecordFacts } from '../../server/src/core/diagnosis/facts';
import { diagnoseFinding } from '../../server/src/core/diagnosis/finding';
import { scanText } from '../../server/src/core/scanner/scan';
import { loadCorpus } from '../support/corpus';

const catalog = builtinCatalog();

/** A record that gives every fact a value. */
const RICH_RECORD = [
  'com.aliyun.kms.Client: ErrorCode: Forbidden.NoPermission Action=Decrypt RegionId: cn-shanghai',
  'acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 KeyId: key-shh65f3c6d4pxy9b8',
  'AliasName: alias/app SecretName: db-pass AccessKeyId: LTAI5tAbCdEfGhIjKlMn SecurityToken: CAIS',
  'AuthPrincipalDisplayName: alice kst-hzz65f3c6d4pxy9b8',
].join('\n');

// Every fact the rules read; a fact added to RecordFacts fails the type check here until it is listed.
const FACTS: Record<keyof RecordFacts, true> = {
  arn: true,
  endpoint: true,
  keyId: true,
  alias: true,
  secretName: true,
  accessKeyId: true,
  api: true,
  region: true,
  principal: true,
  instanceId: true,
  mentionsSts: true,
  language: true,
};

/** The paths of every value in `value`, nested objects followed. */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [path];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]));
}

/** `facts` with the value at `path` changed. */
function changed(facts: RecordFacts, path: string[]): RecordFacts {
  const copy = structuredClone(facts) as unknown as Record<string, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = path[path.length - 1] ?? '';
  const old = holder[last];
  holder[last] = typeof old === 'boolean' ? !old : `${String(old)}x`;
  return copy as unknown as RecordFacts;
}

describe('diagnosis cache', () => {
  const facts = readFacts(RICH_RECORD, { host: 'kms.cn-hangzhou.aliyuncs.com' }, new Set(['Decrypt']));

  it('the sample record gives every fact a value', () => {
    for (const name of Object.keys(FACTS)) {
      assert.notEqual(facts[name as keyof RecordFacts], null, name);
    }
    assert.deepEqual(Object.keys(facts).sort(), Object.keys(FACTS).sort());
  });

  it('the key changes with every value of every fact, the code, the locale and retries', () => {
    const key = diagnosisKey('Forbidden.NoPermission', 'en', false, facts);
    const paths = leaves(facts);
    assert.ok(paths.length > Object.keys(FACTS).length, 'nested values are followed');
    for (const path of paths) {
      assert.notEqual(diagnosisKey('Forbidden.NoPermission', 'en', false, changed(facts, path)), key, path.join('.'));
    }
    assert.notEqual(diagnosisKey('Forbidden.KeyNotFound', 'en', false, facts), key);
    assert.notEqual(diagnosisKey('Forbidden.NoPermission', 'en', true, facts), key);
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      assert.notEqual(diagnosisKey('Forbidden.NoPermission', locale, false, facts), key);
    }
  });

  it('no two lists of values make the same key', () => {
    const none = { ...facts, keyId: null, alias: null, secretName: null };
    const keys = [
      { ...none, keyId: 'ab' },
      { ...none, keyId: 'a', alias: 'b' },
      { ...none, keyId: '', alias: 'ab' },
      { ...none, alias: 'ab' },
      { ...none, keyId: '-' },
      none,
    ].map((f) => diagnosisKey('Forbidden.NoPermission', 'en', false, f));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('records that differ only in RequestId and time share one diagnosis', () => {
    const record = (id: string, time: string) =>
      `${time} ERROR Forbidden.NoPermission RequestId: ${id} ${RICH_RECORD.replace(/\n/g, ' ')}`;
    const a = diagnose(
      { code: 'Forbidden.NoPermission', text: record('AAAA-1', '2026-01-01T00:00:00Z') },
      catalog,
      'en',
    );
    const b = diagnose(
      { code: 'Forbidden.NoPermission', text: record('BBBB-2', '2026-02-02T00:00:00Z') },
      catalog,
      'en',
    );
    assert.equal(a, b);
    assert.ok(a.causes.length > 0 && a.fixes.length > 0);
  });

  it('a record whose facts differ gets its own diagnosis', () => {
    const text = (region: string) =>
      `Forbidden.NoPermission acs:kms:${region}:1234567890123456:key/key-1 Action=Decrypt`;
    const shanghai = diagnose({ code: 'Forbidden.NoPermission', text: text('cn-shanghai') }, catalog, 'en');
    const beijing = diagnose({ code: 'Forbidden.NoPermission', text: text('cn-beijing') }, catalog, 'en');
    assert.notDeepEqual(shanghai, beijing);
  });

  it('every finding of the corpus gets the diagnosis it gets without the cache', () => {
    let findings = 0;
    for (const entry of loadCorpus()) {
      for (const finding of scanText(entry.text, catalog, { recordText: true })) {
        const path = entry.lang ? `snippet.${entry.lang}` : 'snippet.log';
        // Twice through the shared cache, against a catalog of the same entries whose cache is empty.
        const first = diagnoseFinding(finding, path, catalog, 'en');
        const cached = diagnoseFinding(finding, path, catalog, 'en');
        const fresh = diagnoseFinding(finding, path, new Catalog(catalog.entries), 'en');
        assert.equal(cached, first, entry.id);
        assert.deepEqual(cached, fresh, entry.id);
        findings++;
      }
    }
    assert.ok(findings > 50, `${findings} findings`);
  });
});
