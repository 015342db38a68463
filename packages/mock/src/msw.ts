// `@dingtalk-storage/mock/msw`: the mock inside the test process, no port: MSW request handlers carrying the
// same front door (token, JSON, the spec's schemas, DingTalk's error shape), the drive emulator with its
// byte origin (bytes in memory), the journal, fault injection, reset and the admin API.
// For `setupServer` (msw/node) and `setupWorker` (msw/browser). Never loads Prism; no Node-only API.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type AdminAccessOptions, createAdminAccess } from './admin-access.js';
import { ADMIN_PREFIX, createAdminApi } from './admin-api.js';
import { createControl, type Fault, type InjectOptions, type JournalEntry } from './control.js';
import { createBlobDoor } from './drive/blob-door.js';
import { blobMswHandler } from './drive/blob-msw.js';
import { createFrontDoor, MAX_BODY_BYTES, type WireAnswer } from './front-door.js';
import { loadSpec } from './spec.js';
import { createStatefulFake, DEFAULT_BLOB_BASE_URL, type StatefulFakeOptions } from './stateful.js';

export type { Fault, InjectOptions, JournalEntry };

export interface MockHandlersOptions extends StatefulFakeOptions, AdminAccessOptions {
  /**
   * The base URLs answered, e.g. `'https://api.dingtalk.io'`. Default: every server of the spec (DingTalk's
   * international and mainland endpoints), so a client with its default `baseUrl` is answered.
   */
  baseUrl?: string | string[];
  /** Called with each request's journal entry once it is answered. */
  onRequest?: (entry: JournalEntry) => void;
}

export interface MockHandlers {
  /** Pass them to `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: HttpHandler[];
  /** Every request answered so far, in order (a copy). Also `GET <baseUrl>/__mock/requests`. */
  readonly requests: JournalEntry[];
  /** Replaces the next `times` (default 1) answers of the operation with a fault. */
  inject(operationId: string, fault: Fault, options?: InjectOptions): void;
  /** Clears the journal, the pending faults and the state (every space and issued token). */
  reset(): void;
  /** Every token issued so far expires now, so a client's refresh path runs. */
  expireTokens(): void;
}

/** MSW handlers that answer DingTalk's storage API as the stateful mock does. */
export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const { baseUrl, onRequest, adminToken, adminOrigins, ...fakeOptions } = options;
  const bases = baseUrlsOf(baseUrl);
  const [blobBaseUrl] = baseUrlsOf(fakeOptions.blobBaseUrl ?? DEFAULT_BLOB_BASE_URL, 'blobBaseUrl');
  const fake = createStatefulFake({ ...fakeOptions, blobBaseUrl: blobBaseUrl as string });
  const control = createControl(fake.reset);
  const frontDoor = createFrontDoor(fake.answer, control, onRequest);
  // The byte origin (upload and download URLs), bytes in memory.
  const blobDoor = createBlobDoor({ ...fake.bytes, control, ...(onRequest && { onRequest }) });
  // The same access rules as the server's, but `Host`: no request here came over the network.
  const access = createAdminAccess({ adminToken, adminOrigins }, { loopbackHostOnly: false });
  const admin = createAdminApi({ control, expireTokens: fake.expireTokens, access });
  const apiHandlers = bases.map((base) =>
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const target = url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length) + url.search;
      const generation = frontDoor.generation?.();
      const body = await readBody(request, MAX_BODY_BYTES);
      const headers = Object.fromEntries(request.headers);
      const serve = target.startsWith(ADMIN_PREFIX) ? admin : frontDoor;
      return respond(await serve({ method: request.method, target, headers, body, generation }));
    }),
  );
  const handlers = [blobMswHandler(blobBaseUrl as string, blobDoor), ...apiHandlers];
  return {
    handlers,
    get requests() {
      return structuredClone(control.journal);
    },
    inject: (operationId, fault, injectOptions) => control.inject(operationId, fault, injectOptions),
    reset: control.reset,
    expireTokens: fake.expireTokens,
  };
}

/**
 * The body, or undefined once it grows past `maxBytes`: reading stops there and the rest is cancelled, so
 * an endless upload is never buffered (as http.ts's readBody does for node:http).
 */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (Number(request.headers.get('content-length')) > maxBytes) return undefined;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function respond(answer: WireAnswer): Response {
  // A dropped connection is a network error to the caller, as a reset socket is.
  if (answer.drop) return HttpResponse.error();
  return new HttpResponse(answer.body ?? null, { status: answer.status, headers: answer.headers });
}

function baseUrlsOf(baseUrl: string | string[] | undefined, name = 'baseUrl'): string[] {
  const given =
    baseUrl === undefined
      ? (loadSpec().servers ?? []).map((server: { url: string }) => server.url)
      : [baseUrl].flat();
  return given.map((base: string) => {
    let url: URL | undefined;
    try {
      url = new URL(base);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
      throw new TypeError(
        `Invalid \`${name}\`: expected an http(s) URL with no query, received ${JSON.stringify(base)}.`,
      );
    }
    return base.replace(/\/+$/, '');
  });
}
