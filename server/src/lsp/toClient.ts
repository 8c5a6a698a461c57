import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

/**
 * Messages from the server to the client, each with its failure handled. A client may refuse any
 * request (MethodNotFound, an error) and may be gone before a notification leaves: the server logs
 * that and carries on, it never leaves a rejected promise behind.
 */
export class ToClient {
  constructor(private readonly connection: Connection) {}

  /**
   * Waits for a request or notification to the client; a failure is logged as a warning and answered
   * with `fallback`. Never rejects.
   */
  async settle<T>(what: string, message: Promise<T>, fallback: T): Promise<T> {
    try {
      return await message;
    } catch (error) {
      this.warn(`${what} failed: ${describe(error)}`);
      return fallback;
    }
  }

  /** Sends a request or notification without waiting; its failure is logged. */
  send(what: string, message: Promise<unknown>): void {
    message.then(
      () => undefined,
      (error: unknown) => this.warn(`${what} failed: ${describe(error)}`),
    );
  }

  /**
   * Shows a message that needs no answer: the `window/showMessage` notification, which every client
   * takes, rather than `window/showMessageRequest`, which a client may refuse.
   */
  show(type: 'error' | 'info', message: string): void {
    this.send(
      'window/showMessage',
      this.connection.sendNotification(ShowMessageNotification.type, {
        type: type === 'error' ? MessageType.Error : MessageType.Info,
        message,
      }),
    );
  }

  /** Logs to the client's output (a notification the library itself guards). */
  warn(message: string): void {
    this.connection.console.warn(message);
  }

  error(message: string): void {
    this.connection.console.error(message);
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
