import type { Locale } from '../catalog/types';

/** Human names of the shapes the decoder recognises (its ids, such as `pop-xml`, stay internal). */
const NAMES: Record<string, Record<Locale, string>> = {
  'kms-xml': { en: 'KMS XML response', 'zh-CN': 'KMS XML 响应', 'zh-TW': 'KMS XML 回應' },
  'pop-xml': { en: 'XML error response', 'zh-CN': 'XML 错误响应', 'zh-TW': 'XML 錯誤回應' },
  xml: { en: 'XML body', 'zh-CN': 'XML 正文', 'zh-TW': 'XML 本文' },
  json: { en: 'JSON response', 'zh-CN': 'JSON 响应', 'zh-TW': 'JSON 回應' },
  'sdk-server-error': {
    en: 'Go SDK error (SDK.ServerError)',
    'zh-CN': 'Go SDK 错误（SDK.ServerError）',
    'zh-TW': 'Go SDK 錯誤（SDK.ServerError）',
  },
  'tea-sdk-error': {
    en: 'Tea SDK error (SDKError)',
    'zh-CN': 'Tea SDK 错误（SDKError）',
    'zh-TW': 'Tea SDK 錯誤（SDKError）',
  },
  aliyungo: { en: 'aliyungo error', 'zh-CN': 'aliyungo 错误', 'zh-TW': 'aliyungo 錯誤' },
  'python-core': { en: 'Python SDK error', 'zh-CN': 'Python SDK 错误', 'zh-TW': 'Python SDK 錯誤' },
  'python-tea': { en: 'Python Tea SDK error', 'zh-CN': 'Python Tea SDK 错误', 'zh-TW': 'Python Tea SDK 錯誤' },
  'node-pop-core': { en: 'Node.js SDK error', 'zh-CN': 'Node.js SDK 错误', 'zh-TW': 'Node.js SDK 錯誤' },
  'tea-typescript': {
    en: 'TypeScript Tea SDK error',
    'zh-CN': 'TypeScript Tea SDK 错误',
    'zh-TW': 'TypeScript Tea SDK 錯誤',
  },
  'dotnet-core': { en: '.NET SDK error', 'zh-CN': '.NET SDK 错误', 'zh-TW': '.NET SDK 錯誤' },
  'java-core': { en: 'Java SDK error', 'zh-CN': 'Java SDK 错误', 'zh-TW': 'Java SDK 錯誤' },
  'error-code-field': {
    en: 'log line with ErrorCode',
    'zh-CN': '含 ErrorCode 的日志行',
    'zh-TW': '含 ErrorCode 的記錄行',
  },
  'code-field': { en: 'log line with Code', 'zh-CN': '含 Code 的日志行', 'zh-TW': '含 Code 的記錄行' },
  dict: { en: 'Python dictionary', 'zh-CN': 'Python 字典', 'zh-TW': 'Python 字典' },
  'tea-message': { en: 'Tea error message', 'zh-CN': 'Tea 错误信息', 'zh-TW': 'Tea 錯誤訊息' },
  'kms-instance-message': {
    en: 'KMS instance SDK error',
    'zh-CN': 'KMS 实例 SDK 错误',
    'zh-TW': 'KMS 執行個體 SDK 錯誤',
  },
  text: { en: 'error text', 'zh-CN': '错误文本', 'zh-TW': '錯誤文字' },
};

const INSIDE: Record<Locale, (name: string) => string> = {
  en: (name) => `${name} inside a JSON field`,
  'zh-CN': (name) => `JSON 字段中的${name}`,
  'zh-TW': (name) => `JSON 欄位中的${name}`,
};

/** `Go SDK error (SDK.ServerError) inside a JSON field` for `sdk-server-error-in-json`. */
export function formatName(shape: string, locale: Locale): string {
  const nested = shape.endsWith('-in-json') ? shape.slice(0, -'-in-json'.length) : null;
  if (nested !== null) return INSIDE[locale](formatName(nested, locale));
  return NAMES[shape]?.[locale] ?? shape;
}
