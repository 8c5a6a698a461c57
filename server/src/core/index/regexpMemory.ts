const TINY = /./;

/**
 * V8 remembers the input of the last successful regular expression match (for the legacy
 * `RegExp.lastMatch`, `RegExp.$1`), and a substring of a large text keeps the whole text alive. After
 * indexing a document, one match on a tiny string lets its former text be collected:
 * about 100 MB for a 50 MB log with non-ASCII characters.
 */
export function releaseLastRegExpInput(): void {
  TINY.test('.');
}
