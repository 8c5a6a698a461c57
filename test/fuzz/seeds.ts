import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

export interface Seeds {
  /** Logs, code, responses and SDK error texts. */
  texts: string[];
  /** Catalog files in the user catalog format. */
  catalogs: string[];
  /** Every code and alias of the built-in catalog, to plant in inputs. */
  codes: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? filesUnder(file) : [file];
    });
}

/** The public corpus, the examples and the test fixtures, in a fixed order. */
export function loadSeeds(): Seeds {
  const texts: string[] = [];
  const corpus = readFileSync(path.join(ROOT, 'test', 'fixtures', 'corpus-public.jsonl'), 'utf8');
  for (const line of corpus.split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
  const samples = readFileSync(path.join(ROOT, 'test', 'fixtures', 'responses', 'samples.json'), 'utf8');
  for (const sample of JSON.parse(samples) as Array<{ text: string }>) texts.push(sample.text);
  for (const file of filesUnder(path.join(ROOT, 'examples'))) texts.push(readFileSync(file, 'utf8'));

  const builtin = JSON.parse(readFileSync(path.join(ROOT, 'server', 'catalog', 'kms-errors.json'), 'utf8')) as {
    codes: Array<{ code: string; aliases?: string[] }>;
  };
  const catalogs: string[] = [];
  for (let i = 0; i < builtin.codes.length; i += 4) {
    const codes = builtin.codes.slice(i, i + 4).map((entry, n) => ({ ...entry, code: `Team.${n}${entry.code}` }));
    catalogs.push(JSON.stringify({ version: 1, name: `team ${i}`, codes }, null, i % 8 === 0 ? 2 : 0));
  }
  const codes = builtin.codes.flatMap((entry) => [entry.code, ...(entry.aliases ?? [])]);
  return { texts, catalogs, codes };
}
