import type { Connection } from 'vscode-languageserver/node';
import type { ToClient } from './toClient';
import { DEFAULT_SETTINGS, type KmsSettings, type SeverityName } from '#shared/protocol';
import { parseDuration } from '../core/incidents/duration';
import { isKnownEncoding } from '../core/files/textDecoding';

const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];

/** `value` when it is an array of strings, else `fallback`. */
function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : fallback;
}

function severity(value: unknown, fallback: SeverityName): SeverityName {
  return SEVERITIES.includes(value as SeverityName) ? (value as SeverityName) : fallback;
}

/** Settings as the user wrote them (any shape), checked field by field; anything odd falls back to the default. */
function sanitizeSettings(raw: unknown): KmsSettings {
  const d = DEFAULT_SETTINGS;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const diag = r['diagnostics'] ?? {};
  const sev = diag.severity ?? {};
  const language = ['auto', 'en', 'zh-CN', 'zh-TW'].includes(r['language']) ? r['language'] : d.language;
  const max = Number(r['maxFileSizeMB']);
  const perFile = Number(diag.maxPerFile);
  const files = r['files'] ?? {};
  const ratio = typeof files.maxGzipRatio === 'number' ? files.maxGzipRatio : Number.NaN;
  return {
    diagnostics: {
      enable: typeof diag.enable === 'boolean' ? diag.enable : d.diagnostics.enable,
      files: stringList(diag.files, d.diagnostics.files),
      severity: {
        actionRequired: severity(sev.actionRequired, d.diagnostics.severity.actionRequired),
        transient: severity(sev.transient, d.diagnostics.severity.transient),
      },
      maxPerFile: Number.isInteger(perFile) && perFile >= 0 ? perFile : d.diagnostics.maxPerFile,
    },
    catalog: { paths: stringList(r['catalog']?.paths, d.catalog.paths) },
    language,
    maxFileSizeMB: Number.isFinite(max) && max > 0 ? max : d.maxFileSizeMB,
    inspect: {
      files: stringList(r['inspect']?.files, d.inspect.files),
      exclude: stringList(r['inspect']?.exclude, d.inspect.exclude),
    },
    timeline: {
      window:
        typeof r['timeline']?.window === 'string' && parseDuration(r['timeline'].window) !== null
          ? r['timeline'].window
          : d.timeline.window,
    },
    files: {
      encoding:
        typeof files.encoding === 'string' && isKnownEncoding(files.encoding) ? files.encoding : d.files.encoding,
      maxGzipRatio: Number.isFinite(ratio) && ratio >= 0 ? ratio : d.files.maxGzipRatio,
    },
  };
}

/**
 * The `kms` settings, read with workspace/configuration when the client supports it, else from the
 * initialization options and didChangeConfiguration. The settings are resource-scoped: a document's
 * are read with its URI as `scopeUri` (once per change notification, then shared by its requests);
 * the rest (language, catalogs) are read without a scope.
 */
export class SettingsStore {
  private current: Promise<KmsSettings>;
  private readonly perDocument = new Map<string, Promise<KmsSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly toClient: ToClient,
    private readonly pull: boolean,
    initial: unknown,
  ) {
    this.current = Promise.resolve(sanitizeSettings(initial));
  }

  /** The settings of a document (`uri`), or of the window. Never rejects. */
  get(uri?: string): Promise<KmsSettings> {
    if (!this.pull || uri === undefined) return this.current;
    let settings = this.perDocument.get(uri);
    if (!settings) {
      settings = this.read(uri);
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** A closed document's settings are read again if it opens again. */
  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  /** Re-reads the settings; `pushed` is the payload of didChangeConfiguration for clients without pull. */
  refresh(pushed?: unknown): Promise<KmsSettings> {
    if (this.pull) {
      this.perDocument.clear();
      this.current = this.read(undefined);
    } else if (pushed !== undefined) {
      this.current = Promise.resolve(sanitizeSettings((pushed as { kms?: unknown } | null)?.kms ?? pushed));
    }
    return this.current;
  }

  /** A client that refuses the request leaves the defaults in force (and a warning in its log). */
  private read(scopeUri: string | undefined): Promise<KmsSettings> {
    const item = scopeUri === undefined ? { section: 'kms' } : { scopeUri, section: 'kms' };
    return this.toClient
      .settle('workspace/configuration', this.connection.workspace.getConfiguration(item), undefined)
      .then(sanitizeSettings);
  }
}
