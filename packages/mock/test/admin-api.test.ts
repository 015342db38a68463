// admin-openapi.yaml says what the admin API answers; this holds the server to it: every answer, success
// or refusal (bad input, a web page, a missing admin token, a POST that is not JSON), validates against the
// document's schemas, every route of the document is served, and its own request examples are taken.
import { readFileSync } from 'node:fs';
import { ADMIN_ROUTES, connectMock, type MockServer, startMockServer } from '@dingtalk-storage/mock';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sendExample } from './spec.js';

const document = parse(readFileSync(new URL('../admin-openapi.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(document, 'admin');

/** The validator of the schema the document gives for `method path`'s `status` answer. */
function answerSchema(method: string, path: string, status: number) {
  const documented = document.paths[path][method.toLowerCase()].responses[String(status)];
  expect(documented, `${method} ${path} documents HTTP ${status}`).toBeDefined();
  // A response is inline or a `$ref` into components/responses; its schema is resolved inside the document.
  const pointer = documented.$ref
    ? `${documented.$ref}/content/application~1json/schema`
    : `#/paths/${path.replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  return ajv.compile({ $ref: `admin${pointer}` });
}

async function admin(
  method: string,
  path: string,
  body?: unknown,
  { url = mock.url, headers = {} }: { url?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(method === 'POST' && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const answer = await response.json();
  const validate = answerSchema(method, path, response.status);
  expect(validate(answer), JSON.stringify(validate.errors)).toBe(true);
  return { status: response.status, answer };
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, mode: 'stateful' });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

it('the journal it answers is what the document describes', async () => {
  await sendExample(mock.url, 'createSpace');
  await fetch(`${mock.url}/no/such/path?x=1&x=2`);
  mock.inject('getSpace', { reset: true });
  await sendExample(mock.url, 'getSpace').catch(() => undefined);
  const { status, answer } = await admin('GET', '/__mock/requests');
  expect(status).toBe(200);
  expect(answer.map((entry: { status: number }) => entry.status)).toEqual([200, 404, 0]);
});

it.each(
  Object.entries(document.paths['/__mock/inject'].post.requestBody.content['application/json'].examples),
)('takes the document’s inject example %s', async (_, example) => {
  const { status, answer } = await admin('POST', '/__mock/inject', (example as { value: unknown }).value);
  expect(status).toBe(200);
  expect(answer.times).toBeGreaterThanOrEqual(1);
});

it('refusals and reset are answered as documented', async () => {
  expect(
    (await admin('POST', '/__mock/inject', { operationId: 'createSpace', fault: { delayMs: -1 } })).status,
  ).toBe(400);
  expect(
    (await admin('POST', '/__mock/inject', { operationId: 'nope', fault: { reset: true } })).status,
  ).toBe(400);
  expect((await admin('POST', '/__mock/reset')).answer).toEqual({ reset: true });
});

it('serves every route of the document, and the document has every route it serves', async () => {
  const documented = Object.entries<object>(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(new Set(documented)).toEqual(new Set(ADMIN_ROUTES));
  for (const route of ADMIN_ROUTES) {
    const [method = '', path = ''] = route.split(' ');
    const body = path.endsWith('inject') ? { operationId: 'getSpace', fault: { reset: true } } : undefined;
    expect((await admin(method, path, body)).status).toBe(200);
  }
});

it('expire-tokens expires every issued token, as the document says', async () => {
  const app = { appKey: 'app-1', appSecret: 'secret-1-abcdefghijklmnop' };
  const signedIn = await startMockServer({ port: 0, mode: 'stateful', apps: [app] });
  try {
    const signIn = () =>
      fetch(`${signedIn.url}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(app),
      }).then((response) => response.json());
    const { accessToken } = await signIn();
    await signIn();
    expect((await admin('POST', '/__mock/expire-tokens', undefined, { url: signedIn.url })).answer).toEqual({
      expired: 2,
    });
    const refused = await sendExample(signedIn.url, 'createSpace', {
      'x-acs-dingtalk-access-token': accessToken,
    });
    expect(await refused.json()).toMatchObject({
      code: 'InvalidAuthentication',
      message: expect.stringMatching(/expired/),
    });
    // connectMock has it too (and so the vitest fixture, which is connectMock's).
    await signIn();
    expect(await connectMock(signedIn.url).expireTokens()).toEqual({ expired: 1 });
  } finally {
    await signedIn.close();
  }
});

it('refuses a web page (403), a missing admin token (401) and a POST that is not JSON (415), as documented', async () => {
  const adminToken = 'admin-token-0123456789abcdef';
  const guarded = await startMockServer({ port: 0, mode: 'stateful', adminToken });
  const url = guarded.url;
  const bearer = { authorization: `Bearer ${adminToken}` };
  try {
    for (const [method, path] of ADMIN_ROUTES.map((route) => route.split(' ') as [string, string])) {
      expect((await admin(method, path, undefined, { url })).status).toBe(401);
      const page = { origin: 'http://evil.example', ...bearer };
      expect((await admin(method, path, undefined, { url, headers: page })).status).toBe(403);
      if (method === 'POST') {
        const text = { 'content-type': 'text/plain', ...bearer };
        expect((await admin(method, path, undefined, { url, headers: text })).status).toBe(415);
      }
    }
  } finally {
    await guarded.close();
  }
});
