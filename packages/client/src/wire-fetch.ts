// The wire on fetch: browsers, workers, Deno, Bun, and Node when the user passes `fetch` (or the build for
// the `default` condition). The signal goes in the init, not in a Request: undici stops following a
// Request's signal once that Request object is garbage-collected, and fetch does not keep it alive (seen
// on Node 20). `redirect: 'manual'`: a redirect would carry the token header to wherever it points.
import { readBody } from './read-body.js';
import type { Wire } from './wire.js';

/** @param getFetch read at each request, so a fetch patched after the client was made (MSW) is used. */
export function fetchWire(getFetch: () => typeof fetch): Wire {
  return ({ url, method, headers, body }) => {
    const controller = new AbortController();
    const answer = getFetch()(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    }).then((response) => ({
      head: response,
      hiddenRedirect: response.type === 'opaqueredirect',
      read: (maxBytes: number) => readBody(response, maxBytes),
      discard: async () => {
        await response.body?.cancel();
      },
    }));
    return { answer, cancel: (reason) => controller.abort(reason) };
  };
}
