// Wire parity (issue 23, point 7): for every operation of the spec and each of its request examples,
// DingTalk's official SDK and @dingtalk-storage/client send the same input to one capture server, and the
// two requests must be the same on the wire: method, path, query (names and values, and their
// percent-encoding), the token header and the JSON body (key order aside).
import { createStorageClient } from '@dingtalk-storage/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Captured, type CaptureServer, startCaptureServer } from './capture-server.js';
import { officialSdk } from './official-sdk.js';
import { clientInput, operations, type Row, rowsOf, successExample } from './spec.js';

const TOKEN = 'wire-parity-token';
const TOKEN_HEADER = 'x-acs-dingtalk-access-token';

let capture: CaptureServer;
beforeAll(async () => {
  capture = await startCaptureServer();
});
afterAll(() => capture?.close());

/** `name=value` with both halves percent-decoded (`+` is a space, as in a form). */
function decodePair(pair: string): [string, string] {
  const at = pair.indexOf('=');
  const decode = (text: string) => decodeURIComponent(text.replaceAll('+', ' '));
  return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
}

/** What must be equal, from one captured request. The query's order is not compared: it means nothing. */
function wireOf({ method, target, headers, body }: Captured) {
  const at = target.indexOf('?');
  const pairs = at < 0 ? [] : target.slice(at + 1).split('&');
  return {
    request: {
      method,
      path: at < 0 ? target : target.slice(0, at),
      query: pairs.map(decodePair).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      token: headers[TOKEN_HEADER],
      body: body === '' ? undefined : JSON.parse(body),
    },
    encodedQuery: pairs.sort(),
  };
}

async function callClient(row: Row): Promise<void> {
  const client = createStorageClient({ accessToken: TOKEN, baseUrl: capture.url, retry: false });
  const method = (client as unknown as Record<string, (input: unknown) => Promise<unknown>>)[
    row.operation.operationId
  ];
  if (typeof method !== 'function') throw new Error(`the client has no method ${row.operation.operationId}`);
  await method(clientInput(row));
}

it.each(operations.flatMap(rowsOf).map((row) => [row.name, row] as const))(
  '%s: the official SDK and the client send the same request',
  async (_, row) => {
    // Both parse the spec's own answer, so a call fails only on what it sent.
    capture.answerWith(successExample(row.operation));
    await officialSdk(capture.url)(row, TOKEN);
    await callClient(row);
    expect(capture.captured).toHaveLength(2);
    const [sdk, ours] = capture.captured.map(wireOf);
    expect(ours?.request, 'method, path, decoded query, token, JSON body').toStrictEqual(sdk?.request);
    expect(ours?.encodedQuery, 'the query as percent-encoded on the wire').toStrictEqual(sdk?.encodedQuery);
  },
);
