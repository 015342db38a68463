// Every request, however malformed, gets a DingTalk-shaped answer that the spec documents, with a request
// id, in every mode; and the server keeps serving after it.

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import {
  createSpecValidator,
  MAX_BODY_BYTES,
  type MockMode,
  type MockServer,
  startMockServer,
} from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is untyped JSON.
const spec: any = JSON.parse(readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'));
const unionIdSchema = spec.paths['/v1.0/storage/spaces'].post.parameters.find(
  (p: { name: string }) => p.name === 'unionId',
).schema;
const validator = createSpecValidator();
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
  body: any;
}

async function call(
  url: string,
  {
    query = '?unionId=u-1',
    body = '{"option":{}}',
    headers = {} as Record<string, string>,
    token = 'tok',
  } = {},
): Promise<Answer> {
  const response = await fetch(`${url}/v1.0/storage/spaces${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { 'x-acs-dingtalk-access-token': token }),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text,
    body: JSON.parse(text),
  };
}

/** A request whose target no URL parser accepts, sent over a plain socket (fetch would refuse to send it). */
function rawTarget(url: string, target: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', text = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.split(':')[0]?.toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text, body: JSON.parse(text) });
    });
    socket.write(`POST ${target} HTTP/1.0\r\nHost: mock\r\nContent-Length: 2\r\n\r\n{}`);
  });
}

/** A DingTalk error answer the spec documents for createSpace, with a request id in header and body. */
function expectDocumentedError(answer: Answer, status: number, code: string | RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ code: expect.stringMatching(code), message: expect.any(String) });
  expect(validator.response('createSpace', answer.status, answer.body)).toEqual([]);
  expect(answer.body.requestid).toMatch(UUID);
  expect(answer.headers['x-acs-request-id']).toBe(answer.body.requestid);
}

describe.each(['prism', 'dynamic', 'stateful'] as MockMode[])('%s', (mode) => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode });
  });
  afterAll(() => mock.close());

  it.each(['//[', 'http://['])(
    'a request target %s: 400 paramError, and the server keeps serving',
    async (target) => {
      expectDocumentedError(await rawTarget(mock.url, target), 400, /^paramError$/);
      expect((await call(mock.url)).status).toBe(200);
    },
  );

  it('a 200 carries a real request id, not the schema placeholder', async () => {
    const answer = await call(mock.url);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-acs-request-id']).toMatch(UUID);
  });

  it('a missing token: 400 InvalidAuthentication (DingTalk never answers 401)', async () => {
    expectDocumentedError(await call(mock.url, { token: '' }), 400, /^InvalidAuthentication$/);
  });

  it('an invalid field: 400 with the code and message of that field', async () => {
    const answer = await call(mock.url, { body: JSON.stringify({ option: { name: 'x'.repeat(256) } }) });
    expectDocumentedError(answer, 400, /^paramError\.name$/);
    expect(answer.body.message).toMatch(/^option\.name /);
  });

  it("a body that is not JSON: 400 paramError in DingTalk's shape", async () => {
    const answer = await call(mock.url, { body: '{"option": {' });
    expectDocumentedError(answer, 400, /^paramError$/);
    expect(answer.body.message).toMatch(/not JSON/);
  });

  it('a body sent as text/plain: 400 paramError naming the content type', async () => {
    const answer = await call(mock.url, { headers: { 'content-type': 'text/plain' } });
    expectDocumentedError(answer, 400, /^paramError$/);
    expect(answer.body.message).toMatch(/content-type: application\/json/);
  });

  it("a unionId one character over the spec's bound: 400 paramError", async () => {
    const answer = await call(mock.url, { query: `?unionId=${'u'.repeat(unionIdSchema.maxLength + 1)}` });
    expectDocumentedError(answer, 400, /^paramError/);
    expect(answer.body.message).toMatch(/^unionId /);
  });

  it('a unionId given twice: 400 paramError', async () => {
    const answer = await call(mock.url, { query: '?unionId=u-1&unionId=u-2' });
    expectDocumentedError(answer, 400, /^paramError/);
    expect(answer.body.message).toBe('unionId must be given once');
  });

  it.each([
    ['2^63 (beyond int64)', '9223372036854775808'],
    ['1e300', '1e300'],
  ])('a quota of %s: 400 paramError', async (_, quota) => {
    const answer = await call(mock.url, { body: `{"option":{"quota":${quota}}}` });
    expectDocumentedError(answer, 400, /^paramError$/);
    expect(answer.body.message).toMatch(/^option\.quota /);
  });

  it('an endless upload is cut off at the limit: 400 paramError while it is still being sent', async () => {
    const { hostname, port } = new URL(mock.url);
    let sent = 0;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/v1.0/storage/spaces?unionId=u-1',
          headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: JSON.parse(text) });
          });
        },
      );
      req.on('error', (error) => {
        if (sent <= MAX_BODY_BYTES) reject(error);
      });
      const chunk = Buffer.alloc(64 * 1_024, ' ');
      const pump = () => {
        while (!req.destroyed && req.write(chunk)) sent += chunk.length;
      };
      req.on('drain', pump);
      req.write('{"option":');
      pump();
    });
    expectDocumentedError(answer, 400, /^paramError$/);
    expect(answer.body.message).toContain(`exceeds ${MAX_BODY_BYTES} bytes`);
    expect((await call(mock.url)).status).toBe(200);
  });
});

describe('stateful: exact int64 quotas', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  afterAll(() => mock.close());

  it.each(['9007199254740993', '9223372036854775807'])(
    'quota %s is echoed digit for digit',
    async (quota) => {
      const answer = await call(mock.url, { body: `{"option":{"quota":${quota},"sceneId":"q-${quota}"}}` });
      expect(answer.status).toBe(200);
      expect(answer.text).toContain(`"quota":${quota},`);
      expect(answer.text).toContain(`"max":${quota},"reserved":${quota}`);
    },
  );
});

describe('prism: Prefer', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'prism' });
  });
  afterAll(() => mock.close());

  it.each([
    [
      'an unknown example',
      'code=400, example=noSuchExample',
      /has no example "noSuchExample"; it has paramError/,
    ],
    [
      'an undocumented status',
      'code=418',
      /code=418 is not a documented answer of createSpace; it documents 200/,
    ],
    ['an unreadable preference', 'colour=blue', /is not one of code=<status>, example=<name>/],
  ])('%s: 400 paramError saying what exists', async (_, prefer, message) => {
    const answer = await call(mock.url, { headers: { prefer } });
    expectDocumentedError(answer, 400, /^paramError$/);
    expect(answer.body.message).toMatch(message);
  });
});
