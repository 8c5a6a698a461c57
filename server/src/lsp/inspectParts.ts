import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Connection } from 'vscode-languageserver/node';
import { InspectLogsRequest, type InspectedFile } from '#shared/protocol';

/**
 * Files per `$/progress` part of an inspection. 500 one-line logs are about 230 KB of JSON, written
 * in a few milliseconds: a hover sent meanwhile is answered after the part being written, where it
 * waited 0.5 s or more behind an answer of 50,000 files in one piece.
 */
export const FILES_PER_PART = 500;

/**
 * Sends an inspection's files to a client that gave a `partialResultToken`, in order and in parts,
 * letting other requests through between two parts; the answer then lists no files of its own.
 */
export async function sendFilesInParts(
  connection: Connection,
  token: string | number,
  files: readonly InspectedFile[],
): Promise<void> {
  for (let start = 0; start < files.length; start += FILES_PER_PART) {
    await connection.sendProgress(InspectLogsRequest.partialResult, token, {
      files: files.slice(start, start + FILES_PER_PART),
    });
    await nextTurn();
  }
}
