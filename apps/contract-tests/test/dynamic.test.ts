// Prism's dynamic mode, for every operation: random answers that satisfy the spec all parse through the
// client and validate (observedClient checks each), and they are random data, not one canned example.
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { exampleInput, operations } from './spec.js';
import { useTarget } from './targets.js';

const answersPerOperation = 20;

// Not run against CONTRACT_BASE_URL (see vitest.config.ts): only Prism generates random answers.
describe('dynamic', () => {
  const url = useTarget('dynamic');

  it.each(operations.map((op) => [op.operationId, op] as const))(
    `%s: ${answersPerOperation} random 2xx answers parse and validate`,
    async (_, operation) => {
      const { call, seen } = observedClient(url());
      const answers = new Set<string>();
      for (let i = 0; i < answersPerOperation; i++) {
        const result = await call(operation, exampleInput(operation));
        expect(result).toBeTypeOf('object');
        answers.add(JSON.stringify(result));
      }
      expect(seen.map((s) => s.status).filter((status) => status >= 300)).toEqual([]);
      expect(answers.size, 'distinct answers').toBeGreaterThan(1);
    },
  );
});
