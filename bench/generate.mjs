// Writes a deterministic mixed log of roughly the requested size: ordinary service lines with KMS
// errors in every textual shape (SDK.ServerError, SDKError, Tea, core SDKs, XML/JSON bodies,
// JSON-in-JSON, Terraform with ANSI colours), generic codes of other products, and decoys.
// `errorShare` is the share of entries that are not ordinary lines: DENSE (4.5 %, the default, the
// log every benchmark has used: 60,043 findings in 200 MB) or MIXED (1 %, errors rarer). The same
// seed and share always give the same bytes.
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODES = [
  ['Forbidden.KeyNotFound', 404, 'The specified Key is not found.'],
  ['Rejected.Disabled', 409, 'The request was rejected because the key state is Disabled.'],
  ['Rejected.PendingDeletion', 409, 'The request was rejected because the key state is PendingDeletion.'],
  ['Rejected.Throttling', 429, 'QPS Limit Exceeded'],
  ['Forbidden.NoPermission', 403, 'This operation is forbidden by permission system.'],
  ['Forbidden.ResourceNotFound', 404, 'Resource not found'],
  ['InternalFailure', 500, 'Internal Failure.'],
  ['ServiceUnavailableTemporary', 503, 'Service Unavailable Temporary.'],
  ['Forbidden.AliasNotFound', 404, 'The specified Alias is not found.'],
  ['InvalidParameter', 400, 'The specified parameter "KeyId" is not valid.'],
];
const WORDS =
  'request handled user order cache refresh token session upstream latency ok queue worker batch sync secret config reload'.split(
    ' ',
  );

/** Share of entries that are errors, other products' errors or decoys. */
export const DENSE = 0.045;
export const MIXED = 0.01;

export function* logLines(rand, start = Date.UTC(2026, 10, 20, 8), errorShare = DENSE) {
  let time = start;
  const uuid = () =>
    [8, 4, 4, 4, 12]
      .map((n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join(''))
      .join('-');
  const ts = () => new Date((time += Math.floor(rand() * 900))).toISOString();
  for (;;) {
    const drawn = rand();
    // Other shares map their error entries onto the dense log's mix of shapes; DENSE keeps its bytes.
    const r =
      errorShare === DENSE || drawn < 1 - errorShare
        ? errorShare === DENSE
          ? drawn
          : 0
        : 1 - DENSE + ((drawn - (1 - errorShare)) * DENSE) / errorShare;
    const [code, status, message] = CODES[Math.floor(rand() * CODES.length)];
    const rid = rand() < 0.5 ? uuid() : uuid().toUpperCase();
    if (r < 0.955) {
      const words = Array.from(
        { length: 6 + Math.floor(rand() * 14) },
        () => WORDS[Math.floor(rand() * WORDS.length)],
      ).join(' ');
      yield `${ts()} INFO  [svc-${Math.floor(rand() * 9)}] ${words} took=${Math.floor(rand() * 900)}ms id=${uuid()}`;
    } else if (r < 0.962) {
      yield `${ts()} ERROR decrypt failed: SDK.ServerError\nErrorCode: ${code}\nRecommend: https://api.aliyun.com/troubleshoot?q=${code}&product=Kms&requestId=${rid}\nRequestId: ${rid}\nMessage: ${message}`;
    } else if (r < 0.969) {
      yield `${ts()} ERROR kms call failed: SDKError:\n   StatusCode: ${status}\n   Code: ${code}\n   Message: code: ${status}, ${message} request id: ${rid}\n   Data: {"Code":"${code}","HostId":"kms.cn-hangzhou.aliyuncs.com","Message":"${message.replace(/"/g, '\\"')}","RequestId":"${rid}"}`;
    } else if (r < 0.975) {
      yield `{"ts":${Math.floor(time / 1000)}.${Math.floor(rand() * 1000)},"level":"error","msg":"failed to get secret value from kms","error":"SDK.ServerError\\nErrorCode: ${code}\\nRecommend: \\nRequestId: ${rid}\\nMessage: ${message.replace(/"/g, '\\\\\\"')}"}`;
    } else if (r < 0.98) {
      yield `${ts()} WARN  aliyunsdkcore.acs_exception.exceptions.ServerException: HTTP Status: ${status} Error:${code} ${message} RequestID: ${rid}`;
    } else if (r < 0.985) {
      yield `${ts()} ERROR com.aliyuncs.exceptions.ClientException: ${code} : ${message}\r\nRequestId : ${rid}\n\tat com.aliyuncs.DefaultAcsClient.parseAcsResponse(DefaultAcsClient.java:190)`;
    } else if (r < 0.989) {
      yield `${ts()} ERROR response body: <Error><RequestId>${rid}</RequestId><HostId>kms.cn-shanghai.aliyuncs.com</HostId><Code>${code}</Code><Message>${message}</Message></Error>`;
    } else if (r < 0.992) {
      yield `\u001b[31m│\u001b[0m \u001b[1m\u001b[31mError: \u001b[0m[ERROR] terraform-provider-alicloud/alicloud/resource_alicloud_kms_key.go:168: Resource alicloud_kms_key CreateKey Failed!!! [SDK alibaba-cloud-sdk-go ERROR]:\n\u001b[31m│\u001b[0m SDKError:\n\u001b[31m│\u001b[0m    Code: ${code}\n\u001b[31m│\u001b[0m    Message: code: ${status}, ${message} request id: ${rid}`;
    } else if (r < 0.995) {
      yield `${ts()} ERROR dns update failed: {"RequestId":"${rid}","HostId":"alidns.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}`;
    } else {
      yield `${ts()} DEBUG checkbox ChkRejected.Disabled toggled; ForbiddenKeyNotFoundException mapped; rejected.pendingDeletionId=7`;
    }
  }
}

/** Writes about `bytes` of log to `file`; resolves when flushed. */
export function writeLog(file, bytes, seed = 42, errorShare = DENSE) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    const lines = logLines(mulberry32(seed), undefined, errorShare);
    let written = 0;
    const pump = () => {
      while (written < bytes) {
        let chunk = '';
        while (chunk.length < 1 << 16) chunk += `${lines.next().value}\n`;
        written += Buffer.byteLength(chunk);
        if (!out.write(chunk)) return out.once('drain', pump);
      }
      out.end(resolve);
    };
    out.on('error', reject);
    pump();
  });
}

/** The workspace benchmarks' folder: 200 logs of 5 MB (1 GB) in 4 folders of 50, dense, one seed per file. */
export const WORKSPACE = { parts: 4, filesPerPart: 50, fileBytes: 5 * 1024 * 1024 };

export function workspaceFile(dir, part, i) {
  return path.join(dir, `part-${part}`, `service-${String(i).padStart(2, '0')}.log`);
}

/** Writes the files of the workspace folder that are missing or short; resolves to its total size. */
export async function writeWorkspace(dir) {
  let generated = 0;
  let total = 0;
  for (let part = 0; part < WORKSPACE.parts; part++) {
    mkdirSync(path.join(dir, `part-${part}`), { recursive: true });
    for (let i = 0; i < WORKSPACE.filesPerPart; i++) {
      const file = workspaceFile(dir, part, i);
      if (!existsSync(file) || statSync(file).size < WORKSPACE.fileBytes) {
        if (generated++ === 0) console.error(`generating ${dir} (200 files of 5 MB)...`);
        await writeLog(file, WORKSPACE.fileBytes, 1000 + part * WORKSPACE.filesPerPart + i);
      }
      total += statSync(file).size;
    }
  }
  return total;
}

/** Line `i` of the one-line logs: every other file holds one KMS error with its RequestId. */
export const ONE_LINE_ERROR = (i) =>
  i % 2
    ? `2026-11-20T08:00:00Z INFO request ok id=${i}\n`
    : `2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D-87BC-AC0491${String(i).padStart(6, '0')}\n`;

export const ONE_LINE_QUIET = (i) => `2026-11-20T08:00:00Z INFO request ok id=${i}\n`;

/**
 * A folder of `count` one-line logs in 100 subfolders (long names, as rotated logs have), written once:
 * a `.complete` marker says the folder is whole. The .gitignore is written, or removed when null.
 */
export function writeOneLineLogs(dir, count, gitignore = null, line = ONE_LINE_ERROR) {
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    console.error(`generating ${path.basename(dir)} (${count} one-line logs)...`);
    for (let i = 0; i < count; i++) {
      const sub = path.join(dir, `part-${String(i % 100).padStart(2, '0')}`);
      if (i < 100) mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `${'a'.repeat(60)}-${String(i).padStart(5, '0')}.log`), line(i));
    }
    writeFileSync(marker, '');
  }
  if (gitignore === null) rmSync(path.join(dir, '.gitignore'), { force: true });
  else writeFileSync(path.join(dir, '.gitignore'), gitignore);
  return dir;
}
