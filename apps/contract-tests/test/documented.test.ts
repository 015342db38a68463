// Every operation, through @dingtalk-storage/client: its example request gives a typed 2xx body (or, on a
// server with state, an answer the spec documents); Prism gives every documented example on request, each
// a StorageApiError with its status and code. Every answer is checked against the spec.
import { StorageApiError } from '@dingtalk-storage/client';
import { listExamples } from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { exampleInput, operations } from './spec.js';
import { isPrism, targetNames, useTarget } from './targets.js';

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: the example request gets a documented answer, typed by the client',
    async (_, operation) => {
      const { call, seen } = observedClient(url());
      const result = await call(operation, exampleInput(operation))?.catch((e: unknown) => e);
      expect(seen).toHaveLength(1);
      const status = seen[0]?.status ?? 0;
      expect(operation.responses.has(status), `HTTP ${status} is documented`).toBe(true);
      if (status < 300) expect(typeof result).toBe('object');
      else expect(result).toBeInstanceOf(StorageApiError);
      // Prism answers from the examples, so the example request must succeed there.
      if (isPrism(name)) expect(status).toBeLessThan(300);
    },
  );

  if (isPrism(name)) {
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    it.each(listExamples().map((e) => [`${e.operationId} ${e.status} ${e.example}`, e] as const))(
      'Prefer %s',
      async (_, example) => {
        const operation = byId.get(example.operationId);
        if (!operation) throw new Error(`no operation ${example.operationId}`);
        const { call } = observedClient(url(), {
          headers: { prefer: `code=${example.status}, example=${example.example}` },
        });
        const result = await call(operation, exampleInput(operation))?.catch((e: unknown) => e);
        if (example.status < 300) {
          expect(typeof result).toBe('object');
        } else {
          expect(result).toBeInstanceOf(StorageApiError);
          expect(result).toMatchObject({ status: example.status });
          // Named examples carry their code; dynamic mode generates any valid body instead.
          if (name === 'prism') expect(result).toMatchObject({ code: example.example });
        }
      },
    );
  }
});
