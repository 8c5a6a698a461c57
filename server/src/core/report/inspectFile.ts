import type { InspectDiagnosis, InspectOccurrence } from '#shared/protocol';
import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import { diagnoseFinding } from '../diagnosis/finding';
import { openText, type OpenTextOptions } from '../files/files';
import { scanInput } from '../scanner/scanInput';
import { isKmsError, type Finding } from '../scanner/types';
import type { JobEmitter, JobHandler } from '../workers/jobs';

// A cause or fix of the view is a tooltip and a copy button, not a document; bounded like the result.
const MAX_CAUSE_CHARS = 500;
const MAX_FIX_CHARS = 4000;
const PROGRESS_EVERY_BYTES = 32 << 20;

/** What every file of an inspection shares; plain data, sent once to each worker thread. */
export interface InspectSettings {
  locale: Locale;
  /** `kms.files.encoding` and `kms.files.maxGzipRatio`. */
  read: Pick<OpenTextOptions, 'encoding' | 'maxGzipRatio'>;
}

/** A file of the workspace inspection, its place in the list, and how many of its findings may be listed. */
export interface InspectTask {
  path: string;
  index: number;
  /** Occurrences the view may still list: at least as many as it will list of this file. */
  listed: number;
}

/**
 * A high-confidence finding as the inspection counts it: code, HTTP status, timestamp, RequestId,
 * whether its retries ran out, and, for a listed one, its occurrence and its likely causes and fixes.
 */
export type InspectItem = [
  string,
  number | null,
  number | null,
  string | null,
  boolean,
  InspectOccurrence | null,
  InspectDiagnosis | null,
];

/** What an inspected file tells the view, in order. */
export type InspectEvent =
  | { t: 'file'; index: number }
  | { t: 'found'; items: InspectItem[] }
  | { t: 'read'; index: number; bytes: number }
  | { t: 'problem'; message: string }
  | { t: 'end'; index: number }
  /** The file's worker failed (it died): the file is reported with the reason. */
  | { t: 'lost'; index: number; message: string };

export function occurrence(finding: Finding): InspectOccurrence {
  return {
    line: finding.range.start.line,
    character: finding.range.start.character,
    endCharacter: finding.range.end.character,
    code: finding.code,
    token: finding.token,
    confidence: finding.confidence,
    requestId: finding.record.requestId,
    timestamp: finding.record.timestamp,
    preview: finding.preview ?? '',
  };
}

/** The likely causes and fixes read from a finding's record, bounded; null when it has none. */
export function diagnosisOf(finding: Finding, path: string, catalog: Catalog, locale: Locale): InspectDiagnosis | null {
  const diagnosis = diagnoseFinding(finding, path, catalog, locale);
  const causes = diagnosis.causes.map((c) => c.text.slice(0, MAX_CAUSE_CHARS));
  // A fix cut short would be a wrong fix: one too long is left out rather than shortened.
  const fixes = diagnosis.fixes
    .filter((f) => f.text.length <= MAX_FIX_CHARS)
    .map((f) => ({ kind: f.kind, title: f.title, text: f.text }));
  return causes.length > 0 || fixes.length > 0 ? { causes, fixes } : null;
}

/**
 * Turns a file's findings into items: low-confidence ones are left out, and only the first `listed`
 * carry their occurrence and diagnosis (the work the view may show; the rest are counted).
 */
export function inspectItems(path: string, catalog: Catalog, locale: Locale, listed: number) {
  let items: InspectItem[] = [];
  return {
    add(finding: Finding): void {
      if (!isKmsError(finding)) return;
      const { record } = finding;
      const shown = listed-- > 0;
      items.push([
        finding.code,
        record.httpStatus,
        record.timestamp,
        record.requestId,
        record.retriesExhausted,
        shown ? occurrence(finding) : null,
        shown ? diagnosisOf(finding, path, catalog, locale) : null,
      ]);
    },
    emitTo(emitter: JobEmitter<InspectEvent>): void {
      if (items.length > 0) emitter.emit({ t: 'found', items });
      items = [];
    },
  };
}

/**
 * The inspection of one file from disk, on a worker thread or here: its findings with their line
 * previews and record text, its read progress every 32 MB, and a read problem as a message.
 * A cancelled run stops it between chunks.
 */
export function inspectFile(
  catalog: Catalog,
  { locale, read }: InspectSettings,
): JobHandler<InspectTask, InspectEvent> {
  return async ({ path, index, listed }, emitter) => {
    emitter.emit({ t: 'file', index });
    const items = inspectItems(path, catalog, locale, listed);
    let bytes = 0;
    let nextReport = PROGRESS_EVERY_BYTES;
    try {
      // Regular files only: a FIFO among the files must not hold the scan (and every later one) forever.
      const opened = await openText(path, { ...read, onRawBytes: (count) => (bytes += count) });
      if (opened.kind !== 'text') emitter.emit({ t: 'problem', message: 'binary file skipped' });
      else
        await scanInput(opened.chunks, catalog, (finding) => items.add(finding), {
          previews: true,
          // The view shows each occurrence's likely cause and fix, read from its record.
          recordText: true,
          afterChunk: () => {
            items.emitTo(emitter);
            if (bytes >= nextReport) {
              emitter.emit({ t: 'read', index, bytes });
              nextReport += PROGRESS_EVERY_BYTES;
            }
            return emitter.flush();
          },
        });
    } catch (error) {
      items.emitTo(emitter);
      emitter.emit({ t: 'problem', message: (error as Error).message });
    }
    items.emitTo(emitter);
    emitter.emit({ t: 'end', index });
  };
}
