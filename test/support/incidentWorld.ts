/**
 * Generates incidents as they happen: an ActionTrail trail (documented event fields, KMS and RAM event
 * names of the OpenAPI metadata) and the logs of the applications that broke, with the change that
 * caused each incident known, and decoys a careless matcher would take for the cause: the same change
 * on the same key in another region, on another key, after the errors began, a read-only DescribeKey
 * and a change that failed. Everything is made up: accounts, users, AccessKeyIds (LTAI...EXAMPLE),
 * documentation IP ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24). The same seed gives the same world.
 */

export type Rand = () => number;

export function mulberry32(seed: number): Rand {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An ActionTrail management event, as "Management event structure" documents it. */
export interface TrailEventJson {
  eventId: string;
  eventVersion: '1';
  eventName: string;
  eventType: string;
  eventRW: 'Read' | 'Write';
  eventSource: string;
  eventTime: string;
  acsRegion: string;
  apiVersion: string;
  requestId: string;
  requestParameters: Record<string, string | number | boolean>;
  serviceName: 'Kms' | 'Ram';
  sourceIpAddress: string;
  userAgent: string;
  userIdentity: { type: string; accountId: string; principalId: string; userName: string; accessKeyId: string };
  errorCode: string;
  errorMessage: string;
}

/** An incident the world holds, and what the timeline must say of it. */
export interface ExpectedIncident {
  scenario: string;
  code: string;
  /** The key (an alias resolved), alias or secret the incident is about, as `kind:id`. */
  resource: string;
  region: string;
  /** The eventId of the change that caused it; null when nothing in the trail did. */
  cause: string | null;
  /** The eventId of the change that ended it, when the trail has one. */
  endedBy: string | null;
}

export interface World {
  events: TrailEventJson[];
  /** Log files by name, each a list of entries (an entry may span lines). */
  logs: Map<string, string[]>;
  expected: ExpectedIncident[];
  /** eventIds of every decoy: none may be named as a cause or listed as a change of any incident. */
  decoys: string[];
}

const ACCOUNT = '1234567890123456';
const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1'];
const SERVICES = ['checkout', 'billing', 'orders', 'reports', 'payments', 'search'];
const DAY = 86_400_000;

const MESSAGES: Record<string, [number, string]> = {
  'Rejected.Disabled': [409, 'The request was rejected because the key state is Disabled.'],
  'Rejected.PendingDeletion': [409, 'The request was rejected because the key state is PendingDeletion.'],
  'Forbidden.AliasNotFound': [404, 'The specified Alias is not found.'],
  'Forbidden.NoPermission': [403, 'This operation is forbidden by permission system.'],
  'Forbidden.AccessKey': [403, 'This AccessKey is not enabled.'],
  'Forbidden.ResourceNotFound': [404, 'Resource not found.'],
  'Rejected.Throttling': [429, 'QPS Limit Exceeded'],
};

/** Ids, names and times drawn from the seed. */
class Draw {
  private counter = 0;
  constructor(readonly rand: Rand) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => '0123456789ABCDEF'[this.int(16)]).join('');
  }
  uuid(): string {
    return [8, 4, 4, 4, 12].map((n) => this.hex(n)).join('-');
  }
  keyId(region: string): string {
    const prefix =
      region === 'cn-hangzhou' ? 'hzz' : region === 'cn-shanghai' ? 'shh' : region === 'cn-beijing' ? 'bjj' : 'sgg';
    const alnum = Array.from({ length: 17 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(36)]).join('');
    return `key-${prefix}${alnum}`;
  }
  ip(): string {
    return `${this.pick(['192.0.2', '198.51.100', '203.0.113'])}.${1 + this.int(254)}`;
  }
  accessKey(): string {
    this.counter++;
    return `LTAI5t${this.hex(10)}EXAMPLE${this.counter}`;
  }
  name(prefix: string): string {
    this.counter++;
    return `${prefix}-${this.counter}`;
  }
}

interface Actor {
  type: 'ram-user' | 'assumed-role' | 'root-account';
  userName: string;
  principalId: string;
  accessKeyId: string;
}

/** Builds events; every event gets a fresh eventId and RequestId. */
class TrailWriter {
  readonly events: TrailEventJson[] = [];
  constructor(private readonly d: Draw) {}

  actor(type: Actor['type'], userName: string, accessKeyId = this.d.accessKey()): Actor {
    const principal = `2${this.d.hex(15).replace(/[A-F]/g, '7')}`;
    return {
      type,
      userName,
      principalId: type === 'assumed-role' ? `3${principal.slice(1)}:${userName.split(':')[1] ?? 's'}` : principal,
      accessKeyId: type === 'assumed-role' ? `STS.${this.d.hex(20)}` : accessKeyId,
    };
  }

  add(
    name: string,
    time: number,
    region: string,
    actor: Actor,
    params: Record<string, string | number | boolean>,
    options: { read?: boolean; error?: [string, string]; requestId?: string; console?: boolean } = {},
  ): TrailEventJson {
    const ram = RAM_EVENTS.has(name);
    const requestId = options.requestId ?? this.d.uuid();
    const host = ram ? 'ram.aliyuncs.com' : `kms.${region}.aliyuncs.com`;
    const event: TrailEventJson = {
      eventId: this.d.uuid(),
      eventVersion: '1',
      eventName: name,
      eventType: options.console ? 'ConsoleOperation' : 'ApiCall',
      eventRW: options.read ? 'Read' : 'Write',
      eventSource: ram ? 'ram.aliyuncs.com' : this.d.rand() < 0.3 ? `kms-intranet.${region}.aliyuncs.com` : host,
      eventTime: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      acsRegion: ram ? 'cn-hangzhou' : region,
      apiVersion: ram ? '2015-05-01' : '2016-01-20',
      requestId,
      requestParameters: { ...params, RegionId: region, AcsHost: host, HostId: host, RequestId: requestId },
      serviceName: ram ? 'Ram' : 'Kms',
      sourceIpAddress: this.d.ip(),
      userAgent: this.d.pick([
        'AlibabaCloud (Linux; amd64) Go/1.22.3 Core/1.63.0 TeaDSL/1',
        'AlibabaCloud (Linux; x86_64) Java/17.0.9 Core/4.6.4 HTTPClient/ApacheHttpClient',
        'aliyun-cli/v3.0.200',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      ]),
      userIdentity: {
        type: actor.type,
        accountId: ACCOUNT,
        principalId: actor.principalId,
        userName: actor.userName,
        accessKeyId: actor.accessKeyId,
      },
      errorCode: options.error?.[0] ?? '',
      errorMessage: options.error?.[1] ?? '',
    };
    this.events.push(event);
    return event;
  }
}

const RAM_EVENTS = new Set([
  'DetachPolicyFromUser',
  'DetachPolicyFromRole',
  'AttachPolicyToUser',
  'AttachPolicyToRole',
  'CreatePolicyVersion',
  'UpdateAccessKey',
  'GetUser',
  'ListPoliciesForUser',
]);

/** The errors of one incident in the application logs, and the trail's records of the same calls. */
interface Burst {
  code: string;
  api: string;
  region: string;
  /** What the record names: a key id, `alias/...`, or a secret name (`secret:` prefix). */
  names: string;
  start: number;
  count: number;
  caller: Actor;
  /** Share of the calls the trail records as failed events (joined by RequestId). */
  inTrail: number;
  accessKeyInLog?: string;
}

export interface WorldOptions {
  /** When the first incident starts. */
  start?: number;
  /** Read events between incidents (successful calls of the applications), to make the trail realistic. */
  background?: number;
}

/** A world of every scenario, with decoys, in one trail and one set of logs. */
export function generateWorld(seed: number, options: WorldOptions = {}): World {
  const d = new Draw(mulberry32(seed));
  const trail = new TrailWriter(d);
  const logs = new Map<string, string[]>();
  const expected: ExpectedIncident[] = [];
  const decoys: string[] = [];
  let clock = options.start ?? Date.UTC(2026, 10, 20, 6) + d.int(3_600_000);
  const admin = trail.actor('ram-user', d.pick(['alice', 'bob', 'carol', 'dave']));
  const other = trail.actor('ram-user', 'intern-ops');
  const nextSlot = () => (clock += 2 * 3_600_000 + d.int(3_600_000));

  const bursts: Burst[] = [];
  const decoyKeyChange = (
    name: string,
    keyId: string,
    region: string,
    at: number,
    params: Record<string, string> = {},
  ) => {
    // The same change on the same key id in another region, nearer to the errors than the cause.
    const elsewhere = REGIONS.filter((r) => r !== region);
    decoys.push(trail.add(name, at + 1000, d.pick(elsewhere), admin, { KeyId: keyId, ...params }).eventId);
    // The same change on another key, nearer still.
    decoys.push(trail.add(name, at + 1500, region, admin, { KeyId: d.keyId(region), ...params }).eventId);
    // A read-only look at the key just before the errors.
    decoys.push(trail.add('DescribeKey', at + 2000, region, other, { KeyId: keyId }, { read: true }).eventId);
    // The same change attempted and refused: it changed nothing.
    decoys.push(
      trail.add(
        name,
        at + 2500,
        region,
        other,
        { KeyId: keyId, ...params },
        { error: ['Forbidden.NoPermission', 'This operation is forbidden by permission system.'] },
      ).eventId,
    );
  };

  const scenarios: Array<() => void> = [
    // A key disabled: Rejected.Disabled on Decrypt; EnableKey ends it.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const t0 = nextSlot();
      trail.add('DescribeKey', t0 - 3 * 3_600_000, region, admin, { KeyId: key }, { read: true });
      const cause = trail.add('DisableKey', t0, region, admin, { KeyId: key }, { console: d.rand() < 0.5 });
      decoyKeyChange('DisableKey', key, region, t0);
      const first = t0 + 3000 + d.int(5000);
      const burst = {
        code: 'Rejected.Disabled',
        api: 'Decrypt',
        region,
        names: key,
        start: first,
        count: 40 + d.int(300),
        caller: appUser(),
        inTrail: 0.5,
      };
      bursts.push(burst);
      // After the errors began: another change on the key is never the cause.
      decoys.push(
        trail.add('SetKeyPolicy', first + 60_000, region, admin, { KeyId: key, PolicyName: 'default', Policy: '{}' })
          .eventId,
      );
      const ended = trail.add('EnableKey', first + burst.count * 8500 + 30_000, region, admin, { KeyId: key });
      expected.push({
        scenario: 'disable',
        code: burst.code,
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // A key scheduled for deletion, after its deletion protection was turned off.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const t0 = nextSlot();
      const arn = `acs:kms:${region}:${ACCOUNT}:key/${key}`;
      trail.add('SetDeletionProtection', t0 - 600_000, region, admin, {
        ProtectedResourceArn: arn,
        EnableDeletionProtection: false,
      });
      const cause = trail.add('ScheduleKeyDeletion', t0, region, admin, { KeyId: arn, PendingWindowInDays: 7 });
      decoyKeyChange('ScheduleKeyDeletion', key, region, t0, { PendingWindowInDays: '7' });
      const first = t0 + 10_000 + d.int(60_000);
      bursts.push({
        code: 'Rejected.PendingDeletion',
        api: 'GenerateDataKey',
        region,
        names: key,
        start: first,
        count: 20 + d.int(200),
        caller: appUser(),
        inTrail: 0.3,
      });
      const ended = trail.add('CancelKeyDeletion', first + 45 * 60_000, region, admin, { KeyId: key });
      expected.push({
        scenario: 'schedule',
        code: 'Rejected.PendingDeletion',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // An alias deleted: Forbidden.AliasNotFound for callers that name the alias; CreateAlias ends it.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const alias = `alias/${d.name('app-data')}`;
      const t0 = nextSlot();
      trail.add('CreateAlias', t0 - 20 * DAY, region, admin, { AliasName: alias, KeyId: key });
      const cause = trail.add('DeleteAlias', t0, region, admin, { AliasName: alias });
      decoys.push(
        trail.add('DeleteAlias', t0 + 1000, d.pick(REGIONS.filter((r) => r !== region)), admin, { AliasName: alias })
          .eventId,
      );
      decoys.push(
        trail.add('DeleteAlias', t0 + 1500, region, admin, { AliasName: `alias/${d.name('other')}` }).eventId,
      );
      decoys.push(trail.add('DescribeKey', t0 + 2000, region, other, { KeyId: alias }, { read: true }).eventId);
      const first = t0 + 5000 + d.int(30_000);
      bursts.push({
        code: 'Forbidden.AliasNotFound',
        api: 'Encrypt',
        region,
        names: alias,
        start: first,
        count: 10 + d.int(100),
        caller: appUser(),
        inTrail: 0.5,
      });
      const ended = trail.add('CreateAlias', first + 30 * 60_000, region, admin, { AliasName: alias, KeyId: key });
      expected.push({
        scenario: 'delete-alias',
        code: 'Forbidden.AliasNotFound',
        resource: `alias:${alias}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // Calls through an alias reach a key that was then disabled: the alias resolves to the key.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const alias = `alias/${d.name('billing')}`;
      const t0 = nextSlot();
      trail.add('CreateAlias', t0 - 3 * DAY, region, admin, { AliasName: alias, KeyId: key });
      const cause = trail.add('DisableKey', t0, region, admin, { KeyId: key });
      decoyKeyChange('DisableKey', key, region, t0);
      const first = t0 + 30_000 + d.int(30_000);
      bursts.push({
        code: 'Rejected.Disabled',
        api: 'GenerateDataKey',
        region,
        names: alias,
        start: first,
        count: 30 + d.int(150),
        caller: appUser(),
        inTrail: 0.5,
      });
      expected.push({
        scenario: 'alias-then-disable',
        code: 'Rejected.Disabled',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: null,
      });
    },
    // An alias re-pointed at a key disabled days ago: the UpdateAlias is the cause.
    () => {
      const region = d.pick(REGIONS);
      const oldKey = d.keyId(region);
      const newKey = d.keyId(region);
      const alias = `alias/${d.name('orders')}`;
      const t0 = nextSlot();
      trail.add('CreateAlias', t0 - 30 * DAY, region, admin, { AliasName: alias, KeyId: oldKey });
      trail.add('DisableKey', t0 - 3 * DAY, region, admin, { KeyId: newKey });
      const cause = trail.add('UpdateAlias', t0, region, admin, { AliasName: alias, KeyId: newKey });
      decoys.push(
        trail.add('UpdateAlias', t0 + 1000, d.pick(REGIONS.filter((r) => r !== region)), admin, {
          AliasName: alias,
          KeyId: d.keyId(region),
        }).eventId,
      );
      const first = t0 + 20_000 + d.int(40_000);
      bursts.push({
        code: 'Rejected.Disabled',
        api: 'Encrypt',
        region,
        names: alias,
        start: first,
        count: 20 + d.int(100),
        caller: appUser(),
        inTrail: 0.5,
      });
      expected.push({
        scenario: 'repoint-alias',
        code: 'Rejected.Disabled',
        resource: `key:${newKey}`,
        region,
        cause: cause.eventId,
        endedBy: null,
      });
    },
    // A RAM policy detached from the application's user: Forbidden.NoPermission, caller known from the trail.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const user = trail.actor('ram-user', d.name('svc-worker'));
      const t0 = nextSlot();
      const cause = trail.add('DetachPolicyFromUser', t0, region, admin, {
        PolicyType: 'Custom',
        PolicyName: 'kms-decrypt',
        UserName: user.userName,
      });
      decoys.push(
        trail.add('DetachPolicyFromUser', t0 + 1000, region, admin, {
          PolicyType: 'Custom',
          PolicyName: 'kms-decrypt',
          UserName: d.name('svc-other'),
        }).eventId,
      );
      decoys.push(
        trail.add('ListPoliciesForUser', t0 + 1500, region, admin, { UserName: user.userName }, { read: true }).eventId,
      );
      const first = t0 + 60_000 + d.int(60_000);
      const count = 20 + d.int(100);
      bursts.push({
        code: 'Forbidden.NoPermission',
        api: 'Decrypt',
        region,
        names: key,
        start: first,
        count,
        caller: user,
        inTrail: 1,
      });
      decoys.push(
        trail.add('DetachPolicyFromUser', first + 120_000, region, admin, {
          PolicyType: 'System',
          PolicyName: 'AliyunKMSReadOnlyAccess',
          UserName: user.userName,
        }).eventId,
      );
      const ended = trail.add('AttachPolicyToUser', first + count * 8500 + 30_000, region, admin, {
        PolicyType: 'Custom',
        PolicyName: 'kms-decrypt',
        UserName: user.userName,
      });
      expected.push({
        scenario: 'detach-user-policy',
        code: 'Forbidden.NoPermission',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // A key policy replaced: Forbidden.NoPermission for a role's sessions.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const role = trail.actor('assumed-role', `${d.name('ecs-app-role')}:i-${d.hex(8).toLowerCase()}`);
      const t0 = nextSlot();
      const cause = trail.add('SetKeyPolicy', t0, region, admin, {
        KeyId: key,
        PolicyName: 'default',
        Policy: '{"Version":"1","Statement":[]}',
      });
      decoyKeyChange('SetKeyPolicy', key, region, t0, { PolicyName: 'default' });
      decoys.push(
        trail.add('DetachPolicyFromRole', t0 + 3000, region, admin, {
          PolicyType: 'Custom',
          PolicyName: 'kms-use',
          RoleName: d.name('other-role'),
        }).eventId,
      );
      const first = t0 + 5000 + d.int(20_000);
      bursts.push({
        code: 'Forbidden.NoPermission',
        api: 'Decrypt',
        region,
        names: `acs:kms:${region}:${ACCOUNT}:key/${key}`,
        start: first,
        count: 20 + d.int(100),
        caller: role,
        inTrail: 0.8,
      });
      expected.push({
        scenario: 'key-policy',
        code: 'Forbidden.NoPermission',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: null,
      });
    },
    // The application's AccessKey disabled: Forbidden.AccessKey; enabling it again ends it.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const user = trail.actor('ram-user', d.name('batch-user'));
      const t0 = nextSlot();
      trail.add('Decrypt', t0 - 3_600_000, region, user, { KeyId: key }, { read: true });
      const cause = trail.add('UpdateAccessKey', t0, region, admin, {
        UserName: user.userName,
        UserAccessKeyId: user.accessKeyId,
        Status: 'Inactive',
      });
      decoys.push(
        trail.add('UpdateAccessKey', t0 + 1000, region, admin, {
          UserName: 'someone-else',
          UserAccessKeyId: d.accessKey(),
          Status: 'Inactive',
        }).eventId,
      );
      decoys.push(trail.add('GetUser', t0 + 1500, region, admin, { UserName: user.userName }, { read: true }).eventId);
      const first = t0 + 30_000 + d.int(30_000);
      const count = 10 + d.int(60);
      bursts.push({
        code: 'Forbidden.AccessKey',
        api: 'Decrypt',
        region,
        names: key,
        start: first,
        count,
        caller: user,
        inTrail: 0,
        accessKeyInLog: user.accessKeyId,
      });
      const ended = trail.add('UpdateAccessKey', first + count * 8500 + 30_000, region, admin, {
        UserName: user.userName,
        UserAccessKeyId: user.accessKeyId,
        Status: 'Active',
      });
      expected.push({
        scenario: 'access-key',
        code: 'Forbidden.AccessKey',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // A secret deleted: GetSecretValue fails with Forbidden.ResourceNotFound; RestoreSecret ends it.
    () => {
      const region = d.pick(REGIONS);
      const secret = `${d.pick(['prod', 'staging'])}/${d.name('db-password')}`;
      const t0 = nextSlot();
      const cause = trail.add('DeleteSecret', t0, region, admin, { SecretName: secret, RecoveryWindowInDays: 30 });
      decoys.push(
        trail.add('DeleteSecret', t0 + 1000, d.pick(REGIONS.filter((r) => r !== region)), admin, { SecretName: secret })
          .eventId,
      );
      decoys.push(trail.add('DeleteSecret', t0 + 1500, region, admin, { SecretName: `${secret}-old` }).eventId);
      decoys.push(
        trail.add('DescribeSecret', t0 + 2000, region, other, { SecretName: secret }, { read: true }).eventId,
      );
      const first = t0 + 10_000 + d.int(30_000);
      bursts.push({
        code: 'Forbidden.ResourceNotFound',
        api: 'GetSecretValue',
        region,
        names: `secret:${secret}`,
        start: first,
        count: 10 + d.int(80),
        caller: appUser(),
        inTrail: 0.5,
      });
      decoys.push(
        trail.add('PutSecretValue', first + 5 * 60_000, region, admin, { SecretName: secret, VersionId: 'v2' }).eventId,
      );
      const ended = trail.add('RestoreSecret', first + 25 * 60_000, region, admin, { SecretName: secret });
      expected.push({
        scenario: 'delete-secret',
        code: 'Forbidden.ResourceNotFound',
        resource: `secret:${secret}`,
        region,
        cause: cause.eventId,
        endedBy: ended.eventId,
      });
    },
    // A policy version made default for a policy the caller's user holds (attached weeks before).
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const user = trail.actor('ram-user', d.name('report-user'));
      const policy = d.name('kms-app-policy');
      const t0 = nextSlot();
      trail.add('AttachPolicyToUser', t0 - 14 * DAY, region, admin, {
        PolicyType: 'Custom',
        PolicyName: policy,
        UserName: user.userName,
      });
      const cause = trail.add('CreatePolicyVersion', t0, region, admin, {
        PolicyName: policy,
        PolicyDocument: '{"Version":"1","Statement":[]}',
        SetAsDefault: true,
      });
      decoys.push(
        trail.add('CreatePolicyVersion', t0 + 1000, region, admin, {
          PolicyName: d.name('unrelated-policy'),
          PolicyDocument: '{}',
          SetAsDefault: true,
        }).eventId,
      );
      const first = t0 + 120_000 + d.int(120_000);
      bursts.push({
        code: 'Forbidden.NoPermission',
        api: 'GenerateDataKey',
        region,
        names: key,
        start: first,
        count: 10 + d.int(60),
        caller: user,
        inTrail: 1,
      });
      expected.push({
        scenario: 'policy-version',
        code: 'Forbidden.NoPermission',
        resource: `key:${key}`,
        region,
        cause: cause.eventId,
        endedBy: null,
      });
    },
    // Throttling with nothing behind it in the trail: changes on the key explain nothing.
    () => {
      const region = d.pick(REGIONS);
      const key = d.keyId(region);
      const t0 = nextSlot();
      trail.add('SetDeletionProtection', t0 - 3_600_000, region, admin, {
        ProtectedResourceArn: `acs:kms:${region}:${ACCOUNT}:key/${key}`,
        EnableDeletionProtection: true,
      });
      bursts.push({
        code: 'Rejected.Throttling',
        api: 'GenerateDataKey',
        region,
        names: key,
        start: t0,
        count: 50 + d.int(300),
        caller: appUser(),
        inTrail: 0,
      });
      expected.push({
        scenario: 'no-cause',
        code: 'Rejected.Throttling',
        resource: `key:${key}`,
        region,
        cause: null,
        endedBy: null,
      });
    },
  ];

  function appUser(): Actor {
    return trail.actor('ram-user', d.name('app'));
  }

  for (const scenario of scenarios) scenario();
  for (const burst of bursts) writeBurst(burst, d, trail, logs);
  if (options.background)
    addBackground(d, trail, options.background, (options.start ?? Date.UTC(2026, 10, 20, 6)) - DAY, clock);
  trail.events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return { events: trail.events, logs, expected, decoys };
}

/** Successful calls of other applications, spread over the world's time. */
function addBackground(d: Draw, trail: TrailWriter, count: number, from: number, to: number): void {
  for (const event of background(d, count, from, to)) trail.events.push(event);
}

/**
 * `count` successful calls of applications that have nothing to do with any incident, in time order
 * from `from` to `to`, one at a time: a trail of millions of events is written without holding it.
 */
export function* backgroundEvents(seed: number, count: number, from: number, to: number): Generator<TrailEventJson> {
  yield* background(new Draw(mulberry32(seed)), count, from, to);
}

function* background(d: Draw, count: number, from: number, to: number): Generator<TrailEventJson> {
  const trail = new TrailWriter(d);
  const users = Array.from({ length: 8 }, () => trail.actor('ram-user', d.name('reader')));
  const keys = REGIONS.map((region) => [region, d.keyId(region)] as const);
  const step = (to - from) / Math.max(1, count);
  for (let i = 0; i < count; i++) {
    const [region, key] = d.pick(keys);
    const name = d.pick(['Decrypt', 'GenerateDataKey', 'DescribeKey', 'Encrypt']);
    const time = from + (i + d.rand()) * step;
    const event = trail.add(name, time, region, d.pick(users), { KeyId: key }, { read: name === 'DescribeKey' });
    trail.events.length = 0;
    yield event;
  }
}

/** One incident's errors, in the logs of several services and hosts, in several SDK shapes. */
function writeBurst(burst: Burst, d: Draw, trail: TrailWriter, logs: Map<string, string[]>): void {
  const [status, message] = MESSAGES[burst.code] ?? [400, 'error'];
  const services = Array.from({ length: 1 + d.int(3) }, () => d.pick(SERVICES));
  let time = burst.start;
  for (let i = 0; i < burst.count; i++) {
    const service = d.pick(services);
    const host = `${service}-${1 + d.int(4)}`;
    const requestId = d.uuid();
    if (d.rand() < burst.inTrail)
      trail.add(burst.api, time, burst.region, burst.caller, requestParams(burst), {
        requestId,
        error: [burst.code, message],
      });
    const entry = logEntry(d, burst, { time, service, host, requestId, status, message });
    const file = `${service}.log`;
    const lines = logs.get(file) ?? [];
    lines.push(entry);
    logs.set(file, lines);
    if (d.rand() < 0.3)
      lines.push(
        `${new Date(time + 5).toISOString()} INFO  [${service}] host=${host} request handled took=${d.int(90)}ms`,
      );
    time += 500 + d.int(8000);
  }
}

function requestParams(burst: Burst): Record<string, string> {
  if (burst.names.startsWith('secret:')) return { SecretName: burst.names.slice('secret:'.length) };
  return { KeyId: burst.names };
}

interface EntryContext {
  time: number;
  service: string;
  host: string;
  requestId: string;
  status: number;
  message: string;
}

/** A log entry in one of the shapes SDKs print errors in, naming the key, alias or secret and the region. */
function logEntry(d: Draw, burst: Burst, c: EntryContext): string {
  const stamp = new Date(c.time).toISOString();
  const endpoint = `kms.${burst.region}.aliyuncs.com`;
  const named = burst.names.startsWith('secret:')
    ? `secret_name=${burst.names.slice('secret:'.length)}`
    : `key_id=${burst.names}`;
  const accessKey = burst.accessKeyInLog ? ` access_key_id=${burst.accessKeyInLog}` : '';
  switch (d.int(4)) {
    case 0:
      return `${stamp} ERROR [${c.service}] host=${c.host} service=${c.service} ${named}${accessKey} action=${burst.api} ${burst.api} failed: SDK.ServerError\nErrorCode: ${burst.code}\nRecommend: https://api.aliyun.com/troubleshoot?q=${burst.code}&product=Kms&requestId=${c.requestId}\nRequestId: ${c.requestId}\nMessage: ${c.message}`;
    case 1:
      return `${stamp} ERROR [${c.service}] host=${c.host} service=${c.service} ${named}${accessKey} kms call ${burst.api} failed: SDKError:\n   StatusCode: ${c.status}\n   Code: ${burst.code}\n   Message: code: ${c.status}, ${c.message} request id: ${c.requestId}\n   Data: {"Code":"${burst.code}","HostId":"${endpoint}","Message":"${c.message}","RequestId":"${c.requestId}"}`;
    case 2: {
      const field = burst.names.startsWith('secret:')
        ? `"secretName":"${burst.names.slice('secret:'.length)}"`
        : `"keyId":"${burst.names}"`;
      const ak = burst.accessKeyInLog ? `,"accessKeyId":"${burst.accessKeyInLog}"` : '';
      return `{"ts":${(c.time / 1000).toFixed(3)},"level":"error","host":"${c.host}","service":"${c.service}","region":"${burst.region}",${field}${ak},"api":"${burst.api}","msg":"kms request failed","error":"SDK.ServerError\\nErrorCode: ${burst.code}\\nRecommend: \\nRequestId: ${c.requestId}\\nMessage: ${c.message}"}`;
    }
    default:
      return `${stamp.replace('T', ' ').replace('Z', '')} ERROR [pool-${1 + d.int(8)}] c.e.${c.service}.Crypto - host=${c.host} ${named}${accessKey} region=${burst.region} ${burst.api} failed\ncom.aliyuncs.exceptions.ServerException: ${burst.code} : ${c.message}\r\nRequestId : ${c.requestId}\n\tat com.aliyuncs.DefaultAcsClient.parseAcsResponse(DefaultAcsClient.java:190)`;
  }
}

export type TrailShape = 'lines' | 'array' | 'sls' | 'sls-flat' | 'lookup';

/** The trail as a file of one of the shapes users hold. */
export function trailText(events: readonly TrailEventJson[], shape: TrailShape): string {
  switch (shape) {
    case 'lines':
      return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    case 'array':
      return JSON.stringify(events, null, 2);
    case 'sls':
      return (
        events
          .map((e) =>
            JSON.stringify({
              __topic__: 'actiontrail_audit_event',
              __time__: String(Date.parse(e.eventTime) / 1000),
              event: JSON.stringify(e),
            }),
          )
          .join('\n') + '\n'
      );
    case 'sls-flat':
      return (
        events.map((e) => JSON.stringify({ __topic__: 'actiontrail_event', ...flatten('event', e) })).join('\n') + '\n'
      );
    case 'lookup':
      return JSON.stringify({ RequestId: 'LOOKUP-1', NextToken: '', Events: events }, null, 2);
  }
}

function flatten(prefix: string, value: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) flatten(`${prefix}.${key}`, v, out);
  } else out[prefix] = value;
  return out;
}
