// The drive emulator in the test process, for the domain tests (drive-*.test.ts): the stateful fake behind the
// real front door and byte-origin door (wired as msw.ts wires them), driven by the typed client through an
// injected fetch. Requests are routed, validated and decoded as users' are (`toRecycleBin=true`, the spec's
// defaults), yet no socket is opened, so a test never waits on a port; the clock and the stores can be
// injected (createStatefulFake's 2nd and 3rd parameters), which a started server does not allow. Every
// answer of a storage operation is checked against the spec, so a wrong shape fails the test that saw it.
import {
  createStorageClient,
  type OperationInput,
  type OperationOutput,
  type StorageClient,
} from '@dingtalk-storage/client';
import { findOperation } from '@dingtalk-storage/spec/operations';
import { expect } from 'vitest';
import { createControl, type MockControl } from '../src/control.js';
import { createBlobDoor } from '../src/drive/blob-door.js';
import { createMemoryBlobStore } from '../src/drive/blob-store-memory.js';
import type { BlobStore } from '../src/drive/bytes.js';
import { memoryStateStore } from '../src/drive/state.js';
import { createFrontDoor } from '../src/front-door.js';
import { createSpecValidator } from '../src/index.js';
import {
  createStatefulFake,
  DEFAULT_BLOB_BASE_URL,
  type DriveStores,
  type StatefulFake,
  type StatefulFakeOptions,
} from '../src/stateful.js';
import { spec } from './spec.js';

/** The caller of every operation (the space owner). */
export const OWNER = 'union-owner';
/** Compiled once for every drive of the file (compiling the spec's schemas takes a while). */
const validator = createSpecValidator();
/** A fixed start, so timestamps do not depend on when the test runs. */
const START_MS = Date.UTC(2025, 0, 1);

export type Dentry = NonNullable<OperationOutput<'commitFile'>['dentry']>;
export type ConflictStrategy = NonNullable<
  NonNullable<OperationInput<'addFolder'>['option']>['conflictStrategy']
>;
export type SpaceOption = NonNullable<OperationInput<'createSpace'>['option']>;

/**
 * A clock that moves 1 ms each time it is read, so every record gets its own time and ordering by time is
 * exact; `advance` jumps ahead (a grant's expiry).
 */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let at = START_MS;
  return {
    now: () => ++at,
    advance: (ms) => {
      at += ms;
    },
  };
}

export interface TestDrive {
  storage: StorageClient;
  /** The fetch the client uses: storage operations to the front door, the byte origin's URLs to its door. */
  fetch: typeof fetch;
  fake: StatefulFake;
  blobs: BlobStore;
  control: MockControl;
  clock: TestClock;
  /** A new space (each call its own sceneId); its id. */
  space(option?: SpaceOption): Promise<string>;
  folder(spaceId: string, name: string, parentId?: string): Promise<Dentry>;
  /** getFileUploadInfo, the signed PUT, commitFile: the committed dentry. */
  upload(
    spaceId: string,
    name: string,
    bytes: Uint8Array<ArrayBuffer> | string,
    options?: UploadOptions,
  ): Promise<Dentry>;
  /** The bytes of a file version (the current one by default), through getFileDownloadInfo and a signed GET. */
  download(spaceId: string, dentryId: string, version?: number): Promise<string>;
  usedQuota(spaceId: string): Promise<number>;
}

export interface UploadOptions {
  parentId?: string;
  conflictStrategy?: ConflictStrategy;
  appProperties?: NonNullable<OperationInput<'commitFile'>['option']>['appProperties'];
}

export interface TestDriveOptions {
  options?: StatefulFakeOptions;
  clock?: TestClock;
  stores?: DriveStores;
}

export function createTestDrive({
  options = {},
  clock = testClock(),
  stores = { state: memoryStateStore(), blobs: createMemoryBlobStore() },
}: TestDriveOptions = {}): TestDrive {
  const fake = createStatefulFake(options, { now: clock.now }, stores);
  const control = createControl(fake.reset);
  const frontDoor = createFrontDoor(fake.answer, control);
  const blobDoor = createBlobDoor({ ...fake.bytes, control });
  const blobOrigin = new URL(options.blobBaseUrl ?? DEFAULT_BLOB_BASE_URL).origin;

  const localFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const target = url.pathname + url.search;
    const headers = Object.fromEntries(request.headers);
    if (url.origin === blobOrigin) {
      const answer = await blobDoor({
        method: request.method,
        target,
        headers,
        body: request.body ? chunksOf(request.body) : undefined,
      });
      if (answer.drop) throw new TypeError('fetch failed: the byte origin dropped the connection');
      const body = typeof answer.body === 'object' ? await bytesOf(answer.body) : (answer.body ?? null);
      return new Response(body, { status: answer.status, headers: answer.headers });
    }
    const body = new Uint8Array(await request.arrayBuffer());
    const answer = await frontDoor({ method: request.method, target, headers, body });
    const match = findOperation(spec, request.method, url.pathname);
    if (match && 'operation' in match && answer.body !== undefined) {
      const { operationId } = match.operation;
      const violations = validator.response(operationId, answer.status, JSON.parse(answer.body));
      expect(violations, `${operationId} answered ${answer.status} ${answer.body}`).toEqual([]);
    }
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  }) as typeof fetch;

  const storage = createStorageClient({ accessToken: 'test-token', fetch: localFetch, retry: false });
  let spaces = 0;

  const drive: TestDrive = {
    storage,
    fetch: localFetch,
    fake,
    blobs: stores.blobs,
    control,
    clock,
    async space(option = {}) {
      const { space } = await storage.createSpace({
        unionId: OWNER,
        option: { sceneId: `scene-${++spaces}`, ...option },
      });
      return space.id;
    },
    async folder(spaceId, name, parentId = '0') {
      const { dentry } = await storage.addFolder({ spaceId, parentId, unionId: OWNER, name });
      return dentry as Dentry;
    },
    async upload(spaceId, name, content, { parentId = '0', conflictStrategy, appProperties } = {}) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      const info = await storage.getFileUploadInfo({
        spaceId,
        unionId: OWNER,
        protocol: 'HEADER_SIGNATURE',
        multipart: false,
      });
      const signature = info.headerSignatureInfo;
      const put = await localFetch(signature?.resourceUrls?.[0] ?? '', {
        method: 'PUT',
        headers: signature?.headers ?? {},
        body: bytes,
      });
      expect(put.status, await put.text()).toBe(200);
      const { dentry } = await storage.commitFile({
        spaceId,
        unionId: OWNER,
        uploadKey: info.uploadKey ?? '',
        name,
        parentId,
        option: {
          size: bytes.byteLength,
          ...(conflictStrategy && { conflictStrategy }),
          ...(appProperties && { appProperties }),
        },
      });
      return dentry;
    },
    async download(spaceId, dentryId, version) {
      const { headerSignatureInfo: signature } = await storage.getFileDownloadInfo({
        spaceId,
        dentryId,
        unionId: OWNER,
        ...(version !== undefined && { option: { version } }),
      });
      const got = await localFetch(signature?.resourceUrls?.[0] ?? '', { headers: signature?.headers ?? {} });
      const text = await got.text();
      expect(got.status, text).toBe(200);
      return text;
    },
    async usedQuota(spaceId) {
      const { space } = await storage.getSpace({ spaceId, unionId: OWNER });
      return Number(space.usedQuota);
    },
  };
  return drive;
}

/** The request body's chunks, as a transport hands them to the byte-origin door. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function bytesOf(source: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Fails unless `call` is refused with DingTalk's `status` and `code`. */
export async function expectRefusal(call: Promise<unknown>, status: number, code: string): Promise<void> {
  await expect(call).rejects.toMatchObject({ name: 'StorageApiError', status, code });
}
