// Stateful flows of what hangs on a dentry: app properties (at most 3 per app, by name, seen through
// getDentry's appIdsForAppProperties), permissions (add, list, update, delete; the kind of grant a space
// takes), and the answers to ids that name nothing. Each case's name says what it rests on: [documented]
// DingTalk's documents, [ours: …] this project's reading where they are silent.

import type { OperationId } from '@dingtalk-storage/types';
import { expect, it } from 'vitest';
import {
  addFolder,
  type Dentry,
  type Drive,
  describeFlows,
  MEMBER_IDS,
  newSpace,
  textBytes,
  UNKNOWN_ID,
  upload,
} from './flows.js';

/** The calling app's properties on the dentry, by name, as getDentry shows them for `appIds`. */
async function propertiesOf(
  d: Drive,
  spaceId: string,
  dentryId: string,
  appIds: string[],
  appId: string,
): Promise<Record<string, { value?: string; visibility?: string }>> {
  const { dentry } = await d.ok('getDentry', {
    spaceId,
    dentryId,
    option: { appIdsForAppProperties: appIds },
  });
  const mine = (dentry as Dentry).appProperties?.[appId] ?? [];
  return Object.fromEntries(mine.map(({ name, value, visibility }) => [name, { value, visibility }]));
}

describeFlows((drive) => {
  it('app properties: updateDentryAppProperties adds and updates by name, at most 3 per app; deleteDentryAppProperties removes; getDentry shows them under the space ownerId (the app id, in an APP space), only for the apps asked [documented; ours: a 4th name 400 paramError]', async () => {
    const d = drive();
    const { app } = await d.ok('getCurrentApp', {});
    const appId = app?.appId ?? '';
    // The spec's AppPropertyMap: keyed by the space's ownerId, which is the app's id in an APP space.
    const space = await newSpace(d, { ownerType: 'APP' });
    expect(space.ownerId).toBe(appId);
    const file = await upload(d, space.id, 'tagged.txt', textBytes('tagged'));
    const where = { spaceId: space.id, dentryId: file.id };
    const set = (appProperties: { name: string; value: string; visibility: 'PUBLIC' | 'PRIVATE' }[]) =>
      d.ok('updateDentryAppProperties', { ...where, appProperties });

    expect(
      await set([
        { name: 'p1', value: 'one', visibility: 'PRIVATE' },
        { name: 'p2', value: 'two', visibility: 'PRIVATE' },
        { name: 'p3', value: 'three', visibility: 'PUBLIC' },
      ]),
    ).toEqual({ success: true });
    expect(await set([{ name: 'p1', value: 'uno', visibility: 'PUBLIC' }])).toEqual({ success: true });
    expect(await propertiesOf(d, space.id, file.id, [appId], appId)).toEqual({
      p1: { value: 'uno', visibility: 'PUBLIC' },
      p2: { value: 'two', visibility: 'PRIVATE' },
      p3: { value: 'three', visibility: 'PUBLIC' },
    });
    expect(await propertiesOf(d, space.id, file.id, [`${appId}0`], appId), 'another app asked').toEqual({});

    await d.refused(
      'updateDentryAppProperties',
      { ...where, appProperties: [{ name: 'p4', value: 'four', visibility: 'PRIVATE' }] },
      400,
      'paramError',
    );
    expect(await d.ok('deleteDentryAppProperties', { ...where, propertyNames: ['p2'] })).toEqual({
      success: true,
    });
    expect(await set([{ name: 'p4', value: 'four', visibility: 'PRIVATE' }])).toEqual({ success: true });
    expect(Object.keys(await propertiesOf(d, space.id, file.id, [appId], appId)).sort()).toEqual([
      'p1',
      'p3',
      'p4',
    ]);
  });

  it('permissions: addPermission grants, listPermissions shows, updatePermission changes the duration, deletePermission revokes [documented: temporary grants in an APP space]', async () => {
    const d = drive();
    const space = await newSpace(d, { ownerType: 'APP' });
    const folder = await addFolder(d, space.id, 'shared');
    const where = { spaceId: space.id, dentryId: folder.id };
    const [a, b] = MEMBER_IDS.map((id) => ({ type: 'USER' as const, id }));
    if (!a || !b) throw new Error('CONTRACT_MEMBER_IDS names fewer than 2 users');
    const grants = async () => {
      const { permissions = [] } = await d.ok('listPermissions', {
        ...where,
        option: { filterRoleIds: ['READER'] },
      });
      return Object.fromEntries(
        permissions
          .filter((p) => p.member?.id === a.id || p.member?.id === b.id)
          .map((p) => [p.member?.id, { role: p.role?.id, duration: p.duration }]),
      );
    };

    expect(
      await d.ok('addPermission', { ...where, roleId: 'READER', members: [a, b], option: { duration: 600 } }),
    ).toEqual({ success: true });
    expect(await grants()).toEqual({
      [a.id]: { role: 'READER', duration: 600 },
      [b.id]: { role: 'READER', duration: 600 },
    });
    expect(
      await d.ok('updatePermission', {
        ...where,
        roleId: 'READER',
        members: [a],
        option: { duration: 1800 },
      }),
    ).toEqual({ success: true });
    expect(await grants()).toEqual({
      [a.id]: { role: 'READER', duration: 1800 },
      [b.id]: { role: 'READER', duration: 600 },
    });
    expect(await d.ok('deletePermission', { ...where, roleId: 'READER', members: [b] })).toEqual({
      success: true,
    });
    expect(await grants()).toEqual({ [a.id]: { role: 'READER', duration: 1800 } });
  });

  it('permissions: a USER space takes only permanent grants, an APP space only temporary ones [documented; ours: the wrong kind 400 paramError]', async () => {
    const d = drive();
    const [member] = MEMBER_IDS.map((id) => ({ type: 'USER' as const, id }));
    if (!member) throw new Error('CONTRACT_MEMBER_IDS names no user');
    for (const [ownerType, option] of [
      ['USER', { duration: 600 }],
      ['APP', {}],
    ] as const) {
      const space = await newSpace(d, { ownerType });
      const folder = await addFolder(d, space.id, 'shared');
      await d.refused(
        'addPermission',
        { spaceId: space.id, dentryId: folder.id, roleId: 'READER', members: [member], option },
        400,
        'paramError',
      );
    }
  });

  describe404s(drive);
});

/** What a 404 case may name that exists: a space of its own, its recycle bin, a folder in it. */
interface Known {
  spaceId: string;
  recycleBinId: string;
  folderId: string;
}

/** An id that names nothing, one request per resource kind: HTTP 404 and the code the spec documents. */
const notFound: { operationId: OperationId; code: string; what: string; input: (known: Known) => object }[] =
  [
    { operationId: 'getSpace', code: 'spaceNotFound', what: '', input: () => ({ spaceId: UNKNOWN_ID }) },
    {
      operationId: 'getDentry',
      code: 'spaceNotFound',
      what: 'in an unknown space',
      input: () => ({ spaceId: UNKNOWN_ID, dentryId: '0' }),
    },
    {
      operationId: 'getDentry',
      code: 'dentryNotFound',
      what: '',
      input: ({ spaceId }) => ({ spaceId, dentryId: UNKNOWN_ID }),
    },
    {
      operationId: 'addFolder',
      code: 'dentryNotFound',
      what: 'into an unknown folder',
      input: ({ spaceId }) => ({ spaceId, parentId: UNKNOWN_ID, name: 'x' }),
    },
    {
      operationId: 'listDentries',
      code: 'dentryNotFound',
      what: 'of an unknown folder',
      input: ({ spaceId }) => ({ spaceId, parentId: UNKNOWN_ID }),
    },
    {
      operationId: 'deleteDentry',
      code: 'dentryNotFound',
      what: '',
      input: ({ spaceId }) => ({ spaceId, dentryId: UNKNOWN_ID }),
    },
    {
      operationId: 'moveDentry',
      code: 'spaceNotFound',
      what: 'into an unknown space',
      input: ({ spaceId, folderId }) => ({
        spaceId,
        dentryId: folderId,
        targetSpaceId: UNKNOWN_ID,
        targetFolderId: '0',
      }),
    },
    {
      operationId: 'copyDentry',
      code: 'dentryNotFound',
      what: 'into an unknown folder',
      input: ({ spaceId, folderId }) => ({
        spaceId,
        dentryId: folderId,
        targetSpaceId: spaceId,
        targetFolderId: UNKNOWN_ID,
      }),
    },
    {
      operationId: 'commitFile',
      code: 'uploadKeyNotFound',
      what: 'with an unknown uploadKey',
      input: ({ spaceId }) => ({ spaceId, uploadKey: UNKNOWN_ID, name: 'x.txt', parentId: '0' }),
    },
    {
      operationId: 'getMultipartFileUploadInfos',
      code: 'uploadKeyNotFound',
      what: 'with an unknown uploadKey',
      input: () => ({ uploadKey: UNKNOWN_ID, partNumbers: [1] }),
    },
    {
      operationId: 'getFileDownloadInfo',
      code: 'dentryNotFound',
      what: '',
      input: ({ spaceId }) => ({ spaceId, dentryId: UNKNOWN_ID }),
    },
    {
      operationId: 'listPermissions',
      code: 'dentryNotFound',
      what: '',
      input: ({ spaceId }) => ({ spaceId, dentryId: UNKNOWN_ID }),
    },
    {
      operationId: 'getRecycleBin',
      code: 'spaceNotFound',
      what: 'of an unknown space',
      input: () => ({ recycleBinScope: 'SPACE', scopeId: UNKNOWN_ID }),
    },
    {
      operationId: 'getRecycleBin',
      code: 'orgNotFound',
      what: 'of an unknown organization',
      input: () => ({ recycleBinScope: 'ORG', scopeId: UNKNOWN_ID }),
    },
    {
      operationId: 'listRecycleItems',
      code: 'recycleBinNotFound',
      what: '',
      input: () => ({ recycleBinId: UNKNOWN_ID }),
    },
    {
      operationId: 'clearRecycleBin',
      code: 'recycleBinNotFound',
      what: '',
      input: () => ({ recycleBinId: UNKNOWN_ID }),
    },
    {
      operationId: 'getRecycleItem',
      code: 'recycleItemNotFound',
      what: '',
      input: ({ recycleBinId }) => ({ recycleBinId, recycleItemId: UNKNOWN_ID }),
    },
    {
      operationId: 'restoreRecycleItem',
      code: 'recycleItemNotFound',
      what: '',
      input: ({ recycleBinId }) => ({ recycleBinId, recycleItemId: UNKNOWN_ID }),
    },
    { operationId: 'getTask', code: 'taskNotFound', what: '', input: () => ({ taskId: UNKNOWN_ID }) },
    { operationId: 'getOrg', code: 'orgNotFound', what: '', input: () => ({ corpId: UNKNOWN_ID }) },
  ];

function describe404s(drive: () => Drive): void {
  it.each(notFound.map((c) => [`${c.operationId} ${c.what}`.trim(), c.code, c] as const))(
    'an unknown id: %s → 404 %s [ours: HTTP 404 and the code]',
    async (_, code, { operationId, input }) => {
      const d = drive();
      const space = await newSpace(d);
      const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
      const folder = await addFolder(d, space.id, 'known');
      const known = { spaceId: space.id, recycleBinId: recycleBin?.id ?? '', folderId: folder.id };
      await d.refused(operationId, input(known) as never, 404, code);
    },
  );
}
