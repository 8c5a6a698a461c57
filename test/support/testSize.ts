/**
 * How large the robustness tests of test/robust run, from one environment variable: `KMS_TEST_SIZE=full`
 * (`npm run test:robust`) for the full loops, otherwise (`npm test`) a smoke size of a few seconds.
 * Inputs kept because they once failed run at both sizes.
 */
export type TestSize = 'smoke' | 'full';

function sizeFrom(value: string | undefined): TestSize {
  if (value === undefined || value === '' || value === 'smoke') return 'smoke';
  if (value === 'full') return 'full';
  throw new Error(`KMS_TEST_SIZE must be smoke or full (got ${JSON.stringify(value)})`);
}

export const TEST_SIZE = sizeFrom(process.env['KMS_TEST_SIZE']);

/** The smoke or the full value, as KMS_TEST_SIZE says. */
export function bySize<T>(smoke: T, full: T): T {
  return TEST_SIZE === 'full' ? full : smoke;
}
