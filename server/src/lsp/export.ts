import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { ExportFindingsParams, ExportFindingsResult } from '#shared/protocol';
import { describeFileError } from '../core/files/files';
import { ScanTally } from '../core/report/tally';
import { documentWriter } from '../core/report/writers';
import type { ServerContext } from './context';
import { scanWorkspace } from './workspaceScan';

/** JSON-RPC code of a request that cannot be carried out as asked (LSP's RequestFailed). */
const REQUEST_FAILED = -32803;

const failed = (target: string, error: unknown) =>
  new ResponseError(REQUEST_FAILED, `Cannot write ${target}: ${describeFileError(error)}`);

/**
 * The export's target, opened for writing: a regular file, or a new one. A folder, a device
 * (`/dev/full`), a FIFO or a missing parent folder is refused here, before any scan.
 */
async function openTarget(target: string): Promise<fs.FileHandle> {
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (existing && !existing.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
  return fs.open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NONBLOCK);
}

/**
 * `kms/exportFindings`: every KMS error of the workspace logs, written to a file as JSON, CSV or
 * SARIF by the same writers as `kms-diagnose scan`, as the scan goes (nothing is held in memory).
 * A target that cannot be written is answered with an error; the server carries on.
 */
export async function exportFindings(
  params: ExportFindingsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<ExportFindingsResult> {
  let handle: fs.FileHandle;
  try {
    handle = await openTarget(params.target);
  } catch (error) {
    throw failed(params.target, error);
  }
  const out = handle.createWriteStream({ encoding: 'utf8' });
  let writeError: unknown = null;
  // A full disk or a failing device fails a write later: kept, and answered once the stream ends.
  out.on('error', (error) => (writeError ??= error));
  const baseDir = params.folders[0] ?? path.dirname(params.target);
  const writer = documentWriter(params.format, {
    catalog: context.catalog(),
    out: (line) => {
      if (writeError === null) out.write(`${line}\n`);
    },
    baseDir,
  });
  const tally = new ScanTally();
  // The files the exported findings come from (with a filter, fewer than the files scanned).
  const exportedFrom = new Set<string>();
  // The KMS Errors view's filter: a finding is kept when its code or its file's path contains it.
  const needle = params.filter?.trim().toLowerCase() ?? '';
  const kept = (file: string, code: string) =>
    !needle || file.toLowerCase().includes(needle) || code.toLowerCase().includes(needle);
  const scan = await scanWorkspace(params, 'KMS: Export Findings', token, connection, context, {
    file: () => tally.addFile(),
    finding(file, finding) {
      if (!kept(file, finding.code)) return;
      tally.add(finding.code);
      exportedFrom.add(file);
      writer.finding({ path: path.relative(baseDir, file), finding });
    },
    problem() {},
  });
  writer.end(tally.summary());
  await new Promise<void>((resolve) => {
    if (out.destroyed) resolve();
    else out.end(() => resolve());
    out.once('close', () => resolve());
  });
  if (writeError !== null) throw failed(params.target, writeError);
  return { findings: tally.findings, files: exportedFrom.size, cancelled: !scan.complete };
}
