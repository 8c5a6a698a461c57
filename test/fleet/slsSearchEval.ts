/**
 * An evaluator of the part of the SLS search syntax the generated statements use: `field:term` and
 * `field:prefix*`, `and`, `or`, brackets. A field's text is split into terms at the default
 * delimiters of an index (`\n\t\r,;[]{}()&^*#@~=<>/\?:'"` and the space; `.` and `-` stay inside a
 * term, "Create indexes", doc-detail/90732), compared without regard to case.
 */

const DELIMITERS = /[\n\t\r,;[\]{}()&^*#@~=<>/\\?:'" ]+/;

export type SearchTest = (text: string) => boolean;

/** The terms an index with the default delimiters makes of a text, lower-cased. */
export function indexTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(DELIMITERS)
    .filter((t) => t !== '');
}

export function parseSearch(statement: string): SearchTest {
  const tokens = statement.match(/\(|\)|"(?:[^"\\]|\\.)*"(?::\S+)?|[^\s()]+/g) ?? [];
  let at = 0;
  const or = (): ((terms: ReadonlySet<string>, list: readonly string[]) => boolean) => {
    let left = and();
    while (tokens[at] === 'or') {
      at++;
      const [a, b] = [left, and()];
      left = (t, l) => a(t, l) || b(t, l);
    }
    return left;
  };
  const and = (): ((terms: ReadonlySet<string>, list: readonly string[]) => boolean) => {
    let left = primary();
    while (tokens[at] === 'and') {
      at++;
      const [a, b] = [left, primary()];
      left = (t, l) => a(t, l) && b(t, l);
    }
    return left;
  };
  const primary = (): ((terms: ReadonlySet<string>, list: readonly string[]) => boolean) => {
    const token = tokens[at++];
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') throw new Error('missing )');
      return inner;
    }
    const colon = token?.lastIndexOf(':') ?? -1;
    if (token === undefined || colon < 0) throw new Error(`not a field:term at ${String(token)}`);
    const value = token.slice(colon + 1).toLowerCase();
    if (value.endsWith('*')) {
      const prefix = value.slice(0, -1);
      return (_t, list) => list.some((term) => term.startsWith(prefix));
    }
    return (terms) => terms.has(value);
  };
  const test = or();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at] ?? ''}`);
  return (text) => {
    const list = indexTerms(text);
    return test(new Set(list), list);
  };
}
