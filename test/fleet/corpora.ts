/**
 * The three bodies of logs the fleet queries are checked on, each as files of lines: the example
 * workspace's logs, the log entries of the public corpus (one file per entry), and a generated log
 * of at least 100,000 lines (the benchmarks' generator, a fixed seed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTimestamp } from '../../server/src/core/scanner/timestamps';
import { loadCorpus } from '../support/corpus';
import { ROOT } from '../support/paths';

export interface LogFile {
  /** A path (examples/), a corpus id, or the generated log's name. */
  name: string;
  lines: string[];
}

/** One line as a collector stores it: the text, and the time of its log entry (UNIX seconds). */
export interface LogRow {
  file: string;
  /** Zero-based, as the scanner's ranges are. */
  line: number;
  content: string;
  /** The line's own timestamp, else that of the last line before it that had one, else null. */
  time: number | null;
}

export interface Corpus {
  name: 'examples' | 'corpus' | 'generated';
  files: LogFile[];
}

const splitLines = (text: string) => text.replace(/\r?\n$/, '').split(/\r?\n/);

export function examplesCorpus(): Corpus {
  const dir = path.join(ROOT, 'examples', 'logs');
  const files = readdirSync(dir)
    .sort()
    .map((name) => ({ name: `examples/logs/${name}`, lines: splitLines(readFileSync(path.join(dir, name), 'utf8')) }));
  return { name: 'examples', files };
}

/** The public corpus's entries but source code: log excerpts, responses and other products' errors. */
export function publicCorpus(): Corpus {
  const files = loadCorpus()
    .filter((entry) => entry.kind !== 'code')
    .map((entry) => ({ name: entry.id, lines: splitLines(entry.text) }));
  return { name: 'corpus', files };
}

export const GENERATED_LINES = 100_000;

export async function generatedCorpus(): Promise<Corpus> {
  const generator = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as {
    logLines(rand: () => number): Iterable<string>;
    mulberry32(seed: number): () => number;
  };
  const lines: string[] = [];
  for (const entry of generator.logLines(generator.mulberry32(19))) {
    lines.push(...entry.split('\n'));
    if (lines.length >= GENERATED_LINES) break;
  }
  return { name: 'generated', files: [{ name: 'generated.log', lines }] };
}

/** The rows a line-by-line collector would store, with each entry's time on its continuation lines. */
export function rowsOf(corpus: Corpus): LogRow[] {
  const rows: LogRow[] = [];
  for (const file of corpus.files) {
    let time: number | null = null;
    file.lines.forEach((content, line) => {
      const own = parseTimestamp(content.slice(0, 200));
      if (own !== null) time = Math.floor(own / 1000);
      rows.push({ file: file.name, line, content, time });
    });
  }
  return rows;
}
