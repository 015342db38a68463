// What a test does to the mock, WireMock-style: the journal of requests received, faults to inject into the
// next answers of an operation, and reset. The same through the JS handle (`mock.requests`, `mock.inject`,
// `mock.reset`) and the HTTP admin API under `/__mock/`, a prefix no DingTalk path can have.
import { BYTE_ORIGIN_OPERATIONS } from './drive/blob-door.js';
import { type CheckedFault, checkFault, faultOf, invalid } from './faults.js';
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
  /** How many answers the fault replaces (at most MAX_FAULT_TIMES); then the mock answers normally. Default 1. */
  times?: number;
}

/** The most faults pending at once, across operations (one however many `times` it replaces). */
export const MAX_PENDING_FAULTS = 1_000;
/** The largest fault, its JSON in UTF-8 bytes: with MAX_PENDING_FAULTS, what bounds the faults' memory. */
export const MAX_FAULT_BYTES = 16_384;
/** The most answers one fault replaces (`times`). */
export const MAX_FAULT_TIMES = 1_000_000;

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
  /** Throws a TypeError naming what is wrong with the injection, or a RangeError at MAX_PENDING_FAULTS. */
  inject(operationId: string, fault: Fault, options?: InjectOptions): void;
  /** The fault for this request of the operation, if one is pending (used up one time), checked and tagged. */
  take(operationId: string): CheckedFault | undefined;
  /** Clears the journal, the pending faults and, through `resetState`, the mode's state. */
  reset(): void;
}

/** @param resetState forgets the mode's own state (the stateful fake's spaces and tokens) on `reset()`. */
export function createControl(resetState: () => void = () => {}): MockControl {
  const journal = createJournal();
  let generation = 0;
  const pending = new Map<string, { fault: CheckedFault; left: number }[]>();
  let pendingCount = 0;
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
    inject(operationId, fault, options) {
      const injection = checkInjection(operationId, fault, options);
      if (pendingCount >= MAX_PENDING_FAULTS) {
        throw new RangeError(
          `Too many faults: ${MAX_PENDING_FAULTS} are pending already (MAX_PENDING_FAULTS); let some be used or reset the mock.`,
        );
      }
      const queue = pending.get(operationId) ?? [];
      queue.push(injection);
      pending.set(operationId, queue);
      pendingCount++;
    },
    take(operationId) {
      const queue = pending.get(operationId);
      const next = queue?.[0];
      if (!queue || !next) return undefined;
      if (--next.left === 0) {
        queue.shift();
        pendingCount--;
        if (!queue.length) pending.delete(operationId);
      }
      return next.fault;
    },
    reset() {
      generation++;
      journal.clear();
      pending.clear();
      pendingCount = 0;
      resetState();
    },
  };
}

/**
 * The fault, checked against admin-openapi.yaml and MAX_FAULT_BYTES, and how many answers it replaces;
 * throws a TypeError naming what is wrong (the admin API answers it as a 400).
 */
function checkInjection(
  operationId: unknown,
  fault: unknown,
  options: unknown,
): { fault: CheckedFault; left: number } {
  // DingTalk's operations, and the byte origin's (the stateful drive's stand-in for OSS).
  const known = [...specOperations().map((o) => o.operationId), ...BYTE_ORIGIN_OPERATIONS];
  if (typeof operationId !== 'string' || !known.includes(operationId)) {
    throw invalid('operationId', `one of ${known.join(', ')}`, operationId);
  }
  const checked = checkFault(fault);
  const bytes = new TextEncoder().encode(JSON.stringify(faultOf(checked))).length;
  if (bytes > MAX_FAULT_BYTES) {
    throw new TypeError(
      `Invalid \`fault\`: its JSON is ${bytes} bytes, more than MAX_FAULT_BYTES (${MAX_FAULT_BYTES}).`,
    );
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw invalid('options', '{ times? }', options);
  }
  const { times = 1, ...rest } = (options ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(rest).find((key) => rest[key] !== undefined);
  if (unknown !== undefined) throw invalid(`options.${unknown}`, 'no such option: { times? }', rest[unknown]);
  if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_FAULT_TIMES) {
    throw invalid('times', `an integer from 1 to ${MAX_FAULT_TIMES} (MAX_FAULT_TIMES)`, times);
  }
  return { fault: checked, left: times as number };
}
