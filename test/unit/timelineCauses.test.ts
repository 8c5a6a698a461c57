import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateWorld, type TrailShape } from '../support/incidentWorld';
import { incidentFor, worldTimeline } from '../support/worldTimeline';

const SHAPES: TrailShape[] = ['lines', 'array', 'sls', 'sls-flat', 'lookup'];
const WORLDS = 10;

describe('timeline causes on generated incidents', () => {
  it('names the change that caused each incident, and never a decoy', async (t) => {
    let incidents = 0;
    let named = 0;
    let rightlyNone = 0;
    let ended = 0;
    let decoys = 0;
    for (let seed = 1; seed <= WORLDS; seed++) {
      const shape = SHAPES[seed % SHAPES.length] as TrailShape;
      const world = generateWorld(seed);
      const report = await worldTimeline(world, shape);
      const decoyIds = new Set(world.decoys);
      decoys += decoyIds.size;
      for (const expected of world.expected) {
        const found = incidentFor(report, expected);
        assert.equal(
          found.length,
          1,
          `seed ${seed} ${shape} ${expected.scenario}: one incident for ${expected.resource}`,
        );
        const incident = found[0];
        assert.ok(incident);
        incidents++;
        assert.equal(
          incident.cause?.change ?? null,
          expected.cause,
          `seed ${seed} ${shape} ${expected.scenario}: cause of ${incident.headline}`,
        );
        if (expected.cause) named++;
        else rightlyNone++;
        if (expected.endedBy) {
          assert.equal(
            incident.endedBy?.change ?? null,
            expected.endedBy,
            `seed ${seed} ${expected.scenario}: ended by`,
          );
          ended++;
        }
      }
      for (const incident of report.incidents) {
        const mentioned = [
          ...incident.changes.map((c) => c.change),
          incident.cause?.change,
          incident.endedBy?.change,
        ].filter((id) => id !== undefined);
        for (const id of mentioned)
          assert.ok(!decoyIds.has(id), `seed ${seed} ${shape}: decoy ${id} tied to ${incident.headline}`);
      }
    }
    t.diagnostic(
      `${incidents} incidents in ${WORLDS} worlds: ${named} causes named right, ${rightlyNone} rightly without a cause, ${ended} ends found; ${decoys} decoys, none named or listed`,
    );
    assert.equal(named + rightlyNone, incidents);
  });
});
