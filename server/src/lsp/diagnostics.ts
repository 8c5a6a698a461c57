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
import { diagnosticHead, diagnosticMessage } from '../core/format/explanation';
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
  private readonly messages = new Map<string, { head: string; meaning: string }>();
  private readonly links = new Map<string, string>();

  constructor(
    readonly catalog: Catalog,
    readonly locale: Locale,
  ) {}

  /**
   * `Code (status), RequestId X: meaning`: one line, and the RequestId tells apart the problems of
   * one code (the Problems view lists them one under another).
   */
  message(entry: CatalogEntry, requestId: string | null): string {
    let text = this.messages.get(entry.code);
    if (text === undefined) {
      const full = diagnosticMessage(entry, this.locale);
      const head = diagnosticHead(entry);
      text = { head, meaning: full.slice(head.length) };
      this.messages.set(entry.code, text);
    }
    return requestId ? `${text.head}, RequestId ${requestId}${text.meaning}` : `${text.head}${text.meaning}`;
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

/** The findings of a log sent as diagnostics, with the rest past the limit counted. */
interface Selection {
  shown: Candidate[];
  hidden: number;
  firstHidden: Candidate | undefined;
  limit: number;
  /** The findings of `shown`, for a hover's question. */
  findings: ReadonlySet<Finding>;
}

// The last selection of each document: a hover asks for it as often as the mouse moves. The index
// replaces its list of findings whenever they change (an edit, a rescan in the background): the
// list, and its length while a rebuild fills it, say whether the selection still holds.
const selections = new WeakMap<
  DocumentState,
  { findings: readonly Finding[]; count: number; settings: KmsSettings; catalog: Catalog; selection: Selection }
>();

/**
 * Which findings of a log become diagnostics: its KMS errors whose severity is not `off`, at most
 * kms.diagnostics.maxPerFile of them, errors first. The one place that decides it, for the
 * diagnostics and for the hover (which leaves out what a diagnostic already says).
 */
function select(state: DocumentState, settings: KmsSettings, catalog: Catalog): Selection {
  const found = state.index.all();
  const held = selections.get(state);
  if (
    held &&
    held.findings === found &&
    held.count === found.length &&
    held.settings === settings &&
    held.catalog === catalog
  )
    return held.selection;
  const candidates: Candidate[] = [];
  for (const finding of found) {
    if (!isKmsError(finding)) continue;
    const entry = catalog.lookup(finding.code)?.entry;
    if (!entry) continue;
    const level = settings.diagnostics.severity[severityClass(entry, finding.record)];
    if (level !== 'off') candidates.push({ finding, entry, severity: SEVERITY[level] });
  }
  // Past the limit, one slot goes to a note saying how many are left out (as VS Code does past its own).
  const limit = settings.diagnostics.maxPerFile || Number.POSITIVE_INFINITY;
  const keep = candidates.length > limit ? limit - 1 : limit;
  const limited = limitBySeverity(candidates, keep, (c) => c.severity);
  const selection = { ...limited, limit, findings: new Set(limited.shown.map((c) => c.finding)) };
  selections.set(state, { findings: found, count: found.length, settings, catalog, selection });
  return selection;
}

/** True when the finding is sent as a diagnostic, whose message already says what its code means. */
export async function hasDiagnostic(state: DocumentState, finding: Finding, context: ServerContext): Promise<boolean> {
  const settings = await context.settings(state.doc.uri);
  const { doc } = state;
  if (!settings.diagnostics.enable || isTooLarge(state, settings)) return false;
  if (!isLogDocument(doc.uri, doc.languageId, settings)) return false;
  return select(state, settings, context.catalog()).findings.has(finding);
}

/**
 * The diagnostics of a document: every KMS error in a log (up to kms.diagnostics.maxPerFile), or
 * misspelled codes in the string literals of source code. Rich text belongs in the hover; messages
 * stay one line.
 */
export async function computeDiagnostics(state: DocumentState, context: ServerContext): Promise<Diagnostic[]> {
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
  const { shown, hidden, firstHidden, limit } = select(state, settings, catalog);
  // The record's other mentions of its code (a Data body, a Recommend URL) are no problems of their
  // own, nor rows under every problem: their hover is the record's.
  const diagnostics: Diagnostic[] = shown.map(({ finding, entry, severity }) => {
    const message = cache.message(entry, finding.record.requestId);
    return {
      range: finding.range,
      severity,
      source: SOURCE,
      code: finding.code,
      codeDescription: { href: cache.link(finding.code, finding.record.requestId) },
      message:
        finding.confidence === 'inferred'
          ? `${message} (${strings(locale).inferredFinding(finding.record.message ?? '')})`
          : message,
    };
  });
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
