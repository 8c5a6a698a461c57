import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';

/**
 * Work-done progress while a large document is indexed, where the client shows it (VS Code: in the
 * status bar). Creating it is a request to the client; indexing never waits for the answer.
 */
export class IndexProgress {
  private reporter: WorkDoneProgressServerReporter | undefined;
  private finished = false;
  private percent = 0;

  constructor(
    connection: Connection,
    title: Promise<string>,
    private readonly total: number,
  ) {
    Promise.all([connection.window.createWorkDoneProgress(), title]).then(
      ([reporter, text]) => {
        if (this.finished) return;
        this.reporter = reporter;
        reporter.begin(text, 0);
      },
      (error: unknown) =>
        connection.console.warn(`window/workDoneProgress/create failed: ${String(error)}; no progress shown`),
    );
  }

  /** `read` characters of `total` are indexed. */
  report(read: number): void {
    const percent = Math.min(99, Math.floor((read / this.total) * 100));
    if (!this.reporter || percent <= this.percent) return;
    this.percent = percent;
    this.reporter.report(percent);
  }

  done(): void {
    this.finished = true;
    this.reporter?.done();
    this.reporter = undefined;
  }
}
