// downloadFile: getFileDownloadInfo, then the signed GET (with a Range when asked), as a web Response whose
// body streams the bytes. The GET is retried until its answer begins; after that, a failure (or the
// signal) errors the body's stream.
import type { StorageClient } from '../client.js';
import { check } from '../errors.js';
import { getBytes, signedTarget } from './byte-leg.js';
import { type TransferOptions, transferPolicy } from './transfer-options.js';

export interface ByteRange {
  /** The first byte, from 0. */
  start: number;
  /** The last byte, included (as in HTTP's `Range`); default the file's last. */
  end?: number;
}

export interface DownloadFileInput extends TransferOptions {
  spaceId: string;
  dentryId: string;
  unionId: string;
  /** A version from listDentryVersions; default the current one. */
  version?: number;
  /** Only these bytes: the answer is 206 with `content-range`. */
  range?: ByteRange;
}

export async function downloadFile(client: StorageClient, input: DownloadFileInput): Promise<Response> {
  check(typeof input === 'object' && input !== null, 'input', 'an object { spaceId, dentryId, unionId }');
  const { spaceId, dentryId, unionId, version, range } = input;
  for (const [field, value] of Object.entries({ spaceId, dentryId, unionId }))
    check(
      typeof value === 'string' && value !== '',
      field,
      'a non-empty string (downloadFile requires it)',
      value,
    );
  check(
    version === undefined || Number.isSafeInteger(version),
    'version',
    'an integer version number',
    version,
  );
  const validRange =
    range === undefined ||
    (typeof range === 'object' &&
      range !== null &&
      Number.isSafeInteger(range.start) &&
      range.start >= 0 &&
      (range.end === undefined || (Number.isSafeInteger(range.end) && range.end >= range.start)));
  check(validRange, 'range', '{ start, end? }: integers, 0 <= start <= end (end included)', range);
  const { call, policy } = transferPolicy(client, 'downloadFile', input);
  const info = await client.getFileDownloadInfo(
    { spaceId, dentryId, unionId, ...(version !== undefined && { option: { version } }) },
    call,
  );
  const target = signedTarget(info.headerSignatureInfo, 'getFileDownloadInfo');
  const { head, body } = await getBytes(
    policy,
    target,
    range && `bytes=${range.start}-${range.end ?? ''}`,
    'the GET of the file',
  );
  const headers = new Headers(head.headers);
  // The body comes decompressed: its encoding and encoded length no longer describe it.
  if (headers.has('content-encoding')) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return new Response(body, { status: head.status, statusText: head.statusText, headers });
}
