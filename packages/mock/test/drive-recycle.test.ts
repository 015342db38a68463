// The recycle bin: a delete is permanent unless `toRecycleBin`; a recycled entry keeps where it was
// (originalName, originalPath) and its bytes (they count in usedQuota) until it is purged (one, many, or the
// whole bin), which frees its bytes from the blob store; a restore puts it back in its folder, or in the
// root when that folder is gone. Each space has a bin; the org's and the app's show every space's items.
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, CORP_ID } from '../src/drive/answers.js';
import { createTestDrive, expectRefusal, OWNER, type TestDrive } from './drive.js';

let drive: TestDrive;
beforeAll(() => {
  drive = createTestDrive();
});

type Scope = 'ORG' | 'APP' | 'SPACE';

async function binOf(scope: Scope, scopeId: string, on = drive): Promise<string> {
  const { recycleBin } = await on.storage.getRecycleBin({ recycleBinScope: scope, scopeId, unionId: OWNER });
  expect(recycleBin).toMatchObject({ scope, scopeId });
  return recycleBin?.id ?? '';
}

async function itemsOf(recycleBinId: string, on = drive) {
  const { recycleItems } = await on.storage.listRecycleItems({ recycleBinId, unionId: OWNER });
  return recycleItems ?? [];
}

const recycle = (spaceId: string, dentryId: string, on = drive) =>
  on.storage.deleteDentry({ spaceId, dentryId, unionId: OWNER, toRecycleBin: true });

/** The recycle item of a dentry in the space's bin. */
async function itemOf(spaceId: string, dentryId: string, on = drive) {
  const recycleBinId = await binOf('SPACE', spaceId, on);
  const item = (await itemsOf(recycleBinId, on)).find((i) => i.dentryId === dentryId);
  expect(item, `a recycle item for ${dentryId}`).toBeDefined();
  return { recycleBinId, recycleItemId: item?.id ?? '' };
}

const getDentry = (spaceId: string, dentryId: string) =>
  drive.storage.getDentry({ spaceId, dentryId, unionId: OWNER });

/** A file `docs/report.txt` of 11 bytes, or the folder `docs/archive` with it inside. */
async function entry(type: 'FILE' | 'FOLDER') {
  const spaceId = await drive.space();
  const docs = await drive.folder(spaceId, 'docs');
  if (type === 'FILE') {
    const file = await drive.upload(spaceId, 'report.txt', 'eleven byte', { parentId: docs.id });
    return { spaceId, docs, dentry: file, path: '/docs/report.txt', size: 11 };
  }
  const archive = await drive.folder(spaceId, 'archive', docs.id);
  await drive.upload(spaceId, 'report.txt', 'eleven byte', { parentId: archive.id });
  return { spaceId, docs, dentry: archive, path: '/docs/archive', size: undefined };
}

describe('delete: permanent, or to the recycle bin', () => {
  const deletes = {
    deleteDentry: (spaceId: string, dentryId: string, toRecycleBin: boolean | undefined) =>
      drive.storage.deleteDentry({
        spaceId,
        dentryId,
        unionId: OWNER,
        ...(toRecycleBin !== undefined && { toRecycleBin }),
      }),
    deleteDentries: (spaceId: string, dentryId: string, toRecycleBin: boolean | undefined) =>
      drive.storage.deleteDentries({
        spaceId,
        unionId: OWNER,
        dentryIds: [dentryId],
        ...(toRecycleBin !== undefined && { option: { toRecycleBin } }),
      }),
  };

  it.each(
    (['deleteDentry', 'deleteDentries'] as const).flatMap((operation) =>
      (['FILE', 'FOLDER'] as const).flatMap((type) =>
        [undefined, false, true].map((toRecycleBin) => ({ operation, type, toRecycleBin })),
      ),
    ),
  )('$operation of a $type with toRecycleBin $toRecycleBin', async ({ operation, type, toRecycleBin }) => {
    const { spaceId, dentry, path, size } = await entry(type);
    await deletes[operation](spaceId, dentry.id, toRecycleBin);
    await expectRefusal(getDentry(spaceId, dentry.id), 404, 'dentryNotFound');
    const items = await itemsOf(await binOf('SPACE', spaceId));
    if (!toRecycleBin) {
      expect(items).toEqual([]);
      return;
    }
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({
      spaceId,
      dentryId: dentry.id,
      type,
      originalName: dentry.name,
      originalPath: path,
    });
    expect(item?.size).toBe(size);
  });
});

describe('restore', () => {
  it('puts a file back in its folder, with its bytes', async () => {
    const { spaceId, docs, dentry } = await entry('FILE');
    await recycle(spaceId, dentry.id);
    const { recycleBinId, recycleItemId } = await itemOf(spaceId, dentry.id);
    const restored = await drive.storage.restoreRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER });
    expect(restored).toMatchObject({ spaceId, dentryId: dentry.id, async: false });
    expect((await getDentry(spaceId, dentry.id)).dentry).toMatchObject({
      parentId: docs.id,
      name: 'report.txt',
    });
    expect(await drive.download(spaceId, dentry.id)).toBe('eleven byte');
    expect(await itemsOf(recycleBinId)).toEqual([]);
  });

  it.each([
    [
      'deleted for good',
      (spaceId: string, id: string) => drive.storage.deleteDentry({ spaceId, dentryId: id, unionId: OWNER }),
    ],
    ['in the recycle bin itself', (spaceId: string, id: string) => recycle(spaceId, id)],
  ])('puts it in the root when its folder is %s', async (_, removeFolder) => {
    const { spaceId, docs, dentry } = await entry('FILE');
    await recycle(spaceId, dentry.id);
    await removeFolder(spaceId, docs.id);
    const { recycleBinId, recycleItemId } = await itemOf(spaceId, dentry.id);
    await drive.storage.restoreRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER });
    expect((await getDentry(spaceId, dentry.id)).dentry).toMatchObject({
      parentId: '0',
      path: '/report.txt',
    });
    const { dentries } = await drive.storage.listDentries({ spaceId, parentId: '0', unionId: OWNER });
    expect(dentries?.map((d) => d.id)).toContain(dentry.id);
  });

  it('puts it in the root when its folder has moved to another space', async () => {
    const { spaceId, docs, dentry } = await entry('FILE');
    const elsewhere = await drive.space();
    await recycle(spaceId, dentry.id);
    await drive.storage.moveDentry({
      spaceId,
      dentryId: docs.id,
      unionId: OWNER,
      targetSpaceId: elsewhere,
      targetFolderId: '0',
    });
    const { recycleBinId, recycleItemId } = await itemOf(spaceId, dentry.id);
    await drive.storage.restoreRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER });
    expect((await getDentry(spaceId, dentry.id)).dentry).toMatchObject({
      spaceId,
      parentId: '0',
      path: '/report.txt',
    });
    const { dentries } = await drive.storage.listDentries({ spaceId, parentId: '0', unionId: OWNER });
    expect(dentries?.map((d) => d.id)).toContain(dentry.id);
  });

  it('of a folder leaves in the bin what was recycled from it before (its own item)', async () => {
    const { spaceId, docs, dentry: file } = await entry('FILE');
    await recycle(spaceId, file.id);
    await recycle(spaceId, docs.id);
    const fileItem = await itemOf(spaceId, file.id);
    const folderItem = await itemOf(spaceId, docs.id);
    await drive.storage.restoreRecycleItem({ ...folderItem, unionId: OWNER });
    const { dentries } = await drive.storage.listDentries({ spaceId, parentId: docs.id, unionId: OWNER });
    expect(dentries).toEqual([]);
    await expectRefusal(getDentry(spaceId, file.id), 404, 'dentryNotFound');
    // Its own item brings it back where it was, under its own name.
    await drive.storage.restoreRecycleItem({ ...fileItem, unionId: OWNER });
    expect((await getDentry(spaceId, file.id)).dentry).toMatchObject({
      parentId: docs.id,
      name: 'report.txt',
    });
  });

  it('of a file recycled before its folder still works once the folder is purged', async () => {
    const { spaceId, docs, dentry: file } = await entry('FILE');
    await recycle(spaceId, file.id);
    await recycle(spaceId, docs.id);
    const fileItem = await itemOf(spaceId, file.id);
    const folderItem = await itemOf(spaceId, docs.id);
    await drive.storage.deleteRecycleItem({ ...folderItem, unionId: OWNER });
    await drive.storage.restoreRecycleItem({ ...fileItem, unionId: OWNER });
    expect((await getDentry(spaceId, file.id)).dentry).toMatchObject({ parentId: '0', name: 'report.txt' });
    expect(await drive.download(spaceId, file.id)).toBe('eleven byte');
  });
});

describe('purge', () => {
  /** A space with three recycled files; the bin and the items. */
  async function threeRecycled(on = drive) {
    const spaceId = await on.space();
    const ids: string[] = [];
    for (const name of ['one.txt', 'two.txt', 'three.txt']) {
      const file = await on.upload(spaceId, name, name);
      await recycle(spaceId, file.id, on);
      ids.push(file.id);
    }
    const recycleBinId = await binOf('SPACE', spaceId, on);
    const items = await itemsOf(recycleBinId, on);
    const itemIds = ids.map((id) => items.find((i) => i.dentryId === id)?.id ?? '');
    return { spaceId, recycleBinId, itemIds };
  }

  const purges = {
    'deleteRecycleItem (one)': async (recycleBinId: string, itemIds: string[]) => {
      await drive.storage.deleteRecycleItem({
        recycleBinId,
        recycleItemId: itemIds[0] ?? '',
        unionId: OWNER,
      });
      return itemIds.slice(0, 1);
    },
    'deleteRecycleItems (two)': async (recycleBinId: string, itemIds: string[]) => {
      await drive.storage.deleteRecycleItems({
        recycleBinId,
        recycleItemIds: itemIds.slice(0, 2),
        unionId: OWNER,
      });
      return itemIds.slice(0, 2);
    },
    'clearRecycleBin (all)': async (recycleBinId: string, itemIds: string[]) => {
      await drive.storage.clearRecycleBin({ recycleBinId, unionId: OWNER });
      return itemIds;
    },
  };

  it.each(Object.entries(purges))(
    '%s removes those items for good and keeps the others',
    async (_, purge) => {
      const { recycleBinId, itemIds } = await threeRecycled();
      const gone = await purge(recycleBinId, itemIds);
      const left = (await itemsOf(recycleBinId)).map((i) => i.id);
      expect(left.sort()).toEqual(itemIds.filter((id) => !gone.includes(id)).sort());
      for (const recycleItemId of gone) {
        await expectRefusal(
          drive.storage.getRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER }),
          404,
          'recycleItemNotFound',
        );
        await expectRefusal(
          drive.storage.restoreRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER }),
          404,
          'recycleItemNotFound',
        );
      }
    },
  );
});

describe('the ORG, APP and SPACE bins', () => {
  it("a space's bin shows its items; the org's and the app's show every space's; each clears what it shows", async () => {
    const own = createTestDrive();
    const [a, b] = [await own.space(), await own.space()];
    const inA = await own.upload(a, 'a.txt', 'a');
    const inB = await own.upload(b, 'b.txt', 'b');
    await recycle(a, inA.id, own);
    await recycle(b, inB.id, own);
    const dentriesIn = async (scope: Scope, scopeId: string) =>
      (await itemsOf(await binOf(scope, scopeId, own), own)).map((i) => i.dentryId).sort();
    expect(await dentriesIn('SPACE', a)).toEqual([inA.id]);
    expect(await dentriesIn('SPACE', b)).toEqual([inB.id]);
    expect(await dentriesIn('ORG', CORP_ID)).toEqual([inA.id, inB.id].sort());
    expect(await dentriesIn('APP', APP_ID)).toEqual([inA.id, inB.id].sort());

    await own.storage.clearRecycleBin({ recycleBinId: await binOf('SPACE', a, own), unionId: OWNER });
    expect(await dentriesIn('ORG', CORP_ID)).toEqual([inB.id]);
    await own.storage.clearRecycleBin({ recycleBinId: await binOf('APP', APP_ID, own), unionId: OWNER });
    expect(await dentriesIn('ORG', CORP_ID)).toEqual([]);
  });

  it.each([
    ['ORG', 'not-our-corp'],
    ['APP', '999'],
    ['SPACE', '123456789'],
  ] as const)('getRecycleBin of an unknown %s is refused 404', async (scope, scopeId) => {
    await expect(
      drive.storage.getRecycleBin({ recycleBinScope: scope, scopeId, unionId: OWNER }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('bytes: counted until purged, then freed', () => {
  it('usedQuota counts a recycled file until it is purged; a permanent delete frees it at once', async () => {
    const spaceId = await drive.space();
    const kept = await drive.upload(spaceId, 'kept.txt', 'x'.repeat(100));
    const recycled = await drive.upload(spaceId, 'recycled.txt', 'x'.repeat(20));
    const deleted = await drive.upload(spaceId, 'deleted.txt', 'x'.repeat(3));
    expect(await drive.usedQuota(spaceId)).toBe(123);
    await drive.storage.deleteDentry({ spaceId, dentryId: deleted.id, unionId: OWNER });
    expect(await drive.usedQuota(spaceId)).toBe(120);
    await recycle(spaceId, recycled.id);
    expect(await drive.usedQuota(spaceId)).toBe(120);
    const { recycleBinId, recycleItemId } = await itemOf(spaceId, recycled.id);
    await drive.storage.deleteRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER });
    expect(await drive.usedQuota(spaceId)).toBe(100);
    expect(kept.size).toBe(100);
  });

  const purgeAll = {
    deleteRecycleItem: (d: TestDrive, bin: string, items: string[]) =>
      Promise.all(
        items.map((recycleItemId) =>
          d.storage.deleteRecycleItem({ recycleBinId: bin, recycleItemId, unionId: OWNER }),
        ),
      ),
    deleteRecycleItems: (d: TestDrive, bin: string, items: string[]) =>
      d.storage.deleteRecycleItems({ recycleBinId: bin, recycleItemIds: items, unionId: OWNER }),
    clearRecycleBin: (d: TestDrive, bin: string) =>
      d.storage.clearRecycleBin({ recycleBinId: bin, unionId: OWNER }),
  };

  it.each(Object.entries(purgeAll))(
    "%s frees the purged files' bytes from the blob store, every version, a folder's files too",
    async (_, purge) => {
      const own = createTestDrive();
      const spaceId = await own.space();
      const file = await own.upload(spaceId, 'a.txt', 'version one');
      await own.upload(spaceId, 'a.txt', 'version two', { conflictStrategy: 'OVERWRITE' });
      const folder = await own.folder(spaceId, 'folder');
      await own.upload(spaceId, 'inside.txt', 'inside', { parentId: folder.id });
      const keeper = await own.upload(spaceId, 'keeper.txt', 'kept');
      const stored = await own.blobs.list();
      expect(stored).toHaveLength(4);
      await recycle(spaceId, file.id, own);
      await recycle(spaceId, folder.id, own);
      expect((await own.blobs.list()).sort()).toEqual(stored.sort());
      const recycleBinId = await binOf('SPACE', spaceId, own);
      await purge(
        own,
        recycleBinId,
        (await itemsOf(recycleBinId, own)).map((i) => i.id),
      );
      expect(await own.blobs.list()).toHaveLength(1);
      expect(await own.download(spaceId, keeper.id)).toBe('kept');
    },
  );

  it('a copy keeps the bytes it shares with a purged file', async () => {
    const own = createTestDrive();
    const spaceId = await own.space();
    const file = await own.upload(spaceId, 'a.txt', 'shared bytes');
    const folder = await own.folder(spaceId, 'copies');
    const { dentry: copy } = await own.storage.copyDentry({
      spaceId,
      dentryId: file.id,
      unionId: OWNER,
      targetSpaceId: spaceId,
      targetFolderId: folder.id,
    });
    expect(await own.blobs.list()).toHaveLength(1);
    await own.storage.deleteDentry({ spaceId, dentryId: file.id, unionId: OWNER });
    expect(await own.blobs.list()).toHaveLength(1);
    expect(await own.download(spaceId, copy?.id ?? '')).toBe('shared bytes');
    await own.storage.deleteDentry({ spaceId, dentryId: copy?.id ?? '', unionId: OWNER });
    expect(await own.blobs.list()).toEqual([]);
  });
});
