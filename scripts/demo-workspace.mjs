// The workspace of `npm start`: a fresh copy of examples/ in a new temporary folder, so that what the
// demo edits (a log changed to see the view follow it, a fix pasted into code) never reaches the
// repository's own files.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Copies `examples` into a new temporary folder and returns the copy's path. */
export function demoWorkspace(examples) {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'kms-demo-')), 'examples');
  cpSync(examples, copy, { recursive: true });
  return copy;
}
