import type { Locale } from '../catalog/types';

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
  masked: (values: string) => string;
  keyState: (state: string, allowed: string) => string;
  keyStateNext: Record<'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport', string>;
  stateModifiedFailed: (api: string, states: string) => string;
  stateModifiedFailedUnknown: string;
  ramPolicyTitle: (action: string) => string;
  ramPolicyAnyResource: string;
  ramPolicyPlaceholders: string;
  ramPolicyApiUnknown: string;
  cliTitle: (api: string) => string;
  cliPlaceholders: string;
  cliImportNote: string;
  consoleKeyTitle: string;
  consoleRegionTitle: (region: string) => string;
  consoleRegionNote: (what: string) => string;
  consoleMaskedKeyNote: string;
  sdkTitle: (language: string) => string;
  sdkTitleAll: string;
  sdkNote: string;
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
  masked: (values) => `The record masks ${values}: the fixes below use placeholders instead; put in the real values.`,
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
  ramPolicyPlaceholders: 'Replace the <placeholders> with the real values before attaching the policy.',
  ramPolicyApiUnknown: 'The record names no API: replace kms:<ApiName> with the action that failed.',
  cliTitle: (api) => `aliyun CLI: ${api}`,
  cliPlaceholders: 'Replace the <placeholders> with the real values.',
  cliImportNote: 'GetParametersForImport also takes the wrapping parameters of your import; see its API reference.',
  consoleKeyTitle: 'Open the key in the KMS console',
  consoleRegionTitle: (region) => `Open the KMS console (${region})`,
  consoleRegionNote: (what) => `The console has no verified deep link for ${what}: find it in the region's list.`,
  consoleMaskedKeyNote: "The record masks the key id: find the key in the region's list.",
  sdkTitle: (language) => `Retry settings (${language} SDK)`,
  sdkTitleAll: 'Retry settings (each SDK)',
  sdkNote:
    "Tea's autoretry retries failed connections (and, in the Go runtime, 5xx responses); a throttling answer still reaches your code, so also retry it there with exponential backoff and jitter.",
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
  masked: (values) => `记录中 ${values} 已打码：下面的修复使用占位符，请换成真实值。`,
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
  ramPolicyPlaceholders: '授权前请把 <占位符> 换成真实值。',
  ramPolicyApiUnknown: '记录中没有 API 名称：请把 kms:<ApiName> 换成失败的操作。',
  cliTitle: (api) => `aliyun CLI：${api}`,
  cliPlaceholders: '请把 <占位符> 换成真实值。',
  cliImportNote: 'GetParametersForImport 还需要导入所用的加密参数，请参阅其 API 文档。',
  consoleKeyTitle: '在 KMS 控制台中打开该密钥',
  consoleRegionTitle: (region) => `打开 KMS 控制台（${region}）`,
  consoleRegionNote: (what) => `控制台没有经过验证的${what}直达链接：请在该地域的列表中查找。`,
  consoleMaskedKeyNote: '记录中的密钥 ID 已打码：请在该地域的列表中查找该密钥。',
  sdkTitle: (language) => `重试设置（${language} SDK）`,
  sdkTitleAll: '重试设置（各语言 SDK）',
  sdkNote:
    'Tea 的 autoretry 只重试连接失败（在 Go 运行时中也重试 5xx 响应）；限流应答仍会返回给您的代码，请在代码中以指数退避加随机抖动重试。',
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
  masked: (values) => `記錄中 ${values} 已遮罩：下面的修正使用預留位置，請換成實際值。`,
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
  ramPolicyPlaceholders: '授權前請把 <預留位置> 換成實際值。',
  ramPolicyApiUnknown: '記錄中沒有 API 名稱：請把 kms:<ApiName> 換成失敗的操作。',
  cliTitle: (api) => `aliyun CLI：${api}`,
  cliPlaceholders: '請把 <預留位置> 換成實際值。',
  cliImportNote: 'GetParametersForImport 還需要匯入所用的加密參數，請參閱其 API 文件。',
  consoleKeyTitle: '在 KMS 主控台中開啟該金鑰',
  consoleRegionTitle: (region) => `開啟 KMS 主控台（${region}）`,
  consoleRegionNote: (what) => `主控台沒有經過驗證的${what}直達連結：請在該地域的清單中尋找。`,
  consoleMaskedKeyNote: '記錄中的金鑰 ID 已遮罩：請在該地域的清單中尋找該金鑰。',
  sdkTitle: (language) => `重試設定（${language} SDK）`,
  sdkTitleAll: '重試設定（各語言 SDK）',
  sdkNote:
    'Tea 的 autoretry 只重試連線失敗（在 Go 執行環境中也重試 5xx 回應）；限流回應仍會傳回您的程式碼，請在程式碼中以指數退避加隨機抖動重試。',
  actionCopyPolicy: '複製 RAM 權限原則',
  actionCopyCommand: '複製 aliyun 命令',
  actionOpenConsole: '在 KMS 主控台中開啟',
  actionCopyRetry: (language) => `新增重試設定（${language}）：複製程式碼片段`,
};

const TEXTS: Record<Locale, DiagnosisTexts> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export function diagnosisTexts(locale: Locale): DiagnosisTexts {
  return TEXTS[locale];
}
