import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { ExportFindingsParams, ExportFindingsResult } from '../../../shared/src/protocol';
import { documentWriter } from '../core/report/writers';
import type { ServerContext } from './context';
import { scanWorkspace } from './workspaceScan';

/**
 * `kms/exportFindings`: every KMS error of the workspace logs, written to a file as JSON, CSV or
 * SARIF by the same writers as `kms-diagnose scan`, as the scan goes (nothing is held in memory).
 */
export async function exportFindings(
  params: ExportFindingsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<ExportFindingsResult> {
  const out = createWriteStream(params.target, { encoding: 'utf8' });
  const baseDir = params.folders[0] ?? path.dirname(params.target);
  const writer = documentWriter(params.format, {
    catalog: context.catalog(),
    out: (line) => out.write(`${line}\n`),
    baseDir,
  });
  const total = { files: 0, findings: 0, byCode: {} as Record<string, number> };
  // The KMS Errors view's filter: a finding is kept when its code or its file's path contains it.
  const needle = params.filter?.trim().toLowerCase() ?? '';
  const kept = (file: string, code: string) =>
    !needle || file.toLowerCase().includes(needle) || code.toLowerCase().includes(needle);
  const scan = await scanWorkspace(params, 'KMS: Export Findings', token, connection, context, {
    file() {
      total.files++;
    },
    finding(file, finding) {
      if (!kept(file, finding.code)) return;
      total.findings++;
      total.byCode[finding.code] = (total.byCode[finding.code] ?? 0) + 1;
      writer.finding({ path: path.relative(baseDir, file), finding });
    },
    problem() {},
  });
  writer.end(total);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { findings: total.findings, files: total.files, cancelled: !scan.complete };
}
