// What a test does to the mock, WireMock-style: the journal of requests received, faults to inject into the
// next answers of an operation, and reset. The same through the JS handle (`mock.requests`, `mock.inject`,
// `mock.reset`) and the HTTP admin API under `/__mock/`, a prefix no DingTalk path can have.
import type { Fault, JournalEntry } from './generated/admin-api.js';
import { createJournal, type RequestRecord } from './journal.js';
import { specOperations } from './spec.js';

/** Request headers by lower-case name, as they arrived. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * One request the mock received, and what it answered; a fault for the next answers of an operation (a
 * DingTalk error, a delay, a dropped connection, a malformed answer). Both are the admin API's own types,
 * generated from admin-openapi.yaml, so the JS handle, `connectMock` and `GET /__mock/requests` agree.
 */
export type { Fault, JournalEntry };

export interface InjectOptions {
  /** How many answers the fault replaces; then the mock answers normally again. Default 1. */
  times?: number;
}

export { MAX_JOURNAL_BODY_BYTES, MAX_JOURNAL_BYTES, MAX_JOURNAL_ENTRIES } from './journal.js';

export interface MockControl {
  /** The journal, oldest first (fresh entries at each read; bodies parsed where they are whole JSON). */
  readonly journal: JournalEntry[];
  /** How many times the mock was reset: a request notes it on arrival, to tell if a reset came meanwhile. */
  readonly generation: number;
  /**
   * Adds an answered request and its body to the journal (bounded: journal.ts) and returns the entry as
   * the journal shows it; a request that arrived before the latest reset (`generation`) is not added.
   */
  record(
    entry: RequestRecord,
    options?: { body?: Uint8Array; generation?: number },
  ): JournalEntry | undefined;
  inject(operationId: string, fault: Fault, options?: InjectOptions): void;
  /** The fault for this request of the operation, if one is pending (used up one time). */
  take(operationId: string): Fault | undefined;
  /** Clears the journal, the pending faults and, through `resetState`, the mode's state. */
  reset(): void;
}

/** @param resetState forgets the mode's own state (the stateful fake's spaces and tokens) on `reset()`. */
export function createControl(resetState: () => void = () => {}): MockControl {
  const journal = createJournal();
  let generation = 0;
  const pending = new Map<string, { fault: Fault; left: number }[]>();
  return {
    get journal() {
      return journal.entries();
    },
    get generation() {
      return generation;
    },
    record(entry, { body, generation: arrived = generation } = {}) {
      return arrived === generation ? journal.add(entry, body) : undefined;
    },
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
    reset() {
      generation++;
      journal.clear();
      pending.clear();
      resetState();
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
    ((isStatus(f.status) && typeof f.code === 'string') ||
      (Number.isInteger(f.delayMs) && (f.delayMs as number) >= 0 && (f.delayMs as number) <= 60_000) ||
      f.reset === true ||
      (typeof f.body === 'string' && (f.status === undefined || isStatus(f.status))));
  if (!valid) {
    throw new TypeError(
      'Invalid `fault`: expected { status, code, message?, headers? }, { delayMs } (an integer, at most 60000), { reset: true } or { body, status?, contentType? } (status from 100 to 599).',
    );
  }
  if (!Number.isInteger(times) || (times as number) < 1) {
    throw new TypeError(`Invalid \`times\`: expected an integer >= 1, received ${JSON.stringify(times)}.`);
  }
}

const isStatus = (status: unknown) =>
  Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599;
