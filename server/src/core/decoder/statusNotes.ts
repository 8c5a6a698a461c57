import type { Locale } from '../catalog/types';

/**
 * Statuses that come without any code and still have one documented meaning. The KMS instance API
 * answers a request body over 3 MB with a bare HTTP 413: no code, no message, nothing to look up.
 */
export type StatusNote = 'instance-body-too-large';

/** The shape of a decoded text that is only such a status. */
export const STATUS_NOTE_SHAPE = 'bare-status';

// A KMS instance endpoint (`kst-hzz65f1...cryptoservice.kms.aliyuncs.com`) or an instance id / SDK name.
const INSTANCE_ENDPOINT = /cryptoservice\.kms\.aliyuncs\.com|\bkst-[a-z]{3}[a-z0-9]{8,}|\bdkms(?:[-_]gcs)?\b/i;
// 413 as a status: `HTTP/1.1 413`, `StatusCode: 413`, `code: 413,`, `httpCode:413`, `413 Request Entity Too Large`.
const STATUS_413 =
  /(?:\bHTTP\/\d(?:\.\d)?\s+|\b(?:status|statusCode|status code|httpCode|httpStatus|code)["']?\s*[:=]\s*["']?)413\b|\b413\s+(?:Request Entity Too Large|Payload Too Large|Content Too Large)\b/i;

/** The note for a status without a code, when the text shows one that has a documented meaning. */
export function statusNoteFor(text: string, httpStatus: number | null): StatusNote | null {
  const is413 = httpStatus === 413 || (httpStatus === null && STATUS_413.test(text));
  return is413 && INSTANCE_ENDPOINT.test(text) ? 'instance-body-too-large' : null;
}

export const STATUS_NOTES: Record<
  StatusNote,
  Record<Locale, { title: string; description: string; remediation: string[] }>
> = {
  'instance-body-too-large': {
    en: {
      title: 'Request body too large for the KMS instance',
      description:
        'A KMS instance endpoint answers HTTP 413 without an error code when the request body is over 3 MB. The data itself is too large for one call.',
      remediation: [
        'Keep the plaintext of symmetric Encrypt and Decrypt calls at or under 6 KB and of asymmetric ones at or under 1 KB.',
        'For larger data, use envelope encryption: GenerateDataKey, encrypt the data locally with the data key, store the encrypted data key beside it.',
        'To sign large data, hash it yourself and sign the digest (MessageType DIGEST) instead of sending the message.',
        'Do not retry the same request: it fails until the body is smaller.',
      ],
    },
    'zh-CN': {
      title: '请求体超出 KMS 实例的限制',
      description: '请求体超过 3 MB 时，KMS 实例 Endpoint 返回不带错误码的 HTTP 413：单次调用的数据过大。',
      remediation: [
        '对称加密 Encrypt、Decrypt 的明文不超过 6 KB，非对称加密的明文不超过 1 KB。',
        '数据较大时使用信封加密：调用 GenerateDataKey，用数据密钥在本地加密数据，并将加密后的数据密钥与数据一同保存。',
        '对大数据签名时，先在本地计算摘要，再对摘要签名（MessageType 为 DIGEST），不要发送原文。',
        '不要原样重试：请求体变小之前会一直失败。',
      ],
    },
    'zh-TW': {
      title: '請求本文超出 KMS 執行個體的限制',
      description: '請求本文超過 3 MB 時，KMS 執行個體 Endpoint 傳回不帶錯誤碼的 HTTP 413：單次呼叫的資料過大。',
      remediation: [
        '對稱加密 Encrypt、Decrypt 的明文不超過 6 KB，非對稱加密的明文不超過 1 KB。',
        '資料較大時使用信封加密：呼叫 GenerateDataKey，以資料金鑰在本機加密資料，並將加密後的資料金鑰與資料一併保存。',
        '對大量資料簽章時，先在本機計算摘要，再對摘要簽章（MessageType 為 DIGEST），不要傳送原文。',
        '請勿原樣重試：請求本文變小之前會持續失敗。',
      ],
    },
  },
};
