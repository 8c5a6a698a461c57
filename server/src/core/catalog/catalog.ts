import { editDistance } from './editDistance';
import { documentedStatuses } from './statuses';
import type { CatalogEntry } from './types';

export interface CodeMatch {
  entry: CatalogEntry;
  /** True when the token is a known misspelling of the entry's code. */
  isAlias: boolean;
}

export interface Suggestion {
  entry: CatalogEntry;
  distance: number;
}

/** Lower-cases and drops everything but letters and digits, so messages compare loosely. */
function messageKey(message: string): string {
  return message.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

// A `< placeholder >` in a documented message, and one with the quotes around it. `[^<>]` keeps them
// linear on user catalogs: a message of many `<` and no `>` is read once, not once per `<`.
const PLACEHOLDER = /<[^<>]*>/;
const QUOTED_PLACEHOLDER = /["'“”]?<[^<>]*>["'“”]?/;

/** Documented messages with placeholders (`The parameter "< parameter name >" is needed`) match any filling. */
interface MessagePattern {
  parts: string[];
  entry: CatalogEntry;
}

function matchesPattern(key: string, parts: readonly string[]): boolean {
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!key.startsWith(first) || !key.endsWith(last) || key.length < first.length + last.length) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = key.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return at <= key.length - last.length;
}

// The keys of the messages asked about last: records repeat the same few messages. Each message is
// kept as a copy, never as a piece of a longer text (which would keep that text alive).
const recentKeys = new Map<string, string>();

function recentKey(message: string): string {
  let key = recentKeys.get(message);
  if (key === undefined) {
    if (recentKeys.size >= 256) recentKeys.clear();
    key = messageKey(message);
    recentKeys.set((' ' + message).slice(1), key);
  }
  return key;
}

/**
 * The set of known error codes. Immutable: user catalogs produce a new Catalog through `withEntries`.
 */
export class Catalog {
  readonly entries: readonly CatalogEntry[];
  private readonly byToken = new Map<string, CodeMatch>();
  private readonly byLowerToken = new Map<string, CodeMatch>();
  private readonly byMessage = new Map<string, CatalogEntry[]>();
  private readonly messagePatterns: MessagePattern[] = [];
  private readonly officialKeys = new WeakMap<CatalogEntry, string | readonly string[]>();

  constructor(entries: readonly CatalogEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      this.addToken(entry.code, { entry, isAlias: false });
      for (const alias of entry.aliases) this.addToken(alias, { entry, isAlias: true });
      for (const message of [entry.message, ...entry.messageVariants]) {
        if (!message) continue;
        if (PLACEHOLDER.test(message)) {
          const parts = message.split(QUOTED_PLACEHOLDER).map(messageKey);
          if (parts.join('').length >= 12) this.messagePatterns.push({ parts, entry });
          continue;
        }
        const key = messageKey(message);
        if (key.length < 8) continue;
        const list = this.byMessage.get(key) ?? [];
        list.push(entry);
        this.byMessage.set(key, list);
      }
    }
  }

  private addToken(token: string, match: CodeMatch): void {
    this.byToken.set(token, match);
    this.byLowerToken.set(token.toLowerCase(), match);
  }

  /** A new catalog in which `entries` add codes or replace the entries with the same code. */
  withEntries(entries: readonly CatalogEntry[]): Catalog {
    const replaced = new Set(entries.map((e) => e.code));
    return new Catalog([...this.entries.filter((e) => !replaced.has(e.code)), ...entries]);
  }

  /** Exact, case-sensitive lookup of a code or alias as it appears in text. */
  lookup(token: string): CodeMatch | undefined {
    return this.byToken.get(token);
  }

  /** Case-insensitive lookup, for what people type (`kms-diagnose explain forbidden.keynotfound`). */
  lookupLoose(token: string): CodeMatch | undefined {
    return this.byToken.get(token) ?? this.byLowerToken.get(token.toLowerCase());
  }

  /** Every string the scanner looks for: codes and aliases. */
  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  /** True when `message` is the entry's official message (placeholders match anything). */
  isOfficialMessage(entry: CatalogEntry, message: string): boolean {
    if (!entry.message) return false;
    // The entry's key (or the keys of its parts around placeholders), made once per entry: the
    // scanner asks this of every finding of a code other products return too.
    let official = this.officialKeys.get(entry);
    if (official === undefined) {
      official = PLACEHOLDER.test(entry.message)
        ? entry.message.split(QUOTED_PLACEHOLDER).map(messageKey)
        : messageKey(entry.message);
      this.officialKeys.set(entry, official);
    }
    const key = recentKey(message);
    return typeof official === 'string' ? key === official : matchesPattern(key, official);
  }

  /** Catalog codes within `maxDistance` edits of `word`, nearest first. */
  suggest(word: string, maxDistance = 2, limit = 3): Suggestion[] {
    const found: Suggestion[] = [];
    const lower = word.toLowerCase();
    for (const [token, match] of this.byToken) {
      if (match.isAlias) continue;
      const distance = editDistance(lower, token.toLowerCase(), maxDistance);
      if (distance <= maxDistance) found.push({ entry: match.entry, distance });
    }
    found.sort((a, b) => a.distance - b.distance || a.entry.code.localeCompare(b.entry.code));
    return found.slice(0, limit);
  }

  /**
   * The code whose documented message this is, for records that carry a message but no code
   * (Tea messages in Java and C# read `code: 404, The specified Key is not found. request id: ...`).
   * Ambiguous messages (shared by several codes) only resolve when the status tells them apart.
   */
  inferFromMessage(message: string, httpStatus: number | null): CatalogEntry | undefined {
    const key = messageKey(message);
    if (key.length < 8) return undefined;
    const candidates = [
      ...(this.byMessage.get(key) ?? []),
      ...this.messagePatterns.filter((p) => matchesPattern(key, p.parts)).map((p) => p.entry),
    ];
    if (candidates.length === 0) return undefined;
    const unique = [...new Set(candidates)];
    if (unique.length === 1) return unique[0];
    const byStatus = unique.filter((e) => httpStatus !== null && documentedStatuses(e).includes(httpStatus));
    if (byStatus.length === 1) return byStatus[0];
    // `The specified parameter is not valid.` is InvalidParameter and its InvalidParameter.TagKey
    // refinements alike: without the code, only the general one is certain.
    const pool = byStatus.length > 0 ? byStatus : unique;
    return pool.find((general) => pool.every((e) => e === general || e.code.startsWith(`${general.code}.`)));
  }
}
