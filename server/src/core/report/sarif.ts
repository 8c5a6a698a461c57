import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { hasEscapedBytes } from '../files/fsNames';
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { hasDiagnosis } from '../diagnosis/diagnose';
import { diagnosticMessage } from '../format/explanation';
import { statusText } from '../format/http';
import { documentationUrl } from '../format/links';
import { severityClass } from '../format/severity';
import type { FileFinding } from './types';

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** Errors need someone to act; transient faults the SDK retries are warnings unless the retries ran out. */
function level(entry: CatalogEntry, record: { retriesExhausted?: boolean } | null = null): Result.level {
  return severityClass(entry, record) === 'transient' ? 'warning' : 'error';
}

function rule(entry: CatalogEntry): ReportingDescriptor {
  const text = entry.text.en;
  const steps = text.remediation.map((step, i) => `${i + 1}. ${step}`).join('\n');
  return {
    id: entry.code,
    name: entry.code.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: `${entry.code}${entry.httpStatus ? ` (${statusText(entry.httpStatus)})` : ''}` },
    fullDescription: { text: text.description },
    helpUri: documentationUrl(entry, 'en'),
    help: { text: `${text.description}\n\n${steps}` },
    defaultConfiguration: { level: level(entry) },
    properties: { tags: ['kms', entry.category], ...(entry.httpStatus ? { httpStatus: entry.httpStatus } : {}) },
  };
}

/**
 * Where a finding is: a URI relative to the source root (`%SRCROOT%`, the directory the scan ran in),
 * as GitHub code scanning expects; files outside it get an absolute file URI.
 */
function artifactLocation(path: string, baseDir: string): ArtifactLocation {
  const relative = nodePath.isAbsolute(path) ? nodePath.relative(baseDir, path) : path;
  if (relative.startsWith('..') || nodePath.isAbsolute(relative)) {
    if (!hasEscapedBytes(path)) return { uri: pathToFileURL(path).href };
    return { uri: `file://${path.replace(/\\/g, '/').split('/').map(uriSegment).join('/')}` };
  }
  const uri = relative.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(uriSegment).join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}

/** A path segment in a URI; a byte of a name that is not UTF-8 (see fsNames.ts) is written as that byte. */
function uriSegment(segment: string): string {
  if (!hasEscapedBytes(segment)) return encodeURIComponent(segment);
  let uri = '';
  for (const char of segment) {
    const code = char.charCodeAt(0);
    uri +=
      char.length === 1 && code >= 0xdc80 && code <= 0xdcff
        ? `%${(code - 0xdc00).toString(16).toUpperCase()}`
        : encodeURIComponent(char);
  }
  return uri;
}

/**
 * A file or folder that was not scanned, as a tool execution notification of the run: where, and why
 * (`error` when it could not be read, `warning` for a binary file left out).
 */
export function sarifNotification(
  path: string,
  message: string,
  level: 'error' | 'warning',
  baseDir: string,
): Notification {
  return {
    level,
    message: { text: `${path}: ${message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(path, baseDir) } }],
  };
}

/**
 * One finding's SARIF result, given the index of its code's rule; null for a code the catalog does
 * not know. Pure, so a worker thread can write results that the report numbers later.
 */
export function sarifResult(
  { path, finding, diagnosis }: FileFinding,
  catalog: Catalog,
  baseDir: string,
  ruleIndex: number,
): Result | null {
  const entry = catalog.lookup(finding.code)?.entry;
  if (!entry) return null;
  const { start, end } = finding.range;
  const requestId = finding.record.requestId ? ` RequestId: ${finding.record.requestId}` : '';
  return {
    ruleId: entry.code,
    ruleIndex,
    level: level(entry, finding.record),
    message: { text: diagnosticMessage(entry, 'en') + requestId },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(path, baseDir),
          region: {
            startLine: start.line + 1,
            startColumn: start.character + 1,
            endLine: end.line + 1,
            endColumn: end.character + 1,
          },
        },
      },
    ],
    ...(finding.related
      ? {
          relatedLocations: finding.related.map((range, id) => ({
            id,
            message: { text: 'The same error record states this code here too.' },
            physicalLocation: {
              artifactLocation: artifactLocation(path, baseDir),
              region: {
                startLine: range.start.line + 1,
                startColumn: range.start.character + 1,
                endLine: range.end.line + 1,
                endColumn: range.end.character + 1,
              },
            },
          })),
        }
      : {}),
    properties: {
      confidence: finding.confidence,
      token: finding.token,
      ...(finding.confidence === 'inferred' ? { inferredFrom: finding.record.message } : {}),
      // Likely causes and the fixes to copy (RAM policy, aliyun command, console link, retry settings).
      ...(diagnosis && hasDiagnosis(diagnosis) ? { causes: diagnosis.causes, fixes: diagnosis.fixes } : {}),
    },
  };
}

/**
 * Numbers SARIF rules as codes first appear in a report, so a caller can stream results and write
 * the rules at the end.
 */
export class SarifBuilder {
  readonly rules: ReportingDescriptor[] = [];
  private readonly ruleIndex = new Map<string, number>();

  /** The index of the entry's rule, added when its code first appears. */
  ruleIndexOf(entry: CatalogEntry): number {
    let index = this.ruleIndex.get(entry.code);
    if (index === undefined) {
      index = this.rules.length;
      this.ruleIndex.set(entry.code, index);
      this.rules.push(rule(entry));
    }
    return index;
  }

  /** The log around `results`; columns count UTF-16 code units, as the scanner's ranges do. */
  log(tool: SarifTool, results: Result[]): Log {
    return {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { ...tool, semanticVersion: tool.version, rules: this.rules } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    };
  }
}
