/** The last path segment of a document URI, decoded, for messages (`file:///a/b%20c.log` → `b c.log`). */
export function fileName(uri: string): string {
  const last = uri.split('/').pop() || uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a malformed escape: show it as written
  }
}
