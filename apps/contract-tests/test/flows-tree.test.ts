// Stateful flows of the tree: name conflicts (all four strategies, on addFolder and commitFile), rename,
// move and copy, the asynchronous folder operations and getTask, delete (permanent or to the recycle bin),
// restore, purge and clear. Each case's name says what it rests on: [documented] DingTalk's documents,
// [ours: …] this project's reading where they are silent.
import { expect, it } from 'vitest';
import {
  addFolder,
  bytesOf,
  childrenOf,
  describeFlows,
  download,
  finishedTask,
  getObject,
  hex,
  newSpace,
  ossCode,
  textBytes,
  upload,
  uploadKeyFor,
} from './flows.js';

describeFlows((drive) => {
  it('addFolder conflicts: AUTO_RENAME (the default) makes x(1), x(2); RETURN_DENTRY_IF_EXISTS answers x; RETURN_ERROR_IF_EXISTS and OVERWRITE are refused [documented; ours: the x(n) names, 409 dentryAlreadyExists, OVERWRITE refused for folders]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const x = await addFolder(d, space.id, 'x');
    expect(x).toMatchObject({ type: 'FOLDER', name: 'x' });
    const add = (conflictStrategy?: 'AUTO_RENAME' | 'RETURN_DENTRY_IF_EXISTS') =>
      d.ok('addFolder', {
        spaceId: space.id,
        parentId: '0',
        name: 'x',
        ...(conflictStrategy && { option: { conflictStrategy } }),
      });
    expect((await add()).dentry.name).toBe('x(1)');
    expect((await add('AUTO_RENAME')).dentry.name).toBe('x(2)');
    expect((await add('RETURN_DENTRY_IF_EXISTS')).dentry).toMatchObject({ id: x.id, name: 'x' });
    for (const conflictStrategy of ['RETURN_ERROR_IF_EXISTS', 'OVERWRITE'] as const) {
      await d.refused(
        'addFolder',
        { spaceId: space.id, parentId: '0', name: 'x', option: { conflictStrategy } },
        409,
        'dentryAlreadyExists',
      );
    }
    expect([...(await childrenOf(d, space.id, '0')).keys()].sort()).toEqual(['x', 'x(1)', 'x(2)']);
  });

  it('commitFile conflicts: AUTO_RENAME (the default) makes a(1).txt, a(2).txt; OVERWRITE a new version; RETURN_DENTRY_IF_EXISTS answers a.txt unchanged; RETURN_ERROR_IF_EXISTS is refused [documented; ours: the a(n).txt names, 409 dentryAlreadyExists]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const original = textBytes('original');
    const a = await upload(d, space.id, 'a.txt', original);
    expect((await upload(d, space.id, 'a.txt', textBytes('renamed 1'))).name).toBe('a(1).txt');
    const renamed = await upload(d, space.id, 'a.txt', textBytes('renamed 2'), {
      option: { conflictStrategy: 'AUTO_RENAME' },
    });
    expect(renamed.name).toBe('a(2).txt');
    expect(renamed.id).not.toBe(a.id);

    const newer = textBytes('a newer version');
    const overwritten = await upload(d, space.id, 'a.txt', newer, {
      option: { conflictStrategy: 'OVERWRITE' },
    });
    expect(overwritten).toMatchObject({ id: a.id, name: 'a.txt', version: 2, size: newer.length });

    const kept = await upload(d, space.id, 'a.txt', textBytes('never stored'), {
      option: { conflictStrategy: 'RETURN_DENTRY_IF_EXISTS' },
    });
    expect(kept).toMatchObject({ id: a.id, name: 'a.txt', version: 2, size: newer.length });

    const uploadKey = await uploadKeyFor(d, space.id, textBytes('refused'));
    await d.refused(
      'commitFile',
      {
        spaceId: space.id,
        uploadKey,
        name: 'a.txt',
        parentId: '0',
        option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' },
      },
      409,
      'dentryAlreadyExists',
    );
    expect(hex(await download(d, space.id, a.id))).toBe(hex(newer));
    expect([...(await childrenOf(d, space.id, '0')).keys()].sort()).toEqual([
      'a(1).txt',
      'a(2).txt',
      'a.txt',
    ]);
  });

  it('renameDentry renames; a taken name is refused [documented; ours: 409 dentryAlreadyExists]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const file = await upload(d, space.id, 'draft.txt', textBytes('draft'));
    await addFolder(d, space.id, 'taken');
    const { dentry } = await d.ok('renameDentry', {
      spaceId: space.id,
      dentryId: file.id,
      newName: 'final.txt',
    });
    expect(dentry).toMatchObject({ id: file.id, name: 'final.txt' });
    expect((await d.ok('getDentry', { spaceId: space.id, dentryId: file.id })).dentry.name).toBe('final.txt');
    await d.refused(
      'renameDentry',
      { spaceId: space.id, dentryId: file.id, newName: 'taken' },
      409,
      'dentryAlreadyExists',
    );
    expect([...(await childrenOf(d, space.id, '0')).keys()].sort()).toEqual(['final.txt', 'taken']);
  });

  it('moveDentry moves a file into a folder and into another space, keeping its uuid; a clash under RETURN_ERROR_IF_EXISTS is refused [documented; ours: 409 dentryAlreadyExists]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const other = await newSpace(d);
    const bytes = bytesOf(64);
    const file = await upload(d, space.id, 'm.bin', bytes);
    const folder = await addFolder(d, space.id, 'into');
    const moved = await d.ok('moveDentry', {
      spaceId: space.id,
      dentryId: file.id,
      targetSpaceId: space.id,
      targetFolderId: folder.id,
    });
    expect(moved.async ?? false).toBe(false);
    expect(moved.dentry).toMatchObject({ parentId: folder.id, name: 'm.bin', uuid: file.uuid });
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual(['into']);
    expect([...(await childrenOf(d, space.id, folder.id)).keys()]).toEqual(['m.bin']);

    await upload(d, other.id, 'm.bin', textBytes('already there'));
    const movedId = moved.dentry?.id ?? file.id;
    await d.refused(
      'moveDentry',
      {
        spaceId: space.id,
        dentryId: movedId,
        targetSpaceId: other.id,
        targetFolderId: '0',
        option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' },
      },
      409,
      'dentryAlreadyExists',
    );
    const across = await d.ok('moveDentry', {
      spaceId: space.id,
      dentryId: movedId,
      targetSpaceId: other.id,
      targetFolderId: '0',
    });
    expect(across.dentry).toMatchObject({ spaceId: other.id, name: 'm(1).bin', uuid: file.uuid });
    expect(hex(await download(d, other.id, across.dentry?.id ?? ''))).toBe(hex(bytes));
    expect([...(await childrenOf(d, space.id, folder.id)).keys()]).toEqual([]);
  });

  it('copyDentry copies a file: a new dentry with the same bytes, the original untouched; a clash is AUTO_RENAMEd [documented; ours: a file copies synchronously, the (1) name]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const bytes = bytesOf(64);
    const file = await upload(d, space.id, 'c.bin', bytes);
    const folder = await addFolder(d, space.id, 'copies');
    const into = await d.ok('copyDentry', {
      spaceId: space.id,
      dentryId: file.id,
      targetSpaceId: space.id,
      targetFolderId: folder.id,
    });
    expect(into.async ?? false).toBe(false);
    expect(into.dentry).toMatchObject({ name: 'c.bin', parentId: folder.id, type: 'FILE', size: 64 });
    expect(into.dentry?.id).not.toBe(file.id);
    const beside = await d.ok('copyDentry', {
      spaceId: space.id,
      dentryId: file.id,
      targetSpaceId: space.id,
      targetFolderId: '0',
    });
    expect(beside.dentry?.name).toBe('c(1).bin');
    for (const id of [file.id, into.dentry?.id, beside.dentry?.id]) {
      expect(hex(await download(d, space.id, id ?? '')), `dentry ${id}`).toBe(hex(bytes));
    }
  });

  it('copyDentry and moveDentry onto a taken name: OVERWRITE makes a new version of the file there, RETURN_DENTRY_IF_EXISTS answers it unchanged, RETURN_ERROR_IF_EXISTS is refused [ours: the conflict strategies of commitFile, read for copy and move; 409 dentryAlreadyExists]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const folder = await addFolder(d, space.id, 'dest');
    const there = await upload(d, space.id, 's.txt', textBytes('there'), { parentId: folder.id });
    const copied = textBytes('copied over');
    const source = await upload(d, space.id, 's.txt', copied);
    const onto = (
      operationId: 'copyDentry' | 'moveDentry',
      conflictStrategy: 'OVERWRITE' | 'RETURN_DENTRY_IF_EXISTS',
    ) =>
      d.ok(operationId, {
        spaceId: space.id,
        dentryId: source.id,
        targetSpaceId: space.id,
        targetFolderId: folder.id,
        option: { conflictStrategy },
      });

    expect((await onto('copyDentry', 'RETURN_DENTRY_IF_EXISTS')).dentry).toMatchObject({
      id: there.id,
      version: 1,
    });
    await d.refused(
      'copyDentry',
      {
        spaceId: space.id,
        dentryId: source.id,
        targetSpaceId: space.id,
        targetFolderId: folder.id,
        option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' },
      },
      409,
      'dentryAlreadyExists',
    );
    expect((await onto('copyDentry', 'OVERWRITE')).dentry).toMatchObject({ id: there.id, version: 2 });
    expect(hex(await download(d, space.id, there.id))).toBe(hex(copied));

    expect((await onto('moveDentry', 'OVERWRITE')).dentry).toMatchObject({ id: there.id, version: 3 });
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual(['dest']);
    expect([...(await childrenOf(d, space.id, folder.id)).keys()]).toEqual(['s.txt']);
  });

  it('folders with children: copyDentry, moveDentry, deleteDentry and restoreRecycleItem answer async + taskId, getTask reports SUCCESS, and the work is done [documented; ours: async exactly when the folder has children, an empty folder is synchronous]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const tree = await addFolder(d, space.id, 'tree');
    const sub = await addFolder(d, space.id, 'sub', tree.id);
    const bytes = bytesOf(32);
    await upload(d, space.id, 'leaf.bin', bytes, { parentId: sub.id });
    const target = await addFolder(d, space.id, 'target');

    const empty = await addFolder(d, space.id, 'empty');
    const emptyCopy = await d.ok('copyDentry', {
      spaceId: space.id,
      dentryId: empty.id,
      targetSpaceId: space.id,
      targetFolderId: target.id,
    });
    expect(emptyCopy).toMatchObject({ dentry: { name: 'empty', type: 'FOLDER' } });
    expect(emptyCopy.async ?? false).toBe(false);

    const copied = await d.ok('copyDentry', {
      spaceId: space.id,
      dentryId: tree.id,
      targetSpaceId: space.id,
      targetFolderId: target.id,
    });
    expect(copied).toMatchObject({ async: true, taskId: expect.any(String) });
    expect(await finishedTask(d, copied.taskId ?? '')).toMatchObject({ status: 'SUCCESS' });
    const copy = (await childrenOf(d, space.id, target.id)).get('tree');
    expect(copy, 'the copy of tree in target').toMatchObject({ type: 'FOLDER' });
    const copiedSub = (await childrenOf(d, space.id, copy?.id ?? '')).get('sub');
    const copiedLeaf = (await childrenOf(d, space.id, copiedSub?.id ?? '')).get('leaf.bin');
    expect(hex(await download(d, space.id, copiedLeaf?.id ?? ''))).toBe(hex(bytes));

    const moved = await d.ok('moveDentry', {
      spaceId: space.id,
      dentryId: tree.id,
      targetSpaceId: space.id,
      targetFolderId: empty.id,
    });
    expect(moved).toMatchObject({ async: true, taskId: expect.any(String) });
    expect(await finishedTask(d, moved.taskId ?? '')).toMatchObject({ status: 'SUCCESS' });
    expect((await childrenOf(d, space.id, empty.id)).get('tree')).toMatchObject({ uuid: tree.uuid });

    const deleted = await d.ok('deleteDentry', {
      spaceId: space.id,
      dentryId: copy?.id ?? '',
      toRecycleBin: true,
    });
    expect(deleted).toMatchObject({ async: true, taskId: expect.any(String) });
    expect(await finishedTask(d, deleted.taskId ?? '')).toMatchObject({ status: 'SUCCESS' });
    expect([...(await childrenOf(d, space.id, target.id)).keys()]).toEqual(['empty']);

    const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
    const recycleBinId = recycleBin?.id ?? '';
    const { recycleItems = [] } = await d.ok('listRecycleItems', { recycleBinId });
    const item = recycleItems.find((i) => i.dentryId === copy?.id);
    expect(item, 'the deleted folder in the recycle bin').toMatchObject({
      type: 'FOLDER',
      originalName: 'tree',
    });
    const restored = await d.ok('restoreRecycleItem', { recycleBinId, recycleItemId: item?.id ?? '' });
    expect(restored).toMatchObject({ async: true, taskId: expect.any(String) });
    expect(await finishedTask(d, restored.taskId ?? '')).toMatchObject({ status: 'SUCCESS' });
    const back = (await childrenOf(d, space.id, target.id)).get('tree');
    const backSub = (await childrenOf(d, space.id, back?.id ?? '')).get('sub');
    expect([...(await childrenOf(d, space.id, backSub?.id ?? '')).keys()]).toEqual(['leaf.bin']);
  });

  it('deleteDentry without toRecycleBin deletes for good: gone from getDentry, the recycle bin and the byte origin [documented: permanent by default; ours: 404 dentryNotFound, the old URL 404 NoSuchKey, usedQuota 0 at once]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const file = await upload(d, space.id, 'gone.txt', textBytes('gone'));
    const { headerSignatureInfo } = await d.ok('getFileDownloadInfo', {
      spaceId: space.id,
      dentryId: file.id,
    });
    expect((await d.ok('deleteDentry', { spaceId: space.id, dentryId: file.id })).async ?? false).toBe(false);
    await d.refused('getDentry', { spaceId: space.id, dentryId: file.id }, 404, 'dentryNotFound');
    const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
    const { recycleItems = [] } = await d.ok('listRecycleItems', { recycleBinId: recycleBin?.id ?? '' });
    expect(recycleItems.map((item) => item.dentryId)).not.toContain(file.id);
    const stale = await getObject(headerSignatureInfo);
    expect({ status: stale.status, code: ossCode(stale) }, stale.request).toEqual({
      status: 404,
      code: 'NoSuchKey',
    });
    expect((await d.ok('getSpace', { spaceId: space.id })).space.usedQuota).toBe(0);
  });

  it('deleteDentry toRecycleBin, then restoreRecycleItem brings it back with its bytes; a clash on restore follows the conflict strategy [documented; ours: getRecycleItem 404 recycleItemNotFound once restored, 409 dentryAlreadyExists, the r(1).txt name]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const bytes = textBytes('restore me');
    const file = await upload(d, space.id, 'r.txt', bytes);
    await d.ok('deleteDentry', { spaceId: space.id, dentryId: file.id, toRecycleBin: true });
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual([]);
    const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
    expect(recycleBin).toMatchObject({ scope: 'SPACE', scopeId: space.id });
    const recycleBinId = recycleBin?.id ?? '';
    const { recycleItems = [] } = await d.ok('listRecycleItems', { recycleBinId });
    expect(recycleItems).toEqual([
      expect.objectContaining({
        spaceId: space.id,
        dentryId: file.id,
        originalName: 'r.txt',
        type: 'FILE',
        size: bytes.length,
      }),
    ]);
    const item = recycleItems[0] as { id: string };
    expect((await d.ok('getRecycleItem', { recycleBinId, recycleItemId: item.id })).item).toMatchObject({
      id: item.id,
      dentryId: file.id,
    });

    const restored = await d.ok('restoreRecycleItem', { recycleBinId, recycleItemId: item.id });
    expect(restored).toMatchObject({ spaceId: space.id, dentryId: expect.any(String) });
    expect(restored.async ?? false).toBe(false);
    expect(hex(await download(d, space.id, restored.dentryId ?? ''))).toBe(hex(bytes));
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual(['r.txt']);
    await d.refused('getRecycleItem', { recycleBinId, recycleItemId: item.id }, 404, 'recycleItemNotFound');

    // Deleted again and its name taken meanwhile: the restore settles the clash.
    await d.ok('deleteDentry', { spaceId: space.id, dentryId: restored.dentryId ?? '', toRecycleBin: true });
    await upload(d, space.id, 'r.txt', textBytes('a newcomer'));
    const { recycleItems: again = [] } = await d.ok('listRecycleItems', { recycleBinId });
    const second = again[0] as { id: string };
    await d.refused(
      'restoreRecycleItem',
      { recycleBinId, recycleItemId: second.id, option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' } },
      409,
      'dentryAlreadyExists',
    );
    const renamed = await d.ok('restoreRecycleItem', { recycleBinId, recycleItemId: second.id });
    expect(
      (await d.ok('getDentry', { spaceId: space.id, dentryId: renamed.dentryId ?? '' })).dentry.name,
    ).toBe('r(1).txt');
  });

  it('purge: deleteRecycleItem, deleteRecycleItems and clearRecycleBin remove items for good [documented; ours: restoring a purged item 404 recycleItemNotFound]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const folders = await Promise.all(
      ['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => addFolder(d, space.id, name)),
    );
    const { resultItems = [] } = await d.ok('deleteDentries', {
      spaceId: space.id,
      dentryIds: folders.map((f) => f.id),
      option: { toRecycleBin: true },
    });
    expect(resultItems.map((r) => [r.dentryId, r.success])).toEqual(folders.map((f) => [f.id, true]));
    const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
    const recycleBinId = recycleBin?.id ?? '';
    const itemIds = async () => {
      const { recycleItems = [] } = await d.ok('listRecycleItems', { recycleBinId });
      return new Map(recycleItems.map((item) => [item.originalName, item.id]));
    };
    const items = await itemIds();
    expect([...items.keys()].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);

    expect(await d.ok('deleteRecycleItem', { recycleBinId, recycleItemId: items.get('p1') ?? '' })).toEqual({
      success: true,
    });
    await d.refused(
      'restoreRecycleItem',
      { recycleBinId, recycleItemId: items.get('p1') ?? '' },
      404,
      'recycleItemNotFound',
    );
    const batch = [items.get('p2') ?? '', items.get('p3') ?? ''];
    expect(await d.ok('deleteRecycleItems', { recycleBinId, recycleItemIds: batch })).toEqual({
      success: true,
    });
    expect([...(await itemIds()).keys()].sort()).toEqual(['p4', 'p5']);
    expect(await d.ok('clearRecycleBin', { recycleBinId })).toEqual({ success: true });
    expect([...(await itemIds()).keys()]).toEqual([]);
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual([]);
  });
});
