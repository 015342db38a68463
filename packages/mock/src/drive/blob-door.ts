// The byte origin, the drive emulator's stand-in for OSS, whatever carries the request (node:http in
// blob-listener.ts, MSW in blob-msw.ts): a signed PUT stores an upload part, a signed GET or HEAD reads a file
// (whole or one range), and anything else is refused the way OSS refuses, in its XML. Bodies are streamed
// both ways, never held. Every request goes into the journal as `putObject` or `getObject`, and a pending
// injected fault for those replaces the answer, as the front door does for DingTalk's operations.
// No Node-only API here: the same code runs in a browser under MSW.
import type { JournalEntry, MockControl, RequestHeaders } from '../control.js';
import { applyFault, type CheckedFault } from '../faults.js';
import { notify, queryOf } from '../front-door.js';
import type { RequestRecord } from '../journal.js';
import {
  type BlobRef,
  type BlobStore,
  BlobTooLargeError,
  type ByteTargets,
  type OssRefusal,
} from './bytes.js';
import { BUCKET, type Signer } from './signed-urls.js';

/** The journal's and `inject`'s names for the byte origin's requests: PUT, and GET or HEAD. */
export const BYTE_ORIGIN_OPERATIONS = ['putObject', 'getObject'] as const;
export type ByteOriginOperation = (typeof BYTE_ORIGIN_OPERATIONS)[number];

export const OSS_REQUEST_ID_HEADER = 'x-oss-request-id';

/** A request to the byte origin, from whichever transport carried it. */
export interface BlobRequest {
  method: string;
  /** The path and query, e.g. `/dingtalk-storage-emulator/uploads/KEY/1`. */
  target: string;
  /** Header names in lower case. */
  headers: RequestHeaders;
  /** The body, streamed; read only by a PUT that passed its checks. */
  body: AsyncIterable<Uint8Array> | undefined;
  /** The control's `generation` when the request arrived; default: when the door got it. */
  generation?: number;
}

/** The answer as the transport writes it. */
export interface BlobAnswer {
  status: number;
  headers: Record<string, string>;
  /** Text (an error's XML), or the bytes streamed; none for HEAD and a PUT's 200. */
  body?: string | AsyncIterable<Uint8Array>;
  /** Drop the connection without an answer (an injected reset). */
  drop?: boolean;
  /**
   * End the connection after answering: a PUT's body was left partly read (too large, broken off, or the
   * store failed), and reading the rest only to throw it away could take as long as the upload. A PUT
   * refused before its body was touched keeps the connection: the transport reads and drops the rest.
   */
  close?: boolean;
}

export interface BlobDoor {
  (request: BlobRequest): Promise<BlobAnswer>;
  /** The control's generation now: a transport notes it as a request arrives, before its body is read. */
  generation: () => number;
}

export interface BlobDoorOptions {
  signer: Signer;
  blobs: BlobStore;
  targets: ByteTargets;
  control: MockControl;
  /** Called with each request's journal entry once it is answered. */
  onRequest?: (entry: JournalEntry) => void;
}

const OBJECT_PREFIX = `/${BUCKET}/`;
/** What a browser may read of an answer from another origin. */
const EXPOSED_HEADERS = ['etag', OSS_REQUEST_ID_HEADER, 'content-range', 'content-length', 'accept-ranges'];

export function createBlobDoor({ signer, blobs, targets, control, onRequest }: BlobDoorOptions): BlobDoor {
  const door = async (request: BlobRequest): Promise<BlobAnswer> => {
    const started = performance.now();
    const requestId = newRequestId();
    const generation = request.generation ?? control.generation;
    const url = urlOf(request.target);
    const entry: RequestRecord = {
      method: request.method,
      path: url?.pathname ?? request.target,
      query: url ? queryOf(url) : {},
      headers: request.headers as JournalEntry['headers'],
      status: 0,
      at: Date.now(),
      ms: 0,
    };
    const context: Context = { request, requestId, path: entry.path, generation, entry };
    let answer: BlobAnswer;
    try {
      answer = url
        ? await answerRequest(context, { signer, blobs, targets, control })
        : ossError(context, {
            status: 400,
            code: 'InvalidURI',
            message: 'Could not parse the specified URI.',
          });
    } catch (error) {
      const message = `the emulator failed: ${(error as Error)?.message ?? error}`;
      answer = { ...ossError(context, { status: 500, code: 'InternalError', message }), close: true };
    }
    answer.headers = { ...corsHeaders(request.headers), ...answer.headers };
    entry.status = answer.drop ? 0 : answer.status;
    entry.ms = Math.round(performance.now() - started);
    const journaled = control.record(entry, { generation });
    if (journaled && onRequest) notify(onRequest, journaled);
    return answer;
  };
  return Object.assign(door, { generation: () => control.generation });
}

function urlOf(target: string): URL | undefined {
  try {
    return new URL(target, 'http://byte-origin.invalid');
  } catch {
    return undefined;
  }
}

interface Context {
  request: BlobRequest;
  requestId: string;
  path: string;
  generation: number;
  entry: RequestRecord;
}

type Parts = Omit<BlobDoorOptions, 'onRequest'>;

async function answerRequest(context: Context, parts: Parts): Promise<BlobAnswer> {
  const { request, path, entry } = context;
  const method = request.method.toUpperCase();
  const isPut = method === 'PUT';
  // A browser's preflight: any origin may send the signed headers (they are the credentials).
  if (method === 'OPTIONS' && request.headers.origin && request.headers['access-control-request-method']) {
    return {
      status: 204,
      headers: {
        'access-control-allow-methods': 'PUT, GET, HEAD',
        'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? '*'),
        'access-control-max-age': '600',
      },
    };
  }
  const refuse = (refusal: OssRefusal) => ossError(context, refusal);
  if (!path.startsWith(OBJECT_PREFIX)) {
    return refuse({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist.' });
  }
  if (!isPut && method !== 'GET' && method !== 'HEAD') {
    return refuse({
      status: 405,
      code: 'MethodNotAllowed',
      message: `The specified method is not allowed against this resource: ${method.slice(0, 20)}.`,
    });
  }
  const operationId: ByteOriginOperation = isPut ? 'putObject' : 'getObject';
  entry.operationId = operationId;

  const fault = parts.control.take(operationId);
  if (fault) {
    const injected = await answerFault(context, fault);
    if (injected) return injected;
  }
  const verified = await parts.signer.verify(method, path, request.headers);
  if (!('key' in verified)) return refuse(verified);
  const { key } = verified;
  // Uploads are written, files are read: OSS answers the other methods on them this way.
  if (!key.startsWith(isPut ? 'uploads/' : 'files/')) {
    return refuse({
      status: 405,
      code: 'MethodNotAllowed',
      message: `The specified method is not allowed against this resource: ${method}.`,
    });
  }
  if (overtaken(context, parts)) return refuse(resetMeanwhile);
  return isPut ? putObject(context, parts, key) : getObject(context, parts, key, method === 'HEAD');
}

/** A reset came while the request waited (a delay, a slow upload): it must not touch the new drive. */
const overtaken = (context: Context, { control }: Parts) => control.generation !== context.generation;
const resetMeanwhile: OssRefusal = {
  status: 503,
  code: 'ServiceUnavailable',
  message: 'The emulator was reset while this request was in flight; it was not carried out.',
};

async function putObject(context: Context, parts: Parts, key: string): Promise<BlobAnswer> {
  const { blobs, targets } = parts;
  // The rest of the body is not worth reading: the connection ends after the answer.
  const refuse = (refusal: OssRefusal) => ({ ...ossError(context, refusal), close: true });
  const room = targets.beginPut(key);
  if (!('maxBytes' in room)) return ossError(context, room);
  const tooLarge = {
    status: 400,
    code: 'EntityTooLarge',
    message: `Your proposed upload exceeds the maximum allowed size: ${room.maxBytes} bytes.`,
  };
  // OSS refuses a declared length past the limit before a byte of it is read.
  const declared = Number(context.request.headers['content-length']);
  if (declared > room.maxBytes) return refuse(tooLarge);

  const source = sourceOf(context.request.body);
  let blob: BlobRef;
  try {
    blob = await blobs.write(source, room.maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError) return refuse(tooLarge);
    if (source.failed) {
      // The client went away or broke off mid-body: it reads no answer, the journal does.
      return refuse({
        status: 400,
        code: 'IncompleteBody',
        message: 'The request body ended before it was complete.',
      });
    }
    throw error;
  }
  if (overtaken(context, parts)) {
    await blobs.delete(blob.id);
    return ossError(context, resetMeanwhile);
  }
  const finished = await targets.finishPut(key, blob);
  if (finished) return ossError(context, finished);
  return {
    status: 200,
    headers: { etag: await etagOf([blob]), [OSS_REQUEST_ID_HEADER]: context.requestId },
  };
}

async function getObject(context: Context, parts: Parts, key: string, head: boolean): Promise<BlobAnswer> {
  const content = parts.targets.content(key);
  if (!('blobs' in content)) return ossError(context, content);
  const { size, blobs } = content;
  const range = rangeOf(context.request.headers.range, size);
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
    etag: await etagOf(blobs),
    [OSS_REQUEST_ID_HEADER]: context.requestId,
  };
  if (range === 'unsatisfiable') {
    const answer = ossError(context, {
      status: 416,
      code: 'InvalidRange',
      message: 'The requested range cannot be satisfied.',
    });
    return { ...answer, headers: { ...answer.headers, 'content-range': `bytes */${size}` } };
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers['content-length'] = String(end - start + 1);
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  return {
    status: range ? 206 : 200,
    headers,
    ...(!head && { body: bytesOf(parts.blobs, blobs, start, end) }),
  };
}

/**
 * The one range of a `Range` header as OSS reads it: `bytes=a-b`, `bytes=a-` or `bytes=-n`, the end cut to
 * the object; 'unsatisfiable' when it starts past the end (or asks for the last 0 bytes); undefined (the
 * whole object, 200) for no header, a malformed one, several ranges or `b < a`.
 */
export function rangeOf(
  header: string | string[] | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = typeof header === 'string' ? /^\s*bytes=(\d*)-(\d*)\s*$/i.exec(header) : null;
  const [, first = '', last = ''] = match ?? [];
  if (!match || (!first && !last)) return undefined;
  if (!first) {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  if (last && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last ? Math.min(Number(last), size - 1) : size - 1 };
}

/** The bytes from `start` to `end` of the blobs joined, read blob by blob. */
async function* bytesOf(
  store: BlobStore,
  blobs: BlobRef[],
  start: number,
  end: number,
): AsyncIterable<Uint8Array> {
  let offset = 0;
  for (const blob of blobs) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, blob.size - 1);
    offset += blob.size;
    if (from <= to) yield* store.read(blob.id, { start: from, end: to });
    if (offset > end) return;
  }
}

/** The body, noting whether it broke off (the store sees its error; the door tells it from the store's). */
function sourceOf(body: AsyncIterable<Uint8Array> | undefined) {
  const source = {
    failed: false,
    async *[Symbol.asyncIterator]() {
      try {
        if (body) yield* body;
      } catch (error) {
        source.failed = true;
        throw error;
      }
    },
  };
  return source;
}

/**
 * A stable entity tag, shaped as OSS's (32 upper-case hex digits, quoted): the blobs' ids hashed, so a
 * file of one part answers the tag its PUT did, and another version or upload another tag.
 */
export async function etagOf(blobs: BlobRef[]): Promise<string> {
  const ids = new TextEncoder().encode(blobs.map((blob) => blob.id).join(','));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', ids)).subarray(0, 16);
  return `"${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}"`;
}

/**
 * An injected fault's answer. A `{ status, code, message? }` fault answers OSS's XML error (this origin
 * never answers DingTalk's JSON); a delay, a reset and a malformed answer are applied as for any operation.
 */
async function answerFault(context: Context, fault: CheckedFault): Promise<BlobAnswer | undefined> {
  if (fault.kind === 'dingtalkError') {
    const message = fault.message ?? `${fault.code} (injected)`;
    const answer = ossError(context, { status: fault.status, code: fault.code, message });
    return { ...answer, headers: { ...answer.headers, ...fault.headers } };
  }
  const injected = await applyFault(fault, context.requestId);
  if (!injected) return undefined;
  return {
    ...injected,
    headers: { [OSS_REQUEST_ID_HEADER]: context.requestId, ...injected.headers },
    ...(injected.body !== undefined && { body: injected.body }),
  };
}

/** OSS's error answer: its XML, `content-type: application/xml` and the request id. */
function ossError({ requestId, request }: Context, { status, code, message }: OssRefusal): BlobAnswer {
  const host = String(request.headers.host ?? BUCKET);
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    `<RequestId>${requestId}</RequestId><HostId>${escapeXml(host)}</HostId></Error>`;
  return {
    status,
    headers: { 'content-type': 'application/xml', [OSS_REQUEST_ID_HEADER]: requestId },
    ...(request.method.toUpperCase() !== 'HEAD' && { body: xml }),
  };
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);

function corsHeaders(headers: RequestHeaders): Record<string, string> {
  return {
    'access-control-allow-origin': String(headers.origin ?? '*'),
    'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    vary: 'origin',
  };
}

/** OSS's request ids: 24 upper-case hex digits. */
const newRequestId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase();
