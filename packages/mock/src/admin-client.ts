// A typed client of the admin API, for a mock running elsewhere: another process, the CLI, a container, the
// vitest helper's globalSetup. Its types are the admin API's, generated from admin-openapi.yaml.
import { checkAdminAccessOptions } from './admin-access.js';
import { ADMIN_PREFIX } from './admin-api.js';
import type { InjectOptions } from './control.js';
import type {
  AdminError,
  ExpireTokensResult,
  Fault,
  InjectResult,
  JournalEntry,
  ResetResult,
} from './generated/admin-api.js';

/** The mock's journal, reset, fault injection and token expiry, over its admin API. */
export interface MockAdmin {
  /** The base URL of the mock. */
  url: string;
  /** Every request the mock received since it started or was last reset, in order. */
  requests(): Promise<JournalEntry[]>;
  /** Replaces the next `times` (default 1) answers of the operation with a fault. */
  inject(operationId: string, fault: Fault, options?: InjectOptions): Promise<InjectResult>;
  /** Clears the journal, the pending faults and the state. */
  reset(): Promise<ResetResult>;
  /** Stateful mode: every token issued so far expires now, so a client's refresh path runs. */
  expireTokens(): Promise<ExpireTokensResult>;
}

export interface ConnectMockOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** The mock's admin token (`adminToken`, `--admin-token`), sent as `authorization: Bearer <token>`. */
  adminToken?: string;
}

/** The admin API of the mock at `url`, e.g. the URL `startMockServer()` or the CLI printed. */
export function connectMock(
  url: string,
  { fetch: fetcher = globalThis.fetch, adminToken }: ConnectMockOptions = {},
): MockAdmin {
  checkAdminAccessOptions({ adminToken });
  let base: URL | undefined;
  try {
    base = new URL(url);
  } catch {}
  if (!base || !/^https?:$/.test(base.protocol)) {
    throw new TypeError(`Invalid \`url\`: expected the mock's http(s) URL, received ${JSON.stringify(url)}.`);
  }
  const origin = base.origin;
  const call = async <T>(method: string, name: string, body?: unknown): Promise<T> => {
    const response = await fetcher(`${origin}${ADMIN_PREFIX}${name}`, {
      method,
      headers: {
        // The admin API takes a POST only as JSON, also one with no body (a page could send no other).
        ...(method === 'POST' && { 'content-type': 'application/json' }),
        ...(adminToken && { authorization: `Bearer ${adminToken}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const answer = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (answer as AdminError | undefined)?.message ?? `HTTP ${response.status}`;
      throw new Error(`the mock's admin API refused ${method} ${ADMIN_PREFIX}${name}: ${message}`);
    }
    return answer as T;
  };
  return {
    url: origin,
    requests: () => call<JournalEntry[]>('GET', 'requests'),
    inject: (operationId, fault, { times = 1 } = {}) =>
      call<InjectResult>('POST', 'inject', { operationId, fault, times }),
    reset: () => call<ResetResult>('POST', 'reset'),
    expireTokens: () => call<ExpireTokensResult>('POST', 'expire-tokens'),
  };
}
