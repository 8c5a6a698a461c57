#!/usr/bin/env node
import { main } from './cli/main';
import { safeLine } from './cli/terminal';

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
  onInterrupt(handler) {
    const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, () => handler(signal)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    return () => {
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(safeLine(`kms-diagnose: ${(error as Error).message}\n`));
    process.exitCode = 2;
  },
);
