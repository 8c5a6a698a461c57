import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';

/**
 * A temporary folder for the tests of one file, made before them and removed after them. `file`
 * writes a file under it (making its folders) and returns the full path.
 */
export function tempFolder(prefix: string) {
  const folder = {
    dir: '',
    file(name: string, content: string | Buffer): string {
      const full = path.join(folder.dir, name);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
  };
  before(() => {
    folder.dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  after(() => rmSync(folder.dir, { recursive: true, force: true }));
  return folder;
}

/** A user catalog entry in the catalog file format, with English text only. */
export function userCatalogEntry(code: string, aliases: string[] = []) {
  return {
    code,
    aliases,
    httpStatus: 409,
    message: `${code} happened`,
    category: 'key-state',
    text: { en: { description: 'A code of a user catalog.', remediation: ['Count it.'] } },
  };
}

/** A user catalog whose codes and alias are named after Object methods, and a log holding them. */
export const OBJECT_METHODS = {
  catalog: JSON.stringify({
    version: 1,
    name: 'proto',
    codes: [userCatalogEntry('constructor'), userCatalogEntry('toString'), userCatalogEntry('Team.Value', ['valueOf'])],
  }),
  log: 'ErrorCode: constructor\nErrorCode: toString\nErrorCode: valueOf\nErrorCode: constructor\n',
  /** The counts per code that a scan of the log reports. */
  byCode: { constructor: 2, toString: 1, 'Team.Value': 1 },
};
