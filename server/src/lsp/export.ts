import { constants, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { ExportFindingsParams, ExportFindingsResult, UnreadPath } from '#shared/protocol';
import { describeFileError, type FileIdentity } from '../core/files/files';
import { ScanTally } from '../core/report/tally';
import { documentWriter, type ReportWriter } from '../core/report/writers';
import type { ServerContext } from './context';
import { scanWorkspace } from './workspaceScan';

/** JSON-RPC code of a request that cannot be carried out as asked (LSP's RequestFailed). */
const REQUEST_FAILED = -32803;

const failed = (target: string, error: unknown) =>
  new ResponseError(REQUEST_FAILED, `Cannot write ${target}: ${describeFileError(error)}`);

/**
 * Refuses a target that cannot be a report, before anything is listed or written: a folder, a device
 * (`/dev/full`), a FIFO, or a file in a missing folder.
 */
async function checkTarget(target: string): Promise<void> {
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (existing && !existing.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
  if (!existing) await fs.stat(path.dirname(target));
}

/**
 * Refuses a target that is one of the files to export from (the same file, by device and inode,
 * whatever its path): opening it for writing would empty the log before it is read.
 */
async function refuseInspectedFile(
  target: string,
  files: readonly string[],
  identities: ReadonlyArray<FileIdentity | null>,
): Promise<void> {
  const existing = await fs.stat(target).catch(() => null);
  if (!existing) return;
  const index = identities.findIndex((id) => id !== null && id.dev === existing.dev && id.ino === existing.ino);
  if (index === -1) return;
  throw new ResponseError(
    REQUEST_FAILED,
    `Cannot write ${target}: it is one of the inspected files (${files[index]}); exporting into it would overwrite that log`,
  );
}

/**
 * `kms/exportFindings`: every KMS error of the workspace logs, written to a file as JSON, CSV or
 * SARIF by the same writers as `kms-diagnose scan`, as the scan goes (nothing is held in memory).
 * A target that cannot be written is answered with an error; the server carries on. Folders and files
 * that could not be read are listed in the result (and, in SARIF, as tool execution notifications).
 */
export async function exportFindings(
  params: ExportFindingsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<ExportFindingsResult> {
  try {
    await checkTarget(params.target);
  } catch (error) {
    throw failed(params.target, error);
  }
  // Opened once the files are listed and the target is known not to be one of them.
  const report: { stream?: WriteStream; writer?: ReportWriter } = {};
  let writeError: unknown = null;
  const baseDir = params.folders[0] ?? path.dirname(params.target);
  const tally = new ScanTally();
  const unreadable: UnreadPath[] = [];
  // The KMS Errors view's filter: a finding is kept when its code or its file's path contains it.
  const needle = params.filter?.trim().toLowerCase() ?? '';
  const kept = (file: string, code: string) =>
    !needle || file.toLowerCase().includes(needle) || code.toLowerCase().includes(needle);
  const scan = await scanWorkspace(params, 'KMS: Export Findings', token, connection, context, {
    async before(files, identities) {
      await refuseInspectedFile(params.target, files, identities);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(
          params.target,
          constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NONBLOCK,
        );
      } catch (error) {
        throw failed(params.target, error);
      }
      const stream = handle.createWriteStream({ encoding: 'utf8' });
      // A full disk or a failing device fails a write later: kept, and answered once the stream ends.
      stream.on('error', (error) => (writeError ??= error));
      report.stream = stream;
      report.writer = documentWriter(params.format, {
        catalog: context.catalog(),
        out: (line) => {
          if (writeError === null) stream.write(`${line}\n`);
        },
        baseDir,
      });
    },
    file: () => tally.addFile(),
    finding(file, finding) {
      if (!kept(file, finding.code)) return;
      tally.add(finding.code);
      report.writer?.finding({ path: path.relative(baseDir, file), finding });
    },
    problem(file, message, level) {
      unreadable.push({ path: file, message });
      tally.notScanned++;
      report.writer?.notScanned(path.relative(baseDir, file), message, level);
    },
  });
  for (const folder of scan.unreadable) {
    unreadable.push(folder);
    tally.notScanned++;
    report.writer?.notScanned(path.relative(baseDir, folder.path), folder.message, 'error');
  }
  const { stream, writer } = report;
  // A request cancelled while listing never opened the target.
  if (!stream || !writer) return { findings: 0, files: 0, cancelled: true, unreadable };
  writer.end(tally.summary());
  await new Promise<void>((resolve) => {
    if (stream.destroyed) resolve();
    else stream.end(() => resolve());
    stream.once('close', () => resolve());
  });
  if (writeError !== null) throw failed(params.target, writeError);
  return { findings: tally.findings, files: tally.files, cancelled: !scan.complete, unreadable };
}
