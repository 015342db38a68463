// Permissions and tasks. Grants are added, listed, updated (a member's role replaced) and deleted; a USER
// space takes permanent grants only, an APP space temporary ones only, which lapse after their duration
// (the drive's clock is the test's). batchQueryRoles answers the caller's roles, inherited from folders above.
// A copy, move, delete or restore of a folder with children answers `async: true` and a task, which getTask
// reports IN_PROGRESS and then SUCCESS; a file or an empty folder is answered at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDrive, expectRefusal, OWNER, type TestDrive } from './drive.js';

let drive: TestDrive;
beforeAll(() => {
  drive = createTestDrive();
});

const GUEST = 'union-guest';
type Role = 'OWNER' | 'MANAGER' | 'EDITOR' | 'DOWNLOADER' | 'READER';
const user = (id: string) => ({ type: 'USER' as const, id });

async function shared(ownerType: 'USER' | 'APP' = 'USER') {
  const spaceId = await drive.space({ ownerType });
  const folder = await drive.folder(spaceId, 'shared');
  const listed = async (filterRoleIds?: Role[]) => {
    const { permissions } = await drive.storage.listPermissions({
      spaceId,
      dentryId: folder.id,
      unionId: OWNER,
      ...(filterRoleIds && { option: { filterRoleIds } }),
    });
    return (permissions ?? []).map((p) => [p.member?.id, p.role?.id, p.duration]);
  };
  const grant = (roleId: Role, ids: string[], duration?: number) =>
    drive.storage.addPermission({
      spaceId,
      dentryId: folder.id,
      unionId: OWNER,
      roleId,
      members: ids.map(user),
      ...(duration !== undefined && { option: { duration } }),
    });
  return { spaceId, folder, listed, grant };
}

describe('grants', () => {
  it('add, list (and filter by role), update a member to another role, delete by role', async () => {
    const { spaceId, folder, listed, grant } = await shared();
    await grant('EDITOR', ['u1', 'u2']);
    await grant('READER', ['u3']);
    expect(await listed()).toEqual([
      ['u1', 'EDITOR', undefined],
      ['u2', 'EDITOR', undefined],
      ['u3', 'READER', undefined],
    ]);
    expect(await listed(['READER'])).toEqual([['u3', 'READER', undefined]]);

    await drive.storage.updatePermission({
      spaceId,
      dentryId: folder.id,
      unionId: OWNER,
      roleId: 'MANAGER',
      members: [user('u1')],
    });
    expect((await listed()).sort()).toEqual([
      ['u1', 'MANAGER', undefined],
      ['u2', 'EDITOR', undefined],
      ['u3', 'READER', undefined],
    ]);

    const remove = (roleId: Role, id: string) =>
      drive.storage.deletePermission({
        spaceId,
        dentryId: folder.id,
        unionId: OWNER,
        roleId,
        members: [user(id)],
      });
    // The grant of another role stays.
    await remove('READER', 'u2');
    expect(await listed(['EDITOR'])).toEqual([['u2', 'EDITOR', undefined]]);
    await remove('EDITOR', 'u2');
    expect((await listed()).sort()).toEqual([
      ['u1', 'MANAGER', undefined],
      ['u3', 'READER', undefined],
    ]);
  });

  it('granting a member the same role again keeps one grant', async () => {
    const { listed, grant } = await shared();
    await grant('EDITOR', ['u1']);
    await grant('EDITOR', ['u1']);
    expect(await listed()).toEqual([['u1', 'EDITOR', undefined]]);
  });

  it.each([
    ['a USER space refuses a duration', 'USER', 60],
    ['an APP space requires a duration', 'APP', undefined],
  ] as const)('%s: 400 paramError, nothing granted', async (_, ownerType, duration) => {
    const { listed, grant } = await shared(ownerType);
    await expectRefusal(grant('EDITOR', ['u1'], duration), 400, 'paramError');
    expect(await listed()).toEqual([]);
  });

  it("an APP space's temporary grant is listed with its duration and lapses after it", async () => {
    const { spaceId, folder, listed, grant } = await shared('APP');
    const duration = 60;
    await grant('EDITOR', [GUEST], duration);
    const roles = async () => {
      const { roleMap } = await drive.storage.batchQueryRoles({
        spaceId,
        unionId: GUEST,
        dentryIdList: [folder.id],
      });
      return roleMap?.[folder.id]?.map((r) => r.id);
    };
    expect(await listed()).toEqual([[GUEST, 'EDITOR', duration]]);
    expect(await roles()).toEqual(['EDITOR']);
    drive.clock.advance((duration - 1) * 1000);
    expect(await listed()).toEqual([[GUEST, 'EDITOR', duration]]);
    drive.clock.advance(1000);
    expect(await listed()).toEqual([]);
    expect(await roles()).toEqual([]);
  });
});

describe('batchQueryRoles', () => {
  it("answers the caller's roles on each dentry: its own, granted there or above; none for what it cannot see", async () => {
    const spaceId = await drive.space();
    const top = await drive.folder(spaceId, 'top');
    const inner = await drive.folder(spaceId, 'inner', top.id);
    const file = await drive.upload(spaceId, 'file.txt', 'bytes', { parentId: inner.id });
    const elsewhere = await drive.folder(spaceId, 'elsewhere');
    const grant = (dentryId: string, roleId: Role, member: { type: 'USER' | 'ALL_USERS'; id: string }) =>
      drive.storage.addPermission({ spaceId, dentryId, unionId: OWNER, roleId, members: [member] });
    await grant(top.id, 'READER', user(GUEST));
    await grant(inner.id, 'EDITOR', user(GUEST));
    await grant(elsewhere.id, 'DOWNLOADER', { type: 'ALL_USERS', id: 'all' });
    await grant(elsewhere.id, 'MANAGER', user('someone-else'));
    const rolesOf = async (unionId: string) => {
      const { roleMap } = await drive.storage.batchQueryRoles({
        spaceId,
        unionId,
        dentryIdList: [top.id, inner.id, file.id, elsewhere.id, '123456789'],
      });
      return Object.fromEntries(
        Object.entries(roleMap ?? {}).map(([id, roles]) => [id, roles.map((r) => r.id).sort()]),
      );
    };
    expect(await rolesOf(GUEST)).toEqual({
      [top.id]: ['READER'],
      [inner.id]: ['EDITOR', 'READER'],
      [file.id]: ['EDITOR', 'READER'],
      [elsewhere.id]: ['DOWNLOADER'],
    });
    expect((await rolesOf(OWNER))[file.id]).toEqual(['OWNER']);
  });
});

describe('tasks: a folder with children is answered asynchronously', () => {
  type Subject = 'a file' | 'an empty folder' | 'a folder with children';
  /** A space with the subject in `home`, and a `target` folder. `count`: the dentries it is made of. */
  async function arrange(subject: Subject) {
    const spaceId = await drive.space();
    const home = await drive.folder(spaceId, 'home');
    const target = await drive.folder(spaceId, 'target');
    if (subject === 'a file') {
      return {
        spaceId,
        target,
        dentry: await drive.upload(spaceId, 'a.txt', 'a', { parentId: home.id }),
        count: 1,
      };
    }
    const dentry = await drive.folder(spaceId, 'tree', home.id);
    if (subject === 'an empty folder') return { spaceId, target, dentry, count: 1 };
    await drive.upload(spaceId, 'a.txt', 'a', { parentId: dentry.id });
    const sub = await drive.folder(spaceId, 'sub', dentry.id);
    await drive.upload(spaceId, 'b.txt', 'b', { parentId: sub.id });
    return { spaceId, target, dentry, count: 4 };
  }
  type Arranged = Awaited<ReturnType<typeof arrange>>;

  const recycled = async ({ spaceId, dentry }: Arranged) => {
    await drive.storage.deleteDentry({ spaceId, dentryId: dentry.id, unionId: OWNER, toRecycleBin: true });
    const { recycleBin } = await drive.storage.getRecycleBin({
      recycleBinScope: 'SPACE',
      scopeId: spaceId,
      unionId: OWNER,
    });
    const { recycleItems } = await drive.storage.listRecycleItems({
      recycleBinId: recycleBin?.id ?? '',
      unionId: OWNER,
    });
    return { recycleBinId: recycleBin?.id ?? '', recycleItemId: recycleItems?.[0]?.id ?? '' };
  };
  const dentriesIn = async (spaceId: string) => {
    const { dentries } = await drive.storage.listAllDentries({ spaceId, unionId: OWNER });
    return dentries ?? [];
  };

  /** The check that a copy or move is done: the subject's `count` dentries are under /target. */
  const copiedToTarget = (a: Arranged) => async () =>
    expect((await dentriesIn(a.spaceId)).filter((d) => d.path?.startsWith('/target/'))).toHaveLength(a.count);

  /** Each operation, run on the subject; the answer's `async` and `taskId`, and a check that the work is done. */
  const OPERATIONS: Record<
    string,
    (a: Arranged) => Promise<{ async?: boolean; taskId?: string; done: () => Promise<void> }>
  > = {
    copyDentry: async (a) => {
      const answer = await drive.storage.copyDentry({
        spaceId: a.spaceId,
        dentryId: a.dentry.id,
        unionId: OWNER,
        targetSpaceId: a.spaceId,
        targetFolderId: a.target.id,
      });
      return { ...answer, done: copiedToTarget(a) };
    },
    copyDentries: async (a) => {
      const { resultItems } = await drive.storage.copyDentries({
        spaceId: a.spaceId,
        unionId: OWNER,
        dentryIds: [a.dentry.id],
        targetSpaceId: a.spaceId,
        targetFolderId: a.target.id,
      });
      return { ...resultItems?.[0], done: copiedToTarget(a) };
    },
    moveDentry: async (a) => {
      const answer = await drive.storage.moveDentry({
        spaceId: a.spaceId,
        dentryId: a.dentry.id,
        unionId: OWNER,
        targetSpaceId: a.spaceId,
        targetFolderId: a.target.id,
      });
      return { ...answer, done: copiedToTarget(a) };
    },
    moveDentries: async (a) => {
      const { resultItems } = await drive.storage.moveDentries({
        spaceId: a.spaceId,
        unionId: OWNER,
        dentryIds: [a.dentry.id],
        targetSpaceId: a.spaceId,
        targetFolderId: a.target.id,
      });
      return { ...resultItems?.[0], done: copiedToTarget(a) };
    },
    deleteDentry: async (a) => {
      const answer = await drive.storage.deleteDentry({
        spaceId: a.spaceId,
        dentryId: a.dentry.id,
        unionId: OWNER,
      });
      return { ...answer, done: async () => expect(await dentriesIn(a.spaceId)).toHaveLength(2) };
    },
    deleteDentries: async (a) => {
      const { resultItems } = await drive.storage.deleteDentries({
        spaceId: a.spaceId,
        unionId: OWNER,
        dentryIds: [a.dentry.id],
        option: { toRecycleBin: true },
      });
      return { ...resultItems?.[0], done: async () => expect(await dentriesIn(a.spaceId)).toHaveLength(2) };
    },
    restoreRecycleItem: async (a) => {
      const item = await recycled(a);
      const answer = await drive.storage.restoreRecycleItem({ ...item, unionId: OWNER });
      return { ...answer, done: async () => expect(await dentriesIn(a.spaceId)).toHaveLength(2 + a.count) };
    },
    restoreRecycleItems: async (a) => {
      const { recycleBinId, recycleItemId } = await recycled(a);
      const { resultItems } = await drive.storage.restoreRecycleItems({
        recycleBinId,
        recycleItemIds: [recycleItemId],
        unionId: OWNER,
      });
      return {
        ...resultItems?.[0],
        done: async () => expect(await dentriesIn(a.spaceId)).toHaveLength(2 + a.count),
      };
    },
  };

  const SUBJECTS: Subject[] = ['a file', 'an empty folder', 'a folder with children'];
  it.each(
    Object.keys(OPERATIONS).flatMap((operation) => SUBJECTS.map((subject) => ({ operation, subject }))),
  )('$operation of $subject', async ({ operation, subject }) => {
    const arranged = await arrange(subject);
    const answer = await (OPERATIONS[operation] as (typeof OPERATIONS)[string])(arranged);
    // The work is done before the answer, async or not.
    await answer.done();
    if (subject !== 'a folder with children') {
      expect(answer.async ?? false).toBe(false);
      expect(answer.taskId).toBeUndefined();
      return;
    }
    expect(answer.async).toBe(true);
    expect(answer.taskId).toBeTypeOf('string');
    const poll = async () =>
      (await drive.storage.getTask({ taskId: answer.taskId ?? '', unionId: OWNER })).task;
    expect(await poll()).toMatchObject({
      id: answer.taskId,
      status: 'IN_PROGRESS',
      totalCount: arranged.count,
    });
    expect(await poll()).toMatchObject({
      status: 'SUCCESS',
      totalCount: arranged.count,
      successCount: arranged.count,
      failCount: 0,
    });
  });

  it('getTask of an unknown task is 404 taskNotFound', async () => {
    await expectRefusal(drive.storage.getTask({ taskId: '123456789', unionId: OWNER }), 404, 'taskNotFound');
  });
});
