#!/usr/bin/env node
import { main } from './cli/main';

main(process.argv.slice(2), {
  // Read lazily: `explain` never opens stdin.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  exit: (code) => process.exit(code),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kms-diagnose: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
