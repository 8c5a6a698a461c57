import type { Diagnosis } from '../diagnosis/types';
import type { Finding } from '../scanner/types';

/** A finding and the file it was found in, as given on the command line or in the workspace. */
export interface FileFinding {
  path: string;
  finding: Finding;
  /** Likely causes and fixes read from the finding's record, when the report carries them. */
  diagnosis?: Diagnosis;
}

export interface ScanSummary {
  files: number;
  findings: number;
  byCode: Record<string, number>;
  /** Files and folders that were not scanned (binary, unreadable), when there were any. */
  notScanned?: number;
  /** The signal that stopped the scan before it read all its inputs (the report holds what it found). */
  interrupted?: 'SIGINT' | 'SIGTERM';
}
