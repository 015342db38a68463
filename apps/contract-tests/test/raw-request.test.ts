// The suite's raw requests (`send`, for what the client would refuse) carry typed parameters the way
// DingTalk's official SDK does (captured from @alicloud/dingtalk storage_1_0: String(value) for numbers and
// booleans, JSON text for batchQueryRoles' dentryIdList), not as String(value) of an array.
import { describe, expect, it } from 'vitest';
import { rawRequest } from './observed.js';
import type { SpecOperation } from './spec.js';

const operation: SpecOperation = {
  operationId: 'typedThing',
  method: 'POST',
  path: '/spaces/{spaceId}/versions/{version}',
  summary: '',
  idempotent: false,
  secured: true,
  responses: new Map(),
  requestBody: { required: false, schema: { type: 'object' }, examples: {} },
  parameters: [
    { name: 'spaceId', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'version', in: 'path', required: true, schema: { type: 'integer' } },
    { name: 'maxResults', in: 'query', required: false, schema: { type: 'integer' } },
    { name: 'toRecycleBin', in: 'query', required: false, schema: { type: 'boolean' } },
    {
      name: 'dentryIdList',
      in: 'query',
      required: true,
      json: true,
      schema: { type: 'array', items: { type: 'string' } },
      content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
    },
    { name: 'tags', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } },
  ],
};

describe('rawRequest', () => {
  const { target, init } = rawRequest(operation, {
    spaceId: 's 1',
    version: 3,
    maxResults: 30,
    toRecycleBin: false,
    dentryIdList: ['a', 'b "c"'],
    tags: ['x', 'y'],
    option: { name: 'n' },
  });
  const url = new URL(target, 'http://server');

  it('fills the path with the parameters as text, encoded', () => {
    expect(url.pathname).toBe('/spaces/s%201/versions/3');
  });

  it('writes the query as the SDK does: decimal, true/false, JSON text, one value per array item', () => {
    expect(url.search).toContain('dentryIdList=%5B%22a%22%2C%22b+%5C%22c%5C%22%22%5D');
    expect([...url.searchParams]).toEqual([
      ['maxResults', '30'],
      ['toRecycleBin', 'false'],
      ['dentryIdList', '["a","b \\"c\\""]'],
      ['tags', 'x'],
      ['tags', 'y'],
    ]);
  });

  it('puts the rest in the JSON body', () => {
    expect(init).toMatchObject({ method: 'POST', body: '{"option":{"name":"n"}}' });
  });
});
