// Property-based: generated valid options are all accepted; the same options, each broken in exactly one
// field, are all refused with a 4xx. Seeded (CONTRACT_SEED, default below); fast-check prints the seed and
// the shrunk counterexample on failure.
import { type SpaceOption, StorageApiError } from '@dingtalk-storage/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { targetNames, useTarget } from './targets.js';

const seed = Number(process.env.CONTRACT_SEED ?? 20_261_126);
const numRuns = 200;

const validOption: fc.Arbitrary<SpaceOption> = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 255 }),
    quota: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    capabilities: fc.record(
      { canSearch: fc.boolean(), canRename: fc.boolean(), canRecordRecentFile: fc.boolean() },
      { requiredKeys: [] },
    ),
    scene: fc.string({ minLength: 1, maxLength: 128 }),
    sceneId: fc.string({ minLength: 1, maxLength: 128 }),
    ownerType: fc.constantFrom('USER' as const, 'APP' as const),
  },
  { requiredKeys: [] },
);

// One minimal breakage each: a wrong type, a value out of range, an unknown enum or field, an oversized string.
const breakages: fc.Arbitrary<(option: SpaceOption) => Record<string, unknown>> = fc.oneof(
  fc.constant((o: SpaceOption) => ({ ...o, quota: -1 })),
  fc.constant((o: SpaceOption) => ({ ...o, quota: String(o.quota ?? 1) })),
  fc.constant((o: SpaceOption) => ({ ...o, ownerType: 'GROUP' })),
  fc.constant((o: SpaceOption) => ({ ...o, name: 'n'.repeat(256) })),
  fc.constant((o: SpaceOption) => ({ ...o, sceneId: 42 })),
  fc.constant((o: SpaceOption) => ({ ...o, capabilities: { ...o.capabilities, canSearch: 'yes' } })),
  fc.constant((o: SpaceOption) => ({ ...o, unknownField: true })),
);

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  it(`accepts ${numRuns} generated valid options (seed ${seed})`, async () => {
    const { storage, seen } = observedClient(url());
    await fc.assert(
      fc.asyncProperty(validOption, async (option) => {
        const { space } = await storage.createSpace({ unionId: 'u-prop', option });
        expect(typeof space).toBe('object');
      }),
      { seed, numRuns },
    );
    expect(seen).toHaveLength(numRuns);
  });

  it(`refuses ${numRuns} minimally-broken options with a 4xx (seed ${seed})`, async () => {
    const { storage } = observedClient(url());
    await fc.assert(
      fc.asyncProperty(validOption, breakages, async (option, breakIt) => {
        const error = await storage
          .createSpace({ unionId: 'u-prop', option: breakIt(option) as SpaceOption })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(StorageApiError);
        expect((error as StorageApiError).status).toBeGreaterThanOrEqual(400);
        expect((error as StorageApiError).status).toBeLessThan(500);
      }),
      { seed, numRuns },
    );
  });
});
