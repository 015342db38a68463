// uploadFile and downloadFile (@dingtalk-storage/client/files) against a scripted DingTalk and object store
// (file-host.ts): every kind of body cut into the right parts, a stream's memory bounded, a failed part
// retried alone, an abort that commits nothing, progress, the byte legs' headers and redacted errors.
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONCURRENCY,
  downloadFile,
  MIN_PART_SIZE,
  SIGNATURE_USE_SHARE,
  type UploadBody,
  type UploadProgress,
  uploadFile,
} from '../src/files/index.js';
import {
  createStorageClient,
  StorageApiError,
  StorageNetworkError,
  StorageTimeoutError,
  StorageValidationError,
} from '../src/index.js';
import {
  type FileHost,
  partsOf,
  SIGNATURE,
  SIGNATURE_LIFETIME_SECONDS,
  SIGNED_HEADERS,
  startFileHost,
} from './file-host.js';
import { TOKEN } from './fixtures.js';

const PART = MIN_PART_SIZE;
const USER_AGENT = 'my-service/1.0';
const CUSTOM = { 'x-custom-header': 'client-default-value' };

let host: FileHost;
beforeEach(async () => {
  host = await startFileHost();
});
afterEach(() => host.close());

const clientOf = (h: FileHost) =>
  createStorageClient({ accessToken: TOKEN, baseUrl: h.url, userAgent: USER_AGENT, headers: CUSTOM });
const target = { spaceId: 'space-1', parentId: '0', unionId: 'union-1', name: 'report.bin' };
/** No waiting between byte-leg attempts. */
const quickRetry = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };

/** `size` bytes, each different from its neighbours. */
const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + (i >> 8)) % 251);

/** Chunks of uneven sizes, never aligned with parts. */
async function* chunksOf(bytes: Uint8Array, chunk = 9_973): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunk) yield bytes.slice(offset, offset + chunk);
}

const kinds: [string, (bytes: Uint8Array<ArrayBuffer>) => UploadBody][] = [
  ['Uint8Array', (bytes) => bytes],
  ['ArrayBuffer', (bytes) => bytes.slice().buffer],
  ['Blob', (bytes) => new Blob([bytes])],
  [
    'ReadableStream',
    (bytes) => {
      const chunks = chunksOf(bytes);
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
    },
  ],
  ['AsyncIterable', (bytes) => chunksOf(bytes)],
];

describe.each(kinds)('uploadFile with a %s body', (_, bodyOf) => {
  it('sends a body larger than a part as parts of partSize in order, then commits its size', async () => {
    const bytes = bytesOf(2 * PART + PART / 2 + 7);
    const dentry = await uploadFile(clientOf(host), { ...target, body: bodyOf(bytes), partSize: PART });
    expect(dentry).toMatchObject({ id: 'dentry-1', size: bytes.byteLength });
    const parts = partsOf(host);
    expect([...parts.keys()].sort()).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((n) => parts.get(n)?.byteLength)).toEqual([PART, PART, PART / 2 + 7]);
    expect(Buffer.concat([1, 2, 3].map((n) => parts.get(n) as Buffer)).equals(bytes)).toBe(true);
    // Each PUT says its length: the object store is not sent a chunked body, whatever the body's kind.
    for (const put of host.objectRequests()) {
      expect(put.headers['content-length']).toBe(String(put.bytes.byteLength));
      expect(put.headers['transfer-encoding']).toBeUndefined();
    }
    const [commit] = host.apiRequests('/files/commit');
    expect(JSON.parse(String(commit?.bytes))).toMatchObject({
      uploadKey: 'multi-key',
      name: target.name,
      parentId: '0',
      option: { size: bytes.byteLength },
    });
    expect(host.apiRequests('/files/uploadInfos/query')).toHaveLength(0);
  });

  it('sends a body of one part or less in one PUT', async () => {
    const bytes = bytesOf(PART);
    await uploadFile(clientOf(host), { ...target, body: bodyOf(bytes), partSize: PART });
    const puts = host.objectRequests();
    expect(puts.map((r) => [r.method, r.url.split('?')[0]])).toEqual([['PUT', '/oss/single']]);
    expect(puts[0]?.bytes.equals(bytes)).toBe(true);
    expect(host.apiRequests('/multiPartUploadInfos/init')).toHaveLength(0);
    expect(JSON.parse(String(host.apiRequests('/files/commit')[0]?.bytes)).option.size).toBe(PART);
  });

  it('uploads an empty body as one empty PUT', async () => {
    const dentry = await uploadFile(clientOf(host), { ...target, body: bodyOf(new Uint8Array()) });
    expect(dentry.size).toBe(0);
    expect(host.objectRequests().map((r) => r.bytes.byteLength)).toEqual([0]);
  });
});

describe('uploadFile', () => {
  it('holds at most (concurrency + 1) × partSize of a stream in memory', async () => {
    const concurrency = 2;
    const bytes = bytesOf(12 * PART);
    let pulled = 0;
    let taken = 0;
    let mostHeld = 0;
    async function* counted() {
      for await (const chunk of chunksOf(bytes, 4_096)) {
        pulled += chunk.byteLength;
        mostHeld = Math.max(mostHeld, pulled - taken);
        yield chunk;
      }
    }
    await uploadFile(clientOf(host), {
      ...target,
      body: counted(),
      partSize: PART,
      concurrency,
      onProgress: ({ bytesSent }) => {
        taken = bytesSent;
      },
    });
    expect(host.file.byteLength).toBe(bytes.byteLength);
    expect(mostHeld).toBeLessThanOrEqual((concurrency + 1) * PART);
  });

  it("lets go of a stream's chunks once their part is answered, the first two parts too", async () => {
    // Chunks held past their part would make the bound above a lie in memory, not in counts: WeakRefs to
    // each part's chunks, a full collection while part 4 is held at the file host.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const chunksOfPart: WeakRef<Uint8Array>[][] = [];
    async function* fresh() {
      for (let part = 0; part < 5; part++) {
        chunksOfPart[part] = [];
        for (let i = 0; i < 4; i++) {
          const chunk = new Uint8Array(PART / 4).fill(part);
          chunksOfPart[part]?.push(new WeakRef(chunk));
          yield chunk;
        }
      }
    }
    let release: () => void = () => {};
    const part4Held = new Promise<void>((held) => {
      const defaultHandler = host.onObject;
      host.onObject = (request, res, req) => {
        if (!request.url.startsWith('/oss/part/4?')) return defaultHandler?.(request, res, req) ?? false;
        release = () => res.writeHead(200).end();
        held();
        return true;
      };
    });
    const upload = uploadFile(clientOf(host), { ...target, body: fresh(), partSize: PART, concurrency: 1 });
    await part4Held;
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    const alive = (part: number) => chunksOfPart[part]?.filter((ref) => ref.deref() !== undefined).length;
    expect([1, 2, 3].map((n) => alive(n - 1))).toEqual([0, 0, 0]);
    // Part 4 is still in flight: its chunks are what a retry would send.
    expect(alive(3)).toBe(4);
    release();
    await upload;
  });

  it('sends `concurrency` parts at once, never more', async () => {
    const parts = 9;
    let answered = 0;
    let mostOpen = 0;
    const held: (() => void)[] = [];
    // Each PUT is held until as many are open as may be (concurrency, or the parts left): a client that
    // sent fewer at once would hang here (the test's deadline), one that sent more would show it.
    host.onObject = (_request, res) => {
      held.push(() => res.writeHead(200).end());
      mostOpen = Math.max(mostOpen, held.length);
      if (held.length === Math.min(DEFAULT_CONCURRENCY, parts - answered)) {
        answered += held.length;
        for (const answer of held.splice(0)) answer();
      }
      return true;
    };
    // And at the client: PUTs begun and not yet answered (a client sending more would start them at once).
    let sending = 0;
    let mostSending = 0;
    const counting: typeof fetch = async (input, init) => {
      mostSending = Math.max(mostSending, ++sending);
      try {
        return await fetch(input, init);
      } finally {
        sending--;
      }
    };
    await uploadFile(clientOf(host), {
      ...target,
      body: bytesOf(parts * PART),
      partSize: PART,
      fetch: counting,
    });
    expect(mostOpen).toBe(DEFAULT_CONCURRENCY);
    expect(mostSending).toBe(DEFAULT_CONCURRENCY);
    expect(answered).toBe(parts);
  });

  const failures = [
    [
      'a dropped connection',
      (_req: unknown, res: import('node:http').ServerResponse) => res.socket?.destroy(),
    ],
    ['a 503', (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(503).end()],
  ] as const;
  const bodies = [
    ['bytes in memory', (bytes: Uint8Array): UploadBody => bytes],
    // A stream's part is held as the chunks it came in: the second attempt sends the same chunks.
    ['a stream', (bytes: Uint8Array): UploadBody => chunksOf(bytes)],
  ] as const;
  it.each(
    failures.flatMap(([failure, fail]) =>
      bodies.map(([body, bodyOf]) => [failure, body, fail, bodyOf] as const),
    ),
  )('retries a part that failed with %s alone, then commits once (%s)', async (_, __, fail, bodyOf) => {
    let failed = false;
    const defaultHandler = host.onObject;
    host.onObject = (request, res) => {
      if (!failed && request.url.startsWith('/oss/part/2?')) {
        failed = true;
        fail(request, res);
        return true;
      }
      return defaultHandler?.(request, res, undefined as never) ?? false;
    };
    const bytes = bytesOf(4 * PART);
    await uploadFile(clientOf(host), { ...target, body: bodyOf(bytes), partSize: PART, retry: quickRetry });
    const puts = host.objectRequests().map((r) => r.url.split('?')[0]);
    expect(puts.filter((p) => p === '/oss/part/2')).toHaveLength(2);
    const [first, again] = host.objectRequests().filter((r) => r.url.startsWith('/oss/part/2?'));
    expect(again?.bytes.equals(bytes.subarray(PART, 2 * PART))).toBe(true);
    if (first?.bytes.byteLength) expect(first.bytes.equals(again?.bytes as Buffer)).toBe(true);
    for (const n of [1, 3, 4]) expect(puts.filter((p) => p === `/oss/part/${n}`)).toHaveLength(1);
    expect(host.apiRequests('/files/commit')).toHaveLength(1);
    expect(host.apiRequests('/multiPartUploadInfos/init')).toHaveLength(1);
    expect(Buffer.from(host.file).equals(bytes)).toBe(true);
  });

  it('commits nothing when a part fails for good, and ends the other PUTs first', async () => {
    host.onObject = (request, res) => {
      if (request.url.startsWith('/oss/part/3?')) res.writeHead(500).end();
      else res.writeHead(200).end();
      return true;
    };
    const error = await uploadFile(clientOf(host), {
      ...target,
      body: bytesOf(6 * PART),
      partSize: PART,
      retry: quickRetry,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error).toMatchObject({ status: 500, attempts: quickRetry.maxAttempts });
    expect(host.objectRequests().filter((r) => r.url.startsWith('/oss/part/3?'))).toHaveLength(
      quickRetry.maxAttempts,
    );
    expect(host.apiRequests('/files/commit')).toHaveLength(0);
  });

  it('aborts every PUT in flight and commits nothing', async () => {
    const controller = new AbortController();
    const reason = new Error('stop the upload');
    let closed = 0;
    let held = 0;
    host.onObject = (_request, res) => {
      res.once('close', () => closed++);
      // Hold every PUT; abort once all `concurrency` are in flight.
      if (++held === DEFAULT_CONCURRENCY) controller.abort(reason);
      return true;
    };
    const error = await uploadFile(clientOf(host), {
      ...target,
      body: chunksOf(bytesOf(10 * PART)),
      partSize: PART,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(host.apiRequests('/files/commit')).toHaveLength(0);
    expect(host.objectRequests()).toHaveLength(DEFAULT_CONCURRENCY);
    // Every held PUT's connection was ended by the client (the server saw each close).
    await expect.poll(() => closed, { timeout: 10_000 }).toBe(DEFAULT_CONCURRENCY);
  });

  it.each([
    ['known', (bytes: Uint8Array): UploadBody => bytes, true],
    ['unknown', (bytes: Uint8Array): UploadBody => chunksOf(bytes), false],
  ])('reports progress that only grows and ends at the size (size %s)', async (_, bodyOf, known) => {
    const bytes = bytesOf(5 * PART + 123);
    const seen: UploadProgress[] = [];
    await uploadFile(clientOf(host), {
      ...target,
      body: bodyOf(bytes),
      partSize: PART,
      onProgress: (progress) => seen.push(progress),
    });
    const sent = seen.map((p) => p.bytesSent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(bytes.byteLength);
    expect(seen.length).toBe(6);
    for (const p of seen) expect(p.totalBytes).toBe(known ? bytes.byteLength : undefined);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'client'],
    ['an object with the methods of a client', { commitFile: () => {}, getFileDownloadInfo: () => {} }],
  ])('refuses %s as the client, naming it, before any request', async (_, notAClient) => {
    for (const call of [
      () => uploadFile(notAClient as never, { ...target, body: bytesOf(10) }),
      () => downloadFile(notAClient as never, { spaceId: 's', dentryId: 'd', unionId: 'u' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageValidationError);
      expect(error).toMatchObject({ field: 'client' });
    }
    expect(host.requests).toHaveLength(0);
  });

  it('refuses a bad partSize, naming it, before any request', async () => {
    const error = await uploadFile(clientOf(host), {
      ...target,
      body: bytesOf(10),
      partSize: PART - 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field: 'partSize' });
    expect(host.requests).toHaveLength(0);
  });

  it('sends the bytes through the `fetch` it is given', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    await uploadFile(clientOf(host), { ...target, body: bytesOf(10), fetch: fetchSpy });
    expect(seen).toEqual(['PUT /oss/single']);
  });

  it('sends the bytes through the `fetch` the client was made with, when it was given none', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const client = createStorageClient({ accessToken: TOKEN, baseUrl: host.url, fetch: fetchSpy });
    await uploadFile(client, { ...target, body: bytesOf(10) });
    // The API calls and the byte leg alike.
    expect(seen.filter((line) => line.startsWith('PUT'))).toEqual(['PUT /oss/single']);
    expect(seen.length).toBeGreaterThan(1);
  });
});

describe('uploadFile with a source that stalls', () => {
  /** Only a hang takes this long; a busy machine answers an abort in milliseconds. */
  const HANG_MS = 20_000;
  const within = <T>(promise: Promise<T>) =>
    Promise.race([
      promise.catch((e: unknown) => e),
      new Promise<'still pending'>((r) => setTimeout(() => r('still pending'), HANG_MS).unref()),
    ]);

  /** `bytes`, then nothing ever again: a web stream and a Node stream, each telling whether it was ended. */
  const stalling = {
    ReadableStream: (bytes: Uint8Array, onRead?: () => void) => {
      const state = { ended: false };
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) {
            onRead?.();
            return new Promise<void>(() => {});
          }
          sent = true;
          controller.enqueue(bytes);
        },
        cancel() {
          state.ended = true;
        },
      });
      return { body, state };
    },
    'Node Readable': (bytes: Uint8Array, onRead?: () => void) => {
      const state = { ended: false };
      let sent = false;
      const body = new Readable({
        read() {
          if (sent) onRead?.();
          else this.push(bytes);
          sent = true;
        },
        destroy(error, done) {
          state.ended = true;
          done(error);
        },
      });
      return { body, state };
    },
  };
  const sources = Object.entries(stalling);

  it.each(sources)(
    'ends at once on an abort while a %s stalls: the reason, no commit, the source ended',
    async (_, make) => {
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      const { body, state } = make(bytesOf(2 * PART + 1));
      const result = await within(
        uploadFile(clientOf(host), {
          ...target,
          body,
          partSize: PART,
          signal: controller.signal,
          // Once parts 1 and 2 are in, the upload waits on the source for part 3: abort then.
          onProgress: ({ bytesSent }) => {
            if (bytesSent === 2 * PART) controller.abort(reason);
          },
        }),
      );
      expect(result).toBe(reason);
      expect(host.apiRequests('/files/commit')).toHaveLength(0);
      await expect.poll(() => state.ended, { timeout: HANG_MS }).toBe(true);
    },
  );

  it.each(sources)('ends with the failure of a part while a %s stalls', async (_, make) => {
    host.onObject = (request, res) => {
      if (request.url.startsWith('/oss/part/1?')) res.writeHead(500).end();
      else res.writeHead(200).end();
      return true;
    };
    const { body, state } = make(bytesOf(2 * PART + 1));
    const result = await within(
      uploadFile(clientOf(host), { ...target, body, partSize: PART, retry: false }),
    );
    expect(result).toBeInstanceOf(StorageApiError);
    expect(result).toMatchObject({ status: 500 });
    expect(host.apiRequests('/files/commit')).toHaveLength(0);
    await expect.poll(() => state.ended, { timeout: HANG_MS }).toBe(true);
  });

  it.each(sources)('ends at once on an abort while a %s stalls before its second part', async (_, make) => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    // The source itself aborts when asked for more than its first part, then stalls.
    const { body } = make(bytesOf(PART), () => controller.abort(reason));
    const result = await within(
      uploadFile(clientOf(host), { ...target, body, partSize: PART, signal: controller.signal }),
    );
    expect(result).toBe(reason);
    expect(host.requests).toHaveLength(0);
  });
});

describe("uploadFile's part signatures", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  /** When a batch signed now goes stale: SIGNATURE_USE_SHARE of the fake's lifetime. */
  const usable = SIGNATURE_LIFETIME_SECONDS * 1000 * SIGNATURE_USE_SHARE;
  /** Which signing call signed each PUT of part `n`, in order. */
  const signingsOf = (n: number) =>
    host
      .objectRequests()
      .filter((r) => r.url.startsWith(`/oss/part/${n}?`))
      .map((r) => Number(/[?&]Signing=(\d+)/.exec(r.url)?.[1]));
  /** The clock jumps by `ms` when part 2's first PUT arrives (only Date is faked: sockets run as ever). */
  const jumpAtPart2 = (ms: number) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const defaultHandler = host.onObject;
    let jumped = false;
    host.onObject = (request, res, req) => {
      if (!jumped && request.url.startsWith('/oss/part/2?')) {
        jumped = true;
        vi.setSystemTime(Date.now() + ms);
      }
      return defaultHandler?.(request, res, req) ?? false;
    };
  };

  it('signs the batch again once it is stale: the parts after go with the new signature', async () => {
    jumpAtPart2(usable);
    const bytes = bytesOf(4 * PART);
    await uploadFile(clientOf(host), { ...target, body: bytes, partSize: PART, concurrency: 1 });
    const signings = host.apiRequests('/multiPartUploadInfos/query');
    expect(signings.map((r) => JSON.parse(String(r.bytes)).partNumbers)).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    expect([1, 2, 3, 4].map(signingsOf)).toEqual([[1], [1], [2], [2]]);
    expect(Buffer.from(host.file).equals(bytes)).toBe(true);
  });

  it('uses a batch until then, however long the upload', async () => {
    jumpAtPart2(usable - 1_000);
    await uploadFile(clientOf(host), { ...target, body: bytesOf(4 * PART), partSize: PART, concurrency: 1 });
    expect(host.apiRequests('/multiPartUploadInfos/query')).toHaveLength(1);
    expect([1, 2, 3, 4].map(signingsOf)).toEqual([[1], [1], [1], [1]]);
  });

  it('sends a part retried after its signature went stale with a fresh one', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    let failed = false;
    const defaultHandler = host.onObject;
    host.onObject = (request, res, req) => {
      if (!failed && request.url.startsWith('/oss/part/3?')) {
        // The backoff before the retry outlasts the signature.
        failed = true;
        vi.setSystemTime(Date.now() + usable);
        res.writeHead(503).end();
        return true;
      }
      return defaultHandler?.(request, res, req) ?? false;
    };
    const bytes = bytesOf(4 * PART);
    await uploadFile(clientOf(host), {
      ...target,
      body: bytes,
      partSize: PART,
      concurrency: 1,
      retry: quickRetry,
    });
    expect(signingsOf(3)).toEqual([1, 2]);
    expect(Buffer.from(host.file).equals(bytes)).toBe(true);
  });
});

describe('downloadFile', () => {
  it('answers a Response whose body streams the file', async () => {
    host.file = bytesOf(3 * PART + 5);
    const response = await downloadFile(clientOf(host), { spaceId: 's', dentryId: 'd', unionId: 'u' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    let size = 0;
    const received: Uint8Array[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      received.push(chunk);
    }
    expect(size).toBe(host.file.byteLength);
    expect(Buffer.concat(received).equals(host.file)).toBe(true);
  });

  it('asks for a version and a range', async () => {
    host.file = bytesOf(1000);
    const response = await downloadFile(clientOf(host), {
      spaceId: 's',
      dentryId: 'd',
      unionId: 'u',
      version: 3,
      range: { start: 10, end: 19 },
    });
    expect(response.status).toBe(206);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(host.file.subarray(10, 20));
    expect(host.objectRequests()[0]?.headers.range).toBe('bytes=10-19');
    expect(JSON.parse(String(host.apiRequests('/downloadInfos/query')[0]?.bytes))).toEqual({
      option: { version: 3 },
    });
  });

  it('retries a GET that failed before its answer began', async () => {
    host.file = bytesOf(100);
    let failed = false;
    host.onObject = (_request, res) => {
      if (failed) return false;
      failed = true;
      res.writeHead(503).end();
      return true;
    };
    const response = await downloadFile(clientOf(host), {
      spaceId: 's',
      dentryId: 'd',
      unionId: 'u',
      retry: quickRetry,
    });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(host.file);
    expect(host.objectRequests()).toHaveLength(2);
  });
});

describe("downloadFile's timeout: only time without progress counts", () => {
  /** A download whose byte leg may go `timeoutMs` without progress, not retried. */
  const downloadWithin = (timeoutMs: number) =>
    downloadFile(clientOf(host), { spaceId: 's', dentryId: 'd', unionId: 'u', timeoutMs, retry: false });

  it('errors the body with a StorageTimeoutError when the file host stops sending mid-way', async () => {
    host.file = bytesOf(PART);
    host.onObject = (_request, res) => {
      // Half the file, then nothing: the connection stays open.
      res.writeHead(200, { 'content-length': String(host.file.byteLength) });
      res.write(host.file.subarray(0, PART / 2));
      return true;
    };
    // Long enough that a busy machine gets the head in time (the timeout covers the head too).
    const timeoutMs = 2_000;
    const response = await downloadWithin(timeoutMs);
    const error = await response.arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ timeoutMs, phase: 'body' });
    expect((error as Error).message).toContain(host.url);
    expect((error as Error).message).not.toContain(SIGNATURE);
  });

  it('does not time out while the reader is behind and the body waits for it', async () => {
    // Far more than the stream and the sockets hold, so the body waits on the reader, not the network.
    host.file = bytesOf(8 * PART);
    const timeoutMs = 2_000;
    const response = await downloadWithin(timeoutMs);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const received: Uint8Array[] = [];
    const first = await reader.read();
    received.push(first.value as Uint8Array);
    // A reader busy for longer than the timeout: that is not the file host being idle.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * timeoutMs));
    for (let next = await reader.read(); !next.done; next = await reader.read()) received.push(next.value);
    expect(Buffer.concat(received).equals(host.file)).toBe(true);
  });
});

describe('the byte legs', () => {
  it('carry exactly the signed headers: never the access token, the client headers or its user agent', async () => {
    const client = clientOf(host);
    await uploadFile(client, { ...target, body: bytesOf(10) });
    await uploadFile(client, { ...target, body: bytesOf(3 * PART), partSize: PART });
    await (await downloadFile(client, { spaceId: 's', dentryId: 'd', unionId: 'u' })).arrayBuffer();
    const legs = host.objectRequests();
    expect(legs.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT', 'PUT', 'GET']);
    for (const leg of legs) {
      expect(leg.headers).toMatchObject(SIGNED_HEADERS);
      expect(leg.headers['x-acs-dingtalk-access-token']).toBeUndefined();
      expect(leg.headers['x-custom-header']).toBeUndefined();
      expect(leg.headers['user-agent']).not.toBe(USER_AGENT);
      expect(JSON.stringify(leg.headers)).not.toContain(TOKEN);
    }
    // The API calls did carry them: the difference is the byte legs'.
    for (const call of host.requests.filter((r) => !r.url.startsWith('/oss/'))) {
      expect(call.headers['x-acs-dingtalk-access-token']).toBe(TOKEN);
      expect(call.headers['user-agent']).toBe(USER_AGENT);
    }
  });

  /** Every rendering of an error a log could show. */
  const renderings = (error: unknown) => {
    const e = error as Error & { toJSON?: () => unknown };
    return [e.message, String(e.stack), inspect(e, { depth: 10 }), JSON.stringify(e.toJSON?.() ?? {})];
  };

  it("show the URL's origin only in errors, the signature redacted where the store echoes it", async () => {
    host.onObject = (request, res) => {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-oss-request-id': 'oss-req-1' });
      res.end(
        `<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>bad signature ${SIGNATURE} for ${request.url}</Message><RequestId>oss-req-1</RequestId><SignatureProvided>${SIGNATURE}</SignatureProvided></Error>`,
      );
      return true;
    };
    const error = await uploadFile(clientOf(host), { ...target, body: bytesOf(10) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', requestId: 'oss-req-1' });
    expect((error as Error).message).toContain(host.url);
    for (const shown of renderings(error)) {
      expect(shown).not.toContain(SIGNATURE);
      expect(shown).not.toContain('Expires=');
      expect(shown).not.toContain('LTAI5tFakeAccessKey');
    }
  });

  it('name the origin only when no answer came', async () => {
    host.onObject = (_request, res) => {
      res.socket?.destroy();
      return true;
    };
    const error = await uploadFile(clientOf(host), { ...target, body: bytesOf(10), retry: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toContain(host.url);
    for (const shown of renderings(error)) {
      expect(shown).not.toContain(SIGNATURE);
      expect(shown).not.toContain('Expires=');
    }
  });
});
