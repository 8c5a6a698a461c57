import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { Catalog } from '../../server/src/core/catalog/catalog';
import { decode } from '../../server/src/core/decoder/decoder';
import { BlockFields, nearestFields } from '../../server/src/core/scanner/fields';
import { cleanMessage, cleanUrl, messageAfterCode } from '../../server/src/core/scanner/messageText';
import { scanText } from '../../server/src/core/scanner/scan';
import { bySize } from '../support/testSize';
import { present } from '../support/assertions';

/*
 * Inputs built to make super-linear regular expressions show: every field key and tag followed by
 * long runs of whitespace, quotes or punctuation without the end the pattern waits for, and long runs
 * of the key itself. Each must be read in a bound that linear work meets with a wide margin (a few
 * milliseconds per input here) and quadratic work cannot (a 100,000-character run read once from
 * each of its characters is 5 * 10^9 steps, tens of seconds). The bound is deliberately loose so
 * that a loaded machine does not fail it (and it is CPU time); it guards against an order of growth,
 * not a speed. At the smoke size each key meets runs of spaces (the usual culprit) and one other
 * filler in turn; at the full size (KMS_TEST_SIZE=full), every filler.
 */
const catalog = builtinCatalog();
const N = 100_000;
const BOUND_MS = 1500;

const KEYS = [
  'Message:',
  'Message: x',
  '<Message>',
  '<Message><![CDATA[',
  '<Message>x',
  '"Message": "',
  '"Message": "a"',
  '\\"Message\\": \\"',
  "'Message': u'",
  'code: 404,',
  'code: 404, x',
  '<Recommend>',
  'Recommend: ',
  'Recommend: "',
  'Recommend: https://x',
  'Action',
  '"Action"',
  'Action: ',
  '<HttpStatus>',
  'HttpStatus: ',
  'RequestId: ',
  '<RequestId>',
  'request_id=',
  'HostId: ',
  '<HostId>',
  'Error: Forbidden.KeyNotFound ',
  'Forbidden.KeyNotFound : ',
  'Forbidden.KeyNotFound : x',
  'SDKError:',
  'SDK.ServerError',
  'ErrorCode: ',
  'Code: ',
  'Aliyun API Error:',
  'HTTP Status: 404 ',
  'Tea.TeaException: ',
  'Resource ',
  'Data: {',
];
const FILLERS = [' ', '\t', ' \t', '\u00a0', '\n', '\r', '\r\n', '"', "'", '.', ',', ' ,', '│', 'a ', '\\n', ']]>'];
const SEPARATORS = ['', ' ', '\t'];

/** The fillers run after key number `k`. */
const fillersFor = (k: number) => bySize([' ', FILLERS[1 + (k % (FILLERS.length - 1))] as string], FILLERS);
/** The separators of the runs of key number `k` repeated. */
const separatorsFor = (k: number) => bySize([SEPARATORS[k % SEPARATORS.length] as string], SEPARATORS);

/** CPU time of `run`: a machine busy with other work stretches wall-clock time, not this. */
function cpuMs(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function timed(label: string, run: () => unknown): void {
  const ms = cpuMs(run);
  assert.ok(ms < BOUND_MS, `${label}: ${ms.toFixed(0)} ms of CPU time`);
}

function describeInput(key: string, filler: string): string {
  return `${JSON.stringify(key)} + ${JSON.stringify(filler)} x ${N}`;
}

describe('field patterns on long runs after every key and tag', () => {
  for (const [k, key] of KEYS.entries()) {
    it(`reads ${JSON.stringify(key)} followed by long runs in linear time`, () => {
      for (const filler of fillersFor(k)) {
        const run = filler.repeat(Math.ceil(N / filler.length));
        for (const text of [`Forbidden.KeyNotFound ${key}${run}`, `Forbidden.KeyNotFound ${key}${run}x`]) {
          timed(`fields of ${describeInput(key, filler)}`, () => nearestFields(new BlockFields(text), 0));
          timed(`message after code of ${describeInput(key, filler)}`, () => messageAfterCode(text, 0, 21));
          timed(`clean message of ${describeInput(key, filler)}`, () => cleanMessage(text));
          timed(`decode of ${describeInput(key, filler)}`, () => decode(text, catalog));
        }
      }
    });

    it(`reads a run of ${JSON.stringify(key)} repeated in linear time`, () => {
      for (const separator of separatorsFor(k)) {
        const text = `Forbidden.KeyNotFound ${`${key}${separator}`.repeat(Math.ceil(N / (key.length + 1)))}`;
        const label = `${JSON.stringify(key + separator)} repeated`;
        timed(`fields of ${label}`, () => nearestFields(new BlockFields(text), 0));
        timed(`decode of ${label}`, () => decode(text, catalog));
        timed(`scan of ${label}`, () => scanText(text, catalog));
      }
    });
  }

  it('cleans long runs of quotes, dots and spaces at the end of messages and URLs in linear time', () => {
    for (const run of ['"', "'", '`', '.', ',', ')', ' ', ' request id:']) {
      const tail = run.repeat(N);
      timed(`cleanMessage of x + ${JSON.stringify(run)} x ${N} + x`, () => cleanMessage(`x${tail}x`));
      timed(`cleanUrl of x + ${JSON.stringify(run)} x ${N} + x`, () => cleanUrl(`https://x${tail}x`));
    }
  });

  it('keeps the messages these patterns read', () => {
    const read = (text: string) => nearestFields(new BlockFields(text), 0).message?.text ?? null;
    assert.equal(read('Message:   The key is gone.   \n'), 'The key is gone.');
    assert.equal(read('Message: The key is gone. Data: {}'), 'The key is gone.');
    assert.equal(read('Message: The key is gone.\\nRequestId: X'), 'The key is gone.');
    assert.equal(read('<Message>  <![CDATA[ The key is gone. ]]>  </Message>'), 'The key is gone.');
    assert.equal(read('<Message>\n  The key\n  is gone.\n</Message>'), 'The key is gone.');
    assert.equal(read('<Message></Message><Message>The key is gone.</Message>'), 'The key is gone.');
    assert.equal(read('code: 404,  The key is gone. , request id: R-1'), 'The key is gone.');
    assert.equal(messageAfterCode('X :  The key is gone.  + [ RequestId : R ]', 0, 1), 'The key is gone.');
    assert.equal(cleanMessage('"The key is gone."""'), 'The key is gone.');
    assert.equal(cleanMessage('The key is gone. x ,  request id: R-1  '), 'The key is gone. x');
    assert.equal(cleanUrl('https://x.example/a?b=1).,'), 'https://x.example/a?b=1');
  });
});

describe('catalog messages with placeholders', () => {
  it('reads a user message of many "<" and no ">" in linear time', () => {
    const [entry] = builtinCatalog().entries;
    const message = '<'.repeat(N);
    timed('catalog with a message of < x N', () => {
      const custom = new Catalog([{ ...present(entry, 'an entry'), code: 'Custom.Failure', aliases: [], message }]);
      custom.inferFromMessage(`x${'<'.repeat(N)}`, null);
    });
  });
});
