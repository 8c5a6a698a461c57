/**
 * An evaluator of the Sigma specification's keyword semantics, enough for rules without fields: a
 * search identifier is a list of keywords (case-insensitive, `*` and `?` wildcards) or a map from a
 * modifier key (`'|re'`, `'|re|i'`, `'|all'`) to values, searched across the whole event (a log
 * line); the condition combines identifiers with `and`, `or`, `not`, brackets and `1 of` / `all of`.
 */

type SearchValue = unknown;

function wildcard(keyword: string): RegExp {
  let source = '';
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword[i] as string;
    if (c === '\\' && (keyword[i + 1] === '*' || keyword[i + 1] === '?' || keyword[i + 1] === '\\')) {
      source += `\\${keyword[++i]}`;
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(source, 'is');
}

/** The matchers of one search identifier, and whether all of them must match. */
function matchers(value: SearchValue): { tests: RegExp[]; all: boolean } {
  if (Array.isArray(value)) return { tests: value.map((v) => wildcard(String(v))), all: false };
  if (typeof value === 'string') return { tests: [wildcard(value)], all: false };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) throw new Error('a keyword map must have one key');
  const [key, values] = entries[0] as [string, unknown];
  const modifiers = key.split('|');
  if (modifiers[0] !== '') throw new Error(`field ${modifiers[0]} in a keyword rule`);
  const list = (Array.isArray(values) ? values : [values]).map(String);
  const re = modifiers.includes('re');
  const flags =
    (modifiers.includes('i') ? 'i' : '') + (modifiers.includes('m') ? 'm' : '') + (modifiers.includes('s') ? 's' : '');
  return { tests: list.map((v) => (re ? new RegExp(v, flags) : wildcard(v))), all: modifiers.includes('all') };
}

/** A condition over the identifiers, each tested only when the condition needs it. */
export type Condition = (identifier: (name: string) => boolean) => boolean;

/** Parses a condition: or < and < not < `x of pattern` < brackets. */
export function parseCondition(text: string, names: readonly string[]): Condition {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const or = (): Condition => {
    let left = and();
    while (peek() === 'or') {
      next();
      const [a, b] = [left, and()];
      left = (ids) => a(ids) || b(ids);
    }
    return left;
  };
  const and = (): Condition => {
    let left = not();
    while (peek() === 'and') {
      next();
      const [a, b] = [left, not()];
      left = (ids) => a(ids) && b(ids);
    }
    return left;
  };
  const not = (): Condition => {
    if (peek() === 'not') {
      next();
      const inner = not();
      return (ids) => !inner(ids);
    }
    return primary();
  };
  const primary = (): Condition => {
    const token = next();
    if (token === '(') {
      const inner = or();
      if (next() !== ')') throw new Error('missing )');
      return inner;
    }
    if ((token === '1' || token === 'all') && peek() === 'of') {
      next();
      const pattern = next() ?? '';
      const selected = names.filter((n) =>
        pattern === 'them' ? !n.startsWith('_') : new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(n),
      );
      return token === 'all' ? (ids) => selected.every((n) => ids(n)) : (ids) => selected.some((n) => ids(n));
    }
    if (token === undefined || !names.includes(token)) throw new Error(`unknown identifier ${token ?? '(end)'}`);
    return (ids) => ids(token);
  };
  const condition = or();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at] ?? ''}`);
  return condition;
}

/** A rule's detection as a test of one line. */
export function lineMatcher(detection: Record<string, unknown>): (line: string) => boolean {
  const names = Object.keys(detection).filter((k) => k !== 'condition');
  const compiled = new Map(names.map((n) => [n, matchers(detection[n])]));
  const condition = parseCondition(String(detection['condition']), names);
  return (line) => {
    const known = new Map<string, boolean>();
    return condition((name) => {
      let value = known.get(name);
      if (value === undefined) {
        const { tests, all } = compiled.get(name) as { tests: RegExp[]; all: boolean };
        value = all ? tests.every((t) => t.test(line)) : tests.some((t) => t.test(line));
        known.set(name, value);
      }
      return value;
    });
  };
}
