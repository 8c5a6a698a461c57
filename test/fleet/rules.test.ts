/**
 * The generated rules against the tools that define their languages: the SLS analytic statements
 * parse with a parser of Trino's SQL grammar; the Sigma rules validate against a JSON schema of the
 * Sigma rule specification with ajv's 2020-12 build, their YAML reads back as the same rules, and
 * their `re` values keep to the metacharacters the specification allows; the portable patterns give
 * the same matches in JavaScript as in RE2 (DuckDB and ClickHouse).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { rulePatterns } from '../../server/src/core/rules/patterns';
import { clickhouseString } from '../../server/src/core/rules/clickhouse';
import { standardString } from '../../server/src/core/rules/prestoDialect';
import { sigmaRules, sigmaYaml } from '../../server/src/core/rules/sigma';
import { generateRules } from '../../server/src/core/rules/targets';
import { FIXTURES } from '../support/paths';
import { examplesCorpus } from './corpora';
import { engines } from './engines';

const catalog = builtinCatalog();
const patterns = rulePatterns(catalog);

describe('SLS analytic statements parse as Trino SQL', () => {
  const { TrinoSQL } = engines().require(engines().trinoParserPath) as {
    TrinoSQL: new () => { validate(sql: string): Array<{ message: string }> };
  };
  const parser = new TrinoSQL();
  const files = generateRules('sls', catalog, { carry: ['__tag__:__path__'] });
  const search = (files.find((f) => f.kind === 'search')?.text ?? '').trim();
  const analytic = (query: string) => {
    assert.ok(query.startsWith(`${search} | `), 'search statement | analytic statement');
    return query.slice(search.length + 3).trim();
  };

  it('the parser refuses broken SQL (so that a pass means something)', () => {
    assert.ok(parser.validate("SELECT regexp_like(content, 'a' FROM log").length > 0);
  });

  for (const file of files.filter((f) => f.kind === 'rows' || f.kind === 'hourly')) {
    it(file.name, () => assert.deepEqual(parser.validate(analytic(file.text)), []));
  }

  it('the alert query', () => {
    const body = JSON.parse(files.find((f) => f.kind === 'alert')?.text ?? '{}') as {
      configuration: { version: string; queryList: Array<{ query: string }> };
    };
    assert.equal(body.configuration.version, '2.0');
    assert.deepEqual(parser.validate(analytic(body.configuration.queryList[0]?.query ?? '')), []);
  });
});

// The metacharacters of the `re` modifier (Sigma modifiers appendix): `.`, `^`, `$`, `*`, `+`, `?`,
// `{n,m}`, `[a-z]`, `[^a-z]`, `(`, `)` and `|`. No backslash escapes, no `(?` constructs, no lazy
// quantifiers, no POSIX classes.
function sigmaRegexProblems(value: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\') problems.push(`backslash at ${i}`);
    else if (c === '(' && value[i + 1] === '?') problems.push(`(? at ${i}`);
    else if ('*+?'.includes(c) && value[i + 1] === '?') problems.push(`lazy quantifier at ${i}`);
    else if (c === '{' && !/^\{\d+(?:,\d*)?\}/.test(value.slice(i))) problems.push(`{ at ${i}`);
    else if (c === '[') {
      const end = value.indexOf(']', i + 2);
      if (end < 0) problems.push(`unclosed [ at ${i}`);
      else if (value.slice(i + 1, end).includes('[:')) problems.push(`POSIX class at ${i}`);
      i = end;
    }
  }
  return problems;
}

describe('Sigma rules', () => {
  const rules = sigmaRules(patterns).map(({ rule }) => rule);

  it('one rule per class, with stable ids and levels by class', () => {
    assert.deepEqual(
      rules.map((r) => r.level),
      ['high', 'high', 'medium', 'medium'],
    );
    assert.deepEqual(
      sigmaRules(patterns).map(({ rule }) => rule.id),
      rules.map((r) => r.id),
    );
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  });

  it('validate against the Sigma rule schema with ajv 2020-12', () => {
    const addFormats = engines().require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
    const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'sigma-rule.schema.json'), 'utf8')) as object;
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
    for (const rule of rules) assert.ok(validate(rule), `${rule.title}: ${JSON.stringify(validate.errors)}`);
    // The schema can fail: a rule without its detection's condition does not validate.
    const broken = { ...rules[0], detection: { kms_only_code: ['x'] } };
    assert.equal(validate(broken), false);
  });

  it('their YAML reads back as the same rules', () => {
    const yaml = engines().require('yaml') as { parse(text: string): unknown };
    for (const rule of rules) assert.deepEqual(yaml.parse(sigmaYaml(rule)), JSON.parse(JSON.stringify(rule)));
  });

  it('their `re` values use only the metacharacters the specification allows', () => {
    assert.ok(sigmaRegexProblems('a\\.b').length > 0, 'the check finds a backslash');
    for (const rule of rules) {
      for (const [name, value] of Object.entries(rule.detection)) {
        if (typeof value === 'string') continue;
        for (const re of value['|re']) assert.deepEqual(sigmaRegexProblems(re), [], `${rule.title} ${name}`);
      }
    }
  });
});

describe('the portable patterns mean the same in JavaScript and in RE2', () => {
  // Lines of the example logs, and text written to probe the edges of each pattern.
  const edges = [
    'x https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&requestId=ABCD-1234 Rejected.Disabled.',
    '"error":"SDK.ServerError\\nForbidden.KeyNotFound\\nRequestId: 1F2E3D4C-0000"',
    '\u001b[31mForbidden.KeyNotFound\u001b[0m %22Rejected.Throttling%22 InvalidAccessKeyId.NotFoundError: code: 404',
    'ChkRejected.Disabled InvalidParameter.KMSKeyId.CMKNotEnabled x.Forbidden.KeyNotFound Forbidden.KeyNotFound,Rejected.Disabled',
    '错误码：Throttling 请求ID：ABCD-1234 Code: Unauthorized Unauthorized: code: 404, request_id=\\"abcd-12*"',
    'acs:kms:cn-hangzhou:123:key/x AWS botocore product=Ecs acs:ram::1:role/x acs:oss:x: ecs.cn-hangzhou.aliyuncs.com',
    'HttpStatus kms-20160120 aliyun  kms x-kms-date DescribeKeyVersion Decrypt alibaba An error occurred (x)',
    'The specified parameter "KeyId" is not valid. Internal Failure. InternalFailure',
  ];
  const lines = [...examplesCorpus().files.flatMap((f) => f.lines), ...edges];
  const cases: Array<[string, string]> = [
    ['token', patterns.token],
    ['fieldCode', patterns.fieldCode],
    ['teaNameCode', patterns.teaNameCode],
    ...patterns.requestId.map((p, i): [string, string] => [`requestId ${i}`, p]),
    ['kmsMarker', patterns.kmsMarker],
    ['alibaba', patterns.alibaba],
    ['kmsOperation', patterns.kmsOperation],
    ['otherProduct', patterns.otherProduct],
    ['aws', patterns.aws],
    ...patterns.codes.flatMap((c) => (c.message ? [[`message of ${c.code}`, c.message] as [string, string]] : [])),
  ];

  /** What JavaScript finds: group 1 of every match ('' where it took no part), or whether it matches. */
  const inJs = (pattern: string, line: string, groups: boolean) =>
    groups
      ? [...line.matchAll(new RegExp(pattern, 'g'))].map((m) => m[1] ?? '').filter((v) => v !== '')
      : new RegExp(pattern).test(line);

  it('DuckDB and ClickHouse find what JavaScript finds, on every line', async () => {
    const api = engines().require('@duckdb/node-api') as {
      DuckDBInstance: {
        create(path: string): Promise<{
          connect(): Promise<{
            run(sql: string): Promise<unknown>;
            runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): Array<Record<string, unknown>> }>;
            closeSync(): void;
          }>;
        }>;
      };
    };
    const duck = await (await api.DuckDBInstance.create(':memory:')).connect();
    const chdb = engines().require('chdb') as { query(sql: string, format: string): string };
    try {
      const values = lines.map((l, i) => `(${i}, ${standardString(l)})`).join(', ');
      await duck.run(`CREATE TABLE lines AS SELECT * FROM (VALUES ${values}) AS t(n, line)`);
      const chValues = lines.map((l, i) => `(${i}, ${clickhouseString(l)})`).join(', ');
      for (const [name, pattern] of cases) {
        const groups = /^(?:token|fieldCode|teaNameCode|requestId)/.test(name);
        const expected = lines.map((l) => JSON.stringify(inJs(pattern, l, groups)));
        const duckSql = groups
          ? `SELECT n, list_filter(regexp_extract_all(line, ${standardString(pattern)}, 1), v -> v <> '') AS v FROM lines ORDER BY n`
          : `SELECT n, regexp_matches(line, ${standardString(pattern)}) AS v FROM lines ORDER BY n`;
        const fromDuck = (await duck.runAndReadAll(duckSql)).getRowObjectsJson().map((r) => JSON.stringify(r['v']));
        assert.deepEqual(fromDuck, expected, `${name} in DuckDB`);
        const chSql = groups
          ? `SELECT n, arrayFilter(v -> v != '', extractAll(line, ${clickhouseString(pattern)})) AS v FROM values('n UInt32, line String', ${chValues}) ORDER BY n`
          : `SELECT n, match(line, ${clickhouseString(pattern)}) = 1 AS v FROM values('n UInt32, line String', ${chValues}) ORDER BY n`;
        const fromCh = chdb
          .query(chSql, 'JSONEachRow')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => (JSON.parse(l) as { v: unknown }).v)
          .map((v) => JSON.stringify(groups ? v : v === true || v === 1));
        assert.deepEqual(fromCh, expected, `${name} in ClickHouse`);
      }
    } finally {
      duck.closeSync();
    }
  });
});
