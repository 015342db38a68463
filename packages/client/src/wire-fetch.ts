// The wire on fetch: browsers, workers, Deno, Bun, and Node when the user passes `fetch` (or the build for
// the `default` condition). The signal goes in the init, not in a Request: undici stops following a
// Request's signal once that Request object is garbage-collected, and fetch does not keep it alive (seen
// on Node 20). `redirect: 'manual'`: a redirect would carry the token header to wherever it points.
import { readBody } from './read-body.js';
import type { Wire, WireRequest } from './wire.js';

/** @param getFetch read at each request, so a fetch patched after the client was made (MSW) is used. */
export function fetchWire(getFetch: () => typeof fetch): Wire {
  return ({ url, method, headers, body }) => {
    const controller = new AbortController();
    const streamed = isStream(body);
    const answer = getFetch()(url, {
      method,
      headers,
      body: streamed ? streamOf(body) : body,
      redirect: 'manual',
      signal: controller.signal,
      // A streamed request body needs it (fetch's spec; Node's undici refuses one without it).
      ...(streamed && { duplex: 'half' }),
    } as RequestInit).then((response) => ({
      head: response,
      hiddenRedirect: response.type === 'opaqueredirect',
      read: (maxBytes: number) => readBody(response, maxBytes),
      stream: () => response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
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
