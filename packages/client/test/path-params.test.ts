// Every path parameter of every operation stays one path segment: an empty value, `.` or `..` (which URL
// parsing would remove, sending the token to another resource) is refused with a StorageValidationError
// naming it before any request, through the operation's method (with and without middleware) and through
// `raw`; anything else arrives percent-encoded as one segment.
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/generated/operations.js';
import { createStorageClient, type StorageClient, StorageValidationError } from '../src/index.js';
import type { InputKind, OperationSpec } from '../src/operation-spec.js';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const kindOf = (op: OperationSpec, name: string): InputKind => op.kinds?.[name] ?? 'string';

/** Every (operation, path parameter) of the generated table. */
const pathParams = (Object.entries(OPERATIONS) as [string, OperationSpec][]).flatMap(([operationId, op]) =>
  pathParamNamesOf(op).map((name) => ({ operationId, op, name })),
);
/** The string path parameters: only a string can be empty, `.` or `..`, or need encoding. */
const stringPathParams = pathParams.filter(({ op, name }) => kindOf(op, name) === 'string');

function pathParamNamesOf(op: OperationSpec): string[] {
  return [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/** A value of the input's kind: `x-<name>` for a string, as the table says otherwise. */
function sampleOf(op: OperationSpec, name: string): unknown {
  const kind = kindOf(op, name);
  const scalar = kind.replace('[]', '');
  const one = scalar === 'integer' || scalar === 'number' ? 3 : scalar === 'boolean' ? true : `x-${name}`;
  if (kind === 'json') return [`x-${name}`];
  return kind.endsWith('[]') ? [one] : one;
}

/** A valid input: every required name, query and path parameter given a value of its kind. */
const validInput = (op: OperationSpec): Record<string, unknown> =>
  Object.fromEntries(
    [...op.required, ...op.query, ...pathParamNamesOf(op)].map((name) => [name, sampleOf(op, name)]),
  );

type Send = (
  storage: StorageClient,
  operationId: string,
  op: OperationSpec,
  input: Record<string, unknown>,
) => Promise<unknown>;

const callMethod: Send = async (storage, operationId, _op, input) =>
  (storage as unknown as Record<string, (input: unknown) => Promise<unknown>>)[operationId]?.(input);

const callRaw: Send = async (storage, _operationId, op, input) => {
  const pick = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, input[n]]));
  return storage.raw.request(
    op.method.toLowerCase() as 'get',
    op.path as never,
    {
      params: { path: pick(pathParamNamesOf(op)), query: pick(op.query) },
      ...(op.body && { body: pick(op.body) }),
    } as never,
  );
};

/** The three ways a call goes out: the method, the method through openapi-fetch (middleware), raw. */
const routes: [string, Send][] = [
  ['the method', callMethod],
  ['the method with middleware', callMethod],
  ['raw', callRaw],
];

/** A client of a server that answers every call with a 2xx body having what `op` requires of one. */
async function clientFor(route: string, op?: OperationSpec) {
  const answer = { ...successBody, ...Object.fromEntries((op?.result ?? []).map((n) => [n, { id: 'x' }])) };
  server = await startFaultServer(() => json(200, answer));
  return createStorageClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    ...(route === 'the method with middleware' && { middleware: [{ onRequest: () => undefined }] }),
  });
}

it('the generated table has path parameters to test', () => {
  expect(pathParams.length).toBeGreaterThan(0);
});

describe.each(routes)('through %s', (route, send) => {
  describe.each(stringPathParams)('$operationId: path parameter $name', ({ operationId, op, name }) => {
    it.each(['', '.', '..'])('refuses %j before any request, naming it', async (bad) => {
      const storage = await clientFor(route);
      const error = await rejectionOf(send(storage, operationId, op, { ...validInput(op), [name]: bad }));
      expect(error).toBeInstanceOf(StorageValidationError);
      expect(error).toMatchObject({ field: name });
      expect(server.requests).toEqual([]);
    });

    it.each(['...', '.a', 'a.', '%2e%2e', ' .. ', 'a/../b', '?x#y'])(
      'sends %j percent-encoded as one segment',
      async (value) => {
        const storage = await clientFor(route, op);
        await send(storage, operationId, op, { ...validInput(op), [name]: value });
        const [request] = server.requests;
        const expected = op.path.replace(/\{(\w+)\}/g, (_, n: string) =>
          encodeURIComponent(n === name ? value : String(sampleOf(op, n))),
        );
        expect(request?.url.split('?')[0]).toBe(expected);
      },
    );
  });
});

it.each(pathParams)('raw refuses $operationId without its path parameter $name', async ({ op, name }) => {
  const storage = await clientFor('raw');
  const error = await rejectionOf(
    storage.raw.request(
      op.method.toLowerCase() as 'get',
      op.path as never,
      {
        params: {
          // Every other path parameter given, so the refusal can only be about this one.
          path: Object.fromEntries(
            pathParamNamesOf(op)
              .filter((n) => n !== name)
              .map((n) => [n, sampleOf(op, n)]),
          ),
          query: Object.fromEntries(op.query.map((n) => [n, sampleOf(op, n)])),
        },
      } as never,
    ),
  );
  expect(error).toMatchObject({ field: name });
  expect(server.requests).toEqual([]);
});
