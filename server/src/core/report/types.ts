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

export function summarize(files: number, findings: readonly FileFinding[]): ScanSummary {
  const byCode: Record<string, number> = {};
  for (const { finding } of findings) byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
  return { files, findings: findings.length, byCode };
}
