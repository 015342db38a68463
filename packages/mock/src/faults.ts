// Injected faults: what a test may ask the mock to answer instead, checked field by field against
// admin-openapi.yaml's `Fault` schema (the same patterns and bounds, by the same names; a test holds the two
// together), and applied in one place for every transport (node:http and MSW) by the kind the check found.
// No Node-only API here: the same code runs in a browser under MSW.
import type { WireAnswer } from './front-door.js';
import type { DelayFault, DingTalkErrorFault, Fault, MalformedFault } from './generated/admin-api.js';

/** The patterns of admin-openapi.yaml, as the document spells them. */
export const FAULT_PATTERNS = {
  /** An HTTP token (RFC 9110), but not the framing headers the mock sets itself. */
  headerName:
    "^(?![Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Ll][Ee][Nn][Gg][Tt][Hh]$|[Tt][Rr][Aa][Nn][Ss][Ff][Ee][Rr]-[Ee][Nn][Cc][Oo][Dd][Ii][Nn][Gg]$)[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
  /** Visible ASCII, spaces and tabs: what Node and fetch's Headers both write (no CR/LF). */
  headerValue: '^[\\t\\x20-\\x7E]*$',
  /** `type/subtype`, then optional parameters in visible ASCII. */
  contentType: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[\\t ]*;[\\t\\x20-\\x7E]*)?$",
} as const;

/** The longest injected delay, in ms (`DelayFault.delayMs`'s maximum). */
export const MAX_DELAY_MS = 60_000;

// ajv, too, reads a schema's pattern with the `u` flag.
const headerName = new RegExp(FAULT_PATTERNS.headerName, 'u');
const headerValue = new RegExp(FAULT_PATTERNS.headerValue, 'u');
const contentType = new RegExp(FAULT_PATTERNS.contentType, 'u');
/** Statuses that carry no body (`FaultStatus`). */
const BODILESS = [204, 205, 304];

/** A fault that passed `checkFault`, tagged with its one kind. */
export type CheckedFault =
  | ({ kind: 'dingtalkError' } & DingTalkErrorFault)
  | ({ kind: 'delay' } & DelayFault)
  | { kind: 'reset'; reset: true }
  | ({ kind: 'malformed' } & MalformedFault);

/** Each kind: the field only it has, and every field it may have. */
const KINDS = {
  dingtalkError: { key: 'code', shape: '{ status, code, message?, headers? }' },
  delay: { key: 'delayMs', shape: '{ delayMs }' },
  reset: { key: 'reset', shape: '{ reset: true }' },
  malformed: { key: 'body', shape: '{ body, status?, contentType? }' },
} as const;
const FIELDS: Record<CheckedFault['kind'], readonly string[]> = {
  dingtalkError: ['status', 'code', 'message', 'headers'],
  delay: ['delayMs'],
  reset: ['reset'],
  malformed: ['body', 'status', 'contentType'],
};
const SHAPES = Object.values(KINDS)
  .map((kind) => kind.shape)
  .join(', ');

/**
 * The fault as admin-openapi.yaml's `Fault` takes it, tagged with its kind; throws a TypeError naming the
 * field that is wrong and what was expected. A field set to `undefined` counts as absent, as in its JSON.
 */
export function checkFault(input: unknown): CheckedFault {
  if (!isRecord(input)) {
    throw invalid('fault', `exactly one of ${SHAPES}`, input);
  }
  const fault = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const kinds = (Object.keys(KINDS) as CheckedFault['kind'][]).filter((kind) =>
    Object.hasOwn(fault, KINDS[kind].key),
  );
  const [kind] = kinds;
  if (kind === undefined || kinds.length > 1) {
    const found = kinds.length
      ? `fields of ${kinds.length} kinds (${kinds.map((k) => KINDS[k].key).join(', ')})`
      : 'none of code, delayMs, reset, body';
    throw new TypeError(
      `Invalid \`fault\`: expected exactly one kind of fault, ${SHAPES}; received ${found}.`,
    );
  }
  const unknown = Object.keys(fault).find((field) => !FIELDS[kind].includes(field));
  if (unknown !== undefined) {
    throw invalid(
      `fault.${unknown}`,
      `no such field: a ${kind} fault is ${KINDS[kind].shape}`,
      fault[unknown],
    );
  }
  switch (kind) {
    case 'dingtalkError':
      return {
        kind,
        status: checkStatus(fault.status),
        code: checkString('fault.code', fault.code),
        ...(fault.message !== undefined && { message: checkString('fault.message', fault.message) }),
        ...(fault.headers !== undefined && { headers: checkHeaders(fault.headers) }),
      };
    case 'delay': {
      const { delayMs } = fault;
      if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > MAX_DELAY_MS) {
        throw invalid('fault.delayMs', `an integer from 0 to ${MAX_DELAY_MS}`, delayMs);
      }
      return { kind, delayMs: delayMs as number };
    }
    case 'reset':
      if (fault.reset !== true) throw invalid('fault.reset', 'true', fault.reset);
      return { kind, reset: true };
    case 'malformed':
      return {
        kind,
        body: checkString('fault.body', fault.body),
        ...(fault.status !== undefined && { status: checkStatus(fault.status) }),
        ...(fault.contentType !== undefined && {
          contentType: checkPattern(
            'fault.contentType',
            fault.contentType,
            contentType,
            'a media type such as `text/html; charset=utf-8`, in visible ASCII',
          ),
        }),
      };
  }
}

/** The fault as the admin API and its JSON have it: the checked fault without its tag. */
export function faultOf({ kind: _, ...fault }: CheckedFault): Fault {
  return fault as Fault;
}

/**
 * What the fault makes of the answer: the answer that replaces the operation's (a dropped connection for
 * `reset`), or undefined once a delay is over, for the operation to answer normally. The request id header
 * is the caller's to add.
 */
export async function applyFault(fault: CheckedFault, requestId: string): Promise<WireAnswer | undefined> {
  switch (fault.kind) {
    case 'dingtalkError': {
      const message = fault.message ?? `${fault.code} (injected)`;
      return {
        status: fault.status,
        headers: { 'content-type': 'application/json', ...fault.headers },
        // DingTalk's error answer, as `dingtalkError` in front-door.ts shapes it.
        body: JSON.stringify({ code: fault.code, message, requestid: requestId }),
      };
    }
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return undefined;
    case 'reset':
      return { status: 0, headers: {}, body: undefined, drop: true };
    case 'malformed':
      return {
        status: fault.status ?? 200,
        headers: { 'content-type': fault.contentType ?? 'text/html' },
        body: fault.body,
      };
  }
}

function checkStatus(status: unknown): number {
  if (
    !Number.isInteger(status) ||
    (status as number) < 200 ||
    (status as number) > 599 ||
    BODILESS.includes(status as number)
  ) {
    throw invalid(
      'fault.status',
      `an integer from 200 to 599 but ${BODILESS.join(', ')} (statuses that carry no body)`,
      status,
    );
  }
  return status as number;
}

function checkHeaders(headers: unknown): Record<string, string> {
  if (!isRecord(headers)) throw invalid('fault.headers', 'an object of header values by name', headers);
  for (const [name, value] of Object.entries(headers)) {
    if (!headerName.test(name)) {
      throw invalid(
        'fault.headers',
        "header names that are HTTP tokens (letters, digits and !#$%&'*+-.^_`|~), not content-length or transfer-encoding",
        name,
      );
    }
    checkPattern(`fault.headers.${name}`, value, headerValue, 'a string of visible ASCII, spaces and tabs');
  }
  return { ...headers } as Record<string, string>;
}

function checkPattern(field: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(field, expected, value);
  return value;
}

function checkString(field: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A TypeError naming the field, what was expected and (cut short) what was received. */
export function invalid(field: string, expected: string, received: unknown): TypeError {
  let shown: string;
  try {
    shown = JSON.stringify(received) ?? String(received);
  } catch {
    shown = typeof received;
  }
  return new TypeError(
    `Invalid \`${field}\`: expected ${expected}, received ${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown}.`,
  );
}
