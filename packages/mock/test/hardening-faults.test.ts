// Injected faults are held to admin-openapi.yaml and to bounds: the document's `Fault` schema and the
// mock's own checks agree on every fault of the tables, pending faults are capped in count and size, the
// admin API refuses what is no injection, and an answer Node cannot write is answered 500 instead of
// ending the process.
import { readFileSync } from 'node:fs';
import {
  MAX_FAULT_BYTES,
  MAX_FAULT_TIMES,
  MAX_PENDING_FAULTS,
  type MockServer,
  startMockServer,
} from '@dingtalk-storage/mock';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createControl } from '../src/control.js';
import { FAULT_PATTERNS } from '../src/faults.js';
import type { WireAnswer } from '../src/front-door.js';
import { listen } from '../src/http.js';
import { write } from '../src/node-listener.js';
import { BAD_FAULTS, GOOD_FAULTS } from './bad-faults.js';
import { sendExample } from './spec.js';

const document = parse(readFileSync(new URL('../admin-openapi.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(document, 'admin');
const faultSchema = ajv.compile({ $ref: 'admin#/components/schemas/Fault' });
const schemas = document.components.schemas;

describe('the Fault schema of admin-openapi.yaml and the mock agree', () => {
  it.each(BAD_FAULTS.filter(([, , fault]) => JSON.stringify(fault).length <= MAX_FAULT_BYTES))(
    'the document refuses %s too',
    (_, __, fault) => {
      expect(faultSchema(fault)).toBe(false);
    },
  );

  it.each(GOOD_FAULTS)('the document and the mock take %s', (_, fault) => {
    expect(faultSchema(fault), JSON.stringify(faultSchema.errors)).toBe(true);
    expect(() => createControl().inject('createSpace', fault as never)).not.toThrow();
  });

  it('the patterns and bounds are the same text in both', () => {
    expect(schemas.DingTalkErrorFault.properties.headers.propertyNames.pattern).toBe(
      FAULT_PATTERNS.headerName,
    );
    expect(schemas.DingTalkErrorFault.properties.headers.additionalProperties.pattern).toBe(
      FAULT_PATTERNS.headerValue,
    );
    expect(schemas.MalformedFault.properties.contentType.pattern).toBe(FAULT_PATTERNS.contentType);
    expect(schemas.Injection.properties.times.maximum).toBe(MAX_FAULT_TIMES);
  });
});

describe('pending faults are bounded', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  beforeEach(() => mock.reset());
  afterAll(() => mock.close());

  const inject = (body: unknown) =>
    fetch(`${mock.url}/__mock/inject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a fault beyond MAX_PENDING_FAULTS, across operations, until one is used or the mock reset', async () => {
    for (let n = 0; n < MAX_PENDING_FAULTS; n++) {
      // `times` counts once: it is one pending fault however many answers it replaces.
      mock.inject(n % 2 ? 'createSpace' : 'getSpace', { status: 503, code: 'systemError' }, { times: 3 });
    }
    expect(() => mock.inject('createSpace', { reset: true })).toThrow(/MAX_PENDING_FAULTS/);
    const refused = await inject({ operationId: 'getSpace', fault: { reset: true } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(new RegExp(`${MAX_PENDING_FAULTS}.*MAX_PENDING_FAULTS`));

    // A fault used up `times` times is no longer pending.
    for (let n = 0; n < 3; n++) expect((await sendExample(mock.url, 'createSpace')).status).toBe(503);
    mock.inject('createSpace', { reset: true });
    expect(() => mock.inject('createSpace', { reset: true })).toThrow(/MAX_PENDING_FAULTS/);
    mock.reset();
    expect(() => mock.inject('createSpace', { reset: true })).not.toThrow();
  });

  it('refuses a fault larger than MAX_FAULT_BYTES (its JSON, in UTF-8), naming the limit', async () => {
    // 3 bytes a character in UTF-8: a third of the limit in characters is already too large.
    const fault = { body: '中'.repeat(Math.ceil(MAX_FAULT_BYTES / 3)) };
    expect(() => mock.inject('createSpace', fault)).toThrow(
      new RegExp(`MAX_FAULT_BYTES \\(${MAX_FAULT_BYTES}\\)`),
    );
    const refused = await inject({ operationId: 'createSpace', fault });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(/Invalid `fault`.*MAX_FAULT_BYTES/);
  });

  it('takes `times` up to MAX_FAULT_TIMES and says so', async () => {
    const taken = await inject({
      operationId: 'createSpace',
      fault: { reset: true },
      times: MAX_FAULT_TIMES,
    });
    expect(await taken.json()).toEqual({ injected: 'createSpace', times: MAX_FAULT_TIMES });
  });

  it.each([
    ['a body that is no object', 'body', []],
    ['a misspelled field', 'time', { operationId: 'createSpace', fault: { reset: true }, time: 2 }],
  ])('the admin API refuses %s with a 400 naming `%s`', async (_, field, body) => {
    const refused = await inject(body);
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toContain(`Invalid \`${field}\``);
    expect(mock.requests).toEqual([]);
    expect((await sendExample(mock.url, 'createSpace')).status).toBe(200);
  });

  it('the JS handle refuses an unknown option, naming it', () => {
    expect(() => mock.inject('createSpace', { reset: true }, { time: 2 } as never)).toThrow(
      'Invalid `options.time`',
    );
  });
});

describe('an answer Node cannot write', () => {
  let answer: WireAnswer;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen((req, res) => write(req, res, answer), { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  it.each([
    ['a header value with CR/LF', { status: 200, headers: { 'x-note': 'a\r\nb' }, body: 'x' }],
    ['a header name with a space', { status: 200, headers: { 'x note': 'a' }, body: 'x' }],
    ['a status of one digit', { status: 5, headers: {}, body: 'x' }],
  ])('%s: answered 500 systemError, and the server keeps serving', async (_, unwritable) => {
    answer = unwritable;
    // A deadline that only catches a hang: the answer never coming.
    const response = await fetch(`${server.url}/v1.0/storage/spaces`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(500);
    expect((await response.json()).code).toBe('systemError');
    answer = { status: 200, headers: {}, body: 'fine' };
    expect(await (await fetch(server.url)).text()).toBe('fine');
  });
});
