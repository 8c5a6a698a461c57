import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, type KmsSettings, type SeverityName } from '#shared/protocol';

const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];

/** `value` when it is an array of strings, else `fallback`. */
function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : fallback;
}

function severity(value: unknown, fallback: SeverityName): SeverityName {
  return SEVERITIES.includes(value as SeverityName) ? (value as SeverityName) : fallback;
}

/** Settings as the user wrote them (any shape), checked field by field; anything odd falls back to the default. */
export function sanitizeSettings(raw: unknown): KmsSettings {
  const d = DEFAULT_SETTINGS;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const diag = r['diagnostics'] ?? {};
  const sev = diag.severity ?? {};
  const language = ['auto', 'en', 'zh-CN', 'zh-TW'].includes(r['language']) ? r['language'] : d.language;
  const max = Number(r['maxFileSizeMB']);
  const perFile = Number(diag.maxPerFile);
  return {
    diagnostics: {
      enable: typeof diag.enable === 'boolean' ? diag.enable : d.diagnostics.enable,
      files: stringList(diag.files, d.diagnostics.files),
      severity: {
        server: severity(sev.server, d.diagnostics.severity.server),
        throttling: severity(sev.throttling, d.diagnostics.severity.throttling),
        client: severity(sev.client, d.diagnostics.severity.client),
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
  };
}

/**
 * The `kms` settings, read with workspace/configuration when the client supports it (one read per
 * change notification, shared by every document), else from the initialization options.
 */
export class SettingsStore {
  private current: Promise<KmsSettings>;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    initial: unknown,
  ) {
    this.current = Promise.resolve(sanitizeSettings(initial));
  }

  get(): Promise<KmsSettings> {
    return this.current;
  }

  /** Re-reads the settings; `pushed` is the payload of didChangeConfiguration for clients without pull. */
  refresh(pushed?: unknown): Promise<KmsSettings> {
    if (this.pull) {
      this.current = this.connection.workspace
        .getConfiguration({ section: 'kms' })
        .then(sanitizeSettings, () => sanitizeSettings(undefined));
    } else if (pushed !== undefined) {
      this.current = Promise.resolve(sanitizeSettings((pushed as { kms?: unknown })?.kms ?? pushed));
    }
    return this.current;
  }
}
