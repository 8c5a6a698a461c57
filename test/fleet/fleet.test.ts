/**
 * The fleet queries on their real engines: the SLS analytic statement on DuckDB (two one-line shims),
 * the DuckDB target on DuckDB over a JSON Lines file, the ClickHouse target on chDB, each over the
 * example logs, the public corpus and a generated log of 100,000 lines loaded line by line. Their
 * (line, code, RequestId) rows must equal the scanner's findings on the same lines but for the
 * differences listed in test/fixtures/fleet-differences.json, each with its reason; the hourly counts
 * must equal the scanner's `--summary` counts moved by those differences; the Sigma rules, run by an
 * evaluator of the specification's keyword semantics, must match the same lines as the SQL but for
 * the listed differences.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { rulePatterns } from '../../server/src/core/rules/patterns';
import { sigmaRules } from '../../server/src/core/rules/sigma';
import { FIXTURES } from '../support/paths';
import { runInProcess } from '../support/run';
import {
  compare,
  compareLines,
  expectedHourly,
  reasonCounts,
  scannerView,
  searchMisses,
  type Difference,
  type ScannerView,
} from './agreement';
import { examplesCorpus, generatedCorpus, publicCorpus, rowsOf, type Corpus, type LogRow } from './corpora';
import { engines } from './engines';
import { lineErrors, slsQueries, summaryHour, targetQueries } from './queries';
import { runClickhouse, runDuckdb, runSlsOnDuckdb, stageRows, type EngineRow, type EngineRun } from './run';
import { lineMatcher } from './sigmaEval';
import { indexTerms, parseSearch } from './slsSearchEval';

interface Listed {
  file: string;
  line: number;
  code?: string;
  side: string;
  reason: string;
}
interface CorpusFixture {
  /** Every difference (examples and the public corpus). */
  differences?: Listed[];
  /** Differences counted per side and reason (the generated log, whose differences number thousands). */
  counts?: Record<string, number>;
  sigma: { differences?: Listed[]; counts?: Record<string, number> };
  search: { differences?: Listed[]; counts?: Record<string, number> };
}
const FIXTURE = JSON.parse(readFileSync(path.join(FIXTURES, 'fleet-differences.json'), 'utf8')) as Record<
  Corpus['name'],
  CorpusFixture
>;

const catalog = builtinCatalog();

const listed = (d: { file: string; line: number; code?: string; side: string; reason: string }): Listed => ({
  file: d.file,
  line: d.line,
  ...(d.code === undefined ? {} : { code: d.code }),
  side: d.side,
  reason: d.reason.split(':')[0] ?? '',
});

/** The differences must be exactly the listed ones: an unlisted one fails, and so does a listed one that is gone. */
function assertListed(
  differences: ReadonlyArray<{ file: string; line: number; code?: string; side: string; reason: string }>,
  expected: { differences?: Listed[]; counts?: Record<string, number> },
  what: string,
): void {
  assert.deepEqual(
    differences.filter((d) => d.reason === 'unexplained').map(listed),
    [],
    `${what}: differences no reason explains`,
  );
  if (expected.differences) assert.deepEqual(differences.map(listed), expected.differences, what);
  else assert.deepEqual(reasonCounts(differences as Difference[]), expected.counts, what);
}

function hourlyOf(rows: readonly EngineRow[]): Map<string, number> {
  const hours = new Map<string, number>();
  for (const row of rows) {
    const hour = summaryHour(row['hour']);
    hours.set(hour, (hours.get(hour) ?? 0) + Number(row['errors']));
  }
  return hours;
}

const seconds = (run: EngineRun) => `${run.seconds.toFixed(2)} s`;

describe('fleet queries on the real engines', () => {
  before(() => {
    const { installSeconds } = engines();
    if (installSeconds > 0)
      process.stderr.write(`fleet engines: first-run install took ${installSeconds.toFixed(1)} s\n`);
  });

  const corpora: Array<[Corpus['name'], () => Promise<Corpus> | Corpus]> = [
    ['examples', examplesCorpus],
    ['corpus', publicCorpus],
    ['generated', generatedCorpus],
  ];

  for (const [name, load] of corpora) {
    describe(`${name}`, () => {
      let corpus: Corpus;
      let rows: LogRow[];
      let view: ScannerView;
      let staged: ReturnType<typeof stageRows>;
      let rowsByLine: Map<string, LogRow>;
      let sqlLines: Set<string>;

      before(async () => {
        corpus = await load();
        rows = rowsOf(corpus);
        rowsByLine = new Map(rows.map((r) => [`${r.file}\u0000${r.line}`, r]));
        view = scannerView(corpus, catalog);
        staged = stageRows(rows);
      });

      const check = (engine: string, rowsRun: EngineRun, hourlyRun: EngineRun) => {
        const found = lineErrors(rowsRun.rows);
        const differences = compare(view, found);
        assertListed(differences, FIXTURE[name], `${engine} on ${name}`);
        assert.ok(found.length < 10000, 'fewer rows than the LIMIT, so none was cut off');
        assert.deepEqual(hourlyOf(hourlyRun.rows), expectedHourly(view, differences, rowsByLine), `${engine} hourly`);
        sqlLines = new Set(found.map((r) => `${r.file}\u0000${r.line}`));
        return `${engine}: ${found.length} rows (${seconds(rowsRun)}), scanner ${view.errors.length} findings, ${differences.length} listed differences`;
      };

      it('SLS analytic statements on DuckDB, and the search statement lets their lines through', async (t) => {
        const sls = slsQueries(catalog);
        const [rowsRun, hourlyRun] = (await runSlsOnDuckdb(staged.file, [sls.rows, sls.hourly])) as [
          EngineRun,
          EngineRun,
        ];
        t.diagnostic(check('sls on duckdb', rowsRun, hourlyRun));
        const search = parseSearch(sls.search);
        const misses = searchMisses(lineErrors(rowsRun.rows), rowsByLine, search, indexTerms);
        assertListed(misses, FIXTURE[name].search, `sls search on ${name}`);
        const passed = rows.filter((r) => search(r.content)).length;
        t.diagnostic(
          `sls search: ${passed} of ${rows.length} lines pass, ${misses.length} listed lines of the SQL's dropped`,
        );
      });

      it('DuckDB target over a JSON Lines file', async (t) => {
        const duck = targetQueries('duckdb', catalog, staged.file);
        const [rowsRun, hourlyRun] = (await runDuckdb([duck.rows, duck.hourly])) as [EngineRun, EngineRun];
        t.diagnostic(check('duckdb', rowsRun, hourlyRun));
      });

      let jsonEachRow = '';
      it('ClickHouse target on chDB', async (t) => {
        const ch = targetQueries('clickhouse', catalog);
        const { runs, text } = await runClickhouse(staged.file, [ch.rows, ch.hourly]);
        const [rowsRun, hourlyRun] = runs as [EngineRun, EngineRun];
        jsonEachRow = text[0] ?? '';
        t.diagnostic(check('clickhouse (chdb)', rowsRun, hourlyRun));
      });

      it('the engine rows piped into `kms-diagnose scan -` give the same codes and RequestIds, row by row', async (t) => {
        const rowsOut = jsonEachRow.split('\n').filter((l) => l !== '');
        const started = Date.now();
        const scan = await runInProcess(['scan', '-', '--format', 'json', '--jobs', '1'], { input: jsonEachRow });
        const findings = (
          JSON.parse(scan.stdout) as {
            findings: Array<{ code: string; requestId: string | null; range: { start: { line: number } } }>;
          }
        ).findings;
        const perRow = (line: number) =>
          findings.filter((f) => f.range.start.line === line).map((f) => [f.code, f.requestId]);
        // As many findings per row as the scan of the original files has on that line (a line may hold
        // two records of one code), each with the row's code and RequestId.
        const original = new Map<string, number>();
        for (const e of view.errors) {
          const k = `${e.file}\u0000${e.line}\u0000${e.code}`;
          original.set(k, (original.get(k) ?? 0) + 1);
        }
        let expectedFindings = 0;
        rowsOut.forEach((text, line) => {
          const row = JSON.parse(text) as {
            code: string;
            request_id: string | null;
            source_file: string;
            line_no: number;
          };
          const count = original.get(`${row.source_file}\u0000${row.line_no}\u0000${row.code}`) ?? 1;
          expectedFindings += count;
          const expected = Array.from({ length: count }, () => [row.code, row.request_id]);
          assert.deepEqual(perRow(line), expected, `row ${line}: ${text.slice(0, 300)}`);
        });
        assert.equal(findings.length, expectedFindings);
        t.diagnostic(
          `loop back: ${rowsOut.length} rows scanned into ${findings.length} findings (${Date.now() - started} ms)`,
        );
      });

      it('Sigma rules match the lines the SQL matches', (t) => {
        const matchers = sigmaRules(rulePatterns(catalog)).map(({ rule }) => lineMatcher(rule.detection));
        const sigma = (line: string) => matchers.some((m) => m(line));
        const started = Date.now();
        const differences = compareLines(rows, sqlLines, sigma);
        const matched = rows.filter((r) => sigma(r.content)).length;
        assertListed(differences, FIXTURE[name].sigma, `sigma on ${name}`);
        t.diagnostic(
          `sigma: ${matched} lines, sql ${sqlLines.size} lines, ${differences.length} listed differences (${Date.now() - started} ms)`,
        );
        staged.dispose();
      });
    });
  }
});
