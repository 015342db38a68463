// Issue 24, flow 4: rename, move and copy (one dentry and in batches) show in the folders' listings: names,
// parentIds, a moved dentry's id and uuid kept, a copy's bytes equal to the original's.
import { describe, expect, it } from 'vitest';
import { sha256, testBytes } from './bytes.js';
import { addFolder, createSpace, downloadFile, findByName, listFolder, ROOT, uploadFile } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { storage, UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();

const namesIn = async (spaceId: string, parentId: string) =>
  (await listFolder(emulator.sdk, spaceId, parentId)).map((dentry) => dentry.name).sort();

describe('rename, move and copy', () => {
  it('renameDentry, moveDentry and copyDentry of a file show in the listings', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'rename-move-copy' });
    const archive = await addFolder(sdk, space.id, 'archive');
    const shared = await addFolder(sdk, space.id, 'shared');
    const bytes = testBytes(5_000, 'draft');
    const file = await uploadFile(sdk, space.id, { name: 'draft.txt', bytes });

    const renamed = await client.renameDentryWithOptions(
      space.id,
      file.id as string,
      new storage.RenameDentryRequest({ unionId: UNION_ID, newName: 'final.txt' }),
      headers,
      runtime,
    );
    expect(renamed.body?.dentry).toMatchObject({ id: file.id, uuid: file.uuid, name: 'final.txt' });
    expect(await namesIn(space.id, ROOT)).toEqual(['archive', 'final.txt', 'shared']);

    const moved = await client.moveDentryWithOptions(
      space.id,
      file.id as string,
      new storage.MoveDentryRequest({
        unionId: UNION_ID,
        targetSpaceId: space.id,
        targetFolderId: archive.id,
      }),
      headers,
      runtime,
    );
    expect(moved.body?.async ?? false).toBe(false);
    expect(moved.body?.dentry).toMatchObject({ id: file.id, uuid: file.uuid, parentId: archive.id });
    expect(await namesIn(space.id, ROOT)).toEqual(['archive', 'shared']);
    expect(await findByName(sdk, space.id, 'final.txt', archive.id)).toMatchObject({
      id: file.id,
      uuid: file.uuid,
      parentId: archive.id,
    });

    const copied = await client.copyDentryWithOptions(
      space.id,
      file.id as string,
      new storage.CopyDentryRequest({
        unionId: UNION_ID,
        targetSpaceId: space.id,
        targetFolderId: shared.id,
      }),
      headers,
      runtime,
    );
    expect(copied.body?.async ?? false).toBe(false);
    const copy = copied.body?.dentry;
    expect(copy).toMatchObject({ name: 'final.txt', parentId: shared.id, size: bytes.length });
    expect(copy?.id).not.toBe(file.id);
    expect(copy?.uuid).not.toBe(file.uuid);
    expect(await namesIn(space.id, archive.id as string)).toEqual(['final.txt']);
    expect(await findByName(sdk, space.id, 'final.txt', shared.id)).toMatchObject({
      id: copy?.id,
      parentId: shared.id,
    });
    expect(sha256(await downloadFile(sdk, space.id, copy?.id as string))).toBe(sha256(bytes));

    // A copy into the same folder is renamed (AUTO_RENAME, the default): final(1).txt.
    await client.copyDentryWithOptions(
      space.id,
      file.id as string,
      new storage.CopyDentryRequest({
        unionId: UNION_ID,
        targetSpaceId: space.id,
        targetFolderId: archive.id,
      }),
      headers,
      runtime,
    );
    expect(await namesIn(space.id, archive.id as string)).toEqual(['final(1).txt', 'final.txt']);
  });

  it('moveDentries and copyDentries move and copy every dentry named, each reported in resultItems', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'batch-move-copy' });
    const inbox = await addFolder(sdk, space.id, 'inbox');
    const done = await addFolder(sdk, space.id, 'done');
    const a = await uploadFile(sdk, space.id, {
      name: 'a.txt',
      bytes: testBytes(10, 'a'),
      parentId: inbox.id,
    });
    const b = await uploadFile(sdk, space.id, {
      name: 'b.txt',
      bytes: testBytes(20, 'b'),
      parentId: inbox.id,
    });
    const empty = await addFolder(sdk, space.id, 'empty', inbox.id);
    const ids = [a.id, b.id, empty.id] as string[];

    const moved = await client.moveDentriesWithOptions(
      space.id,
      new storage.MoveDentriesRequest({
        unionId: UNION_ID,
        dentryIds: ids,
        targetSpaceId: space.id,
        targetFolderId: done.id,
      }),
      headers,
      runtime,
    );
    expect(
      moved.body?.resultItems?.map((item) => [item.dentryId, item.success, item.targetDentryId]),
    ).toEqual(ids.map((id) => [id, true, id]));
    expect(await namesIn(space.id, inbox.id as string)).toEqual([]);
    const afterMove = await listFolder(sdk, space.id, done.id);
    expect(afterMove.map((dentry) => [dentry.name, dentry.id, dentry.parentId]).sort()).toEqual([
      ['a.txt', a.id, done.id],
      ['b.txt', b.id, done.id],
      ['empty', empty.id, done.id],
    ]);

    const copied = await client.copyDentriesWithOptions(
      space.id,
      new storage.CopyDentriesRequest({
        unionId: UNION_ID,
        dentryIds: ids,
        targetSpaceId: space.id,
        targetFolderId: inbox.id,
      }),
      headers,
      runtime,
    );
    const items = copied.body?.resultItems ?? [];
    expect(items.map((item) => [item.dentryId, item.success])).toEqual(ids.map((id) => [id, true]));
    const copies = await listFolder(sdk, space.id, inbox.id);
    expect(copies.map((dentry) => [dentry.name, dentry.parentId]).sort()).toEqual([
      ['a.txt', inbox.id],
      ['b.txt', inbox.id],
      ['empty', inbox.id],
    ]);
    expect(copies.map((dentry) => dentry.id).sort()).toEqual(items.map((item) => item.targetDentryId).sort());
    expect(await namesIn(space.id, done.id as string)).toEqual(['a.txt', 'b.txt', 'empty']);
  });
});
