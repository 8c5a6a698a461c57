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
  onInterrupt(stop) {
    let interrupts = 0;
    // The first interrupt ends following with the summary; a second one ends the program at once.
    const interrupted = (signal: NodeJS.Signals) => {
      if (++interrupts > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
      stop();
    };
    process.on('SIGINT', interrupted);
    process.on('SIGTERM', interrupted);
    return () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    };
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kms-diagnose: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
