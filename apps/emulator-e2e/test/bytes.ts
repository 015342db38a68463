// The byte legs, as a client of DingTalk's storage sends them to the object store: plain fetch to the signed
// URL with exactly the signed headers (never the SDK), and what the tests compare the bytes by.
import { createHash } from 'node:crypto';

/** A signed request as getFileUploadInfo, getMultipartFileUploadInfos and getFileDownloadInfo answer it. */
export interface SignedRequest {
  resourceUrls?: string[];
  headers?: Record<string, string>;
}

function target(signed: SignedRequest | undefined): { url: string; headers: Record<string, string> } {
  const url = signed?.resourceUrls?.[0];
  if (!url) throw new Error(`the answer has no resourceUrls[0]: ${JSON.stringify(signed)}`);
  return { url, headers: { ...signed?.headers } };
}

/** PUTs `body` to the signed URL with exactly its headers; `headers` adds or replaces some (a tampered request). */
export function putSigned(
  signed: SignedRequest | undefined,
  body: Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const request = target(signed);
  return fetch(request.url, {
    method: 'PUT',
    headers: { ...request.headers, ...headers },
    body,
    // A stream body is sent as it comes (Node's fetch needs this said).
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
}

/** GETs the signed URL with exactly its headers, plus `headers` (e.g. `Range`). */
export function getSigned(
  signed: SignedRequest | undefined,
  headers: Record<string, string> = {},
): Promise<Response> {
  const request = target(signed);
  return fetch(request.url, { headers: { ...request.headers, ...headers } });
}

/** The body of a 2xx answer; anything else fails with the status and what the byte origin said. */
export async function bytesOf(answer: Response): Promise<Uint8Array> {
  const body = new Uint8Array(await answer.arrayBuffer());
  if (!answer.ok) {
    throw new Error(`the byte origin answered ${answer.status}: ${new TextDecoder().decode(body)}`);
  }
  return body;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `size` bytes that differ with `seed` (a counter through SHA-256), so every upload has its own content. */
export function testBytes(size: number, seed: string): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let offset = 0, block = 0; offset < size; offset += 32, block += 1) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    bytes.set(digest.subarray(0, Math.min(32, size - offset)), offset);
  }
  return bytes;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** The `<Code>` of the byte origin's OSS-shaped XML error body. */
export async function ossErrorCode(answer: Response): Promise<string | undefined> {
  return /<Code>([^<]*)<\/Code>/.exec(await answer.text())?.[1];
}
