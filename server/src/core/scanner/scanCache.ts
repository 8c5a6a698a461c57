import type { BlockFields } from './fields';
import type { InferredFrom } from './inferred';
import type { BodyIndex } from './oneFindingPerRecord';
import type { RecordHead } from './record';
import type { TextIndexes } from './sharedMatches';

/** How many distinct values each memo of the cache holds at most. */
const MAX_REMEMBERED = 1024;

/**
 * A copy of a string cut from a longer one. V8 keeps the whole text alive as long as a substring of it
 * lives, so a memo or a finding holding the substring would hold every chunk of a huge log in memory.
 */
export function copyOut(value: string): string {
  return (' ' + value).slice(1);
}

function copiedOrNull(value: string | null): string | null {
  return value === null ? null : copyOut(value);
}

/**
 * What `memo` holds for `key`, made by `make` the first time; the key is kept copied out of the text,
 * and a full memo is emptied (a scan's repetitions come close together). `make` copies what it keeps.
 */
export function remembered<V>(memo: Map<string, V>, key: string, make: () => V, limit = MAX_REMEMBERED): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= limit) memo.clear();
    value = make();
    memo.set(copyOut(key), value);
  }
  return value;
}

/**
 * What a scan learns of the text it reads, kept for the tokens that follow: one object owned by each
 * scanner (a StreamScanner makes its own), so that two scans in one process never share it. Every
 * entry names the text it was learnt from and answers only for that text. `forget` drops everything
 * at the end of a scan, so that nothing keeps the scanned text alive.
 */
export class ScanCache {
  /** The last stretch of text known to hold no line end (lineEnds.ts). */
  clear: { text: string; from: number; to: number } | undefined;
  /** The last block read: consecutive tokens of one record share its field matches (record.ts). */
  lastBlock: { text: string; start: number; end: number; fields: BlockFields } | undefined;
  /** The last record head read: the tokens of one block share it (record.ts). */
  lastHead: RecordHead | undefined;
  /** What isInBody learnt of the text of its last calls; dropped at the end of each round. */
  bodies: BodyIndex | undefined;
  /** The scans and indexes of a long text shared by its windows (sharedMatches.ts). */
  indexes: TextIndexes | undefined;
  /** Cleaned message fields by their raw text, keys and values copied out of the text (fields.ts). */
  private readonly cleaned = new Map<string, string | null>();
  /** Cleaned Tea message fields by the text before their RequestId (fields.ts). */
  private readonly cleanedTea = new Map<string, string | null>();
  /** What each Tea message names, by its status and raw text (inferred.ts); copied out of the text. */
  readonly inferred = new Map<string, InferredFrom | null>();
  /** Field values by their text, copied out of the text: the records of a scan share one copy of each. */
  private readonly interned = new Map<string, string>();

  /**
   * `value` copied out of the text it was cut from (see {@link copyOut}), one copy per distinct value:
   * hosts, APIs and URLs repeat from record to record. Bounded; forgotten whole when full.
   */
  intern(value: string): string {
    let copy = this.interned.get(value);
    if (copy === undefined) {
      if (this.interned.size >= MAX_REMEMBERED) this.interned.clear();
      copy = copyOut(value);
      this.interned.set(copy, copy);
    }
    return copy;
  }

  /** The message `raw` cleaned by `clean`, each distinct raw message cleaned once (records repeat them). */
  cleanedMessage(raw: string, clean: (raw: string) => string | null): string | null {
    return remembered(this.cleaned, raw, () => copiedOrNull(clean(raw)));
  }

  /**
   * The Tea message `raw` cleaned by `clean`, kept by `head`, the text before its RequestId (which
   * cleaning drops): each record of a repeated Tea error has its own id (fields.ts).
   */
  cleanedTeaMessage(head: string, raw: string, clean: (raw: string) => string | null): string | null {
    return remembered(this.cleanedTea, head, () => copiedOrNull(clean(raw)));
  }

  /** Drops everything learnt (at the end of a scan). */
  forget(): void {
    this.clear = undefined;
    this.lastBlock = undefined;
    this.lastHead = undefined;
    this.bodies = undefined;
    this.indexes = undefined;
    this.cleaned.clear();
    this.cleanedTea.clear();
    this.inferred.clear();
    this.interned.clear();
  }
}
