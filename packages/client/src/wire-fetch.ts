// The wire on fetch: browsers, workers, Deno, Bun, and Node when the user passes `fetch` (or the build for
// the `default` condition). The signal goes in the init, not in a Request: undici stops following a
// Request's signal once that Request object is garbage-collected, and fetch does not keep it alive (seen
// on Node 20). `redirect: 'manual'`: a redirect would carry the token header to wherever it points.
import { readBody } from './read-body.js';
import type { StreamWatch, Wire, WireRequest } from './wire.js';

/** @param getFetch read at each request, so a fetch patched after the client was made (MSW) is used. */
export function fetchWire(getFetch: () => typeof fetch): Wire {
  return ({ url, method, headers, body }) => {
    const controller = new AbortController();
    const streamed = isStream(body);
    const answer = getFetch()(url, {
      method,
      headers,
      // Pieces as one Blob: its length is known, so the request is not chunked.
      body: streamed ? streamOf(body) : Array.isArray(body) ? new Blob(body as BlobPart[]) : body,
      redirect: 'manual',
      signal: controller.signal,
      // A streamed request body needs it (fetch's spec; Node's undici refuses one without it).
      ...(streamed && { duplex: 'half' }),
    } as RequestInit).then((response) => ({
      head: response,
      hiddenRedirect: response.type === 'opaqueredirect',
      read: (maxBytes: number) => readBody(response, maxBytes),
      stream: (watch?: StreamWatch) => {
        const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
        return watch ? watched(body, watch) : body;
      },
      discard: async () => {
        await response.body?.cancel();
      },
    }));
    return { answer, cancel: (reason) => controller.abort(reason) };
  };
}

const isStream = (body: WireRequest['body']): body is AsyncIterable<Uint8Array> =>
  typeof body === 'object' && body !== null && Symbol.asyncIterator in body;

/** An async iterable as a web stream, pulled chunk by chunk (ReadableStream.from is not in every runtime). */
function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** `stream` read through a stream that tells `watch` while its reader waits (fetch's body has no hooks). */
function watched(stream: ReadableStream<Uint8Array>, watch: StreamWatch): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      watch.waiting(true);
      try {
        const next = await reader.read();
        watch.waiting(false);
        if (next.done) {
          watch.ended();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        const shown = watch.failed(error);
        watch.ended();
        controller.error(shown);
      }
    },
    cancel(reason) {
      watch.ended();
      return reader.cancel(reason).catch(() => {});
    },
  });
}
