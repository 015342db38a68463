// The MSW side of the byte origin: the same door as the node:http server, for requests to `baseUrl` made
// inside a test process or a browser. Bodies stay streams both ways (a reader loop, not the stream's own
// async iteration, which not every browser has). No Node-only API here.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { invalid } from '../faults.js';
import type { BlobDoor } from './blob-door.js';

/** @param baseUrl the byte origin's base URL (the signer's), e.g. `https://oss.dingtalk-storage-mock.invalid`. */
export function blobMswHandler(baseUrl: string, door: BlobDoor): HttpHandler {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw invalid('baseUrl', 'an http(s) URL with no query', baseUrl);
  }
  const base = baseUrl.replace(/\/+$/, '');
  const basePath = url.pathname.replace(/\/+$/, '');
  return http.all(`${base}/*`, async ({ request }) => {
    const generation = door.generation();
    const { pathname, search } = new URL(request.url);
    const answer = await door({
      method: request.method,
      target: pathname.slice(basePath.length) + search,
      headers: Object.fromEntries(request.headers),
      body: request.body ? chunksOf(request.body) : undefined,
      generation,
    });
    // A dropped connection is a network error to the caller, as a reset socket is.
    if (answer.drop) return HttpResponse.error();
    const body = typeof answer.body === 'object' ? streamOf(answer.body) : (answer.body ?? null);
    return new HttpResponse(body, { status: answer.status, headers: answer.headers });
  });
}

/** The stream's chunks; leaving early cancels the rest of it. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The bytes as a stream read on demand; a reader that cancels ends the source. */
function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
