import type { Locale } from '../catalog/types';

/** Where the errors of an incident were seen: services, hosts, files, or only the trail. */
export type Spread = { kind: 'services' | 'hosts' | 'files'; count: number; more: boolean } | { kind: 'trail' };

/** Who made a change, as the trail's userIdentity says. */
export type Actor =
  | { kind: 'ram-user'; name: string }
  | { kind: 'assumed-role'; role: string; session: string | null }
  | { kind: 'root-account'; account: string | null }
  | { kind: 'other'; name: string | null };

/** Every sentence of the timeline, in each language. Values come from logs and trails: shown as text only. */
export interface TimelineTexts {
  resource: Record<'key' | 'alias' | 'secret', string>;
  errors: (count: number) => string;
  spread: (spread: Spread) => string;
  actor: (actor: Actor) => string;
  /** "Rejected.Disabled on key key-x from 08:14:07Z, 312 errors in 3 services" */
  headline: (code: string, resource: string | null, first: string | null, count: number, spread: string) => string;
  /** "4 s earlier DisableKey on key-x by RAM user alice from 203.0.113.7 (event id E1)" */
  cause: (
    before: string,
    event: string,
    target: string,
    actor: string,
    ip: string | null,
    eventId: string | null,
  ) => string;
  via: (aliases: string) => string;
  endedBy: (event: string, target: string, after: string, actor: string) => string;
  errorsContinued: string;
  noCause: string;
  changesBefore: (window: string) => string;
  moreChanges: (count: number) => string;
  undone: string;
  explains: string;
  relation: Record<'resource' | 'alias' | 'caller', string>;
  untimed: (count: number) => string;
  incident: string;
  likelyCause: string;
  ended: string;
  title: string;
  summary: (incidents: number, findings: number, events: number, changes: number) => string;
  malformed: (count: number) => string;
  outOfOrder: (count: number) => string;
  dropped: (what: string, count: number) => string;
  noIncidents: string;
  noTrail: string;
  chartCaption: (bucket: string) => string;
  legendCause: string;
  legendChange: string;
  legendEnd: string;
  calls: string;
  callers: string;
  requestIds: string;
  files: string;
  hosts: string;
  services: string;
  api: string;
  region: string;
  firstLast: string;
  changeColumns: readonly string[];
  incidentsTitle: string;
  otherIncidents: (count: number) => string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const en: TimelineTexts = {
  resource: { key: 'key', alias: 'alias', secret: 'secret' },
  errors: (n) => plural(n, 'error', 'errors'),
  spread: (s) =>
    s.kind === 'trail'
      ? 'recorded by the trail'
      : `in ${s.more ? `more than ${s.count}` : s.count} ${
          s.kind === 'services'
            ? s.count === 1 && !s.more
              ? 'service'
              : 'services'
            : s.kind === 'hosts'
              ? s.count === 1 && !s.more
                ? 'host'
                : 'hosts'
              : s.count === 1 && !s.more
                ? 'file'
                : 'files'
        }`,
  actor: (a) =>
    a.kind === 'ram-user'
      ? `RAM user ${a.name}`
      : a.kind === 'assumed-role'
        ? `RAM role ${a.role}${a.session ? ` (session ${a.session})` : ''}`
        : a.kind === 'root-account'
          ? `the Alibaba Cloud account${a.account ? ` ${a.account}` : ''}`
          : (a.name ?? 'an unknown caller'),
  headline: (code, resource, first, count, spread) =>
    `${code}${resource ? ` on ${resource}` : ''}${first ? ` from ${first}` : ''}, ${en.errors(count)} ${spread}`,
  cause: (before, event, target, actor, ip, id) =>
    `${before} earlier ${event} on ${target} by ${actor}${ip ? ` from ${ip}` : ''}${id ? ` (event id ${id})` : ''}`,
  via: (aliases) => `through ${aliases}`,
  endedBy: (event, target, after, actor) =>
    `Ended by ${event} on ${target} by ${actor}, ${after} after the first error`,
  errorsContinued: 'errors went on after it',
  noCause: 'No change in the trail explains it.',
  changesBefore: (window) => `Changes in the ${window} before the first error, nearest first`,
  moreChanges: (n) => `and ${plural(n, 'more change', 'more changes')}`,
  undone: 'undone before the errors',
  explains: 'can cause this error',
  relation: { resource: 'same resource', alias: 'alias used', caller: 'the caller' },
  untimed: (n) => `${plural(n, 'error', 'errors')} without a time`,
  incident: 'Incident',
  likelyCause: 'Likely cause',
  ended: 'Ended',
  title: 'KMS incident timeline',
  summary: (i, f, e, c) =>
    `${plural(i, 'incident', 'incidents')} from ${plural(f, 'failed call', 'failed calls')}; trail: ${plural(e, 'event', 'events')}, ${plural(c, 'change', 'changes')}`,
  malformed: (n) => `${plural(n, 'trail value', 'trail values')} not read (not JSON, or not an event)`,
  outOfOrder: (n) => `${plural(n, 'trail event', 'trail events')} out of time order (sorted)`,
  dropped: (what, n) => `${n} ${what} left out past the memory bound`,
  noIncidents: 'No KMS errors found.',
  noTrail: 'No trail given: pass ActionTrail events with --trail to see what changed before each incident.',
  chartCaption: (bucket) => `Errors per ${bucket}; markers: changes in the trail`,
  legendCause: 'likely cause',
  legendChange: 'other change',
  legendEnd: 'ended by',
  calls: 'Calls',
  callers: 'Callers',
  requestIds: 'RequestIds',
  files: 'Files',
  hosts: 'Hosts',
  services: 'Services',
  api: 'API',
  region: 'Region',
  firstLast: 'First and last error',
  changeColumns: ['Before', 'Time (UTC)', 'Event', 'On', 'By', 'From', 'Event id', ''],
  incidentsTitle: 'Incidents and what changed before them',
  otherIncidents: (n) =>
    `${plural(n, 'other incident', 'other incidents')} with no change before ${n === 1 ? 'it' : 'them'} in the trail: the KMS Errors view lists ${n === 1 ? 'it' : 'them'} (Group by Incident)`,
};

const zhCN: TimelineTexts = {
  resource: { key: '密钥', alias: '别名', secret: '凭据' },
  errors: (n) => `${n} 个错误`,
  spread: (s) =>
    s.kind === 'trail'
      ? '（操作审计记录）'
      : `，分布在${s.more ? '超过 ' : ''}${s.count} 个${s.kind === 'services' ? '服务' : s.kind === 'hosts' ? '主机' : '文件'}`,
  actor: (a) =>
    a.kind === 'ram-user'
      ? `RAM 用户 ${a.name}`
      : a.kind === 'assumed-role'
        ? `RAM 角色 ${a.role}${a.session ? `（会话 ${a.session}）` : ''}`
        : a.kind === 'root-account'
          ? `阿里云主账号${a.account ? ` ${a.account}` : ''}`
          : (a.name ?? '未知调用者'),
  headline: (code, resource, first, count, spread) =>
    `${code}${resource ? `（${resource}）` : ''}${first ? `，自 ${first} 起` : ''}，${zhCN.errors(count)}${spread}`,
  cause: (before, event, target, actor, ip, id) =>
    `${before}前 ${actor}${ip ? `（来自 ${ip}）` : ''}对 ${target} 执行了 ${event}${id ? `（事件 ID ${id}）` : ''}`,
  via: (aliases) => `经由 ${aliases}`,
  endedBy: (event, target, after, actor) => `首个错误 ${after}后，${actor} 对 ${target} 执行 ${event}，故障结束`,
  errorsContinued: '此后错误仍在继续',
  noCause: '操作审计中没有能解释它的变更。',
  changesBefore: (window) => `首个错误之前 ${window} 内的变更，由近及远`,
  moreChanges: (n) => `另有 ${n} 个变更`,
  undone: '错误出现前已撤销',
  explains: '可导致此错误',
  relation: { resource: '同一资源', alias: '所用别名', caller: '调用者' },
  untimed: (n) => `${n} 个错误没有时间`,
  incident: '故障',
  likelyCause: '可能原因',
  ended: '结束',
  title: 'KMS 故障时间线',
  summary: (i, f, e, c) => `${i} 个故障，来自 ${f} 次失败调用；操作审计：${e} 个事件，${c} 个变更`,
  malformed: (n) => `${n} 个操作审计值未能读取（不是 JSON，或不是事件）`,
  outOfOrder: (n) => `${n} 个操作审计事件未按时间顺序（已排序）`,
  dropped: (what, n) => `${n} 个${what}超出内存上限，未计入`,
  noIncidents: '未发现 KMS 错误。',
  noTrail: '未提供操作审计：用 --trail 传入 ActionTrail 事件，即可看到每个故障之前发生了哪些变更。',
  chartCaption: (bucket) => `每${bucket}错误数；标记：操作审计中的变更`,
  legendCause: '可能原因',
  legendChange: '其他变更',
  legendEnd: '结束于',
  calls: '调用',
  callers: '调用者',
  requestIds: 'RequestId',
  files: '文件',
  hosts: '主机',
  services: '服务',
  api: 'API',
  region: '地域',
  firstLast: '首个与最后一个错误',
  changeColumns: ['提前', '时间（UTC）', '事件', '对象', '操作者', '来源', '事件 ID', ''],
  incidentsTitle: '故障及其之前的变更',
  otherIncidents: (n) => `另有 ${n} 个故障在操作审计中没有之前的变更：见 KMS 错误视图（按故障分组）`,
};

const zhTW: TimelineTexts = {
  ...zhCN,
  resource: { key: '金鑰', alias: '別名', secret: '憑據' },
  errors: (n) => `${n} 個錯誤`,
  spread: (s) =>
    s.kind === 'trail'
      ? '（操作審計記錄）'
      : `，分布在${s.more ? '超過 ' : ''}${s.count} 個${s.kind === 'services' ? '服務' : s.kind === 'hosts' ? '主機' : '檔案'}`,
  actor: (a) =>
    a.kind === 'ram-user'
      ? `RAM 使用者 ${a.name}`
      : a.kind === 'assumed-role'
        ? `RAM 角色 ${a.role}${a.session ? `（工作階段 ${a.session}）` : ''}`
        : a.kind === 'root-account'
          ? `阿里雲主帳號${a.account ? ` ${a.account}` : ''}`
          : (a.name ?? '未知呼叫者'),
  headline: (code, resource, first, count, spread) =>
    `${code}${resource ? `（${resource}）` : ''}${first ? `，自 ${first} 起` : ''}，${zhTW.errors(count)}${spread}`,
  cause: (before, event, target, actor, ip, id) =>
    `${before}前 ${actor}${ip ? `（來自 ${ip}）` : ''}對 ${target} 執行了 ${event}${id ? `（事件 ID ${id}）` : ''}`,
  via: (aliases) => `經由 ${aliases}`,
  endedBy: (event, target, after, actor) => `首個錯誤 ${after}後，${actor} 對 ${target} 執行 ${event}，故障結束`,
  errorsContinued: '此後錯誤仍在繼續',
  noCause: '操作審計中沒有能解釋它的變更。',
  changesBefore: (window) => `首個錯誤之前 ${window} 內的變更，由近及遠`,
  moreChanges: (n) => `另有 ${n} 個變更`,
  undone: '錯誤出現前已撤銷',
  explains: '可導致此錯誤',
  relation: { resource: '同一資源', alias: '所用別名', caller: '呼叫者' },
  untimed: (n) => `${n} 個錯誤沒有時間`,
  incident: '故障',
  likelyCause: '可能原因',
  ended: '結束',
  title: 'KMS 故障時間軸',
  summary: (i, f, e, c) => `${i} 個故障，來自 ${f} 次失敗呼叫；操作審計：${e} 個事件，${c} 個變更`,
  malformed: (n) => `${n} 個操作審計值未能讀取（不是 JSON，或不是事件）`,
  outOfOrder: (n) => `${n} 個操作審計事件未依時間順序（已排序）`,
  dropped: (what, n) => `${n} 個${what}超出記憶體上限，未計入`,
  noIncidents: '未發現 KMS 錯誤。',
  noTrail: '未提供操作審計：用 --trail 傳入 ActionTrail 事件，即可看到每個故障之前發生了哪些變更。',
  chartCaption: (bucket) => `每${bucket}錯誤數；標記：操作審計中的變更`,
  legendCause: '可能原因',
  legendChange: '其他變更',
  legendEnd: '結束於',
  calls: '呼叫',
  callers: '呼叫者',
  requestIds: 'RequestId',
  files: '檔案',
  hosts: '主機',
  services: '服務',
  api: 'API',
  region: '地域',
  firstLast: '第一個與最後一個錯誤',
  changeColumns: ['提前', '時間（UTC）', '事件', '對象', '操作者', '來源', '事件 ID', ''],
  incidentsTitle: '故障及其之前的變更',
  otherIncidents: (n) => `另有 ${n} 個故障在操作審計中沒有之前的變更：見 KMS 錯誤檢視（依故障分組）`,
};

export function timelineTexts(locale: Locale): TimelineTexts {
  return locale === 'zh-CN' ? zhCN : locale === 'zh-TW' ? zhTW : en;
}
