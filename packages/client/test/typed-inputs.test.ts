// Typed path and query inputs (integers, numbers, booleans, arrays, JSON text) on the wire: each written
// as DingTalk's official SDK writes it (the value's toString(), JSON text for a JSON parameter, names in
// order, percent-encoded as Node's querystring and url.parse leave it on the SDK's wire; sdkTarget below
// replays that), to a capture server on 127.0.0.1, with
// the same request target with and without middleware; and each checked against its kind before any
// request, naming the field. The operations come from a fixture spec through the generator, so the table
// under test is the one the generator makes.
import querystring from 'node:querystring';
import { parse } from 'node:url';
import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorageClient, StorageValidationError } from '../src/index.js';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { rejectionOf, TOKEN } from './fixtures.js';

vi.mock('../src/generated/operations.js', async () => {
  const { typedDocument } = await import('./typed-operations.js');
  const { operationTable } = await import(new URL('../scripts/generate.mjs', import.meta.url).href);
  return { OPERATIONS: operationTable(typedDocument) };
});

let server: FaultServer;
afterEach(() => server?.close());

type Method = (input: Record<string, unknown>) => Promise<unknown>;

/** Middleware that records the URL and the query values it saw. */
function recorder() {
  const seen: { url: string; query: unknown }[] = [];
  const middleware: Middleware = {
    onRequest({ request, params }) {
      seen.push({ url: request.url, query: params.query });
      return undefined;
    },
  };
  return { seen, middleware };
}

async function clientWith(route: string) {
  server = await startFaultServer(() => json(200, { ok: true }));
  const { seen, middleware } = recorder();
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    ...(route === 'with middleware' && { middleware: [middleware] }),
  });
  const method = (operationId: string) =>
    (storage as unknown as Record<string, Method>)[operationId] as Method;
  return { storage, method, seen };
}

/**
 * The request target DingTalk's SDK sends for these query inputs after `path` (given as it sends a plain
 * id): @alicloud/tea-typescript's buildURL, names in order, each value's toString() (JSON text for
 * `jsonNames`) through Node's querystring.stringify, then httpx's legacy url.parse, whose `path` goes on the
 * wire (it escapes `'` as %27, among others). An array (which the SDK's storage operations never put in the
 * query) is written by OpenAPI's form style, exploded: its name once per item, as querystring writes an
 * array too.
 */
function sdkTarget(path: string, values: Record<string, unknown>, jsonNames: string[] = []): string {
  const text = (name: string, value: unknown) =>
    jsonNames.includes(name)
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? value.map((item) => item.toString())
        : (value as { toString(): string }).toString();
  const names = Object.keys(values).sort();
  const query = querystring.stringify(
    Object.fromEntries(names.map((name) => [name, text(name, values[name])])),
  );
  return parse(`http://127.0.0.1${path}?${query}`).path ?? '';
}

// Characters each encoder could treat differently: the ones encodeURIComponent leaves, reserved ones,
// a space, a percent sign, non-ASCII and a character outside the BMP.
const AWKWARD = "a b!'()*~-._&=+?#/%,;:@$[]ü😀";

const routes = ['without middleware', 'with middleware'];

describe.each(routes)('%s', (route) => {
  const wire: [string, string, Record<string, unknown>, string][] = [
    [
      'integers, numbers, booleans and an enum in the query',
      'listThings',
      { spaceId: 's 1', unionId: 'u-1', maxResults: 10, ratio: 0.25, withThumbnail: false, order: 'asc' },
      sdkTarget('/spaces/s%201/things', {
        unionId: 'u-1',
        maxResults: 10,
        ratio: 0.25,
        withThumbnail: false,
        order: 'asc',
      }),
    ],
    [
      'negative and large safe integers, true',
      'listThings',
      { spaceId: 's', unionId: 'u', maxResults: -(2 ** 53 - 1), ratio: 1e-7, withThumbnail: true },
      sdkTarget('/spaces/s/things', {
        unionId: 'u',
        maxResults: -(2 ** 53 - 1),
        ratio: 1e-7,
        withThumbnail: true,
      }),
    ],
    [
      'arrays, one name=value per item',
      'listThings',
      { spaceId: 's', unionId: 'u', tags: ['a b', 'ü', ''], sizes: [1, 2] },
      sdkTarget('/spaces/s/things', { unionId: 'u', tags: ['a b', 'ü', ''], sizes: [1, 2] }),
    ],
    [
      'an empty optional array: nothing',
      'listThings',
      { spaceId: 's', unionId: 'u', tags: [] },
      '/spaces/s/things?unionId=u',
    ],
    [
      'strings with characters to encode',
      'listThings',
      { spaceId: AWKWARD, unionId: AWKWARD, order: 'desc' },
      // The SDK puts a path parameter in unencoded (an id like this one would break its path); the client
      // sends it as one segment, each byte as the SDK's wire writes a query value.
      sdkTarget(`/spaces/${encodeURIComponent(AWKWARD)}/things`, { unionId: AWKWARD, order: 'desc' }),
    ],
    [
      'a JSON-text parameter (batchQueryRoles dentryIdList)',
      'queryRoles',
      { spaceId: 's', dentryIdList: ['id-1', 'a "quoted" id', AWKWARD], roleIds: ['r'], unionId: 'u' },
      sdkTarget(
        '/spaces/s/roles/batchQuery',
        { dentryIdList: ['id-1', 'a "quoted" id', AWKWARD], roleIds: ['r'], unionId: 'u' },
        ['dentryIdList'],
      ),
    ],
    [
      'a boolean in a DELETE (deleteDentry toRecycleBin)',
      'deleteThing',
      { spaceId: 's', thingId: 't', toRecycleBin: true, unionId: 'u' },
      sdkTarget('/spaces/s/things/t', { toRecycleBin: true, unionId: 'u' }),
    ],
    [
      'an integer in the path (revertDentryVersion version)',
      'revertThing',
      { spaceId: 's', thingId: 't', version: 3, unionId: 'u' },
      '/spaces/s/things/t/versions/3/revert?unionId=u',
    ],
  ];

  it.each(wire)('sends %s as the SDK writes them', async (_, operationId, input, target) => {
    const { method, seen } = await clientWith(route);
    await expect(method(operationId)(input)).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => r.url)).toEqual([target]);
    if (route === 'with middleware') expect(seen.map((s) => s.url)).toEqual([`${server.url}${target}`]);
  });

  it('writes an apostrophe as %27, in the path and the query, as the SDK does', async () => {
    const { method } = await clientWith(route);
    await method('listThings')({ spaceId: "it's", unionId: "o'neil" });
    const target = '/spaces/it%27s/things?unionId=o%27neil';
    expect(sdkTarget("/spaces/it's/things", { unionId: "o'neil" })).toBe(target);
    expect(server.requests.map((r) => r.url)).toEqual([target]);
  });

  if (route === 'with middleware') {
    it('shows the middleware the values as given', async () => {
      const { method, seen } = await clientWith(route);
      await method('listThings')({ spaceId: 's', unionId: 'u', maxResults: 10, tags: ['a'] });
      expect(seen[0]?.query).toEqual({ unionId: 'u', maxResults: 10, tags: ['a'] });
    });
  }

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const refused: [string, string, Record<string, unknown>, string][] = [
    ['an integer as a string', 'listThings', { maxResults: '10' }, 'an integer'],
    ['a fraction for an integer', 'listThings', { maxResults: 1.5 }, 'an integer'],
    ['an unsafe integer', 'listThings', { maxResults: 2 ** 53 }, 'an integer'],
    ['NaN for an integer', 'listThings', { maxResults: Number.NaN }, 'an integer'],
    ['Infinity for a number', 'listThings', { ratio: Number.POSITIVE_INFINITY }, 'a finite number'],
    ['a string for a number', 'listThings', { ratio: '0.5' }, 'a finite number'],
    ['a string for a boolean', 'listThings', { withThumbnail: 'true' }, 'true or false'],
    ['a number for a boolean', 'listThings', { withThumbnail: 1 }, 'true or false'],
    ['null for a string', 'listThings', { order: null }, 'a string'],
    ['a string for an array', 'listThings', { tags: 'a' }, 'an array, each item a string'],
    ['a number in a string array', 'listThings', { tags: ['a', 1] }, 'an array, each item a string'],
    ['a fraction in an integer array', 'listThings', { sizes: [1, 1.5] }, 'an array, each item an integer'],
    ['a lone surrogate', 'listThings', { order: '\ud800' }, 'well-formed Unicode text'],
    [
      'a number for a string path parameter',
      'listThings',
      { spaceId: 1 },
      'a non-empty string (listThings requires it)',
    ],
    [
      'a missing JSON-text parameter',
      'queryRoles',
      { dentryIdList: undefined },
      'JSON data (queryRoles requires it)',
    ],
    [
      'a BigInt in a JSON-text parameter',
      'queryRoles',
      { dentryIdList: [1n] },
      'JSON data (queryRoles requires it)',
    ],
    [
      'a circular JSON-text parameter',
      'queryRoles',
      { dentryIdList: [circular] },
      'JSON data (queryRoles requires it)',
    ],
    [
      'an empty required array',
      'queryRoles',
      { roleIds: [] },
      'a non-empty array, each item a string (queryRoles requires it)',
    ],
    [
      'a string for an integer path parameter',
      'revertThing',
      { version: '3' },
      'an integer (revertThing requires it)',
    ],
    [
      'a fraction for an integer path parameter',
      'revertThing',
      { version: 2.5 },
      'an integer (revertThing requires it)',
    ],
  ];
  const valid: Record<string, Record<string, unknown>> = {
    listThings: { spaceId: 's', unionId: 'u' },
    queryRoles: { spaceId: 's', unionId: 'u', dentryIdList: ['d'], roleIds: ['r'] },
    revertThing: { spaceId: 's', thingId: 't', version: 1, unionId: 'u' },
  };

  it.each(refused)(
    'refuses %s before any request, naming the field',
    async (_, operationId, bad, expected) => {
      const { method } = await clientWith(route);
      const error = await rejectionOf(method(operationId)({ ...valid[operationId], ...bad }));
      const [field] = Object.keys(bad);
      expect(error).toBeInstanceOf(StorageValidationError);
      expect(error).toMatchObject({ field, expected });
      expect(server.requests).toEqual([]);
    },
  );
});

describe('raw', () => {
  it('takes a number as a path parameter, written in decimal', async () => {
    const { storage } = await clientWith('without middleware');
    const request = storage.raw.request as unknown as (
      method: string,
      path: string,
      init: { params: Record<string, Record<string, unknown>> },
    ) => Promise<{ response: Response }>;
    const { response } = await request(
      'post',
      '/spaces/{spaceId}/things/{thingId}/versions/{version}/revert',
      {
        params: { path: { spaceId: 's', thingId: 't', version: 3 }, query: { unionId: 'u' } },
      },
    );
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.url)).toEqual(['/spaces/s/things/t/versions/3/revert?unionId=u']);
  });
});
