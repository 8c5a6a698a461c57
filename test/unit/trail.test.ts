import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, readEvent, type TrailEvent } from '../../server/src/core/trail/event';
import { JsonValueSplitter } from '../../server/src/core/trail/jsonValues';
import { looksLikeTrail, readTrail } from '../../server/src/core/trail/readTrail';
import { keyReference } from '../../server/src/core/trail/resources';
import { TrailIndex } from '../../server/src/core/trail/trailIndex';
import { trailText, type TrailEventJson } from '../support/incidentWorld';
import { event } from '../support/trailEvent';
import { pieces } from '../support/worldTimeline';

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return 'not JSON';
  }
}

/** Splits `text` fed in pieces of `size` characters; returns the values and the malformed places. */
function split(text: string, size = text.length, maxValue?: number) {
  const values: Array<[number, unknown]> = [];
  const malformed: Array<[number, string]> = [];
  const splitter = new JsonValueSplitter(
    {
      value: (t, line) => values.push([line, parsed(t)]),
      malformed: (line, reason) => malformed.push([line, reason]),
    },
    maxValue,
  );
  for (let at = 0; at < text.length; at += size) splitter.push(text.slice(at, at + size));
  splitter.end();
  return { values, malformed };
}

const isEvent = (v: TrailEvent | { reason: string }): v is TrailEvent => 'name' in v;

describe('JsonValueSplitter', () => {
  const lines = '{"a":1}\n{"b":"x\\"}y"}\n\n{"c":[1,{"d":2}]}\n';
  const array = '[\n  {"a": 1},\n  {"b": "]}"},\n  {"c": [1, {"d": 2}]}\n]\n';
  const pretty = '{\n  "a": 1\n}\n{\n  "b": "x"\n}\n';

  for (const [name, text, expected] of [
    ['JSON Lines', lines, [{ a: 1 }, { b: 'x"}y' }, { c: [1, { d: 2 }] }]],
    ['a JSON array', array, [{ a: 1 }, { b: ']}' }, { c: [1, { d: 2 }] }]],
    ['pretty objects one after another', pretty, [{ a: 1 }, { b: 'x' }]],
  ] as const)
    it(`cuts ${name} into its values, whatever the chunk boundaries`, () => {
      for (let size = 1; size <= text.length; size++) {
        const { values, malformed } = split(text, size);
        assert.deepEqual(
          values.map(([, v]) => v),
          expected,
          `chunks of ${size}`,
        );
        assert.deepEqual(malformed, []);
      }
    });

  it('reports a broken line with its number and reads the lines around it', () => {
    const { values, malformed } = split('{"a":1}\n{"b":\n{"c":3}\nnot json\n');
    assert.deepEqual(values, [
      [1, { a: 1 }],
      [2, 'not JSON'],
      [3, { c: 3 }],
      [4, 'not JSON'],
    ]);
    // The splitter hands each line on; parsing decides: lines 2 and 4 are then not JSON (readTrail counts them).
    assert.deepEqual(malformed, []);
  });

  it('skips a value longer than the bound, reports it, and goes on', () => {
    const long = `{"a":"${'x'.repeat(200)}"}`;
    for (const text of [`{"b":1}\n${long}\n{"c":2}\n`, `[{"b":1},${long},{"c":2}]`]) {
      const { values, malformed } = split(text, 7, 100);
      assert.deepEqual(
        values.map(([, v]) => v),
        [{ b: 1 }, { c: 2 }],
      );
      assert.equal(malformed.length, 1);
      assert.equal(malformed[0]?.[1], 'value too long');
    }
  });

  it('reports text at the top level of a structured file, and a value cut short at the end', () => {
    const { values, malformed } = split('[{"a":1}]\ngarbage here\n{"b":');
    assert.deepEqual(
      values.map(([, v]) => v),
      [{ a: 1 }],
    );
    assert.deepEqual(malformed, [
      [2, 'not JSON'],
      [3, 'truncated'],
    ]);
  });

  it('passes a megabyte string full of escapes in linear time (counted by its one value)', () => {
    const text = `[{"s":"${'\\\\'.repeat(500_000)}"}]`;
    const { values } = split(text, 4096, 8 << 20);
    assert.equal(values.length, 1);
  });
});

describe('reading events', () => {
  const bare = event();

  it('reads the documented fields of a bare event', () => {
    const e = readEvent(JSON.parse(JSON.stringify(bare)));
    assert.ok(isEvent(e));
    assert.equal(e.name, 'DisableKey');
    assert.equal(e.time, Date.UTC(2026, 10, 20, 8, 14, 3));
    assert.equal(e.region, 'cn-hangzhou');
    assert.equal(e.errorCode, null, 'an empty errorCode is a call that succeeded');
    assert.equal(e.caller.userName, 'alice');
    assert.equal(e.params['KeyId'], 'key-hzz630494463ejqjx0001');
    assert.equal(e.sourceIp, '203.0.113.7');
  });

  it('reads the same event from SLS (as JSON text or flattened), an array and a LookupEvents page', () => {
    for (const shape of ['lines', 'array', 'sls', 'sls-flat', 'lookup'] as const) {
      const found: TrailEvent[] = [];
      const splitter = new JsonValueSplitter({
        value: (text) => found.push(...eventsOf(JSON.parse(text)).filter(isEvent)),
        malformed: () => assert.fail(shape),
      });
      splitter.push(trailText([bare, event({ eventId: 'E-2', eventName: 'EnableKey' })], shape));
      splitter.end();
      assert.deepEqual(
        found.map((e) => [e.eventId, e.name, e.params['KeyId'], e.caller.userName]),
        [
          ['E-1', 'DisableKey', 'key-hzz630494463ejqjx0001', 'alice'],
          ['E-2', 'EnableKey', 'key-hzz630494463ejqjx0001', 'alice'],
        ],
        shape,
      );
    }
  });

  it('takes the parameters from requestParameterJson when requestParameters is missing', () => {
    const raw = { ...bare, requestParameters: undefined, requestParameterJson: '{"KeyId":"key-x","Flag":true}' };
    const e = readEvent(JSON.parse(JSON.stringify(raw)));
    assert.ok(isEvent(e));
    assert.equal(e.params['KeyId'], 'key-x');
    assert.equal(e.params['Flag'], 'true');
  });

  it('says why an object is not an event', () => {
    assert.deepEqual(readEvent({ foo: 1 }), { reason: 'no event in this object' });
    assert.deepEqual(readEvent({ eventName: 'DisableKey' }), { reason: 'no valid eventTime' });
    assert.deepEqual(readEvent({ eventName: 'DisableKey', eventTime: 'yesterday' }), { reason: 'no valid eventTime' });
    assert.deepEqual(readEvent({ eventName: '<script>', eventTime: '2026-11-20T08:14:03Z' }), {
      reason: 'no eventName',
    });
  });

  it('keeps no field of untrusted size', () => {
    const e = readEvent(JSON.parse(JSON.stringify(event({ sourceIpAddress: 'x'.repeat(100_000) }))));
    assert.ok(isEvent(e));
    assert.ok((e.sourceIp ?? '').length <= 512);
  });
});

describe('TrailIndex', () => {
  async function index(events: TrailEventJson[], text = trailText(events, 'lines')) {
    const i = new TrailIndex();
    await readTrail('t.json', pieces(text), i);
    return i;
  }

  it('keeps successful changes only: a failed change changed nothing, a read is no change', async () => {
    const i = await index([
      event({ eventId: 'ok' }),
      event({ eventId: 'failed', errorCode: 'Forbidden.NoPermission', errorMessage: 'denied' }),
      event({ eventId: 'read', eventName: 'DescribeKey', eventRW: 'Read' }),
    ]);
    assert.deepEqual(
      i.changes().map((c) => c.event.eventId),
      ['ok'],
    );
    assert.deepEqual(
      i.failures().map((f) => f.event.eventId),
      ['failed'],
    );
  });

  it('sorts events that came out of time order, and counts them', async () => {
    const i = await index([
      event({ eventId: 'late', eventTime: '2026-11-20T09:00:00Z' }),
      event({ eventId: 'early', eventTime: '2026-11-20T08:00:00Z' }),
    ]);
    assert.deepEqual(
      i.changes().map((c) => c.event.eventId),
      ['early', 'late'],
    );
    assert.equal(i.stats.outOfOrder, 1);
  });

  it('counts malformed lines with their place, never stopping', async () => {
    const text = `${JSON.stringify(event())}\n{"eventName":\nnot json\n{"x":1}\n${JSON.stringify(event({ eventId: 'E-2' }))}\n`;
    const i = await index([], text);
    assert.equal(i.stats.events, 2);
    assert.deepEqual(
      i.malformedSamples.map((s) => [s.line, s.reason]),
      [
        [2, 'not JSON'],
        [3, 'not JSON'],
        [4, 'no event in this object'],
      ],
    );
  });

  it('resolves an alias to the key it pointed at, at a given time, in its region', async () => {
    const alias = (id: string, name: string, time: string, key: string | null, region = 'cn-hangzhou') =>
      event({
        eventId: id,
        eventName: name,
        eventTime: time,
        acsRegion: region,
        requestParameters: key ? { AliasName: 'alias/app', KeyId: key } : { AliasName: 'alias/app' },
      });
    const i = await index([
      alias('c', 'CreateAlias', '2026-11-01T00:00:00Z', 'key-aaaa00000000000001'),
      alias(
        'u',
        'UpdateAlias',
        '2026-11-10T00:00:00Z',
        `acs:kms:cn-hangzhou:1234567890123456:key/KEY-BBBB00000000000002`,
      ),
      alias('d', 'DeleteAlias', '2026-11-20T00:00:00Z', null),
      alias('x', 'CreateAlias', '2026-11-02T00:00:00Z', 'key-cccc00000000000003', 'cn-shanghai'),
    ]);
    const at = (time: string, region: string | null = 'cn-hangzhou') =>
      i.resolveAlias('alias/app', region, Date.parse(time))?.key.id ?? null;
    assert.equal(at('2026-10-30T00:00:00Z'), null);
    assert.equal(at('2026-11-05T00:00:00Z'), 'key-aaaa00000000000001');
    assert.equal(at('2026-11-15T00:00:00Z'), 'key-bbbb00000000000002', 'an ARN and its bare id are the same key');
    assert.equal(at('2026-11-21T00:00:00Z'), null, 'deleted');
    assert.equal(at('2026-11-05T00:00:00Z', 'cn-shanghai'), 'key-cccc00000000000003');
    assert.equal(at('2026-11-05T00:00:00Z', null), null, 'two regions name the alias: no guess');
  });

  it('learns who owns an AccessKey, groups and policy holders from the trail, in every shape', async () => {
    const app = { ...event().userIdentity, userName: 'app', accessKeyId: 'LTAI5tAPP' };
    const events = [
      event({ eventName: 'Decrypt', eventTime: '2026-11-20T09:00:00Z', userIdentity: app }),
      event({ eventName: 'AddUserToGroup', requestParameters: { UserName: 'app', GroupName: 'apps' } }),
      event({ eventName: 'AttachPolicyToGroup', requestParameters: { PolicyName: 'kms-use', GroupName: 'apps' } }),
      // Not a change for all it names one: its own name is Decrypt.
      event({ eventName: 'Decrypt', requestParameters: { KeyId: 'DisableKey' }, userIdentity: app }),
      event({ eventName: 'Decrypt', errorCode: 'Rejected.Disabled', errorMessage: 'disabled', userIdentity: app }),
    ];
    for (const shape of ['lines', 'array', 'sls', 'sls-flat', 'lookup'] as const) {
      const i = await index([], trailText(events, shape));
      assert.equal(i.stats.events, 5, shape);
      assert.equal(i.stats.outOfOrder, 1, shape);
      assert.equal(i.userOfAccessKey('LTAI5tAPP'), 'app', shape);
      assert.deepEqual([...i.groupsOf('app')], ['apps'], shape);
      assert.deepEqual([...i.holdersOf('kms-use')], ['group:apps'], shape);
      assert.deepEqual(i.changes(), [], shape);
      assert.deepEqual(
        i.failures().map((f) => f.event.errorCode),
        ['Rejected.Disabled'],
        shape,
      );
    }
  });
});

describe('resources and detection', () => {
  it('reads a key ARN and a bare key id as the same key, and keeps an alias apart', () => {
    assert.deepEqual(keyReference('acs:kms:cn-hangzhou:1234567890123456:key/Key-ABC'), {
      kind: 'key',
      id: 'key-abc',
      region: 'cn-hangzhou',
    });
    assert.deepEqual(keyReference('KEY-abc'), { kind: 'key', id: 'key-abc', region: null });
    assert.deepEqual(keyReference('acs:kms:cn-hangzhou:1:alias/app'), {
      kind: 'alias',
      id: 'alias/app',
      region: 'cn-hangzhou',
    });
  });

  it('tells a trail by its content, not its name', () => {
    const one = event();
    for (const shape of ['lines', 'array', 'sls', 'sls-flat', 'lookup'] as const)
      assert.ok(looksLikeTrail(trailText([one], shape)), shape);
    assert.ok(!looksLikeTrail('2026-11-20T08:00:00Z INFO {"eventName":"DisableKey","eventTime":"x"}'));
    assert.ok(!looksLikeTrail('{"level":"error","msg":"kms call failed","code":"Rejected.Disabled"}'));
  });
});
