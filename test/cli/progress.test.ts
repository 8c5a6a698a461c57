import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProgress, isLarge, ProgressBar } from '../../server/src/cli/progress';

const MB = 1024 * 1024;
const state = { files: 3, totalFiles: 10, bytes: 5 * MB, totalBytes: 20 * MB, elapsedMs: 2000 };

describe('formatProgress', () => {
  it('shows a bar, percent, files, megabytes and throughput', () => {
    assert.equal(
      formatProgress({ ...state, width: 80 }),
      '[████████░░░░░░░░░░░░░░░░░░░░░░]  25%  3/10 files  5.0/20.0 MB  2.5 MB/s',
    );
  });

  it('shrinks the bar to fit, then drops it, never reaching the last column', () => {
    assert.equal(
      formatProgress({ ...state, width: 60 }),
      '[████░░░░░░░░░░░░░]  25%  3/10 files  5.0/20.0 MB  2.5 MB/s',
    );
    assert.equal(formatProgress({ ...state, width: 40 }), ' 25%  3/10 files  5.0/20.0 MB  2.5 MB/s');
    assert.equal(formatProgress({ ...state, width: 20 }), ' 25%  3/10 files  5');
    for (const width of [1, 20, 45, 60, 80, 200]) assert.ok(formatProgress({ ...state, width }).length < width);
  });

  it('counts files when there are no bytes, and caps at 100% when inputs grew', () => {
    assert.match(formatProgress({ ...state, bytes: 0, totalBytes: 0, width: 80 }), /^\[█{9}░{21}] {2}30% /);
    assert.match(
      formatProgress({ files: 12, totalFiles: 10, bytes: 30 * MB, totalBytes: 20 * MB, elapsedMs: 1000, width: 80 }),
      /^\[█{30}] 100% {2}12\/10 files {2}30\.0\/20\.0 MB {2}30\.0 MB\/s$/,
    );
    assert.match(formatProgress({ ...state, elapsedMs: 0, width: 80 }), / 0\.0 MB\/s$/);
  });
});

describe('ProgressBar', () => {
  const fake = () => {
    const writes: string[] = [];
    let now = 1000;
    const stream = { isTTY: true, columns: 80, write: (text: string) => writes.push(text) };
    return { writes, stream, clock: { now: () => now, advance: (ms: number) => (now += ms) } };
  };

  it('redraws in place at most every 100 ms and clears the line when stopped', () => {
    const { writes, stream, clock } = fake();
    let flushed = 0;
    const bar = new ProgressBar(stream, { files: 2, bytes: 2 * MB }, { now: clock.now, beforeDraw: () => flushed++ });
    bar.addBytes(MB / 2);
    assert.equal(writes.length, 0, 'nothing in the first 100 ms');
    clock.advance(100);
    bar.addBytes(MB / 2);
    clock.advance(50);
    bar.fileDone();
    assert.equal(writes.length, 1);
    assert.match(writes[0] ?? '', /^\r\[█{15}░{15}] {2}50% {2}0\/2 files {2}1\.0\/2\.0 MB {2}10\.0 MB\/s$/);
    assert.equal(flushed, 1, 'stdout is flushed before each draw');
    clock.advance(60);
    bar.fileDone();
    assert.equal(writes.length, 2);
    bar.stop();
    const last = writes.at(-1) ?? '';
    assert.match(last, /^\r {20,}\r$/);
    clock.advance(1000);
    bar.addBytes(1);
    assert.equal(writes.at(-1), last, 'no drawing after stop');
  });

  it('hides only when shown, and pads a shorter redraw over the longer one', () => {
    const { writes, stream, clock } = fake();
    const bar = new ProgressBar(stream, { files: 1, bytes: 100 * MB }, { now: clock.now });
    bar.hide();
    assert.equal(writes.length, 0);
    clock.advance(100);
    bar.addBytes(99 * MB);
    const long = (writes[0] ?? '').length - 1;
    bar.hide();
    assert.equal(writes[1], `\r${' '.repeat(long)}\r`);
    stream.columns = 30;
    clock.advance(100);
    bar.addBytes(MB);
    assert.ok((writes[2] ?? '').length <= 30, 'fits the narrower terminal');
    stream.columns = 80;
    clock.advance(100);
    bar.fileDone();
    stream.columns = 30;
    clock.advance(100);
    bar.fileDone();
    const [wide, narrow] = writes.slice(3);
    assert.equal(narrow?.length, wide?.length, 'spaces cover what is left of the wider line');
    assert.match(narrow ?? '', /\S {10,}$/);
  });

  it('is wanted for more than 8 MB or more than 20 files', () => {
    assert.equal(isLarge({ files: 20, bytes: 8 * MB }), false);
    assert.equal(isLarge({ files: 21, bytes: 0 }), true);
    assert.equal(isLarge({ files: 1, bytes: 8 * MB + 1 }), true);
  });
});
