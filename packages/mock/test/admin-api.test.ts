// admin-openapi.yaml says what the admin API answers; this holds the server to it: every answer, success
// or refusal, validates against the document's schemas, and the document's own request examples are taken.
import { readFileSync } from 'node:fs';
import { type MockServer, startMockServer } from '@dingtalk-storage/mock';
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

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
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
