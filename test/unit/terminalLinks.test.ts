import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { explanationMarkdown } from '../../server/src/core/format/explanationView';
import { terminalLines, terminalLinks } from '../../server/src/core/format/terminalLinks';
import { diagnose } from '../../server/src/core/diagnosis/diagnose';

const catalog = builtinCatalog();
const ESC = '\u001b';

// What `aliyun kms Decrypt ...` prints, as written to a terminal: colours, CRLF line ends.
const ALIYUN = [
  `${ESC}[31mERROR:${ESC}[0m SDK.ServerError`,
  'ErrorCode: Forbidden.KeyNotFound',
  'Recommend: https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&product=Kms',
  'RequestId: 4C467B38-3910-447D-87BC-AC049166F216',
  'Message: The specified Key is not found.',
  'Endpoint: kms.cn-beijing.aliyuncs.com KeyId: acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8',
].join('\r\n');
// Another product's error with a code KMS shares: not a KMS error, so no link.
const DECOY = 'ERROR ecs: {"Code":"InvalidParameter","HostId":"ecs.aliyuncs.com","RequestId":"D1E2F3A4-0000"}';

describe('links in a terminal', () => {
  it('reads the lines a terminal shows from what was written to it', () => {
    assert.deepEqual(terminalLines(`${ESC}]633;C${ESC}\\a ${ESC}[1;31mb${ESC}[0m\r\n50%\r100%\nend`), [
      'a b',
      '100%',
      'end',
    ]);
  });

  it('links a KMS code, with its record for the explanation, and the RequestId of its record', () => {
    const output = `$ aliyun kms Decrypt --CiphertextBlob xyz\r\n${ALIYUN}\r\n$ `;
    const code = terminalLinks('ErrorCode: Forbidden.KeyNotFound', output, catalog);
    assert.equal(code.length, 1);
    assert.equal(code[0]?.kind, 'code');
    assert.equal(code[0]?.start, 'ErrorCode: '.length);
    assert.equal(code[0]?.length, 'Forbidden.KeyNotFound'.length);
    assert.equal(code[0]?.requestId, '4C467B38-3910-447D-87BC-AC049166F216', 'the record is read across the lines');
    assert.match(code[0]?.record ?? '', /kms\.cn-beijing\.aliyuncs\.com/);
    const id = terminalLinks('RequestId: 4C467B38-3910-447D-87BC-AC049166F216', output, catalog);
    assert.deepEqual(
      id.map((l) => [l.kind, l.start, l.length, l.code]),
      [['requestId', 'RequestId: '.length, 36, 'Forbidden.KeyNotFound']],
    );
  });

  it("makes no link of another product's generic code, even next to KMS errors", () => {
    const output = `${ALIYUN}\r\n${DECOY}\r\n`;
    assert.deepEqual(terminalLinks(DECOY, output, catalog), []);
    assert.deepEqual(terminalLinks(DECOY, '', catalog), [], 'nor on its own');
    assert.deepEqual(terminalLinks('build finished: 0 errors', output, catalog), []);
  });

  it('links a line it cannot find in the output on its own, positions in the line as shown (tabs drawn as spaces)', () => {
    const shown = '2026-11-20 08:00:01 ERROR        ErrorCode: Rejected.Disabled RequestId: 11112222-3333';
    const written = '2026-11-20 08:00:01 ERROR\tErrorCode: Rejected.Disabled RequestId: 11112222-3333\n';
    for (const output of [written, '']) {
      const links = terminalLinks(shown, output, catalog);
      assert.deepEqual(
        links.map((l) => shown.slice(l.start, l.start + l.length)),
        ['Rejected.Disabled', '11112222-3333'],
      );
    }
  });

  it("gives the explanation the record's likely cause and fix", () => {
    const [link] = terminalLinks('ErrorCode: Forbidden.KeyNotFound', ALIYUN, catalog);
    const entry = catalog.lookup('Forbidden.KeyNotFound')?.entry;
    assert.ok(link?.record && entry);
    const page = explanationMarkdown(
      entry,
      'en',
      link.requestId,
      diagnose({ code: link.code, text: link.record }, catalog, 'en'),
    );
    assert.match(page, /Likely cause/);
    assert.match(page, /cn-shanghai/);
    assert.doesNotMatch(explanationMarkdown(entry, 'en'), /Likely cause/);
  });
});
