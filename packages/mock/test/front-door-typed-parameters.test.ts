// The front door answers the official SDK's own wire form of typed parameters (captured from
// @alicloud/dingtalk storage_1_0: numbers and booleans as String(value), a `json` parameter
// JSON-encoded, the query URL-encoded) and hands the backend the decoded values, the raw query beside them.
import { describe, expect, it } from 'vitest';
import { createControl } from '../src/control.js';
import { createFrontDoor, type MockRequest } from '../src/front-door.js';
import { typedParametersSpec } from './typed-parameters-spec.js';

function door() {
  const seen: MockRequest[] = [];
  const frontDoor = createFrontDoor(
    (request) => {
      seen.push(request);
      return { status: 200, body: { done: true } };
    },
    createControl(),
    undefined,
    typedParametersSpec,
  );
  const get = (target: string) =>
    frontDoor({
      method: 'GET',
      target,
      headers: { 'x-acs-dingtalk-access-token': 'tok' },
      body: new Uint8Array(),
    });
  return { get, seen };
}

describe('front door: typed path and query parameters', () => {
  it("answers the SDK's wire form 200 and passes the decoded values on", async () => {
    const { get, seen } = door();
    const query = [
      'dentryIdList=%5B%22a%22%2C%22b%20%5C%22c%5C%22%22%5D', // JSON.stringify(['a', 'b "c"']), URL-encoded
      'maxResults=30',
      'ratio=0.5',
      'order=DESC',
      'sizes=1,2',
      'tags=x',
      'tags=y',
      'unionId=u-1',
      'withThumbnail=true',
    ].join('&');
    const answer = await get(`/things/t%201/versions/9007199254740993?${query}`);
    expect(answer.status, answer.body).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      path: '/things/t%201/versions/9007199254740993',
      pathParams: { thingId: 't 1', version: 9007199254740993n },
      query: {
        dentryIdList: ['a', 'b "c"'],
        maxResults: 30,
        ratio: 0.5,
        order: 'DESC',
        sizes: [1, 2],
        tags: ['x', 'y'],
        unionId: 'u-1',
        withThumbnail: true,
      },
      rawQuery: {
        dentryIdList: '["a","b \\"c\\""]',
        maxResults: '30',
        sizes: '1,2',
        tags: ['x', 'y'],
        withThumbnail: 'true',
      },
    });
  });

  it('leaves a query name the operation does not declare out of the decoded values, not out of the raw ones', async () => {
    const { get, seen } = door();
    expect((await get('/things/t/versions/1?unionId=u&extra=1')).status).toBe(200);
    expect(seen[0]?.query).toEqual({ unionId: 'u' });
    expect(seen[0]?.rawQuery).toEqual({ unionId: 'u', extra: '1' });
  });

  it.each([
    ['maxResults=1e3', 'maxResults must be an integer'],
    ['withThumbnail=TRUE', 'withThumbnail must be true or false'],
    ['dentryIdList=%5B', 'dentryIdList must be JSON text'],
    ['maxResults=1&maxResults=2', 'maxResults must be given once'],
  ])('%s: 400 paramError naming it, the backend never called', async (bad, message) => {
    const { get, seen } = door();
    const answer = await get(`/things/t/versions/1?unionId=u&${bad}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({
      code: 'paramError',
      message: expect.stringContaining(message),
    });
    expect(seen).toEqual([]);
  });

  it('a path parameter that is not an integer: 400 naming it', async () => {
    const { get } = door();
    const answer = await get('/things/t/versions/3.0?unionId=u');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body ?? '{}').message).toContain('version must be an integer');
  });
});
