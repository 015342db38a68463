// What a test does to the mock, WireMock-style: the journal of requests received, faults to inject into the
// next answers of an operation, and reset. The same through the JS handle (`mock.requests`, `mock.inject`,
// `mock.reset`) and the HTTP admin API under `/__mock/`, a prefix no DingTalk path can have.
import { specOperations } from './spec.js';

/** Request headers by lower-case name; a header sent more than once may map to all its values. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** One request the mock received, and what it answered. */
export interface JournalEntry {
  /** The operation the request was for; absent for a path or method the spec does not have. */
  operationId?: string;
  method: string;
  path: string;
  /** Query parameters; a name given more than once maps to all its values. */
  query: Record<string, string | string[]>;
  headers: RequestHeaders;
  /** The body: parsed JSON when it was JSON, else the text; undefined when empty. */
  body: unknown;
  /** The status answered; 0 when the connection was dropped (an injected `reset`). */
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** How long the answer took, in ms (an injected delay included). */
  ms: number;
}

/**
 * A fault for the next answers of an operation:
 * - a DingTalk error `{ status, code, message?, headers? }`, e.g. 403 `Forbidden.AccessDenied.QpsLimitForApi`
 *   with `{ 'retry-after': '1' }`;
 * - a delay `{ delayMs }`, after which the answer is the normal one;
 * - a dropped connection `{ reset: true }`;
 * - a malformed answer `{ body, status?, contentType? }` (default 200 `text/html`).
 */
export type Fault =
  | { status: number; code: string; message?: string; headers?: Record<string, string> }
  | { delayMs: number }
  | { reset: true }
  | { body: string; status?: number; contentType?: string };

export interface InjectOptions {
  /** How many answers the fault replaces; then the mock answers normally again. Default 1. */
  times?: number;
}

export interface MockControl {
  readonly journal: JournalEntry[];
  inject(operationId: string, fault: Fault, options?: InjectOptions): void;
  /** The fault for this request of the operation, if one is pending (used up one time). */
  take(operationId: string): Fault | undefined;
  /** Clears the journal and the pending faults. */
  clear(): void;
}

export function createControl(): MockControl {
  const journal: JournalEntry[] = [];
  const pending = new Map<string, { fault: Fault; left: number }[]>();
  return {
    journal,
    inject(operationId, fault, { times = 1 } = {}) {
      checkInjection(operationId, fault, times);
      pending.set(operationId, [
        ...(pending.get(operationId) ?? []),
        { fault: structuredClone(fault), left: times },
      ]);
    },
    take(operationId) {
      const queue = pending.get(operationId);
      const next = queue?.[0];
      if (!queue || !next) return undefined;
      if (--next.left === 0) queue.shift();
      return next.fault;
    },
    clear() {
      journal.length = 0;
      pending.clear();
    },
  };
}

/** Throws a TypeError naming what is wrong with an injection (the admin API answers it as a 400). */
function checkInjection(operationId: unknown, fault: unknown, times: unknown): void {
  const known = specOperations().map((o) => o.operationId);
  if (typeof operationId !== 'string' || !known.includes(operationId)) {
    throw new TypeError(
      `Invalid \`operationId\`: expected one of ${known.join(', ')}, received ${JSON.stringify(operationId)}.`,
    );
  }
  const f = fault as Record<string, unknown> | null;
  const valid =
    typeof f === 'object' &&
    f !== null &&
    ((Number.isInteger(f.status) && typeof f.code === 'string') ||
      (typeof f.delayMs === 'number' && f.delayMs >= 0 && f.delayMs <= 60_000) ||
      f.reset === true ||
      typeof f.body === 'string');
  if (!valid) {
    throw new TypeError(
      'Invalid `fault`: expected { status, code, message?, headers? }, { delayMs } (at most 60000), { reset: true } or { body, status?, contentType? }.',
    );
  }
  if (!Number.isInteger(times) || (times as number) < 1) {
    throw new TypeError(`Invalid \`times\`: expected an integer >= 1, received ${JSON.stringify(times)}.`);
  }
}
