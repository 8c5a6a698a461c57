import type { Catalog } from '../catalog/catalog';
import type { FileFinding, ScanSummary } from './types';

/** The `--format json` document (version 1); unknown values are null, ranges are LSP ranges. */
export function jsonReport(findings: readonly FileFinding[], summary: ScanSummary, catalog: Catalog) {
  return {
    version: 1,
    findings: findings.map(({ path, finding }) => ({
      path,
      range: finding.range,
      code: finding.code,
      token: finding.token,
      confidence: finding.confidence,
      httpStatus: finding.record.httpStatus ?? catalog.lookup(finding.code)?.entry.httpStatus ?? null,
      requestId: finding.record.requestId,
      message: finding.record.message,
    })),
    summary,
  };
}
