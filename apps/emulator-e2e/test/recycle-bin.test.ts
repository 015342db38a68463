// Issue 24, flow 6: deleteDentry toRecycleBin -> getRecycleBin(SPACE, spaceId) -> listRecycleItems ->
// restoreRecycleItem puts the file back where it was, bytes and all; deleted again and purged
// (deleteRecycleItem) it is gone; clearRecycleBin empties the bin.
import { describe, expect, it } from 'vitest';
import { getSigned, ossErrorCode, sha256, testBytes } from './bytes.js';
import { addFolder, createSpace, downloadFile, getDownloadInfo, listFolder, uploadFile } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { type Sdk, sdkError, storage, UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();

async function deleteToRecycleBin({ client, headers, runtime }: Sdk, spaceId: string, dentryId: string) {
  const answer = await client.deleteDentryWithOptions(
    spaceId,
    dentryId,
    new storage.DeleteDentryRequest({ unionId: UNION_ID, toRecycleBin: true }),
    headers,
    runtime,
  );
  // A file is deleted at once: no task to wait for.
  expect(answer.body?.async ?? false).toBe(false);
}

async function recycleBinOf({ client, headers, runtime }: Sdk, spaceId: string): Promise<string> {
  const answer = await client.getRecycleBinWithOptions(
    new storage.GetRecycleBinRequest({ unionId: UNION_ID, recycleBinScope: 'SPACE', scopeId: spaceId }),
    headers,
    runtime,
  );
  expect(answer.body?.recycleBin).toMatchObject({ scope: 'SPACE', scopeId: spaceId });
  const id = answer.body?.recycleBin?.id;
  if (!id) throw new Error(`getRecycleBin answered no id: ${JSON.stringify(answer.body)}`);
  return id;
}

async function recycleItems({ client, headers, runtime }: Sdk, recycleBinId: string) {
  const answer = await client.listRecycleItemsWithOptions(
    recycleBinId,
    new storage.ListRecycleItemsRequest({ unionId: UNION_ID }),
    headers,
    runtime,
  );
  return answer.body?.recycleItems ?? [];
}

describe('the recycle bin', () => {
  it('a file deleted to the bin is listed there, restored to its folder with its bytes, then purged for good', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'recycle-bin' });
    const folder = await addFolder(sdk, space.id, 'reports');
    const bytes = testBytes(2_500, 'q3 report');
    const file = await uploadFile(sdk, space.id, { name: 'q3.xlsx', bytes, parentId: folder.id });
    const id = file.id as string;

    await deleteToRecycleBin(sdk, space.id, id);
    expect(await listFolder(sdk, space.id, folder.id)).toEqual([]);

    const binId = await recycleBinOf(sdk, space.id);
    const items = await recycleItems(sdk, binId);
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({ spaceId: space.id, dentryId: id, type: 'FILE', originalName: 'q3.xlsx' });
    expect(item?.originalPath).toMatch(/reports/);

    const restored = await client.restoreRecycleItemWithOptions(
      binId,
      item?.id as string,
      new storage.RestoreRecycleItemRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(restored.body).toMatchObject({ spaceId: space.id, dentryId: id });
    expect(restored.body?.async ?? false).toBe(false);
    expect((await listFolder(sdk, space.id, folder.id)).map((dentry) => [dentry.id, dentry.name])).toEqual([
      [id, 'q3.xlsx'],
    ]);
    expect(await recycleItems(sdk, binId)).toEqual([]);
    expect(sha256(await downloadFile(sdk, space.id, id))).toBe(sha256(bytes));

    // Deleted again and purged: gone from the folder, the bin and the byte origin.
    const signed = await getDownloadInfo(sdk, space.id, id);
    await deleteToRecycleBin(sdk, space.id, id);
    const [again] = await recycleItems(sdk, binId);
    expect(again?.dentryId).toBe(id);
    const purged = await client.deleteRecycleItemWithOptions(
      binId,
      again?.id as string,
      new storage.DeleteRecycleItemRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(purged.body?.success).toBe(true);
    expect(await recycleItems(sdk, binId)).toEqual([]);
    expect(await listFolder(sdk, space.id, folder.id)).toEqual([]);
    expect(
      (
        await sdkError(
          client.getDentryWithOptions(
            space.id,
            id,
            new storage.GetDentryRequest({ unionId: UNION_ID }),
            headers,
            runtime,
          ),
        )
      ).statusCode,
    ).toBe(404);
    const gone = await getSigned(signed);
    expect(gone.status).toBe(404);
    expect(await ossErrorCode(gone)).toBe('NoSuchKey');
  });

  it('clearRecycleBin purges every item of the bin', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'recycle-bin-clear' });
    const files = await Promise.all(
      ['a.txt', 'b.txt', 'c.txt'].map((name) =>
        uploadFile(sdk, space.id, { name, bytes: testBytes(100, name) }),
      ),
    );
    for (const file of files) await deleteToRecycleBin(sdk, space.id, file.id as string);
    const binId = await recycleBinOf(sdk, space.id);
    expect((await recycleItems(sdk, binId)).map((item) => item.originalName).sort()).toEqual([
      'a.txt',
      'b.txt',
      'c.txt',
    ]);

    const cleared = await client.clearRecycleBinWithOptions(
      binId,
      new storage.ClearRecycleBinRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(cleared.body?.success).toBe(true);
    expect(await recycleItems(sdk, binId)).toEqual([]);
    expect(await listFolder(sdk, space.id)).toEqual([]);
    // Purged bytes no longer count against the space.
    const after = await client.getSpaceWithOptions(
      space.id,
      new storage.GetSpaceRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(after.body?.space?.usedQuota).toBe(0);
  });
});
