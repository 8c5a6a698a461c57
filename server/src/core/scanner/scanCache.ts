import type { BlockFields } from './fields';
import type { BodyIndex } from './oneFindingPerRecord';
import type { RecordHead } from './record';
import type { TextIndexes } from './sharedMatches';

/**
 * What a scan learns of the text it reads, kept for the tokens that follow: one object owned by each
 * scanner (a StreamScanner makes its own), so that two scans in one process never share it. Every
 * entry names the text it was learnt from and answers only for that text. `forget` drops everything
 * at the end of a scan, so that nothing keeps the scanned text alive.
 */
export class ScanCache {
  /** The last stretch of text known to hold no line end (record.ts). */
  clear: { text: string; from: number; to: number } | undefined;
  /** The last block read: consecutive tokens of one record share its field matches (record.ts). */
  lastBlock: { text: string; start: number; end: number; fields: BlockFields } | undefined;
  /** The last record head read: the tokens of one block share it (record.ts). */
  lastHead: RecordHead | undefined;
  /** What isInBody learnt of the text of its last calls; dropped at the end of each round. */
  bodies: BodyIndex | undefined;
  /** The scans and indexes of a long text shared by its windows (sharedMatches.ts). */
  indexes: TextIndexes | undefined;
  /** Recently cleaned message fields of the blocks of one long text (fields.ts). */
  readonly cleaned = new Map<string, string | null>();
  cleanedFrom: string | undefined;

  /** Drops everything learnt (at the end of a scan). */
  forget(): void {
    this.clear = undefined;
    this.lastBlock = undefined;
    this.lastHead = undefined;
    this.bodies = undefined;
    this.indexes = undefined;
    this.cleaned.clear();
    this.cleanedFrom = undefined;
  }
}
