import { KMS_ONLY_APIS, KMS_SHARED_OPERATIONS } from '../scanner/markers';
import { RulesError, spellingsOf, type RulePatterns } from './patterns';
import { prestoStyleDialect } from './prestoDialect';
import { sqlQueries } from './sql';
import type { RuleFile, TargetOptions } from './targets';

/**
 * Alibaba Cloud Simple Log Service (SLS): `search statement | analytic statement`.
 *
 * - The search statement is a pre-filter over the index (SLS "Log search overview",
 *   alibabacloud.com/help/doc-detail/29060.htm). The default delimiters of an index do not include
 *   `.` and `-` (alibabacloud.com/help/en/doc-detail/90732.html), so `Forbidden.KeyNotFound` is one
 *   term, and `Forbidden.KeyNotFound.` at the end of a sentence another: the prefix form
 *   `Forbidden.KeyNotFound*` finds both (a fuzzy search may not start with `*`). Generic codes are
 *   searched only together with a KMS term.
 * - The analytic statement needs no FROM (the table is `log`) and no `;` ("Log analysis overview",
 *   alibabacloud.com/help/doc-detail/53608.htm), reads the raw line from `content` as Logtail's simple
 *   mode stores it (alibabacloud.com/help/en/sls/product-overview/log; the field needs an index with
 *   analytics on, doc-detail/90732), takes `__time__` as UNIX seconds (help.aliyun.com/document_detail/63451.html),
 *   uses the RE2 regular-expression functions (help.aliyun.com/document_detail/63453.html), expands an
 *   array into rows with `CROSS JOIN UNNEST` (alibabacloud.com/help/en/sls/user-guide/unnest-clause),
 *   and always gives a LIMIT (at most 10,000 rows).
 * - The alert is a CreateAlert body (configuration version "2.0") to import.
 */

export const SLS_MAX_LIMIT = 10000;

// Words of the SLS search syntax: a code spelled like one cannot be a search term.
const OPERATORS = new Set(['and', 'or', 'not']);

/** A field name as the search syntax takes it: bare when it is a plain name, else in double quotes. */
function searchField(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

// Terms that put a line in KMS context: the scanner's KMS markers as the index splits them into terms.
// Hosts (`kms.cn-hangzhou.aliyuncs.com`), `acs:kms:` ARNs, `product=Kms` and `x-kms-*` headers all
// leave a term starting with kms; the index is not case-sensitive by default, the case forms are cheap.
const CONTEXT_TERMS = [
  'kms*',
  'KMS*',
  'Kms*',
  'dkms*',
  'x-kms*',
  'alicloud_kms*',
  'aliyunsdkkms*',
  'HttpStatus',
  ...KMS_ONLY_APIS,
];
const ALIBABA_TERMS = ['aliyun*', 'alibaba*', 'alicloud*', 'acs'];

/** The search statement: lines with a KMS-only code, or with a generic code and a KMS term. */
export function slsSearch(patterns: RulePatterns, column: string): string {
  const field = searchField(column);
  const term = (t: string) => `${field}:${t}`;
  const codeTerm = (spelling: string) => {
    if (OPERATORS.has(spelling.toLowerCase())) {
      throw new RulesError(`the code ${spelling} is a word of the SLS search syntax and cannot be searched for`);
    }
    return term(`${spelling}*`);
  };
  const any = (terms: readonly string[]) => `(${terms.join(' or ')})`;
  const direct = [...spellingsOf(patterns, 'kms-only'), ...spellingsOf(patterns, 'also-used')].map(codeTerm);
  const generic = [...spellingsOf(patterns, 'shared'), ...spellingsOf(patterns, 'shared', true)].map(codeTerm);
  const context = any([
    ...CONTEXT_TERMS.map(term),
    `(${any(ALIBABA_TERMS.map(term))} and ${any(KMS_SHARED_OPERATIONS.map(term))})`,
  ]);
  const parts = [...direct];
  if (generic.length > 0) parts.push(`(${any(generic)} and ${context})`);
  // A generic code with its documented message: the code and every word of the message, by prefix
  // (`Failure*` finds `Failure.`).
  for (const code of patterns.codes) {
    if (code.kind !== 'shared' || code.entry.message === null) continue;
    const words = [...new Set(code.entry.message.replace(/<[^<>]*>/g, ' ').match(/[A-Za-z0-9]+/g) ?? [])];
    for (const spelling of code.spellings) {
      parts.push(`(${[codeTerm(spelling), ...words.map((w) => term(`${w}*`))].join(' and ')})`);
    }
  }
  return parts.join(' or ');
}

/** The CreateAlert body: every 5 minutes, the KMS errors of the last 5 minutes per code. */
function alert(search: string, byCode: string): string {
  const body = {
    name: 'kms-errors',
    displayName: 'KMS errors',
    type: 'Alert',
    state: 'Enabled',
    schedule: { type: 'FixedRate', interval: '5m' },
    configuration: {
      version: '2.0',
      type: 'default',
      dashboard: 'internal-alert-analysis',
      queryList: [
        {
          storeType: 'log',
          project: '<your-project>',
          store: '<your-logstore>',
          query: `${search} | ${byCode.replace(/\n/g, ' ')}`,
          timeSpanType: 'Truncated',
          start: '-5m',
          end: 'now',
          powerSqlMode: 'auto',
        },
      ],
      groupConfiguration: { type: 'custom', fields: ['code'] },
      joinConfigurations: [],
      severityConfigurations: [{ severity: 8, evalCondition: { condition: 'errors > 0', countCondition: '' } }],
      labels: [{ key: 'service', value: 'kms' }],
      annotations: [
        { key: 'title', value: 'KMS error ${code}' },
        {
          key: 'desc',
          value:
            '${errors} KMS error(s) ${code} in the last 5 minutes, for example RequestId ${request_id}. Explain: kms-diagnose explain ${code}',
        },
      ],
      autoAnnotation: true,
      sendResolved: false,
      threshold: 1,
      noDataFire: false,
      noDataSeverity: 6,
      policyConfiguration: {
        alertPolicyId: 'sls.builtin.dynamic',
        actionPolicyId: 'sls.builtin',
        repeatInterval: '5m',
      },
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function slsRules(patterns: RulePatterns, options: Required<TargetOptions>): RuleFile[] {
  if (options.limit > SLS_MAX_LIMIT) {
    throw new RulesError(`--limit for sls is at most ${SLS_MAX_LIMIT} (an analytic statement returns no more)`);
  }
  const d = prestoStyleDialect({ regexpLike: 'regexp_like', comments: false });
  const queries = sqlQueries(patterns, d, {
    from: d.identifier(options.table),
    column: options.column,
    time: `from_unixtime(${d.identifier(options.timeColumn)})`,
    carry: options.carry,
    limit: options.limit,
  });
  const search = slsSearch(patterns, options.column);
  return [
    { name: 'kms-errors.sls.txt', kind: 'rows', text: `${search} | ${queries.rows}\n` },
    { name: 'kms-errors-hourly.sls.txt', kind: 'hourly', text: `${search} | ${queries.hourly}\n` },
    { name: 'kms-errors-search.sls.txt', kind: 'search', text: `${search}\n` },
    { name: 'kms-errors-alert.sls.json', kind: 'alert', text: alert(search, queries.byCode) },
  ];
}
