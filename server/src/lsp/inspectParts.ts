import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Connection } from 'vscode-languageserver/node';
import { InspectLogsRequest, type InspectedFile } from '#shared/protocol';

/**
 * Most files and occurrences in a `$/progress` part of an inspection. 500 one-line logs are about
 * 230 KB of JSON, and 2,000 occurrences (one file's most) about 1 MB, each written in a few
 * milliseconds: a hover sent meanwhile is answered after the part being written, where it waited
 * 0.5 s or more behind an answer of 50,000 files in one piece.
 */
const FILES_PER_PART = 500;
const OCCURRENCES_PER_PART = 2000;

/**
 * Sends an inspection's files to a client that gave a `partialResultToken`, in order and in parts,
 * letting other requests through between two parts; the answer then lists no files of its own.
 */
export async function sendFilesInParts(
  connection: Connection,
  token: string | number,
  files: readonly InspectedFile[],
): Promise<void> {
  let part: InspectedFile[] = [];
  let occurrences = 0;
  const send = async () => {
    await connection.sendProgress(InspectLogsRequest.partialResult, token, { files: part });
    part = [];
    occurrences = 0;
    await nextTurn();
  };
  for (const file of files) {
    if (part.length > 0 && occurrences + file.occurrences.length > OCCURRENCES_PER_PART) await send();
    part.push(file);
    occurrences += file.occurrences.length;
    if (part.length === FILES_PER_PART) await send();
  }
  if (part.length > 0) await send();
}
