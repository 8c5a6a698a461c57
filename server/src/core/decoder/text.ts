import { BlockFields, nearestFields } from '../scanner/fields';
import { cleanMessage, cleanUrl, messageAfterCode } from '../scanner/messageText';
import { balancedObject } from './json';
import { fieldsFromObject } from './objectFields';
import type { RawFields } from './types';

const CODE = '([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)*)';

/** Where a shape names its code: group 1's offsets in the text. */
type CodeFinder = (text: string) => { code: string; start: number; end: number } | null;

function byPattern(pattern: RegExp): CodeFinder {
  return (text) => {
    const match = pattern.exec(text);
    const span = match?.indices?.[1];
    return match?.[1] && span ? { code: match[1], start: span[0], end: span[1] } : null;
  };
}

/**
 * A code written before a marker that must follow later on the same line, within `reach` characters
 * (`Error: CODE ... Response: {`). Read as two linear searches rather than one lazy pattern, which
 * would re-read the rest of the line from every start (a line of `Error: A Error: A ...`).
 */
function byPatternThenMarker(start: RegExp, marker: RegExp, reach: number): CodeFinder {
  return (text) => {
    const markers: number[] = [];
    for (const m of text.matchAll(marker)) markers.push(m.index);
    if (markers.length === 0) return null;
    let next = 0;
    let newline = -1;
    for (let at = 0; at < text.length;) {
      start.lastIndex = at;
      const match = start.exec(text);
      const span = match?.indices?.[1];
      if (!match || !span || !match[1]) return null;
      const after = match.index + match[0].length;
      while (next < markers.length && (markers[next] as number) < after) next++;
      if (newline !== Number.POSITIVE_INFINITY && newline < after) {
        const found = text.indexOf('\n', after);
        newline = found === -1 ? Number.POSITIVE_INFINITY : found;
      }
      const found = markers[next];
      if (found !== undefined && found - after <= reach && found <= newline) {
        return { code: match[1], start: span[0], end: span[1] };
      }
      at = match.index + 1; // starts may overlap, as in a single pattern
    }
    return null;
  };
}

/** Where each SDK and tool writes the error code, most specific first. */
const CODE_PATTERNS: ReadonlyArray<readonly [CodeFinder, string]> = [
  [byPattern(new RegExp(`SDK\\.ServerError\\s+ErrorCode:\\s*${CODE}`, 'd')), 'sdk-server-error'],
  [byPattern(new RegExp(`SDKError:\\s+(?:StatusCode:\\s*\\d+\\s+)?Code:\\s*${CODE}`, 'd')), 'tea-sdk-error'],
  [byPattern(new RegExp(`Aliyun API Error:[^]{0,300}?\\bCode:\\s*${CODE}`, 'd')), 'aliyungo'],
  [byPattern(new RegExp(`HTTP Status:\\s*\\d{3}\\s+Error:\\s?${CODE}`, 'd')), 'python-core'],
  [byPatternThenMarker(new RegExp(`(?:^|\\s)Error:\\s${CODE}\\s`, 'dg'), /\bResponse:\s*\{/g, 4000), 'python-tea'],
  // Not the last segment of a class name (`AlibabaCloud\\Tea\\Exception\\TeaError`, `com.aliyun.tea.TeaError`).
  [byPattern(new RegExp(`(?<![\\\\.])\\b${CODE}Error:\\s*code:\\s*\\d{3},`, 'd')), 'node-pop-core'],
  [byPattern(new RegExp(`(?<![\\\\.])\\b${CODE}:\\s*code:\\s*\\d{3},`, 'd')), 'tea-typescript'],
  [byPatternThenMarker(new RegExp(`(?:^|[\\s:])${CODE} : `, 'dg'), /\+ \[ RequestId : /g, 4000), 'dotnet-core'],
  [byPattern(new RegExp(`(?:^|[\\s:])${CODE} : \\S`, 'd')), 'java-core'],
  [byPattern(new RegExp(`\\bErrorCode\\s*[:=]\\s*${CODE}`, 'd')), 'error-code-field'],
  // Chinese logs and consoles: `错误码=X`, `错误代码：X`, and `Code：X` with a full-width colon.
  [
    byPattern(new RegExp(`(?:错误码|错误代码|錯誤碼|錯誤代碼|\\b(?:Error)?Code(?=\\s*：))\\s*[:=：]\\s*${CODE}`, 'd')),
    'labelled-code-field',
  ],
  [byPattern(new RegExp(`\\bCode:\\s*${CODE}`, 'd')), 'code-field'],
  [byPattern(new RegExp(`['"]Code['"]\\s*:\\s*u?['"]${CODE}['"]`, 'd')), 'dict'],
];

// The Tea message alone (Java and C# exceptions): `code: 404, The specified Key is not found. request id: X`.
// The message starts and ends with a non-space and stops where another Tea message starts (linear).
const TEA_MESSAGE =
  /\bcode:\s*(\d{3}),\s*(\S(?:[^\S\n]*(?!\bcode:\s*\d{3},)\S){0,1999}?)(?:[^\S\n]*,)?\s+request ?id:\s*([A-Za-z0-9-]+)?/i;

// The KMS instance SDK's C# exception: `Tea.TeaException: MESSAGE;requestId:X;httpCode:404;hostId:H`.
const INSTANCE_SUFFIX = /;requestId:[A-Za-z0-9-]+;httpCode:\d{3}\b/;
// Everything up to the first `Exception:` or `Error:` (the class name, however qualified).
const EXCEPTION_PREFIX = /^.*?(?:Exception|Error):\s*/;

/** The message of a KMS instance SDK exception, read back from its `;requestId:` suffix. */
function instanceMessage(text: string): { message: string; index: number } | null {
  const suffix = INSTANCE_SUFFIX.exec(text);
  if (!suffix) return null;
  const lineStart = text.lastIndexOf('\n', suffix.index - 1) + 1;
  const line = text.slice(Math.max(lineStart, suffix.index - 2000), suffix.index);
  const prefix = EXCEPTION_PREFIX.exec(line)?.[0].length ?? 0;
  const message = line.slice(prefix).trim();
  return message ? { message, index: suffix.index - line.length + prefix } : null;
}

const ESC = '\u001b';

/**
 * Removes ANSI colours and the box-drawing gutter Terraform draws in front of each line. Applied once
 * to a text: a second pass could join what is left of a broken escape into a code that the text never
 * showed (`ESC[` `ESC[0m` `m`).
 */
export function cleanTerminalText(text: string): string {
  return text
    .replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '')
    .replace(/^[ \t]*│[ \t]?/gm, '')
    .replace(/\s│\s/g, '\n');
}

/** Shapes that only SDK error text has; when one matches, a JSON object inside is its Data, not the body. */
export const SDK_TEXT_SHAPES = new Set([
  'sdk-server-error',
  'tea-sdk-error',
  'aliyungo',
  'python-core',
  'python-tea',
  'node-pop-core',
  'tea-typescript',
  'dotnet-core',
  'java-core',
]);

/**
 * Fields of SDK and tool error text: Go `SDK.ServerError` / `SDKError:` blocks (and the aliyun CLI
 * and Terraform output around them), Python, Java, .NET and Node core SDK strings, Tea messages.
 * `findCatalogCode` locates a catalog code when no known shape names one. `text` has been through
 * `cleanTerminalText` already.
 */
export function decodeText(
  text: string,
  findCatalogCode: (text: string) => { code: string; index: number } | null,
): RawFields | null {
  let code: string | null = null;
  let codeIndex = -1;
  let codeEnd = -1;
  let shape = 'text';
  for (const [find, name] of CODE_PATTERNS) {
    const found = find(text);
    // `com.aliyun.tea.TeaException: code: 404, ...` names the exception class, not an error code.
    // Nor does a field label before a Tea message (`Message: code: 404, ...` inside an SDKError block).
    if (found && !/^[a-z]|(?:Exception|Error)$|^(?:Message|Data|Description)$/.test(found.code)) {
      code = found.code;
      codeIndex = found.start;
      codeEnd = found.end;
      shape = name;
      break;
    }
  }
  if (!code) {
    const found = findCatalogCode(text);
    if (found) {
      code = found.code;
      codeIndex = found.index;
      codeEnd = found.index + found.code.length;
    }
  }
  const tea = TEA_MESSAGE.exec(text);
  const instance = tea ? null : instanceMessage(text);
  if (!code && !tea && !instance) return null;
  if (!code && (tea || instance)) codeIndex = tea?.index ?? instance?.index ?? 0;
  if (shape === 'text' && tea) shape = 'tea-message';
  if (shape === 'text' && instance) shape = 'kms-instance-message';

  const anchor = Math.max(0, codeIndex);
  const near = nearestFields(new BlockFields(text), anchor);
  let message = near.message?.text ?? (instance ? cleanMessage(instance.message) : null);
  if (code && codeEnd > 0) {
    const after = messageAfterCode(text, codeIndex, codeEnd);
    if (after && (message === null || shape === 'java-core' || shape === 'dotnet-core' || shape === 'python-core')) {
      message = cleanMessage(after) ?? message;
    }
  }
  const data = dataObject(text);
  const fields: RawFields = {
    code,
    message: message ?? data?.message ?? null,
    requestId: near.requestId?.value ?? data?.requestId ?? null,
    hostId: near.hostId ?? data?.hostId ?? null,
    recommend: near.recommend ?? (data?.recommend ? cleanUrl(data.recommend) : null),
    httpStatus: near.status ?? data?.httpStatus ?? null,
    api: near.api,
    fields: data?.fields ?? {},
    shape,
  };
  return fields;
}

/** The `Data: {...}` object of a Tea SDKError, when present and valid JSON. */
function dataObject(text: string) {
  const at = text.search(/\bData:\s*\{/);
  if (at < 0) return null;
  const json = balancedObject(text, text.indexOf('{', at));
  if (!json) return null;
  try {
    return fieldsFromObject(JSON.parse(json) as Record<string, unknown>);
  } catch {
    return null;
  }
}
