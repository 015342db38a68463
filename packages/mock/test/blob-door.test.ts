// The byte origin over real HTTP (node:http on 127.0.0.1, port 0) with a small drive of its own: signed PUTs
// store bytes, signed GETs and HEADs read them whole or by range, refusals are OSS's XML, the journal and
// injected faults work as for DingTalk's operations, and a large body is streamed to disk, never held.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { request as httpRequest, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createControl, type MockControl } from '../src/control.js';
import { BYTE_ORIGIN_OPERATIONS, createBlobDoor, OSS_REQUEST_ID_HEADER } from '../src/drive/blob-door.js';
import { blobListener } from '../src/drive/blob-listener.js';
import { blobMswHandler } from '../src/drive/blob-msw.js';
import { createFileBlobStore } from '../src/drive/blob-store-fs.js';
import { createMemoryBlobStore } from '../src/drive/blob-store-memory.js';
import type { BlobRef, BlobStore, ByteTargets } from '../src/drive/bytes.js';
import { createSigner, type Signer } from '../src/drive/signed-urls.js';
import { listen, type RunningServer } from '../src/http.js';

/**
 * A drive of one upload (`uploads/u1/<part>`) whose parts, in part order, are the file `files/f1/1`.
 * `maxBytes` is each PUT's room; `onBeginPut` runs as a PUT begins.
 */
interface FakeTargets extends ByteTargets {
  maxBytes: number;
  onBeginPut: () => void;
  /** Forgets every part, freeing its bytes (the drive's reset). */
  clear(): Promise<void>;
}

function fakeTargets(blobs: BlobStore): FakeTargets {
  const parts = new Map<number, BlobRef>();
  const targets: FakeTargets = {
    maxBytes: 100_000_000,
    onBeginPut: () => {},
    beginPut(key: string) {
      targets.onBeginPut();
      return key.startsWith('uploads/u1/')
        ? { maxBytes: targets.maxBytes }
        : { status: 404, code: 'NoSuchUpload', message: 'The specified upload does not exist.' };
    },
    async finishPut(key: string, blob: BlobRef) {
      const part = Number(key.split('/').pop());
      const replaced = parts.get(part);
      if (replaced) await blobs.delete(replaced.id);
      parts.set(part, blob);
      return undefined;
    },
    async clear() {
      await Promise.all([...parts.values()].map((blob) => blobs.delete(blob.id)));
      parts.clear();
    },
    content(key: string) {
      if (key !== 'files/f1/1')
        return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
      const ordered = [...parts].sort(([a], [b]) => a - b).map(([, blob]) => blob);
      return { size: ordered.reduce((sum, blob) => sum + blob.size, 0), blobs: ordered };
    },
  };
  return targets;
}

interface Origin {
  server: RunningServer;
  control: MockControl;
  signer: Signer;
  blobs: BlobStore;
  targets: FakeTargets;
  dir: string;
}

async function startOrigin(): Promise<Origin> {
  const dir = await mkdtemp(join(tmpdir(), 'blob-door-'));
  const blobs = createFileBlobStore(dir);
  const control = createControl();
  const targets = fakeTargets(blobs);
  // The signer needs the server's URL: the server starts first, its listener is set once the door exists.
  let listener: RequestListener = () => {};
  const server = await listen((req, res) => listener(req, res), { host: '127.0.0.1', port: 0 });
  const signer = createSigner({ secret: 'door-test', baseUrl: server.url, lifetimeSeconds: 900 });
  listener = blobListener(createBlobDoor({ signer, blobs, targets, control }));
  return { server, control, signer, blobs, targets, dir };
}

const bytes = (length: number, seed = 0) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7 + seed) % 256;
  return out;
};

async function put(
  origin: Origin,
  part: number,
  body: Uint8Array<ArrayBuffer> | string,
  extra: Record<string, string> = {},
) {
  const { resourceUrls, headers } = await origin.signer.sign('PUT', `uploads/u1/${part}`);
  return fetch(resourceUrls[0] ?? '', { method: 'PUT', headers: { ...headers, ...extra }, body });
}

async function get(origin: Origin, headers: Record<string, string> = {}, method = 'GET', key = 'files/f1/1') {
  const signature = await origin.signer.sign('GET', key);
  return fetch(signature.resourceUrls[0] ?? '', { method, headers: { ...signature.headers, ...headers } });
}

const xmlCode = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

describe('the byte origin over node:http', () => {
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterEach(async () => {
    origin.control.reset();
    await origin.targets.clear();
    origin.targets.maxBytes = 100_000_000;
    origin.targets.onBeginPut = () => {};
  });
  afterAll(async () => {
    await origin.server.close();
    await rm(origin.dir, { recursive: true, force: true });
  });

  it('a PUT answers 200 with an ETag; the GET answers the same bytes, its headers and the same ETag', async () => {
    const body = bytes(1000);
    const putAnswer = await put(origin, 1, body);
    expect(putAnswer.status).toBe(200);
    const etag = putAnswer.headers.get('etag');
    expect(etag).toMatch(/^"[0-9A-F]{32}"$/);
    expect(putAnswer.headers.get(OSS_REQUEST_ID_HEADER)).toMatch(/^[0-9A-F]{24}$/);

    const got = await get(origin);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(body);
    expect(Object.fromEntries(got.headers)).toMatchObject({
      'content-length': '1000',
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      etag,
    });
  });

  it('a part PUT again replaces it; the file is its parts in part order', async () => {
    await put(origin, 2, bytes(5, 100));
    await put(origin, 1, bytes(3));
    await put(origin, 1, bytes(4, 50));
    const got = await get(origin);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(
      new Uint8Array([...bytes(4, 50), ...bytes(5, 100)]),
    );
  });

  describe('Range, over a file of two parts (10 bytes, then 10)', () => {
    const whole = new Uint8Array([...bytes(10), ...bytes(10, 3)]);
    beforeEach(async () => {
      await put(origin, 1, whole.subarray(0, 10));
      await put(origin, 2, whole.subarray(10));
    });

    it.each([
      ['bytes=0-3', 0, 3],
      ['bytes=8-12', 8, 12],
      ['bytes=15-', 15, 19],
      ['bytes=-4', 16, 19],
      ['bytes=-100', 0, 19],
      ['bytes=5-1000', 5, 19],
      ['bytes=19-19', 19, 19],
    ])('%s: 206 with the bytes and content-range', async (range, start, end) => {
      const got = await get(origin, { range });
      expect(got.status).toBe(206);
      expect(got.headers.get('content-range')).toBe(`bytes ${start}-${end}/20`);
      expect(got.headers.get('content-length')).toBe(String(end - start + 1));
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(whole.subarray(start, end + 1));
    });

    it.each(['bytes=20-', 'bytes=25-30', 'bytes=-0'])('%s: 416 InvalidRange', async (range) => {
      const got = await get(origin, { range });
      expect(got.status).toBe(416);
      expect(got.headers.get('content-range')).toBe('bytes */20');
      expect(got.headers.get('content-type')).toBe('application/xml');
      expect(xmlCode(await got.text())).toBe('InvalidRange');
    });

    it.each(['bytes=0-1,4-5', 'bytes=5-2', 'bytes=a-b', 'items=0-3', 'bytes=-'])(
      '%s (several ranges or malformed) is ignored: 200 and the whole file, as OSS does',
      async (range) => {
        const got = await get(origin, { range });
        expect(got.status).toBe(200);
        expect(new Uint8Array(await got.arrayBuffer())).toEqual(whole);
      },
    );

    it('HEAD: the headers of a GET, no body; HEAD is signed as GET', async () => {
      const got = await get(origin, {}, 'HEAD');
      expect(got.status).toBe(200);
      expect(got.headers.get('content-length')).toBe('20');
      expect(await got.text()).toBe('');
      const ranged = await get(origin, { range: 'bytes=2-5' }, 'HEAD');
      expect([ranged.status, ranged.headers.get('content-range')]).toEqual([206, 'bytes 2-5/20']);
    });
  });

  it.each([
    ['no Authorization', 'PUT', {}, 403, 'AccessDenied', true],
    [
      'a changed signature',
      'PUT',
      { authorization: 'OSS dingtalk-storage-emulator:AAAA' },
      403,
      'SignatureDoesNotMatch',
      false,
    ],
    ['DELETE', 'DELETE', {}, 405, 'MethodNotAllowed', false],
  ])(
    '%s: refused as OSS refuses, in XML with a request id',
    async (_, method, headers, status, code, anonymous) => {
      const signature = await origin.signer.sign('PUT', 'uploads/u1/1');
      const sent = { ...signature.headers, ...headers } as Record<string, string>;
      if (anonymous) delete sent.Authorization;
      const answer = await fetch(signature.resourceUrls[0] ?? '', { method, headers: sent, body: 'abc' });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/xml');
      const requestId = answer.headers.get(OSS_REQUEST_ID_HEADER);
      const xml = await answer.text();
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Error><Code>/);
      expect(xmlCode(xml)).toBe(code);
      expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
    },
  );

  it("the drive's refusals: 404 NoSuchUpload for a PUT, 404 NoSuchKey for a GET", async () => {
    const { resourceUrls, headers } = await origin.signer.sign('PUT', 'uploads/unknown/1');
    const refusedPut = await fetch(resourceUrls[0] ?? '', { method: 'PUT', headers, body: 'abc' });
    expect([refusedPut.status, xmlCode(await refusedPut.text())]).toEqual([404, 'NoSuchUpload']);
    const refusedGet = await get(origin, {}, 'GET', 'files/gone/1');
    expect([refusedGet.status, xmlCode(await refusedGet.text())]).toEqual([404, 'NoSuchKey']);
  });

  it('a body past the room: 400 EntityTooLarge, whether its length is declared or not, and nothing kept', async () => {
    origin.targets.maxBytes = 10;
    const declared = await put(origin, 1, bytes(11));
    expect([declared.status, xmlCode(await declared.text())]).toEqual([400, 'EntityTooLarge']);
    // A body still arriving when it passes the room: the answer reaches the client all the same.
    let answered!: () => void;
    const stillSending = new Promise<void>((resolve) => {
      answered = resolve;
    });
    let chunks = 0;
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (++chunks > 2) await stillSending;
        controller.enqueue(bytes(8));
      },
    });
    const { resourceUrls, headers } = await origin.signer.sign('PUT', 'uploads/u1/1');
    const streamed = await fetch(resourceUrls[0] ?? '', {
      method: 'PUT',
      headers,
      body: endless,
      duplex: 'half',
    } as RequestInit);
    answered();
    expect([streamed.status, xmlCode(await streamed.text())]).toEqual([400, 'EntityTooLarge']);
    expect(await readdir(origin.dir)).toEqual([]);
    expect((await put(origin, 1, bytes(10))).status).toBe(200);
  });

  it('journals each request as putObject or getObject: method, path without the query, status, no body', async () => {
    await put(origin, 1, 'hello');
    const signature = await origin.signer.sign('GET', 'files/f1/1');
    await fetch(`${signature.resourceUrls[0]}?response-content-type=text/plain`, {
      headers: signature.headers,
    });
    await get(origin, {}, 'HEAD');
    expect(BYTE_ORIGIN_OPERATIONS).toEqual(['putObject', 'getObject']);
    const journal = origin.control.journal;
    expect(journal.map((e) => [e.operationId, e.method, e.path, e.status])).toEqual([
      ['putObject', 'PUT', '/dingtalk-storage-emulator/uploads/u1/1', 200],
      ['getObject', 'GET', '/dingtalk-storage-emulator/files/f1/1', 200],
      ['getObject', 'HEAD', '/dingtalk-storage-emulator/files/f1/1', 200],
    ]);
    expect(journal[1]?.query).toEqual({ 'response-content-type': 'text/plain' });
    expect(journal[0]?.headers['x-oss-date']).toBeTruthy();
    for (const entry of journal) expect(entry).not.toHaveProperty('body');
  });

  it('a putObject fault { reset: true } drops the next PUT; the one after succeeds', async () => {
    origin.control.inject('putObject', { reset: true });
    await expect(put(origin, 1, 'dropped')).rejects.toThrow();
    expect((await put(origin, 1, 'kept')).status).toBe(200);
    expect(await (await get(origin)).text()).toBe('kept');
    expect(origin.control.journal.map((e) => [e.operationId, e.status])).toEqual([
      ['putObject', 0],
      ['putObject', 200],
      ['getObject', 200],
    ]);
  });

  it('a getObject fault { status, code } answers OSS XML with that code, once', async () => {
    await put(origin, 1, 'bytes');
    origin.control.inject('getObject', {
      status: 503,
      code: 'SlowDown',
      message: 'Please reduce your request rate.',
    });
    const faulted = await get(origin);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('content-type')).toBe('application/xml');
    const xml = await faulted.text();
    expect(xmlCode(xml)).toBe('SlowDown');
    expect(xml).toContain('<Message>Please reduce your request rate.</Message>');
    expect(await (await get(origin)).text()).toBe('bytes');
  });

  it('a PUT a reset overtook is not carried out: 503, its bytes removed, not journaled', async () => {
    origin.targets.onBeginPut = () => origin.control.reset();
    const answer = await put(origin, 1, 'too late');
    expect([answer.status, xmlCode(await answer.text())]).toEqual([503, 'ServiceUnavailable']);
    expect(await readdir(origin.dir)).toEqual([]);
    expect(origin.control.journal).toEqual([]);
  });

  it('answers a browser: CORS preflight, and the headers a page may read', async () => {
    const preflight = await fetch(`${origin.server.url}/dingtalk-storage-emulator/uploads/u1/1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,x-oss-date,x-oss-expires',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,x-oss-date,x-oss-expires',
    );
    const answer = await put(origin, 1, 'x', { origin: 'http://app.test' });
    expect(answer.headers.get('access-control-expose-headers')).toMatch(
      /etag.*x-oss-request-id.*content-range/,
    );
  });
});

describe('a large upload is streamed to disk', () => {
  const MB = 1024 * 1024;
  const TOTAL = 50 * MB;
  const HELD_BACK = 10 * MB;
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.server.close();
    await rm(origin.dir, { recursive: true, force: true });
  });

  /** The size of the one temp file in the store's folder, 0 while there is none. */
  const tempSize = async () => {
    const temp = (await readdir(origin.dir)).find((name) => name.startsWith('.tmp-'));
    return temp ? (await stat(join(origin.dir, temp)).catch(() => ({ size: 0 }))).size : 0;
  };
  /** Waits for the condition; the deadline only catches a hang (e.g. a store that holds the body). */
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`still waiting: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** A PUT of `length` bytes whose body this test writes, chunk by chunk, awaiting the socket. */
  async function openPut(length: number) {
    const { resourceUrls, headers } = await origin.signer.sign('PUT', 'uploads/u1/1');
    const req = httpRequest(resourceUrls[0] ?? '', {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(length) },
    });
    const answered = new Promise<{ status: number }>((resolve, reject) => {
      req.once('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.once('error', reject);
    });
    answered.catch(() => {});
    const hash = createHash('sha256');
    let sent = 0;
    const send = async (bytesToSend: number) => {
      for (const end = sent + bytesToSend; sent < end; ) {
        const chunk = bytes(Math.min(MB, end - sent), sent);
        hash.update(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve));
      }
    };
    return { req, answered, send, hash, sent: () => sent };
  }

  it(`${TOTAL / MB} MB: on disk while the last ${HELD_BACK / MB} MB are not sent yet; read back whole`, async () => {
    const upload = await openPut(TOTAL);
    await upload.send(TOTAL - HELD_BACK);
    // Everything sent so far reaches the temp file while the body is unfinished: nothing waits for its end.
    await until(`${upload.sent()} bytes in the temp file`, async () => (await tempSize()) >= upload.sent());
    await upload.send(HELD_BACK);
    upload.req.end();
    expect(await upload.answered).toEqual({ status: 200 });
    expect((await readdir(origin.dir)).filter((name) => name.startsWith('.tmp-'))).toEqual([]);

    const got = await get(origin);
    expect(got.headers.get('content-length')).toBe(String(TOTAL));
    const readBack = createHash('sha256');
    for await (const chunk of got.body as unknown as AsyncIterable<Uint8Array>) readBack.update(chunk);
    expect(readBack.digest('hex')).toBe(upload.hash.digest('hex'));
  });

  it('a client that goes away mid-body leaves no temp file, and its request is journaled', async () => {
    origin.control.reset();
    const upload = await openPut(TOTAL);
    await upload.send(2 * MB);
    await until('the temp file', async () => (await tempSize()) > 0);
    upload.req.destroy();
    await until(
      'the temp file removed',
      async () => !(await readdir(origin.dir)).some((n) => n.startsWith('.tmp-')),
    );
    await until('the journal entry', async () => origin.control.journal.length > 0);
    expect(origin.control.journal.map((e) => [e.operationId, e.status])).toEqual([['putObject', 400]]);
  });
});

describe('the byte origin under MSW', () => {
  const BASE = 'https://oss.byte-origin.test';
  const control = createControl();
  const blobs = createMemoryBlobStore();
  const signer = createSigner({ secret: 'msw-test', baseUrl: BASE, lifetimeSeconds: 900 });
  const door = createBlobDoor({ signer, blobs, targets: fakeTargets(blobs), control });
  const interceptor = setupServer(blobMswHandler(BASE, door));
  beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => interceptor.close());

  it('a streamed PUT, then a ranged GET and a refusal, as over HTTP', async () => {
    const putSignature = await signer.sign('PUT', 'uploads/u1/1');
    const putAnswer = await fetch(putSignature.resourceUrls[0] ?? '', {
      method: 'PUT',
      headers: putSignature.headers,
      body: new Blob([bytes(6), bytes(6, 6)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(putAnswer.status).toBe(200);
    const getSignature = await signer.sign('GET', 'files/f1/1');
    const got = await fetch(getSignature.resourceUrls[0] ?? '', {
      headers: { ...getSignature.headers, range: 'bytes=4-7' },
    });
    expect(got.status).toBe(206);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(
      new Uint8Array([...bytes(6), ...bytes(6, 6)].slice(4, 8)),
    );
    const anonymous = await fetch(getSignature.resourceUrls[0] ?? '');
    expect([anonymous.status, xmlCode(await anonymous.text())]).toEqual([403, 'AccessDenied']);
    expect(control.journal.map((e) => e.operationId)).toEqual(['putObject', 'getObject', 'getObject']);
  });
});
