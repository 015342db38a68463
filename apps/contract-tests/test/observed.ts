// Every answer the suite receives is checked against the bundled spec with ajv (independently of Prism);
// a Prism proxy's own violation report is surfaced with the field it names. The check runs when each test
// finishes, also when the test failed for another reason, so a report always names the broken fields.
import { createStorageClient, type StorageClientOptions } from '@dingtalk-storage/client';
import { createSpecValidator } from '@dingtalk-storage/mock';
import { expect, onTestFinished } from 'vitest';

const validator = createSpecValidator();
export const TOKEN = 'contract-suite-token';

export interface Observed {
  status: number;
  body: unknown;
  violations: string[];
}

/** Fetches and records the answer's conformance. */
export function observingFetch(seen: Observed[]): typeof fetch {
  onTestFinished(() => expectConforming(seen));
  return async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: recorded as text; the validator reports it.
    }
    const violations = [
      ...prismViolations(body),
      ...validator.response(response.status, body).map((v) => `${v.path || 'body'} ${v.message}`),
    ];
    seen.push({ status: response.status, body, violations });
    return response;
  };
}

function prismViolations(body: unknown): string[] {
  const validation = (body as { validation?: { location?: string[]; message?: string }[] } | null)
    ?.validation;
  return (validation ?? []).map((v) => `Prism: ${(v.location ?? []).join('.')}: ${v.message}`);
}

export function observedClient(url: string, options: Partial<StorageClientOptions> = {}) {
  const seen: Observed[] = [];
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: url,
    retry: false,
    fetch: observingFetch(seen),
    ...options,
  });
  return { storage, seen };
}

/** Asserts that every answer seen conforms, naming the fields that do not. */
export function expectConforming(seen: Observed[]): void {
  const problems = seen.flatMap((s) => s.violations.map((v) => `HTTP ${s.status}: ${v}`));
  expect(problems, 'answers that break the spec').toEqual([]);
}

/** A raw request, for what the client would refuse to send. */
export async function send(
  url: string,
  { query = '?unionId=u-1', token = TOKEN, body = '{"option":{}}', seen = [] as Observed[] } = {},
): Promise<Observed> {
  const observed = observingFetch(seen);
  await observed(`${url}/v1.0/storage/spaces${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { 'x-acs-dingtalk-access-token': token } : {}),
    },
    body,
  });
  return seen[seen.length - 1] as Observed;
}
