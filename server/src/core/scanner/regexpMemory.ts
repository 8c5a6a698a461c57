const TINY = /./;

/**
 * V8 remembers the input of the last successful regular expression match (for the legacy
 * `RegExp.lastMatch`, `RegExp.$1`), and a substring of a large text keeps the whole text alive. At the end of
 * a scan, one match on a tiny string lets the scanned text be collected: about 100 MB for a 50 MB
 * log with non-ASCII characters that the language server received and has since stored compactly.
 */
export function releaseLastRegExpInput(): void {
  TINY.test('.');
}
