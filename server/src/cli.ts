#!/usr/bin/env node
import { main } from './cli/main';

// A closed pipe (`kms-diagnose scan . | head`) ends the program quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kms-diagnose: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
