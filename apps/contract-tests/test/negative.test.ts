// Bad requests (Schemathesis-style), derived from each operation's schemas: each input broken in exactly
// one place is refused with a 4xx (never a 5xx), by the server and by the client's error; the client
// refuses a missing required input before sending. The cases grow with the spec.
import { StorageApiError, StorageValidationError } from '@dingtalk-storage/client';
import { describe, expect, it } from 'vitest';
import { observedClient, send } from './observed.js';
import { breakagesOfOperation } from './schema-cases.js';
import { exampleInput, operations } from './spec.js';
import { isPrism, targetNames, useTarget } from './targets.js';

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (_, operation) => {
    const valid = exampleInput(operation);
    const cases = breakagesOfOperation(operation);
    // A missing input of the method itself (not one nested in a body property) the client refuses itself.
    const refusedByClient = (c: { name: string; path: string }) =>
      c.name.endsWith('missing') && !c.path.includes('.');

    it.each(cases.filter((c) => !c.clientOnly).map((c) => [c.name, c] as const))(
      '%s: 4xx, never 5xx',
      async (_, breakage) => {
        const answer = await send(url(), operation, breakage.apply(valid));
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        // The spec names a code for some fields (`paramError.name`); a server answers with it.
        const field = breakage.path.split('.').pop();
        const named = `paramError.${field}`;
        if (
          !isPrism(name) &&
          operation.responses.get(400)?.examples[named] &&
          breakage.name.includes('maxLength')
        ) {
          expect(answer.body).toMatchObject({ code: named });
        }
      },
    );

    it.each(cases.filter((c) => !refusedByClient(c)).map((c) => [c.name, c] as const))(
      '%s through the client: a StorageApiError, not retryable',
      async (_, breakage) => {
        const { call } = observedClient(url());
        const error = await call(operation, breakage.apply(valid))?.catch((e: unknown) => e);
        if (error instanceof StorageValidationError) return; // refused before sending, naming the field
        expect(error).toBeInstanceOf(StorageApiError);
        expect((error as StorageApiError).status).toBeGreaterThanOrEqual(400);
        expect((error as StorageApiError).status).toBeLessThan(500);
        expect((error as StorageApiError).retryable).toBe(false);
      },
    );

    it.each(cases.filter(refusedByClient).map((c) => [c.path, c] as const))(
      'a missing %s: the client refuses before sending, naming it',
      async (field, breakage) => {
        const { call, seen } = observedClient(url());
        const error = await call(operation, breakage.apply(valid))?.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StorageValidationError);
        expect(error).toMatchObject({ field });
        expect(seen).toEqual([]);
      },
    );

    // DingTalk answers a missing token with 400 InvalidAuthentication (not 401), so a client can refresh on
    // it. (An operation with `security: []`, the token endpoint, takes none.)
    if (operation.secured) {
      it('a missing token: 400 InvalidAuthentication; the client refuses an empty token', async () => {
        const answer = await send(url(), operation, valid, { token: '' });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ code: 'InvalidAuthentication' });
        expect(() => observedClient(url(), { accessToken: '' })).toThrow(StorageValidationError);
      });
    }

    if (operation.requestBody) {
      it("a body that is not JSON: 400 in DingTalk's error shape", async () => {
        const answer = await send(url(), operation, valid, { body: '{"option": {' });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      });
    }
  });
});
