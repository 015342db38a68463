// uploadFile: a body of any kind to a committed file. One PUT when it fits in a part (getFileUploadInfo),
// else multipart (initMultipartFileUpload, part URLs signed MAX_PART_NUMBERS_PER_CALL at a time and again
// once stale (part-signatures.ts), up to `concurrency` parts PUT at once, each retried on its own), then
// commitFile. An abort or a failed part ends every PUT in flight and commits nothing.
import type { StorageClient } from '../client.js';
import { check, describe } from '../errors.js';
import type { CommitFileInput, CommitFileOutput } from '../generated/methods.js';
import { type Part, sliceBody, type UploadBody } from './body-parts.js';
import { type ByteLegPolicy, putBytes, signedTarget } from './byte-leg.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE } from './limits.js';
import { type PartReader, partReader } from './part-reader.js';
import { partSignatures } from './part-signatures.js';
import { type TransferOptions, transferPolicy } from './transfer-options.js';

export type ConflictStrategy = NonNullable<NonNullable<CommitFileInput['option']>['conflictStrategy']>;
export type Dentry = CommitFileOutput['dentry'];

export interface UploadProgress {
  /** Bytes the file host has taken so far (a part counts once it is answered). */
  bytesSent: number;
  /** The body's size, when known before reading it (not for a stream). */
  totalBytes: number | undefined;
}

export interface UploadFileInput extends TransferOptions {
  spaceId: string;
  /** The folder to create the file in; `"0"` is the space's root. */
  parentId: string;
  unionId: string;
  /** The file name, with extension. */
  name: string;
  body: UploadBody;
  /** What to do when the name is taken. Default DingTalk's: AUTO_RENAME. */
  conflictStrategy?: ConflictStrategy;
  /** Bytes per part, MIN_PART_SIZE..MAX_PART_SIZE. Default DEFAULT_PART_SIZE (larger when 10,000 would not hold the body). */
  partSize?: number;
  /** Parts PUT at once. Default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  /** Called as bytes are taken: `bytesSent` only grows and ends at the file's size. */
  onProgress?: (progress: UploadProgress) => void;
}

const MiB = 1024 * 1024;

export async function uploadFile(client: StorageClient, input: UploadFileInput): Promise<Dentry> {
  check(
    typeof input === 'object' && input !== null,
    'input',
    'an object { spaceId, parentId, unionId, name, body }',
  );
  const {
    spaceId,
    parentId,
    unionId,
    name,
    body,
    conflictStrategy,
    concurrency = DEFAULT_CONCURRENCY,
    onProgress,
  } = input;
  for (const [field, value] of Object.entries({ spaceId, parentId, unionId, name }))
    check(
      typeof value === 'string' && value !== '',
      field,
      'a non-empty string (uploadFile requires it)',
      value,
    );
  check(
    input.partSize === undefined ||
      (Number.isSafeInteger(input.partSize) &&
        input.partSize >= MIN_PART_SIZE &&
        input.partSize <= MAX_PART_SIZE),
    'partSize',
    `an integer number of bytes from ${MIN_PART_SIZE} (MIN_PART_SIZE) to ${MAX_PART_SIZE} (MAX_PART_SIZE)`,
    input.partSize,
  );
  check(Number.isSafeInteger(concurrency) && concurrency >= 1, 'concurrency', 'an integer >= 1', concurrency);
  check(onProgress === undefined || typeof onProgress === 'function', 'onProgress', 'a function', onProgress);
  const { call, policy } = transferPolicy(client, 'uploadFile', input);
  const knownSize = sizeOf(body);
  const partSize = input.partSize ?? defaultPartSize(knownSize);
  check(
    knownSize === undefined || Math.ceil(knownSize / partSize) <= MAX_PARTS,
    'partSize',
    `at least ${Math.ceil((knownSize ?? 0) / MAX_PARTS)} bytes: a body of ${knownSize} bytes in parts of ${partSize} would take more than ${MAX_PARTS} (MAX_PARTS)`,
    partSize,
  );
  call.signal?.throwIfAborted();

  const sliced = sliceBody(body, partSize);
  const { size } = sliced;
  const reader = partReader(sliced);
  let bytesSent = 0;
  const sent = (bytes: number) => {
    bytesSent += bytes;
    onProgress?.({ bytesSent, totalBytes: size });
  };
  try {
    const ahead = await readAhead(reader, call.signal);
    let uploadKey: string;
    if (ahead.length === 1) {
      const [whole] = ahead as [Part];
      const info = await client.getFileUploadInfo(
        {
          spaceId,
          unionId,
          protocol: 'HEADER_SIGNATURE',
          multipart: false,
          option: { storageDriver: 'DINGTALK', preCheckParam: { size: whole.byteLength } },
        },
        call,
      );
      const target = signedTarget(info.headerSignatureInfo, 'getFileUploadInfo');
      await putBytes(policy, () => target, whole, `the PUT of ${describe(name)}`);
      sent(whole.byteLength);
      uploadKey = info.uploadKey;
    } else {
      const init = await client.initMultipartFileUpload(
        {
          spaceId,
          unionId,
          option: { storageDriver: 'DINGTALK', ...(size !== undefined && { preCheckParam: { size } }) },
        },
        call,
      );
      uploadKey = init.uploadKey;
      // Handed back, and let go of here: a part sent is held by nothing (memory stays bounded).
      reader.unread(ahead.splice(0));
      await putParts({
        client,
        unionId,
        uploadKey,
        reader,
        partCount: size === undefined ? undefined : Math.ceil(size / partSize),
        concurrency,
        policy,
        sent,
      });
    }
    // An abort that came while the last part was answered still commits nothing.
    call.signal?.throwIfAborted();
    const { dentry } = await client.commitFile(
      {
        spaceId,
        unionId,
        uploadKey,
        name,
        parentId,
        option: { size: bytesSent, ...(conflictStrategy !== undefined && { conflictStrategy }) },
      },
      call,
    );
    return dentry;
  } finally {
    // Stops reading the body (a stream is cancelled) when the upload ends early.
    await reader.close();
  }
}

interface PartsJob {
  client: StorageClient;
  unionId: string;
  uploadKey: string;
  reader: PartReader;
  partCount: number | undefined;
  concurrency: number;
  policy: ByteLegPolicy;
  /** A part of this many bytes is taken by the file host. */
  sent: (bytes: number) => void;
}

/** Every part PUT, `concurrency` at a time; the first failure ends the others and is thrown. */
async function putParts({
  client,
  unionId,
  uploadKey,
  reader,
  partCount,
  concurrency,
  policy,
  sent,
}: PartsJob) {
  // Ends the PUTs in flight when one part fails for good, or when the caller aborts.
  const stop = new AbortController();
  const onAbort = () => stop.abort(policy.signal?.reason);
  policy.signal?.addEventListener('abort', onAbort);
  const partPolicy = { ...policy, signal: stop.signal };
  const signedTargetOf = partSignatures({ client, unionId, uploadKey, partCount, signal: stop.signal });
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let number = 0;
  try {
    // A read waiting on a stalled stream ends as soon as a part fails for good or the caller aborts.
    for (;;) {
      const part = await reader.next(stop.signal);
      if (!part || failure) break;
      const partNumber = ++number;
      check(
        partNumber <= MAX_PARTS,
        'body',
        `at most ${MAX_PARTS} (MAX_PARTS) parts: pass a larger partSize for a stream this long`,
      );
      const put = (async () => {
        await putBytes(partPolicy, () => signedTargetOf(partNumber), part, `part ${partNumber}'s PUT`);
        sent(part.byteLength);
      })().then(
        () => {
          inFlight.delete(put);
        },
        (error: unknown) => {
          inFlight.delete(put);
          failure ??= { error };
          stop.abort(error);
        },
      );
      inFlight.add(put);
      // The next part is read only when there is room to send it: that bounds what a stream holds.
      while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (error) {
    failure ??= { error };
    stop.abort(error);
  } finally {
    policy.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) {
    // Every PUT has ended before the upload rejects: nothing is left sending.
    await Promise.all(inFlight);
    policy.signal?.throwIfAborted();
    throw failure.error;
  }
}

/**
 * The first part (a body is at least one) and, when there is one, the second: one part goes in one PUT,
 * more go multipart (a stream's length is not known before it is read).
 */
async function readAhead(reader: PartReader, signal: AbortSignal | undefined): Promise<Part[]> {
  const ahead = [(await reader.next(signal)) as Part];
  const second = await reader.next(signal);
  if (second) ahead.push(second);
  return ahead;
}

function sizeOf(body: UploadBody): number | undefined {
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  return undefined;
}

/** DEFAULT_PART_SIZE, or whole MiB enough for MAX_PARTS parts to hold `size`. */
function defaultPartSize(size: number | undefined): number {
  if (size === undefined || size <= DEFAULT_PART_SIZE * MAX_PARTS) return DEFAULT_PART_SIZE;
  return Math.ceil(size / MAX_PARTS / MiB) * MiB;
}
