// Issue 24, flow 8: a space made with option.quota refuses, at commitFile, an upload that would take it past
// the quota: 403 quotaExceeded in DingTalk's error shape, as the SDK's thrown error carries it. Up to the
// quota exactly is allowed; the refused upload leaves no file and uses no quota.
import { describe, expect, it } from 'vitest';
import { bytesOf, putSigned, testBytes } from './bytes.js';
import { commitFile, createSpace, getUploadInfo, listFolder, uploadFile } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { type Sdk, sdkError, storage, UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();
const QUOTA = 1_000;

async function usedQuota({ client, headers, runtime }: Sdk, spaceId: string) {
  const answer = await client.getSpaceWithOptions(
    spaceId,
    new storage.GetSpaceRequest({ unionId: UNION_ID }),
    headers,
    runtime,
  );
  return answer.body?.space?.usedQuota;
}

describe('a space quota', () => {
  it('refuses the commit that would pass it with 403 quotaExceeded, and fills up to it exactly', async () => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: 'quota', quota: QUOTA });
    expect(space).toMatchObject({ quota: QUOTA, usedQuota: 0 });

    await uploadFile(sdk, space.id, { name: 'first.bin', bytes: testBytes(600, 'first') });
    expect(await usedQuota(sdk, space.id)).toBe(600);

    // The bytes are taken (the PUT is not where DingTalk checks a space quota); the commit is refused.
    const { uploadKey, signed } = await getUploadInfo(sdk, space.id);
    await bytesOf(await putSigned(signed, testBytes(401, 'one byte too many')));
    expect(await sdkError(commitFile(sdk, space.id, { uploadKey, name: 'second.bin', size: 401 }))).toEqual({
      code: 'quotaExceeded',
      statusCode: 403,
    });
    expect((await listFolder(sdk, space.id)).map((dentry) => dentry.name)).toEqual(['first.bin']);
    expect(await usedQuota(sdk, space.id)).toBe(600);

    await uploadFile(sdk, space.id, { name: 'fits.bin', bytes: testBytes(QUOTA - 600, 'fits exactly') });
    expect(await usedQuota(sdk, space.id)).toBe(QUOTA);
  });

  it('counts every version: an OVERWRITE past the quota is refused too', async () => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: 'quota-versions', quota: QUOTA });
    await uploadFile(sdk, space.id, { name: 'doc.txt', bytes: testBytes(600, 'v1') });

    const { uploadKey, signed } = await getUploadInfo(sdk, space.id);
    await bytesOf(await putSigned(signed, testBytes(600, 'v2')));
    expect(
      await sdkError(
        commitFile(sdk, space.id, { uploadKey, name: 'doc.txt', size: 600, conflictStrategy: 'OVERWRITE' }),
      ),
    ).toEqual({ code: 'quotaExceeded', statusCode: 403 });
    expect((await listFolder(sdk, space.id)).map((dentry) => [dentry.name, dentry.version])).toEqual([
      ['doc.txt', 1],
    ]);
  });
});
