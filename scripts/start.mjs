// `npm start`: the main job on the bundled examples: scan every log and source file for KMS errors,
// then decode one pasted API response.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const run = (args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: root });

console.log('$ kms-diagnose scan examples\n');
run(['scan', 'examples']);
console.log('\n$ kms-diagnose explain Rejected.PendingDeletion\n');
run(['explain', 'Rejected.PendingDeletion']);
