// DingTalk's official SDK pointed at the mock (issue 23's acceptance): every operation's example request,
// sent by the SDK, gets a 2xx answer that the SDK parses into its response model with every field of the
// spec's example answer (prism mode); the drive emulator (stateful mode), whose state the example requests
// change in the spec's order (a delete, an example id it does not hold), answers each with a 2xx the SDK
// parses or a documented DingTalk error the SDK reads (status and code). The emulator's flows, driven by the
// SDK, are apps/emulator-e2e.
import { startMockServer } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialSdk, type SdkAnswer } from './official-sdk.js';
import { operations, type Row, rowsOf, successExample } from './spec.js';

const TOKEN = 'wire-parity-token';

/** Each operation's first request example, in the spec's order. */
const rows = operations.map((operation) => rowsOf(operation)[0] as Row);

/** The field paths of a JSON value: `space.partitions[].quota.used`, … (array items merged under `[]`). */
function fieldsOf(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldsOf(item, `${prefix}[]`, into);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      fieldsOf(child, path, into);
    }
  }
  return into;
}

const isId = (key: string) => key === 'id' || key.endsWith('Id');

/**
 * Where the mock answered with an id of its own (the stateful fake issues its ids) in place of the
 * example's, records example id -> issued id, so that later inputs name what the mock made: getSpace reads
 * the space createSpace made. The spec's examples use one id for one thing across operations.
 */
function recordIssuedIds(example: unknown, answer: unknown, issued: Map<unknown, unknown>): void {
  if (!example || typeof example !== 'object' || !answer || typeof answer !== 'object') return;
  for (const [key, value] of Object.entries(example)) {
    const actual = (answer as Record<string, unknown>)[key];
    if (isId(key) && typeof value === 'string' && typeof actual === 'string' && actual !== value) {
      issued.set(value, actual);
    } else {
      recordIssuedIds(value, actual, issued);
    }
  }
}

/** `value` with every example id the mock has replaced by one of its own replaced likewise, at every depth. */
function withIssuedIds<T>(value: T, issued: Map<unknown, unknown>): T {
  if (issued.has(value)) return issued.get(value) as T;
  if (Array.isArray(value)) return value.map((item) => withIssuedIds(item, issued)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIssuedIds(v, issued)])) as T;
  }
  return value;
}

describe.each(['prism', 'stateful'] as const)('the mock in %s mode', (mode) => {
  const outcomes = new Map<string, { answer: SdkAnswer } | { error: unknown }>();
  let close: (() => Promise<void>) | undefined;

  // Every row runs here, in the spec's order, so that each test (even one run alone) sees the ids the
  // operations before it made.
  beforeAll(async () => {
    const mock = await startMockServer({ port: 0, mode });
    close = mock.close;
    const sdk = officialSdk(mock.url);
    const issued = new Map<unknown, unknown>();
    for (const row of rows) {
      try {
        const answer = await sdk(
          { ...row, path: withIssuedIds(row.path, issued), fields: withIssuedIds(row.fields, issued) },
          TOKEN,
        );
        outcomes.set(row.name, { answer });
        recordIssuedIds(successExample(row.operation), answer.body?.toMap(), issued);
      } catch (error) {
        outcomes.set(row.name, { error });
      }
    }
  });
  afterAll(() => close?.());

  it.each(rows.map((row) => [row.name, row] as const))(
    mode === 'prism'
      ? '%s: the official SDK gets a 2xx answer and parses every field of the example answer'
      : '%s: the official SDK gets a 2xx answer or reads a documented DingTalk error',
    (_, row) => {
      const outcome = outcomes.get(row.name);
      if (!outcome) throw new Error(`${row.name} was not called`);
      if ('error' in outcome && mode === 'stateful') {
        const { statusCode, code } = outcome.error as { statusCode?: number; code?: string };
        expect([...row.operation.responses.keys()], String(outcome.error)).toContain(statusCode);
        expect(code, String(outcome.error)).toMatch(/^\w/);
        return;
      }
      if ('error' in outcome) throw outcome.error;
      const { statusCode, body } = outcome.answer;
      expect(statusCode).toBeGreaterThanOrEqual(200);
      expect(statusCode).toBeLessThan(300);
      if (mode === 'stateful') return;
      const parsed = fieldsOf(body?.toMap());
      const missing = [...fieldsOf(successExample(row.operation))].filter((field) => !parsed.has(field));
      expect(missing, 'fields of the example answer missing from what the SDK parsed').toEqual([]);
    },
  );
});
