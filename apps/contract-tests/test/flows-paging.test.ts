// Stateful flows of the paged lists: listDentries, listAllDentries, listDentryVersions, listRecycleItems and
// listPermissions, each read a few items at a time (maxResults + nextToken): at most maxResults per page,
// more than one page, every item exactly once, the same items as one big page, and an end. [documented:
// the cursor; ours: the last page comes without nextToken (absent or empty), which DingTalk does not say.]
import { expect, it } from 'vitest';
import {
  addFolder,
  allPages,
  describeFlows,
  MEMBER_IDS,
  newSpace,
  type Page,
  textBytes,
  upload,
} from './flows.js';

/** Small pages, so that five items take three. */
const PAGE = 2;
const ITEMS = 5;

/** The list read a page of PAGE at a time, and in one page of `big`: the same items, each once. */
async function expectPaged<T>(
  big: number,
  page: (maxResults: number, nextToken: string | undefined) => Promise<Page<T>>,
  key: (item: T) => string,
): Promise<string[]> {
  const paged = await allPages(PAGE, 20, (nextToken) => page(PAGE, nextToken));
  const keys = paged.items.map(key);
  expect(new Set(keys).size, `each item once: ${keys}`).toBe(keys.length);
  expect(paged.pages, 'more than one page').toBeGreaterThanOrEqual(Math.ceil(keys.length / PAGE));
  const whole = await allPages(big, 20, (nextToken) => page(big, nextToken));
  expect(keys.sort()).toEqual(whole.items.map(key).sort());
  return keys;
}

describeFlows((drive) => {
  it("listDentries pages the folder's entries [documented; ours: the last page without nextToken]", async () => {
    const d = drive();
    const space = await newSpace(d);
    const folder = await addFolder(d, space.id, 'paged');
    const made = await Promise.all(
      Array.from({ length: ITEMS }, (_, i) => addFolder(d, space.id, `f${i}`, folder.id)),
    );
    const ids = await expectPaged(
      50,
      async (maxResults, nextToken) => {
        const answer = await d.ok('listDentries', {
          spaceId: space.id,
          parentId: folder.id,
          maxResults,
          ...(nextToken ? { nextToken } : {}),
        });
        return { items: answer.dentries ?? [], nextToken: answer.nextToken };
      },
      (dentry) => dentry.id,
    );
    expect(ids).toEqual(made.map((f) => f.id).sort());
  });

  it('listAllDentries pages every file and folder of the space, nested ones too [documented; ours: the last page without nextToken, the root not listed]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const outer = await addFolder(d, space.id, 'outer');
    const made = [
      outer,
      await addFolder(d, space.id, 'inner-1', outer.id),
      await addFolder(d, space.id, 'inner-2', outer.id),
      await addFolder(d, space.id, 'top-1'),
      await upload(d, space.id, 'top.txt', textBytes('top')),
    ];
    const ids = await expectPaged(
      50,
      async (maxResults, nextToken) => {
        const answer = await d.ok('listAllDentries', {
          spaceId: space.id,
          option: { maxResults, ...(nextToken ? { nextToken } : {}) },
        });
        return { items: answer.dentries ?? [], nextToken: answer.nextToken };
      },
      (dentry) => dentry.id,
    );
    expect(ids).toEqual(made.map((f) => f.id).sort());
  });

  it("listDentryVersions pages a file's versions [documented; ours: the last page without nextToken]", async () => {
    const d = drive();
    const space = await newSpace(d);
    let file = await upload(d, space.id, 'history.txt', textBytes('v1'));
    for (let v = 2; v <= ITEMS; v++) {
      file = await upload(d, space.id, 'history.txt', textBytes(`v${v}`), {
        option: { conflictStrategy: 'OVERWRITE' },
      });
    }
    const versions = await expectPaged(
      100,
      async (maxResults, nextToken) => {
        const answer = await d.ok('listDentryVersions', {
          spaceId: space.id,
          dentryId: file.id,
          maxResults,
          ...(nextToken ? { nextToken } : {}),
        });
        return { items: answer.dentries ?? [], nextToken: answer.nextToken };
      },
      (dentry) => String(dentry.version),
    );
    // The historical versions 1..4; whether the current one (5) is listed too, DingTalk does not say.
    expect(versions).toEqual(expect.arrayContaining(['1', '2', '3', '4']));
    expect(versions.length).toBeLessThanOrEqual(ITEMS);
  });

  it('listRecycleItems pages the recycle bin [documented; ours: the last page without nextToken]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const made = await Promise.all(
      Array.from({ length: ITEMS }, (_, i) => addFolder(d, space.id, `bin${i}`)),
    );
    await d.ok('deleteDentries', {
      spaceId: space.id,
      dentryIds: made.map((f) => f.id),
      option: { toRecycleBin: true },
    });
    const { recycleBin } = await d.ok('getRecycleBin', { recycleBinScope: 'SPACE', scopeId: space.id });
    const recycled = await expectPaged(
      50,
      async (maxResults, nextToken) => {
        const answer = await d.ok('listRecycleItems', {
          recycleBinId: recycleBin?.id ?? '',
          maxResults,
          ...(nextToken ? { nextToken } : {}),
        });
        return { items: answer.recycleItems ?? [], nextToken: answer.nextToken };
      },
      (item) => `${item.id} ${item.dentryId}`,
    );
    expect(recycled.map((item) => item.split(' ')[1]).sort()).toEqual(made.map((f) => f.id).sort());
  });

  it('listPermissions pages the grants of a dentry [documented: temporary grants in an APP space; ours: the last page without nextToken]', async () => {
    const d = drive();
    const space = await newSpace(d, { ownerType: 'APP' });
    const folder = await addFolder(d, space.id, 'shared');
    const members = MEMBER_IDS.slice(0, ITEMS).map((id) => ({ type: 'USER' as const, id }));
    expect(members, 'CONTRACT_MEMBER_IDS names enough users').toHaveLength(ITEMS);
    await d.ok('addPermission', {
      spaceId: space.id,
      dentryId: folder.id,
      roleId: 'READER',
      members,
      option: { duration: 600 },
    });
    const grants = await expectPaged(
      50,
      async (maxResults, nextToken) => {
        const answer = await d.ok('listPermissions', {
          spaceId: space.id,
          dentryId: folder.id,
          option: { maxResults, ...(nextToken ? { nextToken } : {}) },
        });
        return { items: answer.permissions ?? [], nextToken: answer.nextToken };
      },
      (grant) => `${grant.member?.type}:${grant.member?.id} ${grant.role?.id}`,
    );
    // The space's own grants (its owner's) may be listed too.
    expect(grants).toEqual(expect.arrayContaining(members.map((m) => `USER:${m.id} READER`)));
  });
});
