import type { Category, Locale } from '../catalog/types';
import type { CodeClass, SeverityClass } from './severity';

/** Every label the core formats into hovers, explanations and messages, in each language. */
export interface Strings {
  httpStatus: string;
  officialMessage: string;
  category: string;
  whatItMeans: string;
  whatToDo: string;
  notes: string;
  retry: string;
  retryYes: string;
  retryNo: string;
  returnedBy: string;
  thisRecord: string;
  requestId: string;
  host: string;
  messageInRecord: string;
  /** The troubleshooting link's text: of this request when there is a RequestId, else of this code. */
  troubleshoot: (requestId: string | null) => string;
  documentation: string;
  aliasOf: (alias: string, code: string) => string;
  genericCode: (code: string) => string;
  otherProduct: (code: string) => string;
  unknownStatus: string;
  undocumentedMessage: string;
  notInCatalog: string;
  inferred: string;
  /** A status that differs from the common one but is documented (for `apis`, when known). */
  documentedStatus: (apis: string[]) => string;
  /** Said of a finding recognised from a message, where the text has no code. */
  inferredFinding: (message: string) => string;
  unknownCode: (token: string, suggestion: string) => string;
  changeTo: (code: string) => string;
  explainAction: (code: string) => string;
  copyRequestId: (requestId: string) => string;
  openTroubleshooting: (requestId: string) => string;
  tooLarge: (name: string, sizeMB: number, limitMB: number) => string;
  moreNotShown: (hidden: number, limit: number) => string;
  indexing: (name: string) => string;
  catalogBroken: (message: string) => string;
  categories: Record<Category, string>;
  /** Labels of the classes codes are shown as (hover label, editor colour, tree icon, summary legend). */
  codeClasses: Record<CodeClass, string>;
  /** What the user must do, by severity class. */
  severities: Record<SeverityClass, string>;
  retriesExhausted: string;
  time: string;
  api: string;
  fullExplanation: string;
  fullExplanationTitle: string;
  troubleshootTitle: (requestId: string | null) => string;
  moreSteps: (count: number) => string;
}

const en: Strings = {
  httpStatus: 'HTTP status',
  officialMessage: 'Official message',
  category: 'Category',
  whatItMeans: 'What it means',
  whatToDo: 'What to do',
  notes: 'Notes',
  retry: 'Worth retrying',
  retryYes: 'yes, with exponential backoff and jitter',
  retryNo: 'no: the call fails the same way until the cause is fixed',
  returnedBy: 'Returned by',
  thisRecord: 'This error record',
  requestId: 'RequestId',
  host: 'Host',
  messageInRecord: 'Message',
  troubleshoot: (id) => (id ? 'Troubleshoot this request' : 'Troubleshoot this code'),
  documentation: 'Documentation',
  aliasOf: (alias, code) => `${alias} is a misspelling of ${code} seen in real docs and output.`,
  genericCode: (code) =>
    `${code} is a generic code that other Alibaba Cloud products return too; nothing around it points at KMS. Its KMS meaning:`,
  otherProduct: (code) =>
    `This record names another Alibaba Cloud product, so ${code} is probably not a KMS error. Its KMS meaning:`,
  unknownStatus: 'not documented',
  undocumentedMessage: 'not documented',
  notInCatalog: 'not in the KMS catalog (a code of another product)',
  inferred: 'recognised from the message; the response carried no code',
  documentedStatus: (apis) => (apis.length > 0 ? `documented for ${apis.join(', ')}` : 'also documented'),
  inferredFinding: (message) =>
    `inferred: the text has no error code; recognised from the documented message "${message}"`,
  unknownCode: (token, suggestion) => `Unknown KMS error code '${token}': did you mean ${suggestion}?`,
  changeTo: (code) => `Change to '${code}'`,
  explainAction: (code) => `Explain ${code}`,
  copyRequestId: (id) => `Copy RequestId ${id}`,
  openTroubleshooting: (id) => `Open troubleshooting for RequestId ${id}`,
  tooLarge: (name, size, limit) =>
    `${name} is ${size} MB, above kms.maxFileSizeMB (${limit} MB): no KMS diagnostics for it. Hovers still work.`,
  moreNotShown: (hidden, limit) =>
    `${hidden} more KMS errors in this file are not shown as problems (kms.diagnostics.maxPerFile is ${limit}). The KMS Errors view and kms-diagnose list them all.`,
  indexing: (name) => `KMS: indexing ${name}`,
  catalogBroken: (message) => `${message}. The built-in catalog keeps working.`,
  categories: {
    authentication: 'authentication',
    permission: 'permission',
    'key-state': 'key state',
    parameter: 'parameter',
    'quota-throttling': 'quota and throttling',
    'billing-account': 'billing and account',
    service: 'service',
  },
  codeClasses: {
    permission: 'permission, account, quota or not found',
    'key-state': 'key or resource state',
    service: 'throttling or service fault',
    parameter: 'request parameter',
  },
  severities: {
    actionRequired: 'needs action: fails until someone fixes the cause',
    transient: 'transient: the same call can succeed later, retried with backoff',
  },
  retriesExhausted: 'the retries ran out: needs action',
  time: 'Time',
  api: 'API',
  fullExplanation: 'Full explanation',
  fullExplanationTitle: 'Open everything about this code in the result view',
  troubleshootTitle: (id) =>
    id ? `Open Alibaba Cloud's troubleshooting page for RequestId ${id}` : "Open Alibaba Cloud's troubleshooting page",
  moreSteps: (n) => `${n} more step(s) in the full explanation`,
};

const zhCN: Strings = {
  httpStatus: 'HTTP 状态码',
  officialMessage: '官方错误信息',
  category: '类别',
  whatItMeans: '含义',
  whatToDo: '处理建议',
  notes: '说明',
  retry: '是否值得重试',
  retryYes: '是，使用指数退避加随机抖动重试',
  retryNo: '否：在排除原因之前，重试会以同样方式失败',
  returnedBy: '返回此错误的 API',
  thisRecord: '本条错误记录',
  requestId: 'RequestId',
  host: '主机',
  messageInRecord: '错误信息',
  troubleshoot: (id) => (id ? '诊断此请求' : '诊断此错误码'),
  documentation: '文档',
  aliasOf: (alias, code) => `${alias} 是 ${code} 的误拼写，见于实际文档和输出。`,
  genericCode: (code) => `${code} 是通用错误码，其他阿里云产品也会返回；附近没有指向 KMS 的信息。它在 KMS 中的含义：`,
  otherProduct: (code) => `这条记录提到了其他阿里云产品，${code} 可能不是 KMS 错误。它在 KMS 中的含义：`,
  unknownStatus: '未记载',
  undocumentedMessage: '未记载',
  notInCatalog: '不在 KMS 错误码目录中（其他产品的错误码）',
  inferred: '根据错误信息识别；响应中没有错误码',
  documentedStatus: (apis) => (apis.length > 0 ? `${apis.join('、')} 的文档即为此状态码` : '亦为文档记载的状态码'),
  inferredFinding: (message) => `推断所得：文本中没有错误码，根据文档记载的错误信息“${message}”识别`,
  unknownCode: (token, suggestion) => `未知的 KMS 错误码 '${token}'：是否想输入 ${suggestion}？`,
  changeTo: (code) => `改为 '${code}'`,
  explainAction: (code) => `解释 ${code}`,
  copyRequestId: (id) => `复制 RequestId ${id}`,
  openTroubleshooting: (id) => `打开 RequestId ${id} 的诊断页面`,
  tooLarge: (name, size, limit) =>
    `${name} 大小为 ${size} MB，超过 kms.maxFileSizeMB（${limit} MB）：不为其生成 KMS 诊断。悬停提示仍然可用。`,
  moreNotShown: (hidden, limit) =>
    `此文件另有 ${hidden} 个 KMS 错误未显示为问题（kms.diagnostics.maxPerFile 为 ${limit}）。KMS 错误视图和 kms-diagnose 会列出全部。`,
  indexing: (name) => `KMS：正在索引 ${name}`,
  catalogBroken: (message) => `${message}。内置错误码目录仍然可用。`,
  categories: {
    authentication: '身份认证',
    permission: '权限',
    'key-state': '密钥状态',
    parameter: '参数',
    'quota-throttling': '配额与限流',
    'billing-account': '计费与账号',
    service: '服务',
  },
  codeClasses: {
    permission: '权限、账号、配额或资源不存在',
    'key-state': '密钥或资源状态',
    service: '限流或服务故障',
    parameter: '请求参数',
  },
  severities: {
    actionRequired: '需要处理：在排除原因之前一直失败',
    transient: '暂时性：稍后以退避方式重试，同一调用可以成功',
  },
  retriesExhausted: '重试已用尽：需要处理',
  time: '时间',
  api: 'API',
  fullExplanation: '完整说明',
  fullExplanationTitle: '在结果视图中打开此错误码的全部说明',
  troubleshootTitle: (id) => (id ? `打开阿里云 RequestId ${id} 的诊断页面` : '打开阿里云诊断页面'),
  moreSteps: (n) => `完整说明中还有 ${n} 个步骤`,
};

const zhTW: Strings = {
  httpStatus: 'HTTP 狀態碼',
  officialMessage: '官方錯誤訊息',
  category: '類別',
  whatItMeans: '含義',
  whatToDo: '處理建議',
  notes: '說明',
  retry: '是否值得重試',
  retryYes: '是，以指數退避加隨機抖動重試',
  retryNo: '否：在排除原因之前，重試會以相同方式失敗',
  returnedBy: '傳回此錯誤的 API',
  thisRecord: '本筆錯誤記錄',
  requestId: 'RequestId',
  host: '主機',
  messageInRecord: '錯誤訊息',
  troubleshoot: (id) => (id ? '診斷此請求' : '診斷此錯誤碼'),
  documentation: '文件',
  aliasOf: (alias, code) => `${alias} 是 ${code} 的誤拼，見於實際文件與輸出。`,
  genericCode: (code) => `${code} 是通用錯誤碼，其他阿里雲產品也會傳回；附近沒有指向 KMS 的資訊。它在 KMS 中的含義：`,
  otherProduct: (code) => `此筆記錄提到了其他阿里雲產品，${code} 可能不是 KMS 錯誤。它在 KMS 中的含義：`,
  unknownStatus: '未記載',
  undocumentedMessage: '未記載',
  notInCatalog: '不在 KMS 錯誤碼目錄中（其他產品的錯誤碼）',
  inferred: '依錯誤訊息辨識；回應中沒有錯誤碼',
  documentedStatus: (apis) => (apis.length > 0 ? `${apis.join('、')} 的文件即為此狀態碼` : '亦為文件記載的狀態碼'),
  inferredFinding: (message) => `推斷所得：文字中沒有錯誤碼，依文件記載的錯誤訊息「${message}」辨識`,
  unknownCode: (token, suggestion) => `未知的 KMS 錯誤碼 '${token}'：是否要輸入 ${suggestion}？`,
  changeTo: (code) => `改為 '${code}'`,
  explainAction: (code) => `說明 ${code}`,
  copyRequestId: (id) => `複製 RequestId ${id}`,
  openTroubleshooting: (id) => `開啟 RequestId ${id} 的診斷頁面`,
  tooLarge: (name, size, limit) =>
    `${name} 大小為 ${size} MB，超過 kms.maxFileSizeMB（${limit} MB）：不為其產生 KMS 診斷。懸停提示仍可使用。`,
  moreNotShown: (hidden, limit) =>
    `此檔案另有 ${hidden} 個 KMS 錯誤未顯示為問題（kms.diagnostics.maxPerFile 為 ${limit}）。KMS 錯誤檢視和 kms-diagnose 會列出全部。`,
  indexing: (name) => `KMS：正在索引 ${name}`,
  catalogBroken: (message) => `${message}。內建錯誤碼目錄仍可使用。`,
  categories: {
    authentication: '身分驗證',
    permission: '權限',
    'key-state': '金鑰狀態',
    parameter: '參數',
    'quota-throttling': '配額與限流',
    'billing-account': '計費與帳號',
    service: '服務',
  },
  codeClasses: {
    permission: '權限、帳號、配額或資源不存在',
    'key-state': '金鑰或資源狀態',
    service: '限流或服務故障',
    parameter: '請求參數',
  },
  severities: {
    actionRequired: '需要處理：在排除原因之前一直失敗',
    transient: '暫時性：稍後以退避方式重試，同一呼叫可以成功',
  },
  retriesExhausted: '重試已用盡：需要處理',
  time: '時間',
  api: 'API',
  fullExplanation: '完整說明',
  fullExplanationTitle: '在結果檢視中開啟此錯誤碼的全部說明',
  troubleshootTitle: (id) => (id ? `開啟阿里雲 RequestId ${id} 的診斷頁面` : '開啟阿里雲診斷頁面'),
  moreSteps: (n) => `完整說明中還有 ${n} 個步驟`,
};

const ALL: Record<Locale, Strings> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export function strings(locale: Locale): Strings {
  return ALL[locale];
}
