import type { Connection } from 'vscode-languageserver/node';

/**
 * The last line of defence: an exception nobody caught, or a rejection nobody handled, is logged to
 * the client's output and the server keeps serving (Node would otherwise end the process). Every
 * known failure is handled where it happens; this only catches what was missed.
 */
export function keepServing(connection: Connection): void {
  let reporting = false;
  const report = (what: string, error: unknown) => {
    const text = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    // A failure while reporting (the client is gone) must not report itself forever.
    if (reporting) {
      process.stderr.write(`kms-language-server: ${text}\n`);
      return;
    }
    reporting = true;
    try {
      connection.console.error(`KMS language server kept serving after an unexpected ${text}`);
    } catch {
      process.stderr.write(`kms-language-server: ${text}\n`);
    } finally {
      reporting = false;
    }
  };
  process.on('uncaughtException', (error) => report('exception', error));
  process.on('unhandledRejection', (reason) => report('rejection', reason));
}
