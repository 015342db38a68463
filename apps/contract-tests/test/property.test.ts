// Property-based, for every operation: inputs generated from its schemas are all accepted (never a 400, never
// a 5xx; a 404 for an id that does not exist is an answer); the same inputs, each broken in exactly one
// place, are all refused with a 4xx. Seeded (CONTRACT_SEED, default below); fast-check prints the seed and
// the shrunk counterexample on failure.
import { StorageApiError, StorageValidationError } from '@dingtalk-storage/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { breakagesOfOperation, inputArbitrary } from './schema-cases.js';
import { operations } from './spec.js';
import { targetNames, useTarget } from './targets.js';

const seed = Number(process.env.CONTRACT_SEED ?? 20_261_126);
const numRuns = 100;

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (_, operation) => {
    const inputs = inputArbitrary(operation);

    it(`accepts ${numRuns} generated valid inputs (seed ${seed})`, async () => {
      const { call, seen } = observedClient(url());
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          const result = await call(operation, input)?.catch((e: unknown) => e);
          if (result instanceof StorageApiError) {
            expect(result.status, result.message).not.toBe(400);
            expect(result.status, result.message).toBeLessThan(500);
          } else {
            expect(result).toBeTypeOf('object');
          }
        }),
        { seed, numRuns },
      );
      expect(seen).toHaveLength(numRuns);
    });

    it(`refuses ${numRuns} minimally-broken inputs with a 4xx (seed ${seed})`, async () => {
      const { call } = observedClient(url());
      await fc.assert(
        fc.asyncProperty(
          inputs,
          fc.constantFrom(...breakagesOfOperation(operation)),
          async (input, breakage) => {
            const error = await call(operation, breakage.apply(input))?.then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error instanceof StorageValidationError) return; // the client refused it first, naming the field
            expect(error, breakage.name).toBeInstanceOf(StorageApiError);
            expect((error as StorageApiError).status).toBeGreaterThanOrEqual(400);
            expect((error as StorageApiError).status).toBeLessThan(500);
          },
        ),
        { seed, numRuns },
      );
    });
  });
});
