// Every answer the suite receives is checked against the bundled spec with ajv (independently of Prism),
// as an answer of the operation its method and path belong to; a Prism proxy's own violation report is
// surfaced with the field it names. The check runs when each test finishes, also when the test failed for
// another reason, so a report always names the broken fields.
import { createStorageClient, type StorageClientOptions } from '@dingtalk-storage/client';
import { createSpecValidator } from '@dingtalk-storage/mock';
import { expect, onTestFinished } from 'vitest';
import { parameterText } from './schema-cases.js';
import { operationOf, type SpecOperation } from './spec.js';

const validator = createSpecValidator();
/** The access token every request carries: any non-empty one for the mock; your server's via CONTRACT_ACCESS_TOKEN. */
export const TOKEN = process.env.CONTRACT_ACCESS_TOKEN || 'contract-suite-token';

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
    const url = input instanceof Request ? input.url : String(input);
    const operation = operationOf(init?.method ?? (input instanceof Request ? input.method : 'GET'), url);
    const violations = [
      ...prismViolations(body),
      ...(operation
        ? validator
            .response(operation.operationId, response.status, body)
            .map((v) => `${v.path || 'body'} ${v.message}`)
        : [`${url} is not an operation of the spec`]),
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
  /** Calls the operation's client method with `input`. */
  const call = (operation: SpecOperation, input: Record<string, unknown>) =>
    (storage as unknown as Record<string, (input: unknown) => Promise<unknown>>)[operation.operationId]?.(
      input,
    );
  return { storage, seen, call };
}

/** Asserts that every answer seen conforms, naming the fields that do not. */
export function expectConforming(seen: Observed[]): void {
  const problems = seen.flatMap((s) => s.violations.map((v) => `HTTP ${s.status}: ${v}`));
  expect(problems, 'answers that break the spec').toEqual([]);
}

/**
 * A raw request for the operation with `input` (parameters and body properties, as the client takes
 * them), for what the client would refuse to send; `body` sends that text instead of the JSON body.
 */
export async function send(
  url: string,
  operation: SpecOperation,
  input: Record<string, unknown>,
  options: { token?: string; body?: string } = {},
): Promise<Observed> {
  const seen: Observed[] = [];
  const { target, init } = rawRequest(operation, input, options);
  await observingFetch(seen)(`${url}${target}`, init);
  return seen[0] as Observed;
}

/**
 * The request `send` makes: the target (path and query) and the fetch options. Parameters go on the wire
 * as the official SDK writes them (`parameterText`): numbers and booleans as text, a JSON parameter as JSON
 * text, an array by its style; a missing path parameter is an empty segment.
 */
export function rawRequest(
  operation: SpecOperation,
  input: Record<string, unknown>,
  { token = TOKEN, body }: { token?: string; body?: string } = {},
): { target: string; init: RequestInit } {
  const names = (where: string) => operation.parameters.filter((p) => p.in === where).map((p) => p.name);
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = input[name];
    if (!parameter || value === undefined) return '';
    return encodeURIComponent([parameterText(parameter, value)].flat().join(','));
  });
  const query = new URLSearchParams();
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    const value = input[parameter.name];
    if (value === undefined) continue;
    for (const text of [parameterText(parameter, value)].flat()) query.append(parameter.name, text);
  }
  const bodyNames = Object.keys(input).filter(
    (name) => !names('query').includes(name) && !names('path').includes(name),
  );
  const json = operation.requestBody
    ? JSON.stringify(Object.fromEntries(bodyNames.map((n) => [n, input[n]])))
    : undefined;
  const init: RequestInit = {
    method: operation.method,
    headers: {
      ...(json !== undefined && { 'content-type': 'application/json' }),
      ...(token ? { 'x-acs-dingtalk-access-token': token } : {}),
    },
    ...((body ?? json) !== undefined && { body: body ?? json }),
  };
  return { target: `${path}?${query}`, init };
}
