import { GlobProgram } from './globProgram';
import { LiteralGlobs } from './globLiterals';

/**
 * Work done matching paths against globs, in automaton steps (a state visited, a cached transition
 * taken). Shared by the glob sets of one walk, which pauses when it has done enough.
 */
export interface MatchWork {
  steps: number;
}

interface Closure {
  ids: number[];
  accept: boolean;
  acceptEmpty: boolean;
}

/** A set of states of the program, as a state of the deterministic automaton built while matching. */
class DState {
  ascii: Array<DState | undefined> | null = null;
  other: Map<number, DState> | null = null;
  constructor(
    readonly ids: Int32Array,
    readonly accept: boolean,
    /** Accepts with an empty last name (after a `/`): only a glob ending in `/` or `**` does. */
    readonly acceptEmpty: boolean,
  ) {}
}

// Globs that are not literal, in characters, in one set: 300 ordinary `.gitignore` lines hold a
// few thousand; past this a set leaves the rest out (and says so), so one character of a path costs
// at most a few tens of thousands of steps.
const MAX_GLOB_CHARS = 20_000;
// The most steps one path may cost (a few milliseconds): past it, the path is taken as not matching
// and the set says so. Learning a transition costs up to a step per state of the set: the globs
// people write stay far under it; hostile ones cannot hold a walk (or a language server) longer.
const MAX_MATCH_STEPS = 1_000_000;

// Transitions are remembered up to this many program states in all; past it they are forgotten and
// built again as needed, so memory stays bounded whatever the globs (and each step stays linear).
const MAX_REMEMBERED_IDS = 1 << 20;

/**
 * Globs compiled once, matched in one pass over a path: each code point costs at most one step per
 * state of the program, and nothing once a transition is known, so a hostile glob
 * (`*a*a*a*a*a*a*a*b`, `{a,b}{a,b}{a,b}...`) costs time linear in the path. The deterministic
 * states are built lazily (as RE2 does) and shared by every path matched against the set.
 */
export class GlobSet {
  private readonly program: GlobProgram;
  /** Globs of names, suffixes and paths (most of a `.gitignore`): set lookups and a few `endsWith`. */
  private readonly literals: LiteralGlobs;
  private readonly states = new Map<string, DState>();
  private remembered = 0;
  private start: DState;
  private readonly mark: Int32Array;
  private generation = 0;
  readonly empty: boolean;

  /**
   * `baseNames`: a glob without a `/` matches a name anywhere, as `**\/glob` does (the CLI's and
   * VS Code's globs); a `.gitignore`'s are written out already (see gitignoreGlobs).
   */
  constructor(
    globs: readonly string[],
    private readonly work: MatchWork = { steps: 0 },
    { baseNames = true }: { baseNames?: boolean } = {},
  ) {
    const general: string[] = [];
    this.literals = new LiteralGlobs(work);
    let size = 0;
    for (const written of globs) {
      let glob = written.replace(/\/{2,}/g, '/');
      if (baseNames && !glob.includes('/')) glob = `**/${glob}`;
      if (this.literals.add(glob)) continue;
      // Each character of a glob makes at most four states: the automaton stays a bounded size.
      size += glob.length;
      if (size > MAX_GLOB_CHARS) this.left++;
      else general.push(glob);
    }
    this.program = new GlobProgram(general);
    this.mark = new Int32Array(this.program.size);
    this.empty = globs.length === 0;
    this.general = general.length > 0;
    this.start = this.intern(this.closure(this.program.starts));
  }

  private readonly general: boolean;
  /** Globs left out: beyond MAX_GLOB_CHARS characters of globs that are not literal. */
  left = 0;
  /** Paths given up on: their match passed MAX_MATCH_STEPS, and they were taken as not matching. */
  givenUp = 0;

  /** Whether the path (relative, `/`-separated) matches one of the globs. */
  matches(path: string): boolean {
    if (this.empty) return false;
    if (this.literals.matches(path, false)) return true;
    return this.general && (this.run(path)?.accept ?? false);
  }

  /**
   * Whether a folder matches: its path does, or its path followed by `/` (`build/`, `**\/cache/**`).
   * A folder that matches is skipped with everything in it.
   */
  matchesFolder(path: string): boolean {
    if (this.empty) return false;
    if (this.literals.matches(path, true)) return true;
    if (!this.general) return false;
    const state = this.run(path);
    if (!state) return false;
    return state.accept || this.step(state, 47).acceptEmpty;
  }

  /** The state after reading `path`, or null once no glob can match any more. */
  private run(path: string): DState | null {
    let state = this.start;
    const length = path.length;
    const budget = this.work.steps + MAX_MATCH_STEPS;
    for (let i = 0; i < length; i++) {
      let cp = path.charCodeAt(i);
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < length) {
        const low = path.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      state = this.step(state, cp);
      if (state.ids.length === 0 && !state.accept) return null;
      if (this.work.steps > budget) {
        this.givenUp++;
        return null;
      }
    }
    return state;
  }

  private step(state: DState, cp: number): DState {
    this.work.steps++;
    let next = cp < 128 ? state.ascii?.[cp] : state.other?.get(cp);
    if (next) return next;
    next = this.transition(state, cp);
    if (cp < 128) (state.ascii ??= new Array<DState | undefined>(128))[cp] = next;
    else (state.other ??= new Map()).set(cp, next);
    return next;
  }

  private transition(state: DState, cp: number): DState {
    const { tests, next } = this.program;
    const targets: number[] = [];
    for (const id of state.ids) {
      const test = tests[id];
      if (test?.(cp)) targets.push(next[id] as number);
    }
    this.work.steps += state.ids.length;
    return this.intern(this.closure(targets));
  }

  /** The states reached from `from` through choices alone: the ones that test a code point, and acceptance. */
  private closure(from: readonly number[]): Closure {
    const ids: number[] = [];
    const accept = this.reach(from, ids, false);
    ids.sort((a, b) => a - b);
    return { ids, accept, acceptEmpty: accept && this.reach(from, null, true) };
  }

  /**
   * Follows choices from `from`, collecting the states that test a code point into `ids`; true when
   * acceptance is reached. `nonEmpty` leaves out the skip of each `*`, as a name must have a character.
   */
  private reach(from: readonly number[], ids: number[] | null, nonEmpty: boolean): boolean {
    const { tests, choices, accept, stars } = this.program;
    const generation = ++this.generation;
    let accepted = false;
    const stack = [...from];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (this.mark[id] === generation) continue;
      this.mark[id] = generation;
      this.work.steps++;
      if (id === accept) accepted = true;
      else if (tests[id]) ids?.push(id);
      else {
        const next = choices[id] ?? [];
        const count = nonEmpty && stars.has(id) ? next.length - 1 : next.length;
        for (let c = 0; c < count; c++) stack.push(next[c] as number);
      }
    }
    return accepted;
  }

  private intern({ ids, accept, acceptEmpty }: Closure): DState {
    const key = `${accept ? (acceptEmpty ? 'e' : 'a') : 'n'}${ids.join(',')}`;
    let state = this.states.get(key);
    if (state) return state;
    if (this.remembered + ids.length > MAX_REMEMBERED_IDS) {
      this.states.clear();
      this.remembered = 0;
      if (this.start) {
        this.start.ascii = null;
        this.start.other = null;
        this.states.set(this.keyOf(this.start), this.start);
        this.remembered = this.start.ids.length;
      }
    }
    state = new DState(Int32Array.from(ids), accept, acceptEmpty);
    this.states.set(key, state);
    this.remembered += ids.length;
    return state;
  }

  private keyOf(state: DState): string {
    return `${state.accept ? (state.acceptEmpty ? 'e' : 'a') : 'n'}${state.ids.join(',')}`;
  }
}

const recentSets = new Map<string, GlobSet>();

/**
 * Whether a `/`-separated path matches one of the globs. A glob without a `/` matches a base name
 * anywhere (`*.log`); dot files match like any other. For settings read again and again: the last
 * few sets of globs stay compiled.
 */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  const key = JSON.stringify(globs);
  let set = recentSets.get(key);
  if (!set) {
    if (recentSets.size >= 8) recentSets.clear();
    set = new GlobSet(globs);
    recentSets.set(key, set);
  }
  return set.matches(path);
}
