import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingFormatter, reportWriter } from '../../server/src/cli/reportWriter';
import { styleWith } from '../../server/src/cli/terminal';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { scanText } from '../../server/src/core/scanner/scan';
import type { FileFinding } from '../../server/src/core/report/types';
import {
  documentFormatter,
  documentWriter,
  packBatch,
  type DocumentFormat,
  type FormattedBatch,
} from '../../server/src/core/report/writers';

const catalog = builtinCatalog();
const LOG = [
  'ErrorCode: Rejected.Throttling RequestId: A-1',
  'ErrorCode: Forbidden.KeyNotFound RequestId: B-2',
  'ErrorCode: Rejected.Throttling RequestId: C-3',
].join('\n');
const found: FileFinding[] = scanText(LOG, catalog).map((finding) => ({ path: 'logs/a.log', finding }));
const summary = { files: 1, findings: found.length, byCode: {} };
const context = { catalog, baseDir: '/work', locale: 'en' as const, style: styleWith(false), err: () => {} };

/** The document written finding by finding, or from batches formatted elsewhere (cloned, as a worker's arrive). */
function written(format: DocumentFormat, batches?: FormattedBatch[]): string {
  const lines: string[] = [];
  const writer = documentWriter(format, { ...context, out: (line) => lines.push(line) });
  if (batches) for (const batch of batches) writer.formatted(structuredClone(batch));
  else for (const f of found) writer.finding(f);
  writer.end(summary);
  return lines.join('\n');
}

describe('report writers', () => {
  it('number SARIF results formatted elsewhere by the rules of the report, as objects', () => {
    const format = documentFormatter('sarif', context);
    const batches = [
      packBatch('sarif', [format(found[0] as FileFinding)]),
      packBatch('sarif', found.slice(1).map(format)),
    ];
    const batch = batches[1];
    assert.ok(batch?.format === 'sarif' && typeof batch.results[0] === 'object', 'results cross as objects');
    const document = written('sarif', batches);
    assert.equal(document, written('sarif'));
    const results = (JSON.parse(document) as { runs: Array<{ results: Array<{ ruleId: string; ruleIndex: number }> }> })
      .runs[0]?.results;
    assert.deepEqual(
      results?.map((r) => [r.ruleId, r.ruleIndex]),
      [
        ['Rejected.Throttling', 0],
        ['Forbidden.KeyNotFound', 1],
        ['Rejected.Throttling', 0],
      ],
    );
  });

  it('write the line formats from batches as from findings', () => {
    for (const format of ['json', 'csv'] as const) {
      const lines = found.map(documentFormatter(format, context));
      assert.equal(
        written(format, [packBatch(format, lines.slice(0, 1)), packBatch(format, lines.slice(1))]),
        written(format),
      );
    }
  });

  it('refuse a batch of another format, and a finding formatted for another', () => {
    const sarif = packBatch('sarif', found.map(documentFormatter('sarif', context)));
    const json = packBatch('json', found.map(documentFormatter('json', context)));
    for (const [format, batch] of [
      ['json', sarif],
      ['csv', json],
      ['sarif', json],
    ] as const)
      assert.throws(() => written(format, [batch]), /report was given a batch of/, `${batch.format} to ${format}`);
    const text = reportWriter('text', { ...context, out: () => {} });
    assert.throws(() => text.formatted(json), /a text report was given a batch of json/);
    assert.throws(
      () => packBatch('sarif', found.map(findingFormatter('json', context))),
      /a sarif report was given a line/,
    );
    assert.throws(
      () => packBatch('csv', found.map(documentFormatter('sarif', context))),
      /a csv report was given a SARIF result/,
    );
  });
});
