// What the stateful flows (flows-*.test.ts) share: a drive client over plain `fetch` (the suite's raw
// requests, `send`, so every API answer is checked against the spec's schema for its status), the byte legs
// (PUT and GET on the URLs the server answered: the emulator's byte origin, or a real server's object
// store), paging, task polling. The flows run on the stateful mock and, through CONTRACT_BASE_URL, on any
// server; never on Prism (no state). Each flow makes its own space, so a server is never reset.
import { randomBytes, randomUUID } from 'node:crypto';
import type { OperationId, OperationInput, OperationOutput } from '@dingtalk-storage/types';
import { describe, expect } from 'vitest';
import { type Observed, send } from './observed.js';
import { operations } from './spec.js';
import { type TargetName, targetNames, useTarget } from './targets.js';

/** The operator of every call: a user who may create spaces and act in them on your server. */
export const UNION_ID = process.env.CONTRACT_UNION_ID || 'contract-flows-operator';
/** Users to grant roles to in the permission flows (at least 5): on a real server, real userIds. */
export const MEMBER_IDS = (
  process.env.CONTRACT_MEMBER_IDS ||
  'contract-member-1,contract-member-2,contract-member-3,contract-member-4,contract-member-5'
)
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);

/** The targets with state: the stateful mock, or your server. */
export const flowTargets = targetNames.filter((name) => name === 'stateful' || name === 'external');

/** An id no server has minted (numeric, as dentry and space ids are). */
export const UNKNOWN_ID = '987654321987654321';

type Input<K extends OperationId> = Omit<OperationInput<K>, 'unionId'>;
export type Output<K extends OperationId> = NonNullable<OperationOutput<K>>;

const byId = new Map(operations.map((op) => [op.operationId, op]));

/** One exchange as a line of the bug list: the request and what came back. */
function exchange(operationId: string, input: unknown, answer: Observed): string {
  const op = byId.get(operationId);
  return `${operationId} (${op?.method} ${op?.path}) ${JSON.stringify(input)} → HTTP ${answer.status} ${JSON.stringify(answer.body)}`;
}

/** The error codes the spec's examples give for the operation's answer with this status. */
export function documentedCodes(operationId: string, status: number): unknown[] {
  const examples = byId.get(operationId)?.responses.get(status)?.examples ?? {};
  return Object.values(examples).map((example) => (example.value as { code?: unknown } | null)?.code);
}

export interface Drive {
  /** Sends the operation (unionId added) and returns the answer, whatever its status. */
  call<K extends OperationId>(operationId: K, input: Input<K>): Promise<Observed>;
  /** Sends the operation and expects HTTP 200: the typed body. */
  ok<K extends OperationId>(operationId: K, input: Input<K>): Promise<Output<K>>;
  /** Sends the operation and expects a refusal with this status and code, one the spec documents for it. */
  refused<K extends OperationId>(
    operationId: K,
    input: Input<K>,
    status: number,
    code: string,
  ): Promise<void>;
}

export function createDrive(url: string): Drive {
  const call: Drive['call'] = (operationId, input) => {
    const operation = byId.get(operationId);
    if (!operation) throw new Error(`the spec has no operation ${operationId}`);
    return send(url, operation, { unionId: UNION_ID, ...(input as object) });
  };
  return {
    call,
    async ok(operationId, input) {
      const answer = await call(operationId, input);
      expect(answer.status, exchange(operationId, input, answer)).toBe(200);
      return answer.body as never;
    },
    async refused(operationId, input, status, code) {
      expect(
        documentedCodes(operationId, status),
        `the spec documents ${status} ${code} for ${operationId}`,
      ).toContain(code);
      const answer = await call(operationId, input);
      const got = { status: answer.status, code: (answer.body as { code?: unknown } | null)?.code };
      expect(got, exchange(operationId, input, answer)).toEqual({ status, code });
    },
  };
}

/** `describe`s the flows once per target with state; `drive()` in a test is a client of that target. */
export function describeFlows(body: (drive: () => Drive, target: TargetName) => void): void {
  describe.each(flowTargets)('%s', (name) => {
    const url = useTarget(name);
    body(() => createDrive(url()), name);
  });
}

/** A new space of its own for one flow (idempotent per scene and sceneId, so a fresh sceneId). */
export async function newSpace(
  drive: Drive,
  option: NonNullable<Input<'createSpace'>['option']> = {},
): Promise<{ id: string }> {
  const { space } = await drive.ok('createSpace', {
    option: { scene: 'contract-flows', sceneId: randomUUID(), name: 'Contract flow', ...option },
  });
  expect(space.id, 'createSpace answers the space with its id').toEqual(expect.any(String));
  return { ...space, id: space.id as string };
}

export type Dentry = NonNullable<Output<'getDentry'>['dentry']>;
type Signed = NonNullable<Output<'getFileUploadInfo'>['headerSignatureInfo']>;

/** Bytes as fetch sends them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Random bytes: a misplaced or misordered byte shows. */
export const bytesOf = (size: number): Bytes => new Uint8Array(randomBytes(size));
export const textBytes = (text: string): Bytes => new TextEncoder().encode(text);

/** A byte leg's URL without its query: what a report may show (a signed query is a secret). */
const shown = (url: string) => {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
};

/** fetch, with a failure to connect named by the request (fetch says only "fetch failed"). */
async function reach(request: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    throw new Error(`${request}: no answer (${cause})`);
  }
}

function firstUrl(signed: Signed | undefined): string {
  const url = signed?.resourceUrls?.[0];
  expect(url, 'headerSignatureInfo.resourceUrls[0]').toEqual(expect.any(String));
  return url as string;
}

/** PUTs the bytes to the signed URL with exactly its headers: HTTP 200 and an ETag, as OSS answers. */
export async function putObject(signed: Signed | undefined, bytes: Bytes): Promise<void> {
  const answer = await putTo(signed, signed?.headers ?? {}, bytes);
  expect(answer.status, `${answer.request} ${new TextDecoder().decode(answer.bytes)}`).toBe(200);
  expect(answer.headers.get('etag'), `${answer.request}: the ETag header`).toBeTruthy();
}

/** PUTs the bytes to the signed URL with these headers (the signed ones, or not): the answer. */
export async function putTo(
  signed: Signed | undefined,
  headers: Record<string, string>,
  bytes: Bytes,
): Promise<ObjectAnswer> {
  const url = firstUrl(signed);
  const request = `PUT ${shown(url)} (${bytes.length} bytes)`;
  const response = await reach(request, url, { method: 'PUT', headers, body: bytes });
  const answer = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes: answer,
    request: `${request} → HTTP ${response.status}`,
  };
}

export interface ObjectAnswer {
  status: number;
  headers: Headers;
  bytes: Bytes;
  /** The request, for the bug list. */
  request: string;
}

/** GETs the signed URL with exactly its headers, plus `extra` (a Range). */
export async function getObject(
  signed: Signed | undefined,
  extra: Record<string, string> = {},
): Promise<ObjectAnswer> {
  const url = firstUrl(signed);
  const response = await reach(`GET ${shown(url)}`, url, {
    headers: { ...(signed?.headers ?? {}), ...extra },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const request = `GET ${shown(url)} ${JSON.stringify(extra)} → HTTP ${response.status}`;
  return { status: response.status, headers: response.headers, bytes, request };
}

/** The OSS error code of a byte origin's XML refusal (`<Code>…</Code>`). */
export const ossCode = (answer: ObjectAnswer): string | undefined =>
  /<Code>([^<]*)<\/Code>/.exec(new TextDecoder().decode(answer.bytes))?.[1];

/** getFileUploadInfo, then the PUT: the key of an upload ready to commit. */
export async function uploadKeyFor(drive: Drive, spaceId: string, bytes: Bytes): Promise<string> {
  const info = await drive.ok('getFileUploadInfo', {
    spaceId,
    protocol: 'HEADER_SIGNATURE',
    multipart: false,
    option: { storageDriver: 'DINGTALK' },
  });
  await putObject(info.headerSignatureInfo, bytes);
  return info.uploadKey;
}

type CommitOption = NonNullable<Input<'commitFile'>['option']>;

/** The single upload flow: getFileUploadInfo → PUT → commitFile; the committed dentry. */
export async function upload(
  drive: Drive,
  spaceId: string,
  name: string,
  bytes: Bytes,
  { parentId = '0', option = {} }: { parentId?: string; option?: CommitOption } = {},
): Promise<Dentry> {
  const uploadKey = await uploadKeyFor(drive, spaceId, bytes);
  const { dentry } = await drive.ok('commitFile', { spaceId, uploadKey, name, parentId, option });
  return dentry;
}

/** getFileDownloadInfo (of `version`, or the current one) and the GET. */
export async function fetchFile(
  drive: Drive,
  spaceId: string,
  dentryId: string,
  { version, range }: { version?: number; range?: string } = {},
): Promise<ObjectAnswer> {
  const info = await drive.ok('getFileDownloadInfo', {
    spaceId,
    dentryId,
    option: version === undefined ? {} : { version },
  });
  return getObject(info.headerSignatureInfo, range === undefined ? {} : { range });
}

/** The whole file (or one version): HTTP 200 and its bytes. */
export async function download(
  drive: Drive,
  spaceId: string,
  dentryId: string,
  version?: number,
): Promise<Bytes> {
  const answer = await fetchFile(drive, spaceId, dentryId, version === undefined ? {} : { version });
  expect(answer.status, answer.request).toBe(200);
  return answer.bytes;
}

/** Bytes as a short comparable text (equal bytes, equal text). */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export interface Page<T> {
  items: T[];
  nextToken?: string | undefined;
}

/**
 * Every page of a list, following `nextToken` until a page comes without one (absent or empty: this
 * project's reading, DingTalk's pages do not say). Each page holds at most `maxResults` items; a list that
 * does not end within `bound` pages fails instead of looping.
 */
export async function allPages<T>(
  maxResults: number,
  bound: number,
  page: (nextToken: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let nextToken: string | undefined;
  for (let pages = 1; pages <= bound; pages++) {
    const answer = await page(nextToken);
    expect(
      answer.items.length,
      `page ${pages}: at most maxResults (${maxResults}) items`,
    ).toBeLessThanOrEqual(maxResults);
    items.push(...answer.items);
    if (!answer.nextToken) return { items, pages };
    expect(answer.nextToken, `page ${pages}: a new nextToken`).not.toBe(nextToken);
    nextToken = answer.nextToken;
  }
  throw new Error(`the list did not end within ${bound} pages of ${maxResults}`);
}

/** Polls getTask until the task ends (a real server may still be running it); its last state. */
export async function finishedTask(drive: Drive, taskId: string): Promise<Output<'getTask'>['task']> {
  // Generous: only a task that never ends fails this; the emulator's is done at the first poll.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { task } = await drive.ok('getTask', { taskId });
    if (task?.status === 'SUCCESS' || task?.status === 'FAIL' || Date.now() > deadline) return task;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The folder's entries (one big page), by name. */
export async function childrenOf(
  drive: Drive,
  spaceId: string,
  parentId: string,
): Promise<Map<string, Dentry>> {
  const found = await allPages(50, 20, async (nextToken) => {
    const answer = await drive.ok('listDentries', {
      spaceId,
      parentId,
      maxResults: 50,
      ...(nextToken ? { nextToken } : {}),
    });
    return { items: answer.dentries ?? [], nextToken: answer.nextToken };
  });
  return new Map(found.items.map((dentry) => [dentry.name ?? '', dentry]));
}

/** Adds a folder (default conflict strategy) and returns it. */
export async function addFolder(
  drive: Drive,
  spaceId: string,
  name: string,
  parentId = '0',
): Promise<Dentry> {
  const { dentry } = await drive.ok('addFolder', { spaceId, parentId, name });
  return dentry;
}
