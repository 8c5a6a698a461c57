/**
 * Globs compiled to a nondeterministic automaton over the code points of a `/`-separated path, so
 * that matching never backtracks (see globs.ts). The syntax is that of VS Code's and the CLI's globs:
 * `*` and `?` within a segment, `**` as a whole segment for any number of segments, `[a-z]` and
 * `[!a-z]` (or `[^a-z]`) classes, `{a,b}` alternatives (nested, `/` allowed), `\` escapes. Dot
 * files match like any other name. Braces are alternatives of the automaton, never expanded, so a
 * glob of many braces costs its length, not the product of its alternatives.
 */

/** A test of one code point. */
type CharTest = (cp: number) => boolean;

type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'star' }
  /** `**` followed by `/`: zero or more whole segments. */
  | { t: 'segments' }
  /** `**` at the end: anything, `/` included. */
  | { t: 'rest' }
  | { t: 'alt'; branches: Node[][] };

const SLASH = 47;
const notSlash: CharTest = (cp) => cp !== SLASH;
const anything: CharTest = () => true;

/** States of the automaton: a code point test and where it leads, a choice of several, or acceptance. */
export class GlobProgram {
  readonly tests: Array<CharTest | null> = [];
  readonly next: number[] = [];
  readonly choices: Array<number[] | null> = [];
  /** The loops of `*`: their last choice skips the star, which an empty name may not do. */
  readonly stars = new Set<number>();
  readonly accept: number;
  /** The states every match starts from, one per glob. */
  readonly starts: number[] = [];

  constructor(globs: readonly string[]) {
    this.accept = this.state(null, -1, null);
    for (const glob of globs) this.starts.push(this.build(parseGlob(glob), this.accept));
  }

  get size(): number {
    return this.tests.length;
  }

  private state(test: CharTest | null, next: number, choices: number[] | null): number {
    this.tests.push(test);
    this.next.push(next);
    this.choices.push(choices);
    return this.tests.length - 1;
  }

  /** The states of `nodes` leading to `next`, built from the end; returns the first. */
  private build(nodes: readonly Node[], next: number): number {
    let start = next;
    for (let i = nodes.length - 1; i >= 0; i--) start = this.node(nodes[i] as Node, start);
    return start;
  }

  private node(node: Node, next: number): number {
    switch (node.t) {
      case 'char':
        return this.state(node.test, next, null);
      case 'star': {
        const loop = this.state(null, -1, []);
        this.stars.add(loop);
        (this.choices[loop] as number[]).push(this.state(notSlash, loop, null), next);
        return loop;
      }
      case 'segments': {
        // ([^/]*/)*: any number of names, each ended by a slash.
        const segments = this.state(null, -1, [next]);
        const inName = this.state(null, -1, []);
        (this.choices[inName] as number[]).push(
          this.state(notSlash, inName, null),
          this.state(isSlash, segments, null),
        );
        (this.choices[segments] as number[]).push(inName);
        return segments;
      }
      case 'rest': {
        const loop = this.state(null, -1, [next]);
        (this.choices[loop] as number[]).push(this.state(anything, loop, null));
        return loop;
      }
      case 'alt':
        return this.state(
          null,
          -1,
          node.branches.map((branch) => this.build(branch, next)),
        );
    }
  }
}

const isSlash: CharTest = (cp) => cp === SLASH;

/** For each `{` of the glob, its matching `}` and the commas between them, when it has any. */
function braceGroups(glob: string): Map<number, { end: number; commas: number[] }> {
  const groups = new Map<number, { end: number; commas: number[] }>();
  // A brace nested deeper than MAX_BRACE_DEPTH is literal (`literal`), as are its comma and its end.
  const open: Array<{ start: number; commas: number[]; literal: boolean }> = [];
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') {
      const literal = depth >= MAX_BRACE_DEPTH;
      if (!literal) depth++;
      open.push({ start: i, commas: [], literal });
    } else if (c === ',' && open.length > 0) {
      const group = open[open.length - 1];
      if (group && !group.literal) group.commas.push(i);
    } else if (c === '}') {
      const group = open.pop();
      if (!group || group.literal) continue;
      depth--;
      if (group.commas.length > 0) groups.set(group.start, { end: i, commas: group.commas });
    }
  }
  return groups;
}

// Alternatives within alternatives are parsed and built recursively: their depth is bounded.
const MAX_BRACE_DEPTH = 32;

/** The nodes of a glob; characters that start nothing valid (`[` without `]`, `{` without `,`) are literal. */
function parseGlob(glob: string): Node[] {
  return parseRange(glob, 0, glob.length, braceGroups(glob));
}

function parseRange(
  glob: string,
  from: number,
  to: number,
  groups: Map<number, { end: number; commas: number[] }>,
): Node[] {
  const nodes: Node[] = [];
  let i = from;
  while (i < to) {
    const c = glob.charCodeAt(i);
    if (c === 0x5c /* \ */ && i + 1 < to) {
      const cp = glob.codePointAt(i + 1) as number;
      nodes.push(literal(cp));
      i += cp > 0xffff ? 3 : 2;
    } else if (c === 0x2a /* * */) {
      let j = i;
      while (j < to && glob.charCodeAt(j) === 0x2a) j++;
      const wholeSegment = j - i === 2 && (i === 0 || glob[i - 1] === '/') && (j === glob.length || glob[j] === '/');
      if (!wholeSegment) nodes.push({ t: 'star' });
      else if (j === glob.length) nodes.push({ t: 'rest' });
      else {
        nodes.push({ t: 'segments' });
        j++; // the slash after `**` belongs to it
      }
      i = j;
    } else if (c === 0x3f /* ? */) {
      nodes.push({ t: 'char', test: notSlash });
      i++;
    } else if (c === 0x5b /* [ */) {
      const parsed = charClass(glob, i, to);
      if (parsed) {
        nodes.push({ t: 'char', test: parsed.test });
        i = parsed.end;
      } else {
        nodes.push(literal(c));
        i++;
      }
    } else if (c === 0x7b /* { */ && groups.has(i) && (groups.get(i)?.end ?? to) < to) {
      const group = groups.get(i) as { end: number; commas: number[] };
      const bounds = [i, ...group.commas, group.end];
      const branches: Node[][] = [];
      for (let b = 0; b + 1 < bounds.length; b++)
        branches.push(parseRange(glob, (bounds[b] as number) + 1, bounds[b + 1] as number, groups));
      nodes.push({ t: 'alt', branches });
      i = group.end + 1;
    } else {
      const cp = glob.codePointAt(i) as number;
      nodes.push(literal(cp));
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return nodes;
}

function literal(cp: number): Node {
  return { t: 'char', test: (other) => other === cp };
}

/** `[...]` starting at `start`: its test (never matching `/`) and where it ends, or null when it does not close. */
function charClass(glob: string, start: number, to: number): { test: CharTest; end: number } | null {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const ranges: number[] = [];
  let first = true;
  while (i < to) {
    let cp = glob.codePointAt(i) as number;
    if (cp === 0x5d /* ] */ && !first) {
      const set = ranges;
      const inSet = (x: number) => {
        for (let r = 0; r < set.length; r += 2) if (x >= (set[r] as number) && x <= (set[r + 1] as number)) return true;
        return false;
      };
      return { test: (x) => x !== SLASH && inSet(x) !== negated, end: i + 1 };
    }
    first = false;
    if (cp === 0x5c && i + 1 < to) {
      i++;
      cp = glob.codePointAt(i) as number;
    }
    i += cp > 0xffff ? 2 : 1;
    let high = cp;
    if (glob[i] === '-' && i + 1 < to && glob[i + 1] !== ']') {
      let end = glob.codePointAt(i + 1) as number;
      let width = end > 0xffff ? 2 : 1;
      if (end === 0x5c && i + 2 < to) {
        end = glob.codePointAt(i + 2) as number;
        width = (end > 0xffff ? 2 : 1) + 1;
      }
      high = end;
      i += 1 + width;
    }
    if (high >= cp) ranges.push(cp, high);
  }
  return null;
}
