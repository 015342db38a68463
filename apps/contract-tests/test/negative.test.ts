// Bad requests (Schemathesis-style): each is refused with a 4xx, never a 5xx, and the client says clearly
// what went wrong.
import { StorageApiError, StorageValidationError } from '@dingtalk-storage/client';
import { describe, expect, it } from 'vitest';
import { observedClient, send } from './observed.js';
import { targetNames, useTarget } from './targets.js';

const malformedBodies: [string, unknown][] = [
  ['a wrong type (quota as a string)', { option: { quota: '1GB' } }],
  ['a wrong type (option as an array)', { option: [] }],
  ['a wrong type (capability as a string)', { option: { capabilities: { canSearch: 'yes' } } }],
  ['an unknown enum value', { option: { ownerType: 'GROUP' } }],
  ['a negative quota', { option: { quota: -1 } }],
  ['a fractional quota', { option: { quota: 1.5 } }],
  ['an unknown option field', { option: { colour: 'red' } }],
  ['an unknown capability', { option: { capabilities: { canDelete: true } } }],
  ['an oversized name', { option: { name: 'x'.repeat(10_000) } }],
  ['an oversized scene', { option: { scene: 'x'.repeat(10_000) } }],
];

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  it.each(malformedBodies)('%s: 4xx, and a StorageApiError from the client', async (_, body) => {
    const answer = await send(url(), { body: JSON.stringify(body) });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);

    const { storage } = observedClient(url());
    const error = await storage
      .createSpace({ unionId: 'u-1', option: (body as { option: never }).option })
      .catch((e) => e);
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/\(code \S+, HTTP 4\d\d/);
  });

  // The client only ever sends { option }, so this one is sent raw.
  it('an unknown top-level field: 4xx', async () => {
    const answer = await send(url(), { body: JSON.stringify({ option: {}, extra: 1 }) });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('a missing unionId: 4xx; the client refuses before sending', async () => {
    const answer = await send(url(), { query: '' });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const { storage, seen } = observedClient(url());
    await expect(storage.createSpace({ unionId: '' })).rejects.toBeInstanceOf(StorageValidationError);
    expect(seen).toEqual([]);
  });

  // DingTalk answers a missing token with 400 InvalidAuthentication (not 401), so a client can refresh on it.
  it('a missing token: 400 InvalidAuthentication; the client refuses before sending', async () => {
    const answer = await send(url(), { token: '' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'InvalidAuthentication' });
    expect(() => observedClient(url(), { accessToken: '' })).toThrow(StorageValidationError);
  });

  it("a body that is not JSON: 400 in DingTalk's error shape", async () => {
    const answer = await send(url(), { body: '{"option": {' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});
