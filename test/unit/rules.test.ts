import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { parseCatalog } from '../../server/src/core/catalog/validate';
import { clickhouseString } from '../../server/src/core/rules/clickhouse';
import { duckdbSource } from '../../server/src/core/rules/duckdb';
import { rulePatterns, RulesError } from '../../server/src/core/rules/patterns';
import { anyCase, checkPortable, literal } from '../../server/src/core/rules/portable';
import { standardString } from '../../server/src/core/rules/prestoDialect';
import { toSigmaRegex } from '../../server/src/core/rules/sigma';
import { slsSearch } from '../../server/src/core/rules/sls';
import { generateRules, TARGETS } from '../../server/src/core/rules/targets';

const catalog = builtinCatalog();
const patterns = rulePatterns(catalog);

/** The built-in catalog plus one user entry. */
function withCode(code: string, extra: Record<string, unknown> = {}) {
  const entry = {
    code,
    httpStatus: 400,
    message: 'A custom failure.',
    category: 'parameter',
    text: { en: { description: 'Ours.', remediation: ['Ask.'] } },
    ...extra,
  };
  return catalog.withEntries(
    parseCatalog(JSON.stringify({ version: 1, name: 'team', codes: [entry] }), 'team.json').codes,
  );
}

describe('portable regular expressions', () => {
  it('refuses what JavaScript and RE2 read differently or not at all', () => {
    for (const pattern of [
      '(?<=a)b',
      'a(?!b)',
      '(?<n>a)',
      '(?P<n>a)',
      '(?i)kms',
      '\\s',
      '\\d+',
      '\\bkms\\b',
      '(a)\\1',
      '[\\s]',
      'a{2',
      '(a',
    ]) {
      assert.throws(() => checkPortable(pattern), Error, pattern);
    }
  });

  it('accepts literals, classes, groups, lazy quantifiers and hex escapes, and counts the groups', () => {
    assert.equal(checkPortable('(?:^|[^A-Za-z0-9_.])(Forbidden\\.KeyNotFound)[\\t ]*?\\x1b(a|b){1,3}$'), 2);
    assert.equal(checkPortable(literal('a.b*c(d)[e]|f\\g/h-i')), 0);
  });

  it('spells case-insensitive text out letter by letter', () => {
    assert.equal(anyCase('x-kms'), '[Xx]\\-[Kk][Mm][Ss]');
    assert.ok(new RegExp(anyCase('HttpStatus')).test('HTTPSTATUS'));
  });

  it('the token pattern finds whole codes the way the scanner counts them', () => {
    const tokens = (line: string) =>
      [...line.matchAll(new RegExp(patterns.token, 'g'))].map((m) => m[1]).filter((t) => t !== undefined);
    assert.deepEqual(tokens('a Forbidden.KeyNotFound, Rejected.Disabled.'), [
      'a',
      'Forbidden.KeyNotFound',
      'Rejected.Disabled',
    ]);
    assert.deepEqual(tokens('ChkRejected.Disabled x.Forbidden.KeyNotFound'), [
      'ChkRejected.Disabled',
      'x.Forbidden.KeyNotFound',
    ]);
    assert.deepEqual(tokens('see https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound now'), [
      'see',
      'https',
      'now',
    ]);
    assert.deepEqual(tokens('"msg\\nForbidden.KeyNotFound" %22Rejected.Disabled%22'), [
      'msg',
      'Forbidden.KeyNotFound',
      'Rejected.Disabled',
    ]);
    assert.deepEqual(tokens('InvalidAccessKeyId.NotFoundError: code'), ['InvalidAccessKeyId.NotFound', 'code']);
  });
});

describe('escaping per target', () => {
  it('ClickHouse doubles backslashes (a `\\b` in its strings is a backspace) and escapes quotes', () => {
    assert.equal(clickhouseString("a\\.b'c"), "'a\\\\.b\\'c'");
  });

  it('SLS and DuckDB keep backslashes and double quotes', () => {
    assert.equal(standardString("a\\.b'c"), "'a\\.b''c'");
  });

  it('Sigma writes a literal dot as [.] and has no backslash', () => {
    assert.equal(
      toSigmaRegex('(?:^|[^A-Za-z0-9_.])Forbidden\\.KeyNotFound[\\t ]x\\-y'),
      '(^|[^A-Za-z0-9_.])Forbidden[.]KeyNotFound[\t ]x-y',
    );
    assert.throws(() => toSigmaRegex('a\\\\b'), /backslash|\\\\/);
    assert.throws(() => toSigmaRegex('a*?'), /lazy/);
  });

  it('DuckDB reads files by their extension and names tables otherwise', () => {
    assert.equal(duckdbSource('logs/*.jsonl'), "read_json_auto('logs/*.jsonl')");
    assert.equal(duckdbSource("it's.csv.gz"), "read_csv_auto('it''s.csv.gz')");
    assert.equal(duckdbSource('lake/day=1/part.parquet'), "read_parquet('lake/day=1/part.parquet')");
    assert.equal(duckdbSource('main.kms_logs'), '"main"."kms_logs"');
  });
});

describe('the SLS search statement', () => {
  const search = slsSearch(patterns, 'content');
  it('searches a dotted code as one term, by prefix so that a code before punctuation is found', () => {
    assert.match(search, /(?:^| )content:Forbidden\.KeyNotFound\* or /);
    assert.match(search, / content:Rejetced\.PendingDeletion\* or /, 'aliases too');
  });

  it('searches generic codes only together with a KMS term, or with the words of their documented message', () => {
    const generic = /\(\((content:\S+\* or )*content:\S+\*\) and \(content:kms\* or .*?\)\)\)\)/.exec(search);
    assert.ok(generic, search.slice(0, 400));
    assert.match(generic[0], /content:InternalFailure\*/);
    assert.doesNotMatch(search.slice(0, generic.index), /InternalFailure/);
    assert.match(
      generic[0],
      /\(content:aliyun\* or content:alibaba\* or content:alicloud\* or content:acs\) and \(content:Encrypt or /,
    );
    assert.match(search, / or \(content:InternalFailure\* and content:Internal\* and content:Failure\*\)/);
  });

  it('quotes a field name that is not a plain name', () => {
    assert.match(slsSearch(patterns, '__tag__:__path__'), /^"__tag__:__path__":\S+\* or /);
    assert.match(slsSearch(patterns, 'my "raw"'), /^"my \\"raw\\"":/);
  });
});

describe('generating rules', () => {
  it('gives the same text every time, for every target', () => {
    for (const target of TARGETS)
      assert.deepEqual(generateRules(target, catalog), generateRules(target, catalog), target);
  });

  it('the SLS query is `search | SQL` on table log, with __time__ in seconds and a LIMIT', () => {
    const rows = generateRules('sls', catalog).find((f) => f.kind === 'rows')?.text ?? '';
    assert.match(rows, /^content:\S+ or .* \| SELECT time, /s);
    assert.match(rows, /from_unixtime\("__time__"\) AS time/);
    assert.match(rows, /FROM "log"/);
    assert.match(rows, /CROSS JOIN UNNEST\(tokens\) AS t\(token\)/);
    assert.match(rows, /\nLIMIT 10000\n$/);
    assert.ok(!/;\s*$/.test(rows) && !/^--/m.test(rows), 'no terminator, no comments');
  });

  it('ClickHouse uses ARRAY JOIN, extractAll and multiMatchAny on the named table and column', () => {
    const rows =
      generateRules('clickhouse', catalog, { table: 'logs.kms_all', column: 'raw', timeColumn: 'ts', limit: 50 }).find(
        (f) => f.kind === 'rows',
      )?.text ?? '';
    assert.match(rows, /FROM "logs"\."kms_all"/);
    assert.match(rows, /ARRAY JOIN tokens AS token/);
    assert.match(rows, /extractAll\("raw", '/);
    assert.match(rows, /WHERE multiMatchAny\("raw", \['/);
    assert.match(rows, /"ts" AS time/);
    assert.match(rows, /\nLIMIT 50\n$/);
  });

  it('carries extra columns through to the rows', () => {
    const rows =
      generateRules('duckdb', catalog, { carry: ['host', 'file'] }).find((f) => f.kind === 'rows')?.text ?? '';
    assert.match(rows, /AS request_id, "host", "file", "content"\n/);
  });

  it('refuses a user code no target can look for as the scanner does, naming it', () => {
    assert.throws(
      () => rulePatterns(withCode('Custom.GatewayError')),
      (e: unknown) => e instanceof RulesError && /Custom\.GatewayError/.test(e.message),
    );
    assert.throws(
      () => generateRules('sls', withCode('Or')),
      (e: unknown) => e instanceof RulesError && /code Or\b/.test(e.message),
    );
    assert.throws(
      () => generateRules('sls', catalog, { limit: 20000 }),
      (e: unknown) => e instanceof RulesError && /at most 10000/.test(e.message),
    );
  });

  it('a user code is looked for like a built-in one', () => {
    const rows = generateRules('duckdb', withCode('Custom.Failure')).find((f) => f.kind === 'rows')?.text ?? '';
    assert.match(rows, /'Custom\.Failure'/);
  });
});
