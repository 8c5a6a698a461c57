import { appendFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The entry the extension host calls (`extensionTestsPath`), as @vscode/test-electron and code-server
 * do: runs every *.test.js beside this file with mocha. When KMS_TEST_RESULTS names a file, the
 * report is also written there (code-server's extension host has no terminal of its own).
 */
export async function run(): Promise<void> {
  const resultsFile = process.env['KMS_TEST_RESULTS'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: resultsFile ? FileReporter : 'spec' });
  if (resultsFile) (mocha.options as { reporterOptions?: unknown }).reporterOptions = { file: resultsFile };
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

/** The spec reporter's lines, appended to a file as they happen. */
class FileReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options: { reporterOptions?: { file?: string } }) {
    super(runner, options);
    const file = options.reporterOptions?.file as string;
    const write = (line: string) => appendFileSync(file, `${line}\n`);
    let passes = 0;
    let failures = 0;
    runner.on('suite', (suite) => suite.title && write(`  ${suite.title}`));
    runner.on('pass', (test) => {
      passes++;
      write(`    ✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error) => {
      failures++;
      write(
        `    ✖ ${test.title}\n      ${String((error as Error).stack ?? error)
          .split('\n')
          .join('\n      ')}`,
      );
    });
    runner.once('end', () => {
      write(`\n  ${passes} passing`);
      if (failures > 0) write(`  ${failures} failing`);
    });
  }
}
