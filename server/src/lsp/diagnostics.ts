import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { DiagnosticCodes, type KmsSettings, type MoreNotShownData, type SeverityName } from '#shared/protocol';
import { findTypos } from '../core/code/typos';
import { diagnosticMessage } from '../core/format/explanation';
import { troubleshootUrl } from '../core/format/links';
import { severityClass } from '../core/format/severity';
import { strings } from '../core/format/strings';
import type { ServerContext } from './context';
import type { Catalog } from '../core/catalog/catalog';
import type { CatalogEntry, Locale } from '../core/catalog/types';
import type { DocumentState } from './documents';
import { isLogDocument } from './logDocuments';
import { limitBySeverity } from './diagnosticLimit';
import { fileName } from './uris';
import { describe, type ToClient } from './toClient';
import { checkedBy, handler } from './handler';
import { uriProblem } from './params';
import { isKmsError, type Finding } from '../core/scanner/types';

export const SOURCE = 'kms';

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface Candidate {
  finding: Finding;
  entry: CatalogEntry;
  severity: DiagnosticSeverity;
}

/** Data on a typo diagnostic, for its quick fix. */
export interface TypoData {
  replacement: string;
}

/** Documents larger than `kms.maxFileSizeMB` get no diagnostics. */
export function isTooLarge(state: DocumentState, settings: KmsSettings): boolean {
  return state.doc.length > settings.maxFileSizeMB * 1024 * 1024;
}

/**
 * Messages and links repeat across thousands of findings of a large log; each distinct one is built
 * once per catalog and language.
 */
class DiagnosticTexts {
  private readonly messages = new Map<string, string>();
  private readonly links = new Map<string, string>();

  constructor(
    readonly catalog: Catalog,
    readonly locale: Locale,
  ) {}

  message(entry: CatalogEntry): string {
    let text = this.messages.get(entry.code);
    if (text === undefined) {
      text = diagnosticMessage(entry, this.locale);
      this.messages.set(entry.code, text);
    }
    return text;
  }

  link(code: string, requestId: string | null): string {
    const key = `${code} ${requestId ?? ''}`;
    let url = this.links.get(key);
    if (url === undefined) {
      url = troubleshootUrl(code, requestId, this.locale);
      if (this.links.size > 100_000) this.links.clear();
      this.links.set(key, url);
    }
    return url;
  }
}

let texts: DiagnosticTexts | undefined;

function diagnosticTexts(catalog: Catalog, locale: Locale): DiagnosticTexts {
  if (!texts || texts.catalog !== catalog || texts.locale !== locale) texts = new DiagnosticTexts(catalog, locale);
  return texts;
}

/**
 * The diagnostics of a document: every high-confidence finding in a log (up to kms.diagnostics.maxPerFile),
 * or misspelled codes in the string literals of source code. Rich text belongs in the hover; messages
 * stay one line.
 */
async function computeDiagnostics(state: DocumentState, context: ServerContext): Promise<Diagnostic[]> {
  const settings = await context.settings(state.doc.uri);
  if (!settings.diagnostics.enable || isTooLarge(state, settings)) return [];
  const locale = await context.locale();
  const catalog = context.catalog();
  const { doc } = state;
  if (!isLogDocument(doc.uri, doc.languageId, settings)) {
    const s = strings(locale);
    return findTypos(doc.getText(), catalog).map((typo) => ({
      range: { start: doc.positionAt(typo.start), end: doc.positionAt(typo.end) },
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      code: DiagnosticCodes.unknownCode,
      message: s.unknownCode(typo.token, typo.suggestion.code),
      data: { replacement: typo.suggestion.code } satisfies TypoData,
    }));
  }
  // Findings arrive in order while a large log is still being indexed: those present are final.
  const cache = diagnosticTexts(catalog, locale);
  const candidates: Candidate[] = [];
  for (const finding of state.index.all()) {
    if (!isKmsError(finding)) continue;
    const entry = catalog.lookup(finding.code)?.entry;
    if (!entry) continue;
    const level = settings.diagnostics.severity[severityClass(entry, finding.record)];
    if (level !== 'off') candidates.push({ finding, entry, severity: SEVERITY[level] });
  }
  // Past the limit, one slot goes to a note saying how many are left out (as VS Code does past its own).
  const limit = settings.diagnostics.maxPerFile || Number.POSITIVE_INFINITY;
  const keep = candidates.length > limit ? limit - 1 : limit;
  const { shown, hidden, firstHidden } = limitBySeverity(candidates, keep, (c) => c.severity);
  const related = context.relatedInformation();
  const sameRecord = strings(locale).sameRecord;
  const diagnostics: Diagnostic[] = shown.map(({ finding, entry, severity }) => ({
    range: finding.range,
    severity,
    source: SOURCE,
    code: finding.code,
    codeDescription: { href: cache.link(finding.code, finding.record.requestId) },
    message:
      finding.confidence === 'inferred'
        ? `${cache.message(entry)} (${strings(locale).inferredFinding(finding.record.message ?? '')})`
        : cache.message(entry),
    // The record's other mentions of its code (Data body, Recommend URL), only for clients that take them.
    ...(related && finding.related
      ? {
          relatedInformation: finding.related.map((range) => ({
            location: { uri: doc.uri, range },
            message: sameRecord,
          })),
        }
      : {}),
  }));
  if (firstHidden) {
    diagnostics.push({
      range: firstHidden.finding.range,
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      code: DiagnosticCodes.moreNotShown,
      message: strings(locale).moreNotShown(hidden, limit),
      data: { hidden } satisfies MoreNotShownData,
    });
  }
  return diagnostics;
}

/**
 * Serves diagnostics by pull (LSP 3.17) when the client supports it with refresh, else pushes them
 * after changes. Pull results carry a result id so an unchanged document costs nothing to ask again.
 */
export class DiagnosticsProvider {
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  private readonly tooLargeNotified = new Set<string>();
  /** Documents whose diagnostics went out while they were still being indexed. */
  private readonly partial = new Set<string>();
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly toClient: ToClient,
    private readonly context: ServerContext,
    private readonly pull: boolean,
  ) {}

  listen(): void {
    if (!this.pull) return;
    const checkParams = checkedBy<DocumentDiagnosticParams>(uriProblem);
    this.connection.languages.diagnostics.on(
      handler(this.connection, 'diagnostic', checkParams, (params, token) => this.report(params, token)),
    );
  }

  /** The pull diagnostics of a document: unchanged since `previousResultId`, or all of them found so far. */
  private async report(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    const state = this.context.documents.get(uri);
    if (!state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const complete = state.index.complete;
    const resultId = `${this.generation}:${state.doc.version}:${complete ? 'all' : state.index.all().length}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    // A large log still being indexed gets what is found so far, then a refresh when indexing ends;
    // marked before the wait below, during which the indexing may end.
    if (!complete) this.partial.add(uri);
    const items = await computeDiagnostics(state, this.context);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    this.noticeTooLarge(state);
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }

  /** A document changed, finished indexing (`complete`), or has more findings while being indexed. */
  changed(uri: string, complete = true): void {
    if (this.pull) {
      if (complete && this.partial.delete(uri)) this.refresh();
      return;
    }
    if (!complete) {
      // A large log still being indexed: its first findings at once, all of them when indexing ends.
      if (!this.partial.has(uri)) {
        this.partial.add(uri);
        this.push(uri);
      }
      return;
    }
    this.partial.delete(uri);
    clearTimeout(this.pushTimers.get(uri));
    this.pushTimers.set(
      uri,
      setTimeout(() => this.push(uri), 150),
    );
  }

  /** Settings or catalogs changed: every document's diagnostics may differ. */
  refreshAll(): void {
    this.generation++;
    if (this.pull) this.refresh();
    // A document still being indexed gets the new settings with its next push.
    else for (const state of this.context.documents.all()) this.changed(state.doc.uri, state.index.complete);
  }

  closed(uri: string): void {
    clearTimeout(this.pushTimers.get(uri));
    this.partial.delete(uri);
    this.tooLargeNotified.delete(uri);
    if (!this.pull)
      this.toClient.send('textDocument/publishDiagnostics', this.connection.sendDiagnostics({ uri, diagnostics: [] }));
  }

  /** Only sent in pull mode, which the client chose only with refresh support. */
  private refresh(): void {
    this.toClient.send('workspace/diagnostic/refresh', this.connection.languages.diagnostics.refresh());
  }

  private push(uri: string): void {
    this.pushNow(uri).catch((error: unknown) =>
      this.toClient.error(`diagnostics of ${uri} failed: ${(error as Error).stack ?? describe(error)}`),
    );
  }

  private async pushNow(uri: string): Promise<void> {
    const state = this.context.documents.get(uri);
    if (!state) return;
    const diagnostics = await computeDiagnostics(state, this.context);
    if (this.context.documents.get(uri) !== state) return;
    this.noticeTooLarge(state);
    await this.toClient.settle(
      'textDocument/publishDiagnostics',
      this.connection.sendDiagnostics({ uri, version: state.doc.version, diagnostics }),
      undefined,
    );
  }

  private noticeTooLarge(state: DocumentState): void {
    this.noticeTooLargeNow(state).catch((error: unknown) =>
      this.toClient.error(`size notice failed: ${describe(error)}`),
    );
  }

  /** Says once per document why a large file has no diagnostics. */
  private async noticeTooLargeNow(state: DocumentState): Promise<void> {
    const settings = await this.context.settings(state.doc.uri);
    if (!settings.diagnostics.enable || !isTooLarge(state, settings) || this.tooLargeNotified.has(state.doc.uri))
      return;
    this.tooLargeNotified.add(state.doc.uri);
    const name = fileName(state.doc.uri);
    const sizeMB = Math.round(state.doc.length / 1024 / 1024);
    const s = strings(await this.context.locale());
    this.toClient.show('info', s.tooLarge(name, sizeMB, settings.maxFileSizeMB));
  }
}
