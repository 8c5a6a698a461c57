import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitBySeverity } from '../../server/src/lsp/diagnosticLimit';

// Items are "name:severity"; the severity is the digit after the colon.
const severity = (item: string) => Number(item.split(':')[1]);

describe('limitBySeverity', () => {
  it('keeps everything under the limit, and with no limit', () => {
    const items = ['a:2', 'b:1', 'c:3'];
    assert.deepEqual(limitBySeverity(items, 3, severity), { shown: items, hidden: 0, firstHidden: undefined });
    assert.deepEqual(limitBySeverity(items, Number.POSITIVE_INFINITY, severity).shown, items);
  });

  it('keeps the most severe first and, within a severity, the earliest, in document order', () => {
    const items = ['a:2', 'b:1', 'c:3', 'd:2', 'e:1', 'f:2'];
    const limited = limitBySeverity(items, 3, severity);
    assert.deepEqual(limited.shown, ['a:2', 'b:1', 'e:1']);
    assert.equal(limited.hidden, 3);
    assert.equal(limited.firstHidden, 'c:3');
  });

  it('drops a whole less severe class before touching a more severe one', () => {
    const items = ['a:4', 'b:1', 'c:1', 'd:4'];
    assert.deepEqual(limitBySeverity(items, 2, severity).shown, ['b:1', 'c:1']);
    assert.deepEqual(limitBySeverity(items, 1, severity).shown, ['b:1']);
  });

  it('keeps none with a limit of 0, and says what was left out', () => {
    const limited = limitBySeverity(['a:2', 'b:2'], 0, severity);
    assert.deepEqual(limited, { shown: [], hidden: 2, firstHidden: 'a:2' });
  });
});
