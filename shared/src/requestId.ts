/**
 * A RequestId as the scanner reads one (`[A-Za-z0-9][A-Za-z0-9-]{3,63}`): what the client accepts
 * from a selection, an input box or a webview message, so that every view agrees on what one is.
 */
export function isRequestId(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/.test(value);
}
