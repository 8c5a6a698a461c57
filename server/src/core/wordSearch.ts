/**
 * One case-insensitive search for several lower-case ASCII words at once, each word with its flags:
 * which of the words a text holds, as its lower-cased text would show them, in one pass. Cheaper than
 * lower-casing the text and searching it for each word, or running each pattern the words guard (the
 * record fields' hints, the record facts' words). Linear in the text: the search tries each position
 * once, as words may overlap (`code:` in `httpcode:`).
 */
export class WordSearch {
  private readonly pattern: RegExp;
  /** The flags of a word as found, in its case: its own and those of the words it starts with. */
  private readonly flagsFound = new Map<string, number>();

  constructor(private readonly words: ReadonlyArray<readonly [word: string, flags: number]>) {
    for (const [word] of words) {
      if (!/^[\x20-\x7e]+$/.test(word) || word !== word.toLowerCase())
        throw new Error(`not a lower-case ASCII word: ${word}`);
    }
    const longestFirst = words.map(([word]) => word).sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(longestFirst.map((word) => word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'), 'gi');
  }

  /** The flags of the words `text` holds, in any case. */
  flagsIn(text: string): number {
    const pattern = this.pattern;
    let flags = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      flags |= this.flagsOf(m[0]);
      pattern.lastIndex = m.index + 1;
    }
    return flags;
  }

  private flagsOf(found: string): number {
    let flags = this.flagsFound.get(found);
    if (flags === undefined) {
      const word = found.toLowerCase();
      flags = 0;
      for (const [other, otherFlags] of this.words) if (word.startsWith(other)) flags |= otherFlags;
      if (this.flagsFound.size >= 256) this.flagsFound.clear();
      // A copy: the word found may be a piece of the text, which the memo must not keep alive.
      this.flagsFound.set((' ' + found).slice(1), flags);
    }
    return flags;
  }
}
