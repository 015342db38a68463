// The drive emulator under MSW (msw/node), as a unit test uses it: no port; DingTalk's API and the byte
// origin's default base URL are both answered in the process. Uploads (single and multipart) and downloads
// (whole and by Range) go through the byte origin; the journal names its requests putObject and getObject;
// an injected dropped connection fails one PUT and the retry succeeds; reset empties the drive.
import { createStorageClient } from '@dingtalk-storage/client';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockHandlers } from '../src/msw.js';
import { DEFAULT_BLOB_BASE_URL } from '../src/stateful.js';
import { expectRefusal, OWNER } from './drive.js';

const mock = createMockHandlers();
const interceptor = setupServer(...mock.handlers);
beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => interceptor.close());

const storage = createStorageClient({ accessToken: 'tok', retry: false });

type Signature = { resourceUrls?: string[]; headers?: Record<string, string> } | undefined;

/** A signed request to the byte origin, the URL checked to be on its default base URL. */
function send(signature: Signature, init: RequestInit = {}) {
  const url = signature?.resourceUrls?.[0] ?? '';
  expect(url.startsWith(`${DEFAULT_BLOB_BASE_URL}/`), url).toBe(true);
  return fetch(url, {
    ...init,
    headers: { ...signature?.headers, ...(init.headers as Record<string, string>) },
  });
}

async function newSpace() {
  return (await storage.createSpace({ unionId: OWNER })).space.id;
}

async function uploadSingle(spaceId: string, name: string, content: string) {
  const info = await storage.getFileUploadInfo({
    spaceId,
    unionId: OWNER,
    protocol: 'HEADER_SIGNATURE',
    multipart: false,
  });
  const put = await send(info.headerSignatureInfo, { method: 'PUT', body: content });
  expect(put.status).toBe(200);
  expect(put.headers.get('etag')).toBeTruthy();
  return (
    await storage.commitFile({
      spaceId,
      unionId: OWNER,
      uploadKey: info.uploadKey ?? '',
      name,
      parentId: '0',
    })
  ).dentry;
}

async function downloadInfo(spaceId: string, dentryId: string) {
  return (await storage.getFileDownloadInfo({ spaceId, dentryId, unionId: OWNER })).headerSignatureInfo;
}

describe('the drive emulator under MSW', () => {
  it('uploads in one PUT and downloads whole and by Range', async () => {
    const spaceId = await newSpace();
    const file = await uploadSingle(spaceId, 'hello.txt', 'hello, byte origin');
    expect(file).toMatchObject({ name: 'hello.txt', size: 18, version: 1 });
    const signature = await downloadInfo(spaceId, file.id);

    const whole = await send(signature);
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('hello, byte origin');

    const part = await send(signature, { headers: { range: 'bytes=7-10' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 7-10/18');
    expect(await part.text()).toBe('byte');
    const tail = await send(signature, { headers: { range: 'bytes=-6' } });
    expect(await tail.text()).toBe('origin');
  });

  it('uploads in parts (one replaced) and joins them in part order', async () => {
    const spaceId = await newSpace();
    const { uploadKey } = await storage.initMultipartFileUpload({ spaceId, unionId: OWNER });
    const { multipartHeaderSignatureInfos: infos } = await storage.getMultipartFileUploadInfos({
      unionId: OWNER,
      uploadKey: uploadKey ?? '',
      partNumbers: [3, 1, 2],
    });
    const byPart = new Map((infos ?? []).map((info) => [info.partNumber, info.headerSignatureInfo]));
    for (const [partNumber, content] of [
      [3, 'three'],
      [1, 'one-'],
      [2, 'not this'],
      [2, 'two-'],
    ] as const) {
      expect((await send(byPart.get(partNumber), { method: 'PUT', body: content })).status).toBe(200);
    }
    const { dentry } = await storage.commitFile({
      spaceId,
      unionId: OWNER,
      uploadKey: uploadKey ?? '',
      name: 'parts.txt',
      parentId: '0',
      option: { size: 'one-two-three'.length },
    });
    expect(await (await send(await downloadInfo(spaceId, dentry.id))).text()).toBe('one-two-three');
  });

  it('journals the byte legs as putObject and getObject, path without the query, with their status', async () => {
    const spaceId = await newSpace();
    const file = await uploadSingle(spaceId, 'a.txt', 'abc');
    await send(await downloadInfo(spaceId, file.id), { method: 'HEAD' });
    const byteLegs = mock.requests
      .filter((r) => r.operationId === 'putObject' || r.operationId === 'getObject')
      .map((r) => [r.operationId, r.method, r.status, r.path.includes('?')]);
    expect(byteLegs).toEqual([
      ['putObject', 'PUT', 200, false],
      ['getObject', 'HEAD', 200, false],
    ]);
  });

  it('a putObject fault { reset: true } drops one PUT; the retry succeeds', async () => {
    const spaceId = await newSpace();
    const info = await storage.getFileUploadInfo({
      spaceId,
      unionId: OWNER,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
    });
    mock.inject('putObject', { reset: true });
    await expect(send(info.headerSignatureInfo, { method: 'PUT', body: 'retried' })).rejects.toThrow(
      TypeError,
    );
    expect((await send(info.headerSignatureInfo, { method: 'PUT', body: 'retried' })).status).toBe(200);
    const { dentry } = await storage.commitFile({
      spaceId,
      unionId: OWNER,
      uploadKey: info.uploadKey ?? '',
      name: 'retried.txt',
      parentId: '0',
    });
    expect(await (await send(await downloadInfo(spaceId, dentry.id))).text()).toBe('retried');
  });

  it('reset empties the drive: spaces and files are gone, a URL handed out before answers 404 NoSuchKey', async () => {
    const spaceId = await newSpace();
    const file = await uploadSingle(spaceId, 'gone.txt', 'gone');
    const signature = await downloadInfo(spaceId, file.id);
    mock.reset();
    await expectRefusal(storage.getSpace({ spaceId, unionId: OWNER }), 404, 'spaceNotFound');
    const after = await send(signature);
    expect(after.status).toBe(404);
    expect(await after.text()).toMatch(/<Code>NoSuchKey<\/Code>/);
  });
});
