import type { Locale } from '../catalog/types';

/**
 * What the decoder says about its input, in each language. A parser's own detail (`Unexpected
 * token`) is quoted as the parser wrote it.
 */
export interface DecoderTexts {
  expected: string;
  empty: string;
  binary: string;
  xmlUnreadable: (detail: string) => string;
  jsonUnreadable: (detail: string) => string;
  nothingFound: string;
  noCodeOrRequestId: string;
  /** `problem` is the parser's detail, after where it stopped when that is known. */
  malformed: (format: 'XML' | 'JSON', problem: string) => string;
  at: (line: number, column: number, detail: string) => string;
}

const en: DecoderTexts = {
  expected:
    'an Alibaba Cloud API response (XML or JSON body) or SDK error text such as "SDK.ServerError ErrorCode: ...", ' +
    '"SDKError: Code: ...", "code: 404, ... request id: ..." or "Forbidden.KeyNotFound : message"',
  empty: 'the input is empty',
  binary: 'the input is binary data, not text',
  xmlUnreadable: (detail) => `the XML could not be read: ${detail}`,
  jsonUnreadable: (detail) => `the JSON could not be read: ${detail}`,
  nothingFound: 'no error code, message or RequestId was found',
  noCodeOrRequestId: 'a JSON or XML body was found, but it has no Code and no RequestId',
  malformed: (format, problem) => `the ${format} is malformed (${problem}); its fields were read leniently`,
  at: (line, column, detail) => `line ${line}, column ${column}: ${detail}`,
};

const zhCN: DecoderTexts = {
  expected:
    '阿里云 API 响应（XML 或 JSON 正文）或 SDK 错误文本，例如 "SDK.ServerError ErrorCode: ..."、' +
    '"SDKError: Code: ..."、"code: 404, ... request id: ..." 或 "Forbidden.KeyNotFound : message"',
  empty: '输入为空',
  binary: '输入是二进制数据，不是文本',
  xmlUnreadable: (detail) => `无法读取 XML：${detail}`,
  jsonUnreadable: (detail) => `无法读取 JSON：${detail}`,
  nothingFound: '没有找到错误码、错误信息或 RequestId',
  noCodeOrRequestId: '找到了 JSON 或 XML 正文，但其中没有 Code，也没有 RequestId',
  malformed: (format, problem) => `${format} 格式有误（${problem}）；已尽量读取其中的字段`,
  at: (line, column, detail) => `第 ${line} 行第 ${column} 列：${detail}`,
};

const zhTW: DecoderTexts = {
  expected:
    '阿里雲 API 回應（XML 或 JSON 本文）或 SDK 錯誤文字，例如 "SDK.ServerError ErrorCode: ..."、' +
    '"SDKError: Code: ..."、"code: 404, ... request id: ..." 或 "Forbidden.KeyNotFound : message"',
  empty: '輸入為空',
  binary: '輸入是二進位資料，不是文字',
  xmlUnreadable: (detail) => `無法讀取 XML：${detail}`,
  jsonUnreadable: (detail) => `無法讀取 JSON：${detail}`,
  nothingFound: '找不到錯誤碼、錯誤訊息或 RequestId',
  noCodeOrRequestId: '找到了 JSON 或 XML 本文，但其中沒有 Code，也沒有 RequestId',
  malformed: (format, problem) => `${format} 格式有誤（${problem}）；已盡量讀取其中的欄位`,
  at: (line, column, detail) => `第 ${line} 行第 ${column} 欄：${detail}`,
};

const TEXTS: Record<Locale, DecoderTexts> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export function decoderTexts(locale: Locale): DecoderTexts {
  return TEXTS[locale];
}
