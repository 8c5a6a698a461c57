import type { MatchWork } from './globs';

/** Characters that make a glob more than a literal name or path. */
const SPECIAL = /[*?[\]{}\\]/;

/**
 * The globs most `.gitignore` lines and exclude settings are, answered by set lookups instead of the
 * automaton: `**\/NAME` (a name anywhere), `**\/*SUFFIX` (`*.log`), `**\/NAME/**` (anything inside a
 * folder named NAME) and a literal path (`/build`, `docs/_build`). Same answers as the automaton.
 */
export class LiteralGlobs {
  private readonly names = new Set<string>();
  private readonly suffixes = new Map<number, string[]>();
  private readonly inside = new Set<string>();
  private readonly paths = new Set<string>();
  private any = false;
  /** The folder part of the last file path asked about, and whether a folder of `inside` is in it. */
  private lastFolder = '';
  private lastFolderInside = false;

  constructor(private readonly work: MatchWork) {}

  /** Takes the glob when it is one of the literal kinds; false leaves it to the automaton. */
  add(glob: string): boolean {
    if (!SPECIAL.test(glob)) {
      if (glob === '' || glob.startsWith('/') || glob.endsWith('/')) return false;
      this.paths.add(glob);
    } else if (glob.startsWith('**/') && glob.endsWith('/**') && isName(glob.slice(3, -3))) {
      this.inside.add(glob.slice(3, -3));
    } else if (glob.startsWith('**/') && isName(glob.slice(3))) {
      this.names.add(glob.slice(3));
    } else if (glob.startsWith('**/*') && isName(glob.slice(4))) {
      const suffix = glob.slice(4);
      const last = suffix.charCodeAt(suffix.length - 1);
      const list = this.suffixes.get(last);
      if (list) list.push(suffix);
      else this.suffixes.set(last, [suffix]);
    } else return false;
    this.any = true;
    return true;
  }

  /** Whether a file's path matches one of them (`folder`: a folder's, which then is skipped whole). */
  matches(path: string, folder: boolean): boolean {
    if (!this.any) return false;
    this.work.steps++;
    if (this.paths.size > 0 && this.paths.has(path)) return true;
    const cut = path.lastIndexOf('/');
    if ((this.names.size > 0 || this.suffixes.size > 0) && this.matchesName(path.slice(cut + 1))) return true;
    if (this.inside.size === 0) return false;
    // Inside a folder of that name: a folder's own name counts, a file's does not. The files of a
    // folder come one after the other: the answer for their folder is kept.
    if (folder) return this.insideFolder(path, path.length);
    if (cut !== this.lastFolder.length || !path.startsWith(this.lastFolder)) {
      this.lastFolder = path.slice(0, Math.max(cut, 0));
      this.lastFolderInside = this.insideFolder(path, cut);
    }
    return this.lastFolderInside;
  }

  /** Whether a file or folder name is one of `names` or ends with one of `suffixes`. */
  private matchesName(base: string): boolean {
    if (this.names.has(base)) return true;
    const candidates = this.suffixes.get(base.charCodeAt(base.length - 1));
    if (!candidates) return false;
    this.work.steps += candidates.length;
    return candidates.some((suffix) => base.endsWith(suffix));
  }

  /** Whether a folder of `inside` is among the first `end` characters of the path. */
  private insideFolder(path: string, end: number): boolean {
    for (let from = 0; from < end;) {
      const to = path.indexOf('/', from);
      const stop = to === -1 || to > end ? end : to;
      this.work.steps++;
      if (this.inside.has(path.slice(from, stop))) return true;
      from = stop + 1;
    }
    return false;
  }
}

/** A non-empty literal name: no `/` and nothing special. */
function isName(text: string): boolean {
  return text !== '' && !text.includes('/') && !SPECIAL.test(text);
}
