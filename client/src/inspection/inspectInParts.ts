import type { CancellationToken, LanguageClient } from 'vscode-languageclient/node';
import {
  InspectLogsRequest,
  type InspectedFile,
  type InspectLogsParams,
  type InspectLogsResult,
} from '#shared/protocol';

let requests = 0;

/**
 * `kms/inspectLogs` with its files taken as partial results: the server sends them in parts, so a
 * hover or a diagnostic pull sent meanwhile is not held behind an answer of tens of megabytes. The
 * result is the same as without a token: the parts, in order, then whatever files the answer lists.
 */
export async function inspectInParts(
  client: LanguageClient,
  params: InspectLogsParams,
  cancel?: CancellationToken,
): Promise<InspectLogsResult> {
  const token = `kms-inspect-files-${++requests}`;
  const files: InspectedFile[] = [];
  const listener = client.onProgress(InspectLogsRequest.partialResult, token, (part) => {
    for (const file of part.files) files.push(file);
  });
  try {
    const result = await client.sendRequest(InspectLogsRequest.type, { ...params, partialResultToken: token }, cancel);
    for (const file of result.files) files.push(file);
    return { ...result, files };
  } finally {
    listener.dispose();
  }
}
