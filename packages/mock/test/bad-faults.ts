// Faults the mock must refuse at injection, each with the field its error names: ones that used to crash
// the process when applied (a header or content-type Node refuses to write, a fault of two kinds with no
// status), ones whose kind used to be guessed from the keys present, and ones beyond its bounds. Shared by
// the table test of every transport (control.test.ts) and the check against admin-openapi.yaml.
import { MAX_FAULT_BYTES, MAX_FAULT_TIMES } from '@dingtalk-storage/mock';

const error = { status: 503, code: 'operationTimeout' };

/** [what it is, the field its refusal names, the fault]. */
export const BAD_FAULTS: [string, string, unknown][] = [
  ['a header name with CR/LF', 'fault.headers', { ...error, headers: { 'retry-after\r\nx-evil': '1' } }],
  ['a header name that is no token', 'fault.headers', { ...error, headers: { 'retry after': '1' } }],
  ['an empty header name', 'fault.headers', { ...error, headers: { '': '1' } }],
  ['a framing header', 'fault.headers', { ...error, headers: { 'Content-Length': '1000' } }],
  [
    'a header value with CR/LF',
    'fault.headers.retry-after',
    { ...error, headers: { 'retry-after': '1\r\nset-cookie: a=b' } },
  ],
  ['a header value beyond Latin-1', 'fault.headers.x-note', { ...error, headers: { 'x-note': '中文' } }],
  [
    'a header value that is no string',
    'fault.headers.retry-after',
    { ...error, headers: { 'retry-after': 1 } },
  ],
  ['a contentType with CR/LF', 'fault.contentType', { body: 'x', contentType: 'text/html\r\nx-evil: 1' }],
  ['a contentType beyond ASCII', 'fault.contentType', { body: 'x', contentType: 'text/中文' }],
  ['a contentType that is no media type', 'fault.contentType', { body: 'x', contentType: 'html' }],
  ['a DingTalk error and a delay, with no status', 'fault', { code: 5, delayMs: 10 }],
  ['a malformed body and a delay', 'fault', { body: 5, delayMs: 10 }],
  ['a reset that is false, and a delay', 'fault', { reset: false, delayMs: 10 }],
  ['a reset that is false', 'fault.reset', { reset: false }],
  ['a DingTalk error with no status', 'fault.status', { code: 'systemError' }],
  ['a DingTalk error whose code is no string', 'fault.code', { status: 500, code: 5 }],
  ['a DingTalk error whose message is no string', 'fault.message', { ...error, message: 5 }],
  ['a DingTalk error with an unknown field', 'fault.colour', { ...error, colour: 'red' }],
  ['an informational status', 'fault.status', { status: 101, code: 'x' }],
  ['a status that carries no body', 'fault.status', { status: 204, body: 'x' }],
  ['a status of one digit', 'fault.status', { status: 5, body: 'x' }],
  ['a delay that is no integer', 'fault.delayMs', { delayMs: 1.5 }],
  ['a delay beyond 60 s', 'fault.delayMs', { delayMs: 60_001 }],
  ['no kind at all', 'fault', { colour: 'red' }],
  ['null', 'fault', null],
  ['an array', 'fault', [{ reset: true }]],
  ['larger than MAX_FAULT_BYTES', 'fault', { body: 'x'.repeat(MAX_FAULT_BYTES) }],
];

/** Faults of every kind the mock takes, at the edges of its bounds. */
export const GOOD_FAULTS: [string, unknown][] = [
  ['a DingTalk error with a retry-after', { ...error, headers: { 'Retry-After': '1', 'x-note': 'a\tb ~' } }],
  ['a DingTalk error with a message', { status: 599, code: 'x', message: '中文 is fine in a body' }],
  ['a delay of 0', { delayMs: 0 }],
  ['a delay of 60 s', { delayMs: 60_000 }],
  ['a reset', { reset: true }],
  ['a malformed answer', { body: '<html>bad gateway</html>' }],
  [
    'a malformed answer with status and content-type',
    { body: '{"a":', status: 200, contentType: 'application/json; charset=utf-8' },
  ],
  // Exactly MAX_FAULT_BYTES of JSON: `{"body":"…"}` is 11 bytes around the text.
  ['a fault of exactly MAX_FAULT_BYTES', { body: 'x'.repeat(MAX_FAULT_BYTES - 11) }],
];

/** [what it is, `times`]: each refused, naming `times`. */
export const BAD_TIMES: [string, unknown][] = [
  ['0', 0],
  ['a fraction', 1.5],
  ['a string', '2'],
  ['beyond MAX_FAULT_TIMES', MAX_FAULT_TIMES + 1],
];
