import type { Finding } from '../scanner/types';

/** A finding and the file it was found in, as given on the command line or in the workspace. */
export interface FileFinding {
  path: string;
  finding: Finding;
}

export interface ScanSummary {
  files: number;
  findings: number;
  byCode: Record<string, number>;
}
