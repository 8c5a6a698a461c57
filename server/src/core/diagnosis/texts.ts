import type { Locale } from '../catalog/types';
import type { SdkLanguage } from './facts';

/** Every sentence the diagnosis writes, in each language. Values in them come quoted from the record. */
export interface DiagnosisTexts {
  likelyCause: string;
  fix: string;
  resource: Record<'key' | 'alias' | 'secret', string>;
  regionMismatch: (host: string, endpointRegion: string, type: string, arn: string, resourceRegion: string) => string;
  stsAccessKey: (accessKeyId: string) => string;
  stsNote: string;
  aliasWithoutPrefix: (keyId: string) => string;
  aliasBadName: (alias: string) => string;
  instanceCodeOnShared: (code: string, host: string) => string;
  sharedCodeOnInstance: (code: string, host: string) => string;
  /** Who may not call what on which resource (null: the record does not say). */
  permissionDenied: (who: string | null, action: string | null, resource: string | null) => string;
  ramPrincipal: (name: string) => string;
  cliProfile: (name: string) => string;
  /** Retries of a throttling code ran out: lower the rate or raise the limit. */
  retriesExhaustedRate: (code: string) => string;
  /** Retries of a service fault ran out: what to check and whom to ask. */
  retriesExhaustedService: (code: string) => string;
  keyState: (state: string, allowed: string) => string;
  keyStateNext: Record<'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport', string>;
  stateModifiedFailed: (api: string, states: string) => string;
  stateModifiedFailedUnknown: string;
  ramPolicyTitle: (action: string) => string;
  ramPolicyAnyResource: string;
  /** The fix has placeholders; `masked` lists the record's masked values they stand in for. */
  ramPolicyPlaceholders: (masked: string | null) => string;
  ramPolicyApiUnknown: string;
  cliTitle: (api: string) => string;
  cliPlaceholders: (masked: string | null) => string;
  cliImportNote: string;
  consoleKeyTitle: string;
  consoleRegionTitle: (region: string) => string;
  consoleRegionNote: (what: string) => string;
  consoleMaskedKeyNote: string;
  sdkTitle: (language: string) => string;
  sdkTitleAll: string;
  /** What the SDK's own retries do, per SDK (and for all of them at once): one true sentence each. */
  sdkNotes: Record<SdkLanguage | 'all', string>;
  actionCopyPolicy: string;
  actionCopyCommand: string;
  actionOpenConsole: string;
  actionCopyRetry: (language: string) => string;
}

const en: DiagnosisTexts = {
  likelyCause: 'Likely cause',
  fix: 'Fix',
  resource: { key: 'key', alias: 'alias', secret: 'secret' },
  regionMismatch: (host, r1, type, arn, r2) =>
    `The request went to ${host} (${r1}) but the ${type} ARN ${arn} is in ${r2}: call the endpoint of ${r2}, or use a ${type} of ${r1}.`,
  stsAccessKey: (id) =>
    `The AccessKeyId ${id} is a temporary STS credential: it works only together with its SecurityToken and only until it expires. Send the SecurityToken with the request, and fetch new credentials when they expire.`,
  stsNote:
    'The record speaks of an STS SecurityToken: temporary credentials fail when the SecurityToken is not sent with them or has expired.',
  aliasWithoutPrefix: (v) =>
    `The KeyId ${v} is neither a key id nor an ARN: if it is an alias, write it with its prefix, alias/${v}.`,
  aliasBadName: (v) => `The alias ${v} breaks the alias rules: after the alias/ prefix come 1 to 255 characters.`,
  instanceCodeOnShared: (code, host) =>
    `${code} is an error of the KMS instance API, but the record names the shared gateway ${host}: check which endpoint the client uses (KMS instance endpoints look like <kst-id>.cryptoservice.kms.aliyuncs.com).`,
  sharedCodeOnInstance: (code, host) =>
    `${code} is an error of the KMS OpenAPI (the shared gateway), but the request went to the KMS instance endpoint ${host}: this operation belongs on kms.<region>.aliyuncs.com.`,
  permissionDenied: (who, action, resource) =>
    `${who ? capitalize(who) : 'The caller'} may not ${action ? `call ${action}` : 'make this call'}${resource ? ` on ${resource}` : ''}: no RAM policy of that identity allows it, or one denies it.`,
  ramPrincipal: (name) => `the RAM identity ${name}`,
  cliProfile: (name) => `the identity of aliyun CLI profile ${name}`,
  retriesExhaustedRate: (code) =>
    `The client's retries ran out on ${code}: the calls stay above the QPS limit for longer than the retries wait. Lower the call rate (cache data keys and secret values, spread bursts) or raise the limit (a KMS instance of a larger specification, or a ticket for a higher quota).`,
  retriesExhaustedService: (code) =>
    `The client's retries ran out on ${code}: KMS kept failing for longer than the retries wait, and more retries will not help now. If you call a KMS instance, check its status in KMS console > Instances; give the RequestId to Alibaba Cloud support.`,
  keyState: (state, allowed) => `The key is ${state}. In this state it still allows: ${allowed}.`,
  keyStateNext: {
    Enabled:
      'The operation expects a key in another state (for example CancelKeyDeletion on a key not pending deletion).',
    Disabled: 'EnableKey makes it usable for cryptographic operations again.',
    PendingDeletion: 'CancelKeyDeletion ends the deletion window; then check its state with DescribeKey.',
    PendingImport: 'Import its key material: GetParametersForImport, then ImportKeyMaterial.',
  },
  stateModifiedFailed: (api, states) =>
    `${api} cannot change a key in the state it is in: it fails for keys that are ${states}.`,
  stateModifiedFailedUnknown:
    'The key is not in a state the operation can change (EnableKey and DisableKey fail on keys pending deletion or import; CancelKeyDeletion works only on keys pending deletion).',
  ramPolicyTitle: (action) => `RAM policy allowing ${action}`,
  ramPolicyAnyResource: 'The record names no resource, so Resource is "*": narrow it to the key or secret ARN.',
  ramPolicyPlaceholders: (masked) =>
    `${masked ? `The record masks ${masked}: replace` : 'Replace'} the <placeholders> with the real values before attaching the policy.`,
  ramPolicyApiUnknown: 'The record names no API: replace kms:<ApiName> with the action that failed.',
  cliTitle: (api) => `aliyun CLI: ${api}`,
  cliPlaceholders: (masked) =>
    `${masked ? `The record masks ${masked}: replace` : 'Replace'} the <placeholders> with the real values.`,
  cliImportNote: 'GetParametersForImport also takes the wrapping parameters of your import; see its API reference.',
  consoleKeyTitle: 'Open the key in the KMS console',
  consoleRegionTitle: (region) => `Open the KMS console (${region})`,
  consoleRegionNote: (what) => `The console has no verified deep link for ${what}: find it in the region's list.`,
  consoleMaskedKeyNote: "The record masks the key id: find the key in the region's list.",
  sdkTitle: (language) => `Retry settings (${language} SDK)`,
  sdkTitleAll: 'Retry settings (each SDK)',
  sdkNotes: {
    go: 'With autoretry on, the Go SDK retries failed connections and 5xx answers (InternalFailure, ServiceUnavailableTemporary) up to maxAttempts; a throttling answer reaches your code: back off with jitter and retry it there.',
    java: 'With autoretry on, the Java SDK retries failed connections only; every error answer, throttling and 5xx, reaches your code: back off with jitter and retry it there.',
    python:
      'With autoretry on, the Python SDK retries failed connections only; every error answer, throttling and 5xx, reaches your code: back off with jitter and retry it there.',
    typescript:
      'With autoretry on, the TypeScript/Node.js SDK retries failed connections only; every error answer, throttling and 5xx, reaches your code: back off with jitter and retry it there.',
    csharp:
      'With autoretry on, the C# SDK retries failed connections only; every error answer, throttling and 5xx, reaches your code: back off with jitter and retry it there.',
    php: 'With autoretry on, the PHP SDK retries failed connections only; every error answer, throttling and 5xx, reaches your code: back off with jitter and retry it there.',
    all: 'With autoretry on, the Go SDK retries failed connections and 5xx answers, the other SDKs failed connections only; a throttling answer reaches your code in every SDK: back off with jitter and retry it there.',
  },
  actionCopyPolicy: 'Copy RAM policy',
  actionCopyCommand: 'Copy aliyun command',
  actionOpenConsole: 'Open in KMS console',
  actionCopyRetry: (language) => `Add retry settings (${language}): copy the snippet`,
};

const zhCN: DiagnosisTexts = {
  likelyCause: '可能原因',
  fix: '修复',
  resource: { key: '密钥', alias: '别名', secret: '凭据' },
  regionMismatch: (host, r1, type, arn, r2) =>
    `请求发往 ${host}（${r1}），但${type} ARN ${arn} 位于 ${r2}：请调用 ${r2} 的接入地址，或使用 ${r1} 的${type}。`,
  stsAccessKey: (id) =>
    `AccessKeyId ${id} 是 STS 临时凭证：只有与其 SecurityToken 一起发送、且在过期之前才有效。请在请求中带上 SecurityToken，并在过期后重新获取凭证。`,
  stsNote: '记录中提到 STS SecurityToken：临时凭证在未发送 SecurityToken 或已过期时会失败。',
  aliasWithoutPrefix: (v) => `KeyId ${v} 既不是密钥 ID 也不是 ARN：如果它是别名，请带上前缀写成 alias/${v}。`,
  aliasBadName: (v) => `别名 ${v} 不符合别名规则：alias/ 前缀之后应有 1 到 255 个字符。`,
  instanceCodeOnShared: (code, host) =>
    `${code} 是 KMS 实例 API 的错误，但记录中的地址是共享网关 ${host}：请检查客户端使用的接入地址（KMS 实例地址形如 <kst-id>.cryptoservice.kms.aliyuncs.com）。`,
  sharedCodeOnInstance: (code, host) =>
    `${code} 是 KMS OpenAPI（共享网关）的错误，但请求发往了 KMS 实例地址 ${host}：此操作应调用 kms.<region>.aliyuncs.com。`,
  permissionDenied: (who, action, resource) =>
    `${who ?? '调用方'}无权${resource ? `对${resource}` : ''}${action ? `调用 ${action}` : '执行此调用'}：该身份的 RAM 权限策略没有授予此权限，或有策略拒绝了它。`,
  ramPrincipal: (name) => `RAM 身份 ${name} `,
  cliProfile: (name) => `aliyun CLI 配置 ${name} 的身份`,
  retriesExhaustedRate: (code) =>
    `客户端对 ${code} 的重试已用尽：调用持续超过 QPS 上限，超出了重试等待的时间。请降低调用频率（缓存数据密钥和凭据值，分散突发请求），或提高上限（更高规格的 KMS 实例，或提交工单申请更高配额）。`,
  retriesExhaustedService: (code) =>
    `客户端对 ${code} 的重试已用尽：KMS 持续失败的时间超过了重试等待的时间，继续重试暂时无济于事。如果调用的是 KMS 实例，请在 KMS 控制台 > 实例管理 中查看其状态；并把 RequestId 提供给阿里云技术支持。`,
  keyState: (state, allowed) => `密钥处于 ${state} 状态。此状态下仍允许：${allowed}。`,
  keyStateNext: {
    Enabled: '该操作要求密钥处于其他状态（例如对未处于待删除状态的密钥调用 CancelKeyDeletion）。',
    Disabled: 'EnableKey 可使其重新用于密码运算。',
    PendingDeletion: 'CancelKeyDeletion 结束删除等待期；之后用 DescribeKey 查看其状态。',
    PendingImport: '导入密钥材料：先 GetParametersForImport，再 ImportKeyMaterial。',
  },
  stateModifiedFailed: (api, states) => `${api} 无法更改当前状态的密钥：密钥处于 ${states} 时会失败。`,
  stateModifiedFailedUnknown:
    '密钥当前状态不允许此操作更改（EnableKey、DisableKey 对待删除或待导入的密钥会失败；CancelKeyDeletion 仅适用于待删除的密钥）。',
  ramPolicyTitle: (action) => `允许 ${action} 的 RAM 权限策略`,
  ramPolicyAnyResource: '记录中没有资源，因此 Resource 为 "*"：请缩小到密钥或凭据的 ARN。',
  ramPolicyPlaceholders: (masked) => `${masked ? `记录中 ${masked} 已打码：` : ''}授权前请把 <占位符> 换成真实值。`,
  ramPolicyApiUnknown: '记录中没有 API 名称：请把 kms:<ApiName> 换成失败的操作。',
  cliTitle: (api) => `aliyun CLI：${api}`,
  cliPlaceholders: (masked) => `${masked ? `记录中 ${masked} 已打码：` : ''}请把 <占位符> 换成真实值。`,
  cliImportNote: 'GetParametersForImport 还需要导入所用的加密参数，请参阅其 API 文档。',
  consoleKeyTitle: '在 KMS 控制台中打开该密钥',
  consoleRegionTitle: (region) => `打开 KMS 控制台（${region}）`,
  consoleRegionNote: (what) => `控制台没有经过验证的${what}直达链接：请在该地域的列表中查找。`,
  consoleMaskedKeyNote: '记录中的密钥 ID 已打码：请在该地域的列表中查找该密钥。',
  sdkTitle: (language) => `重试设置（${language} SDK）`,
  sdkTitleAll: '重试设置（各语言 SDK）',
  sdkNotes: {
    go: '开启 autoretry 后，Go SDK 会重试连接失败和 5xx 应答（InternalFailure、ServiceUnavailableTemporary），最多 maxAttempts 次；限流应答会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    java: '开启 autoretry 后，Java SDK 只重试连接失败；所有错误应答（限流和 5xx）都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    python:
      '开启 autoretry 后，Python SDK 只重试连接失败；所有错误应答（限流和 5xx）都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    typescript:
      '开启 autoretry 后，TypeScript/Node.js SDK 只重试连接失败；所有错误应答（限流和 5xx）都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    csharp:
      '开启 autoretry 后，C# SDK 只重试连接失败；所有错误应答（限流和 5xx）都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    php: '开启 autoretry 后，PHP SDK 只重试连接失败；所有错误应答（限流和 5xx）都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
    all: '开启 autoretry 后，Go SDK 重试连接失败和 5xx 应答，其他 SDK 只重试连接失败；在所有 SDK 中限流应答都会返回给您的代码：请在代码中以指数退避加随机抖动重试。',
  },
  actionCopyPolicy: '复制 RAM 权限策略',
  actionCopyCommand: '复制 aliyun 命令',
  actionOpenConsole: '在 KMS 控制台中打开',
  actionCopyRetry: (language) => `添加重试设置（${language}）：复制代码片段`,
};

const zhTW: DiagnosisTexts = {
  likelyCause: '可能原因',
  fix: '修正',
  resource: { key: '金鑰', alias: '別名', secret: '憑據' },
  regionMismatch: (host, r1, type, arn, r2) =>
    `請求送往 ${host}（${r1}），但${type} ARN ${arn} 位於 ${r2}：請呼叫 ${r2} 的端點，或使用 ${r1} 的${type}。`,
  stsAccessKey: (id) =>
    `AccessKeyId ${id} 是 STS 臨時憑證：只有與其 SecurityToken 一起傳送、且在過期之前才有效。請在請求中帶上 SecurityToken，並在過期後重新取得憑證。`,
  stsNote: '記錄中提到 STS SecurityToken：臨時憑證在未傳送 SecurityToken 或已過期時會失敗。',
  aliasWithoutPrefix: (v) => `KeyId ${v} 既不是金鑰 ID 也不是 ARN：如果它是別名，請加上前綴寫成 alias/${v}。`,
  aliasBadName: (v) => `別名 ${v} 不符合別名規則：alias/ 前綴之後應有 1 到 255 個字元。`,
  instanceCodeOnShared: (code, host) =>
    `${code} 是 KMS 執行個體 API 的錯誤，但記錄中的位址是共用閘道 ${host}：請檢查用戶端使用的端點（KMS 執行個體端點形如 <kst-id>.cryptoservice.kms.aliyuncs.com）。`,
  sharedCodeOnInstance: (code, host) =>
    `${code} 是 KMS OpenAPI（共用閘道）的錯誤，但請求送往了 KMS 執行個體端點 ${host}：此操作應呼叫 kms.<region>.aliyuncs.com。`,
  permissionDenied: (who, action, resource) =>
    `${who ?? '呼叫方'}無權${resource ? `對${resource}` : ''}${action ? `呼叫 ${action}` : '執行此呼叫'}：該身分的 RAM 權限原則沒有授予此權限，或有原則拒絕了它。`,
  ramPrincipal: (name) => `RAM 身分 ${name} `,
  cliProfile: (name) => `aliyun CLI 設定檔 ${name} 的身分`,
  retriesExhaustedRate: (code) =>
    `用戶端對 ${code} 的重試已用盡：呼叫持續超過 QPS 上限，超出了重試等待的時間。請降低呼叫頻率（快取資料金鑰與憑據值，分散突發請求），或提高上限（更高規格的 KMS 執行個體，或提交工單申請更高配額）。`,
  retriesExhaustedService: (code) =>
    `用戶端對 ${code} 的重試已用盡：KMS 持續失敗的時間超過了重試等待的時間，繼續重試暫時無濟於事。若呼叫的是 KMS 執行個體，請在 KMS 主控台 > 執行個體管理 查看其狀態；並將 RequestId 提供給阿里雲技術支援。`,
  keyState: (state, allowed) => `金鑰處於 ${state} 狀態。此狀態下仍允許：${allowed}。`,
  keyStateNext: {
    Enabled: '該操作要求金鑰處於其他狀態（例如對未處於待刪除狀態的金鑰呼叫 CancelKeyDeletion）。',
    Disabled: 'EnableKey 可使其重新用於密碼運算。',
    PendingDeletion: 'CancelKeyDeletion 結束刪除等待期；之後用 DescribeKey 查看其狀態。',
    PendingImport: '匯入金鑰材料：先 GetParametersForImport，再 ImportKeyMaterial。',
  },
  stateModifiedFailed: (api, states) => `${api} 無法變更目前狀態的金鑰：金鑰處於 ${states} 時會失敗。`,
  stateModifiedFailedUnknown:
    '金鑰目前狀態不允許此操作變更（EnableKey、DisableKey 對待刪除或待匯入的金鑰會失敗；CancelKeyDeletion 僅適用於待刪除的金鑰）。',
  ramPolicyTitle: (action) => `允許 ${action} 的 RAM 權限原則`,
  ramPolicyAnyResource: '記錄中沒有資源，因此 Resource 為 "*"：請縮小到金鑰或憑據的 ARN。',
  ramPolicyPlaceholders: (masked) => `${masked ? `記錄中 ${masked} 已遮罩：` : ''}授權前請把 <預留位置> 換成實際值。`,
  ramPolicyApiUnknown: '記錄中沒有 API 名稱：請把 kms:<ApiName> 換成失敗的操作。',
  cliTitle: (api) => `aliyun CLI：${api}`,
  cliPlaceholders: (masked) => `${masked ? `記錄中 ${masked} 已遮罩：` : ''}請把 <預留位置> 換成實際值。`,
  cliImportNote: 'GetParametersForImport 還需要匯入所用的加密參數，請參閱其 API 文件。',
  consoleKeyTitle: '在 KMS 主控台中開啟該金鑰',
  consoleRegionTitle: (region) => `開啟 KMS 主控台（${region}）`,
  consoleRegionNote: (what) => `主控台沒有經過驗證的${what}直達連結：請在該地域的清單中尋找。`,
  consoleMaskedKeyNote: '記錄中的金鑰 ID 已遮罩：請在該地域的清單中尋找該金鑰。',
  sdkTitle: (language) => `重試設定（${language} SDK）`,
  sdkTitleAll: '重試設定（各語言 SDK）',
  sdkNotes: {
    go: '開啟 autoretry 後，Go SDK 會重試連線失敗與 5xx 回應（InternalFailure、ServiceUnavailableTemporary），最多 maxAttempts 次；限流回應會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    java: '開啟 autoretry 後，Java SDK 只重試連線失敗；所有錯誤回應（限流與 5xx）都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    python:
      '開啟 autoretry 後，Python SDK 只重試連線失敗；所有錯誤回應（限流與 5xx）都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    typescript:
      '開啟 autoretry 後，TypeScript/Node.js SDK 只重試連線失敗；所有錯誤回應（限流與 5xx）都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    csharp:
      '開啟 autoretry 後，C# SDK 只重試連線失敗；所有錯誤回應（限流與 5xx）都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    php: '開啟 autoretry 後，PHP SDK 只重試連線失敗；所有錯誤回應（限流與 5xx）都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
    all: '開啟 autoretry 後，Go SDK 重試連線失敗與 5xx 回應，其他 SDK 只重試連線失敗；在所有 SDK 中限流回應都會傳回您的程式碼：請在程式碼中以指數退避加隨機抖動重試。',
  },
  actionCopyPolicy: '複製 RAM 權限原則',
  actionCopyCommand: '複製 aliyun 命令',
  actionOpenConsole: '在 KMS 主控台中開啟',
  actionCopyRetry: (language) => `新增重試設定（${language}）：複製程式碼片段`,
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const TEXTS: Record<Locale, DiagnosisTexts> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export function diagnosisTexts(locale: Locale): DiagnosisTexts {
  return TEXTS[locale];
}
