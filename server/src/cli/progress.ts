import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fsPath } from '../core/files/fsNames';
import { selectFiles, type SelectOptions } from '../core/files/selection';

const MB = 1024 * 1024;
/** Inputs at least this big get a progress bar; smaller scans finish before one would help. */
const LARGE_INPUT = { bytes: 8 * MB, files: 20 };
const REDRAW_MS = 100;
const MAX_BAR = 30;

export interface ProgressState {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
  /** Terminal columns; the line stays one shorter so the terminal never wraps it. */
  width: number;
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** One progress line: `[███░░░]  31%  12/40 files  12.0/38.5 MB  85.3 MB/s`, fitted to the width. */
export function formatProgress({ files, totalFiles, bytes, totalBytes, elapsedMs, width }: ProgressState): string {
  const ratio = Math.min(1, Math.max(0, totalBytes > 0 ? bytes / totalBytes : totalFiles > 0 ? files / totalFiles : 0));
  const rate = elapsedMs > 0 ? bytes / MB / (elapsedMs / 1000) : 0;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const info = `${percent}  ${files}/${totalFiles} files  ${mb(bytes)}/${mb(totalBytes)} MB  ${rate.toFixed(1)} MB/s`;
  const room = width - 1 - info.length - 3;
  if (room < 5) return info.slice(0, Math.max(0, width - 1));
  const size = Math.min(MAX_BAR, room);
  const filled = Math.round(ratio * size);
  return `[${'█'.repeat(filled)}${'░'.repeat(size - filled)}] ${info}`;
}

/** What the bar needs of stderr; process.stderr fits. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Totals {
  files: number;
  bytes: number;
}

/**
 * A one-line progress bar redrawn in place with `\r`, at most every 100 ms. `hide()` clears it before
 * other output reaches the same terminal; the next update draws it again.
 */
export class ProgressBar {
  private files = 0;
  private bytes = 0;
  private shown = 0;
  private stopped = false;
  private readonly started: number;
  private lastDraw: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totals: Totals,
    private readonly options: { now?: () => number; beforeDraw?: () => void } = {},
  ) {
    // The first draw waits a redraw interval too, so quick scans never flash a bar.
    this.started = this.now();
    this.lastDraw = this.started;
  }

  fileDone(): void {
    this.files++;
    this.update();
  }

  addBytes(count: number): void {
    this.bytes += count;
    this.update();
  }

  hide(): void {
    if (this.shown === 0) return;
    this.stream.write(`\r${' '.repeat(this.shown)}\r`);
    this.shown = 0;
  }

  stop(): void {
    this.hide();
    this.stopped = true;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private update(): void {
    if (this.stopped) return;
    const now = this.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.options.beforeDraw?.();
    const line = formatProgress({
      files: this.files,
      totalFiles: this.totals.files,
      bytes: this.bytes,
      totalBytes: this.totals.bytes,
      elapsedMs: now - this.started,
      // A pseudo-terminal without a size reports 0 columns.
      width: this.stream.columns || 80,
    });
    this.stream.write(`\r${line}${' '.repeat(Math.max(0, this.shown - line.length))}`);
    this.shown = line.length;
  }
}

export function isLarge(totals: Totals): boolean {
  return totals.bytes > LARGE_INPUT.bytes || totals.files > LARGE_INPUT.files;
}

/**
 * Counts the files a scan will read and their sizes on disk (compressed for `.gz`), walking the
 * directories once without keeping the list (relative paths from `cwd`). Unreadable inputs are left to
 * the scan to report.
 */
export async function measureInputs(
  targets: readonly string[],
  selection: SelectOptions,
  cwd: string,
): Promise<Totals> {
  const totals = { files: 0, bytes: 0 };
  const add = async (file: string) => {
    const stat = await fs.stat(fsPath(file)).catch(() => null);
    if (!stat?.isFile()) return;
    totals.files++;
    totals.bytes += stat.size;
  };
  for (const given of targets) {
    if (given === '-') continue;
    const target = path.resolve(cwd, given);
    try {
      const stat = await fs.stat(target);
      if (!stat.isDirectory()) await add(target);
      else for await (const file of selectFiles(target, selection)) if (typeof file === 'string') await add(file);
    } catch {
      // the scan says what is wrong with this input
    }
  }
  return totals;
}
