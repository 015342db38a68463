// The drive's caps, each refused with its documented answer when reached: a space's quota (403
// quotaExceeded at commit, and up front at getFileUploadInfo given preCheckParam.size), maxDentries (403
// dentryLimitExceeded; recycled entries count until purged), maxStoredBytes (the byte origin's 400
// EntityTooLarge, as OSS answers a body past its room) and maxSpaces; a bad cap or option is a TypeError
// naming it before anything starts.
import { describe, expect, it } from 'vitest';
import { type StartMockServerOptions, startMockServer } from '../src/index.js';
import { createTestDrive, expectRefusal, OWNER, type TestDrive } from './drive.js';

describe("a space's quota", () => {
  const QUOTA = 10;
  async function spaceWith(used: number) {
    const drive = createTestDrive();
    const spaceId = await drive.space({ quota: QUOTA });
    const file = await drive.upload(spaceId, 'first.txt', 'x'.repeat(used));
    return { drive, spaceId, file };
  }

  it('commitFile past the quota is 403 quotaExceeded and stores nothing; up to it is fine', async () => {
    const { drive, spaceId } = await spaceWith(6);
    await expectRefusal(drive.upload(spaceId, 'second.txt', 'x'.repeat(QUOTA - 6 + 1)), 403, 'quotaExceeded');
    expect(await drive.usedQuota(spaceId)).toBe(6);
    await drive.upload(spaceId, 'second.txt', 'x'.repeat(QUOTA - 6));
    expect(await drive.usedQuota(spaceId)).toBe(QUOTA);
  });

  it('a new version counts with the old ones: past the quota is 403 quotaExceeded', async () => {
    const { drive, spaceId, file } = await spaceWith(6);
    await expectRefusal(
      drive.upload(spaceId, 'first.txt', 'x'.repeat(QUOTA - 6 + 1), { conflictStrategy: 'OVERWRITE' }),
      403,
      'quotaExceeded',
    );
    await expectRefusal(
      drive.storage.copyDentry({
        spaceId,
        dentryId: file.id,
        unionId: OWNER,
        targetSpaceId: spaceId,
        targetFolderId: '0',
      }),
      403,
      'quotaExceeded',
    );
    await expectRefusal(
      drive.storage.revertDentryVersion({ spaceId, dentryId: file.id, version: 1, unionId: OWNER }),
      403,
      'quotaExceeded',
    );
    expect(await drive.usedQuota(spaceId)).toBe(6);
  });

  it.each([
    [
      'getFileUploadInfo',
      (d: TestDrive, spaceId: string, size: number) =>
        d.storage.getFileUploadInfo({
          spaceId,
          unionId: OWNER,
          protocol: 'HEADER_SIGNATURE',
          multipart: false,
          option: { preCheckParam: { size } },
        }),
    ],
    [
      'initMultipartFileUpload',
      (d: TestDrive, spaceId: string, size: number) =>
        d.storage.initMultipartFileUpload({ spaceId, unionId: OWNER, option: { preCheckParam: { size } } }),
    ],
  ])('%s with preCheckParam.size past the quota is 403 quotaExceeded before any byte', async (_, begin) => {
    const { drive, spaceId } = await spaceWith(6);
    await expectRefusal(begin(drive, spaceId, QUOTA - 6 + 1), 403, 'quotaExceeded');
    expect((await begin(drive, spaceId, QUOTA - 6)).uploadKey).toBeTypeOf('string');
  });

  it('recycled bytes count until purged, and then there is room again', async () => {
    const { drive, spaceId, file } = await spaceWith(QUOTA);
    await drive.storage.deleteDentry({ spaceId, dentryId: file.id, unionId: OWNER, toRecycleBin: true });
    await expectRefusal(drive.upload(spaceId, 'second.txt', 'x'), 403, 'quotaExceeded');
    const { recycleBin } = await drive.storage.getRecycleBin({
      recycleBinScope: 'SPACE',
      scopeId: spaceId,
      unionId: OWNER,
    });
    await drive.storage.clearRecycleBin({ recycleBinId: recycleBin?.id ?? '', unionId: OWNER });
    await drive.upload(spaceId, 'second.txt', 'x'.repeat(QUOTA));
  });
});

describe('maxDentries', () => {
  const MAX = 4;

  it('a dentry past maxDentries is 403 dentryLimitExceeded; recycled ones count until purged', async () => {
    const drive = createTestDrive({ options: { maxDentries: MAX } });
    const spaceId = await drive.space();
    const folder = await drive.folder(spaceId, 'folder');
    await drive.folder(spaceId, 'inside', folder.id);
    await drive.upload(spaceId, 'a.txt', 'a');
    const last = await drive.upload(spaceId, 'b.txt', 'b');
    const refusals = {
      addFolder: () => drive.folder(spaceId, 'one more'),
      commitFile: () => drive.upload(spaceId, 'one more.txt', 'c'),
      copyDentry: () =>
        drive.storage.copyDentry({
          spaceId,
          dentryId: folder.id,
          unionId: OWNER,
          targetSpaceId: spaceId,
          targetFolderId: '0',
        }),
    };
    for (const refused of Object.values(refusals)) await expectRefusal(refused(), 403, 'dentryLimitExceeded');

    await drive.storage.deleteDentry({ spaceId, dentryId: last.id, unionId: OWNER, toRecycleBin: true });
    await expectRefusal(refusals.addFolder(), 403, 'dentryLimitExceeded');
    const { recycleBin } = await drive.storage.getRecycleBin({
      recycleBinScope: 'SPACE',
      scopeId: spaceId,
      unionId: OWNER,
    });
    await drive.storage.clearRecycleBin({ recycleBinId: recycleBin?.id ?? '', unionId: OWNER });
    await refusals.addFolder();
    await expectRefusal(refusals.commitFile(), 403, 'dentryLimitExceeded');
  });
});

describe('maxStoredBytes', () => {
  const MAX = 10;

  /** PUTs the bytes to a new upload's signed URL: the byte origin's answer. */
  async function put(drive: TestDrive, spaceId: string, bytes: string) {
    const info = await drive.storage.getFileUploadInfo({
      spaceId,
      unionId: OWNER,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
    });
    const response = await drive.fetch(info.headerSignatureInfo?.resourceUrls?.[0] ?? '', {
      method: 'PUT',
      headers: info.headerSignatureInfo?.headers ?? {},
      body: bytes,
    });
    return { status: response.status, body: await response.text() };
  }

  it("a PUT past the drive's room is the byte origin's 400 EntityTooLarge; pending parts and files both count", async () => {
    const drive = createTestDrive({ options: { maxStoredBytes: MAX } });
    const spaceId = await drive.space();
    const tooLarge = await put(drive, spaceId, 'x'.repeat(MAX + 1));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatch(/<Code>EntityTooLarge<\/Code>/);
    // A pending upload's bytes take room too.
    expect((await put(drive, spaceId, 'x'.repeat(MAX - 3))).status).toBe(200);
    expect((await put(drive, spaceId, 'x'.repeat(4))).status).toBe(400);
    const file = await drive.upload(spaceId, 'three.txt', 'x'.repeat(3));
    expect((await put(drive, spaceId, 'x')).status).toBe(400);
    // A permanent delete gives the room back.
    await drive.storage.deleteDentry({ spaceId, dentryId: file.id, unionId: OWNER });
    expect((await put(drive, spaceId, 'x'.repeat(3))).status).toBe(200);
  });
});

describe('maxSpaces', () => {
  it('a space past maxSpaces is 403 Forbidden.AccessDenied.ApiCountLimitForOrg; those made still answer', async () => {
    const drive = createTestDrive({ options: { maxSpaces: 2 } });
    await drive.space({ sceneId: 'one' });
    await drive.space({ sceneId: 'two' });
    await expectRefusal(drive.space({ sceneId: 'three' }), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    expect(await drive.space({ sceneId: 'one' })).toBeTypeOf('string');
  });
});

describe('bad caps and options', () => {
  it.each([
    ['maxDentries', { maxDentries: 0 }],
    ['maxDentries', { maxDentries: 1.5 }],
    ['maxStoredBytes', { maxStoredBytes: -1 }],
    ['maxStoredBytes', { maxStoredBytes: Number.POSITIVE_INFINITY }],
    ['maxSpaces', { maxSpaces: 0 }],
    ['dataDir', { dataDir: '' }],
    ['blobPort', { blobPort: -1 }],
    ['blobPort', { blobPort: 65_536 }],
    ['signedUrlLifetimeSeconds', { signedUrlLifetimeSeconds: 0 }],
    ['signedUrlLifetimeSeconds', { signedUrlLifetimeSeconds: 86_401 }],
  ] as [string, StartMockServerOptions][])(
    'startMockServer refuses %s %j with a TypeError naming it',
    async (name, option) => {
      const started = startMockServer({ port: 0, mode: 'stateful', ...option });
      await expect(started).rejects.toThrow(TypeError);
      await expect(started).rejects.toThrow(`\`${name}\``);
    },
  );
});
