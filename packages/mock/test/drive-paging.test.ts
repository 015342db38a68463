// Every list pages the same way: N items in pages of k give each exactly once, in the list's order, with no
// nextToken on the last page; items added or removed between pages neither repeat nor skip the ones there
// throughout; a nextToken the list did not hand out is 400 paramError. Page sizes (the default and the
// largest) come from the spec.
import { deref, resolveSchema, specOperation } from '@dingtalk-storage/spec/operations';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDrive, expectRefusal, OWNER, type TestDrive } from './drive.js';
import { spec } from './spec.js';

type Order = 'ASC' | 'DESC';
type Key = string | number;

interface Page {
  ids: string[];
  nextToken?: string | undefined;
}

/** A list over some items in a space of its own, and what the test knows of each item's sort key. */
interface Listing {
  page(maxResults?: number, nextToken?: string): Promise<Page>;
  order: Order;
  /** Each item's sort key, as things stand: its name, its size, or when it was made or changed (a counter). */
  keys(): Map<string, Key>;
  /** Adds an item (recording its key); undefined where the list's items cannot be added to between pages. */
  add?(): Promise<void>;
  /** Removes an item for good; undefined where items cannot be removed. */
  remove?(id: string): Promise<void>;
}

interface ListCase {
  name: string;
  operationId: string;
  /** A new listing of `n` items (at least 7 for the order tests). */
  make(n: number): Promise<Listing>;
}

let drive: TestDrive;
beforeAll(() => {
  drive = createTestDrive();
});

/** Increases with every change the test makes: the drive's clock moves on at every read, so later is later. */
let seq = 0;

// ---- the lists ----

const ORDER_BY = ['MODIFIED_TIME', 'CREATE_TIME', 'NAME', 'SIZE'] as const;
type OrderBy = (typeof ORDER_BY)[number];

/**
 * Files and folders in one folder whose names, sizes, creation and modification orders all differ (two
 * folders tie on size 0, two files on size 10): `alpha.txt` gets a new version and `charlie` a new name
 * after all are made.
 */
async function dentries(n: number) {
  const spaceId = await drive.space();
  const fields = new Map<string, { name: string; size: number; created: number; modified: number }>();
  const record = (id: string, name: string, size: number) => {
    const at = ++seq;
    fields.set(id, { name, size, created: at, modified: at });
  };
  const base: [string, number | 'folder'][] = [
    ['delta.txt', 40],
    ['alpha.txt', 10],
    ['charlie', 'folder'],
    ['echo.txt', 30],
    ['bravo', 'folder'],
    ['foxtrot.txt', 20],
    ['golf.txt', 10],
  ];
  let made = 0;
  const addOne = async (name: string, size: number | 'folder') => {
    const dentry =
      size === 'folder'
        ? await drive.folder(spaceId, name)
        : await drive.upload(spaceId, name, 'x'.repeat(size));
    record(dentry.id, name, size === 'folder' ? 0 : size);
    made++;
    return dentry;
  };
  const ids: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const [name, size] = base[i] ?? [`item-${String(i).padStart(3, '0')}`, 'folder'];
    ids[name] = (await addOne(name, size)).id;
  }
  if (n >= base.length) {
    // A new version: alpha.txt is modified last but one, and grows.
    await drive.upload(spaceId, 'alpha.txt', 'y'.repeat(15), { conflictStrategy: 'OVERWRITE' });
    Object.assign(fields.get(ids['alpha.txt'] as string) ?? {}, { modified: ++seq, size: 15 });
    await drive.storage.renameDentry({
      spaceId,
      dentryId: ids.charlie as string,
      unionId: OWNER,
      newName: 'zulu',
    });
    Object.assign(fields.get(ids.charlie as string) ?? {}, { modified: ++seq, name: 'zulu' });
  }
  return {
    spaceId,
    fields,
    add: async () => {
      await addOne(`added-${made}.txt`, made);
    },
    remove: async (id: string) => {
      await drive.storage.deleteDentry({ spaceId, dentryId: id, unionId: OWNER });
    },
  };
}

const keysOf = (
  fields: Map<string, { name: string; size: number; created: number; modified: number }>,
  orderBy: OrderBy,
) => {
  const pick = { MODIFIED_TIME: 'modified', CREATE_TIME: 'created', NAME: 'name', SIZE: 'size' } as const;
  const keys = new Map<string, Key>();
  for (const [id, f] of fields) keys.set(id, f[pick[orderBy]]);
  return keys;
};

const listDentriesCases: ListCase[] = [
  ...ORDER_BY.flatMap((orderBy) =>
    (['ASC', 'DESC'] as const).map(
      (order): ListCase => ({
        name: `listDentries by ${orderBy} ${order}`,
        operationId: 'listDentries',
        async make(n) {
          const made = await dentries(n);
          return {
            order,
            keys: () => keysOf(made.fields, orderBy),
            add: made.add,
            remove: made.remove,
            async page(maxResults, nextToken) {
              const answer = await drive.storage.listDentries({
                spaceId: made.spaceId,
                parentId: '0',
                unionId: OWNER,
                orderBy,
                order,
                ...(maxResults !== undefined && { maxResults }),
                ...(nextToken !== undefined && { nextToken }),
              });
              return { ids: (answer.dentries ?? []).map((d) => d.id), nextToken: answer.nextToken };
            },
          };
        },
      }),
    ),
  ),
  {
    name: "listDentries by the spec's defaults (MODIFIED_TIME, DESC)",
    operationId: 'listDentries',
    async make(n) {
      const made = await dentries(n);
      const parameter = (name: string) =>
        specOperation(spec, 'listDentries').parameters.find((p) => p.name === name)?.schema.default;
      expect([parameter('orderBy'), parameter('order')]).toEqual(['MODIFIED_TIME', 'DESC']);
      return {
        order: 'DESC',
        keys: () => keysOf(made.fields, 'MODIFIED_TIME'),
        add: made.add,
        remove: made.remove,
        async page(maxResults, nextToken) {
          const answer = await drive.storage.listDentries({
            spaceId: made.spaceId,
            parentId: '0',
            unionId: OWNER,
            ...(maxResults !== undefined && { maxResults }),
            ...(nextToken !== undefined && { nextToken }),
          });
          return { ids: (answer.dentries ?? []).map((d) => d.id), nextToken: answer.nextToken };
        },
      };
    },
  },
];

const listAllDentriesCases: ListCase[] = ([undefined, 'ASC', 'DESC'] as const).map((order) => ({
  name: `listAllDentries ${order ?? '(default order: ASC)'}`,
  operationId: 'listAllDentries',
  async make(n) {
    const made = await dentries(n);
    return {
      order: order ?? 'ASC',
      keys: () => keysOf(made.fields, 'MODIFIED_TIME'),
      add: made.add,
      remove: made.remove,
      async page(maxResults, nextToken) {
        const option = {
          ...(order && { order }),
          ...(maxResults !== undefined && { maxResults }),
          ...(nextToken !== undefined && { nextToken }),
        };
        const answer = await drive.storage.listAllDentries({ spaceId: made.spaceId, unionId: OWNER, option });
        return { ids: (answer.dentries ?? []).map((d) => d.id), nextToken: answer.nextToken };
      },
    };
  },
}));

const listDentryVersionsCase: ListCase = {
  name: 'listDentryVersions (newest first)',
  operationId: 'listDentryVersions',
  async make(n) {
    const spaceId = await drive.space();
    let file = await drive.upload(spaceId, 'report.txt', 'v1');
    const keys = new Map<string, Key>([['1', 1]]);
    const add = async () => {
      file = await drive.upload(spaceId, 'report.txt', `v${keys.size + 1}`, {
        conflictStrategy: 'OVERWRITE',
      });
      keys.set(String(file.version), Number(file.version));
    };
    while (keys.size < n) await add();
    return {
      order: 'DESC',
      keys: () => keys,
      add,
      async page(maxResults, nextToken) {
        const answer = await drive.storage.listDentryVersions({
          spaceId,
          dentryId: file.id,
          unionId: OWNER,
          ...(maxResults !== undefined && { maxResults }),
          ...(nextToken !== undefined && { nextToken }),
        });
        return { ids: (answer.dentries ?? []).map((d) => String(d.version)), nextToken: answer.nextToken };
      },
    };
  },
};

const listRecycleItemsCase: ListCase = {
  name: 'listRecycleItems (latest deleted first)',
  operationId: 'listRecycleItems',
  async make(n) {
    const spaceId = await drive.space();
    const { recycleBin } = await drive.storage.getRecycleBin({
      recycleBinScope: 'SPACE',
      scopeId: spaceId,
      unionId: OWNER,
    });
    const recycleBinId = recycleBin?.id ?? '';
    const keys = new Map<string, Key>();
    const add = async () => {
      const folder = await drive.folder(spaceId, `folder-${keys.size}`);
      await drive.storage.deleteDentry({ spaceId, dentryId: folder.id, unionId: OWNER, toRecycleBin: true });
      const at = ++seq;
      const { item } = await drive.storage.getRecycleItem({
        recycleBinId,
        recycleItemId: await itemOf(recycleBinId, folder.id),
        unionId: OWNER,
      });
      keys.set(item?.id ?? '', at);
    };
    for (let i = 0; i < n; i++) await add();
    return {
      order: 'DESC',
      keys: () => keys,
      add,
      remove: async (recycleItemId) => {
        await drive.storage.deleteRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER });
      },
      async page(maxResults, nextToken) {
        const answer = await drive.storage.listRecycleItems({
          recycleBinId,
          unionId: OWNER,
          ...(maxResults !== undefined && { maxResults }),
          ...(nextToken !== undefined && { nextToken }),
        });
        return { ids: (answer.recycleItems ?? []).map((i) => i.id), nextToken: answer.nextToken };
      },
    };
  },
};

/** The recycle item of a dentry, found through the whole bin (every page). */
async function itemOf(recycleBinId: string, dentryId: string): Promise<string> {
  let nextToken: string | undefined;
  do {
    const answer = await drive.storage.listRecycleItems({
      recycleBinId,
      unionId: OWNER,
      ...(nextToken && { nextToken }),
    });
    const found = answer.recycleItems?.find((i) => i.dentryId === dentryId);
    if (found) return found.id;
    nextToken = answer.nextToken;
  } while (nextToken);
  throw new Error(`no recycle item for dentry ${dentryId}`);
}

const listPermissionsCase: ListCase = {
  name: 'listPermissions (oldest grant first)',
  operationId: 'listPermissions',
  async make(n) {
    const spaceId = await drive.space();
    const folder = await drive.folder(spaceId, 'shared');
    const keys = new Map<string, Key>();
    const idOf = (user: string) => `EDITOR:USER:${user}`;
    // Granted one call at a time but for the first three, granted in one call: they tie on their time.
    const grant = async (users: string[]) => {
      await drive.storage.addPermission({
        spaceId,
        dentryId: folder.id,
        unionId: OWNER,
        roleId: 'EDITOR',
        members: users.map((id) => ({ type: 'USER' as const, id })),
      });
      const at = ++seq;
      for (const user of users) keys.set(idOf(user), at);
    };
    const users = Array.from({ length: n }, (_, i) => `user-${String(i).padStart(3, '0')}`);
    await grant(users.slice(0, 3));
    for (const user of users.slice(3)) await grant([user]);
    return {
      order: 'ASC',
      keys: () => keys,
      add: () => grant([`late-${keys.size}`]),
      remove: async (id) => {
        await drive.storage.deletePermission({
          spaceId,
          dentryId: folder.id,
          unionId: OWNER,
          roleId: 'EDITOR',
          members: [{ type: 'USER', id: id.split(':')[2] as string }],
        });
      },
      async page(maxResults, nextToken) {
        const option = {
          ...(maxResults !== undefined && { maxResults }),
          ...(nextToken !== undefined && { nextToken }),
        };
        const answer = await drive.storage.listPermissions({
          spaceId,
          dentryId: folder.id,
          unionId: OWNER,
          option,
        });
        return {
          ids: (answer.permissions ?? []).map((p) => `${p.role?.id}:${p.member?.type}:${p.member?.id}`),
          nextToken: answer.nextToken,
        };
      },
    };
  },
};

const nameListCase = listDentriesCases.find((c) => c.name === 'listDentries by NAME ASC') as ListCase;

const LISTS: ListCase[] = [
  ...listDentriesCases,
  ...listAllDentriesCases,
  listDentryVersionsCase,
  listRecycleItemsCase,
  listPermissionsCase,
];

// ---- the checks ----

/** Every page from the first, `before` run ahead of each next page; fails on a page past the items. */
async function allPages(
  listing: Listing,
  maxResults: number,
  before?: (answered: string[]) => Promise<void>,
) {
  const pages: Page[] = [];
  let nextToken: string | undefined;
  do {
    if (pages.length && before) await before(pages.flatMap((p) => p.ids));
    const page = await listing.page(maxResults, nextToken);
    pages.push(page);
    nextToken = page.nextToken;
    expect(pages.length, 'more pages than items').toBeLessThanOrEqual(listing.keys().size + 2);
  } while (nextToken);
  return pages;
}

/** The ids are in the listing's order by their keys (ties in any order). */
function expectOrdered(listing: Listing, ids: string[]) {
  const known = listing.keys();
  const keys = ids.map((id) => known.get(id));
  const sorted = [...keys].sort((a, b) => {
    const sign = listing.order === 'ASC' ? 1 : -1;
    return sign * ((a as Key) < (b as Key) ? -1 : (a as Key) > (b as Key) ? 1 : 0);
  });
  expect(keys).toEqual(sorted);
}

describe.each(LISTS)('$name', (list) => {
  it.each([
    [7, 3],
    [7, 1],
    [7, 7],
    [6, 3],
  ])('%i items in pages of %i: each exactly once, in order, no nextToken on the last page', async (n, k) => {
    const listing = await list.make(n);
    const pages = await allPages(listing, k);
    const ids = pages.flatMap((p) => p.ids);
    expect(pages.map((p) => p.ids.length)).toEqual(
      Array.from({ length: Math.ceil(n / k) }, (_, i) => Math.min(k, n - i * k)),
    );
    expect(pages.at(-1)?.nextToken).toBeUndefined();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...listing.keys().keys()].sort());
    expectOrdered(listing, ids);
  });

  it('items added and removed between pages neither repeat nor skip the ones there throughout', async () => {
    const listing = await list.make(7);
    const initial = [...listing.keys().keys()];
    const removed = new Set<string>();
    let rounds = 0;
    const pages = await allPages(listing, 2, async (answered) => {
      // Changes before the next two pages only: items added after the cursor are answered too, and a list
      // growing as fast as it is read would never end.
      if (++rounds > 2) return;
      await listing.add?.();
      await listing.add?.();
      if (listing.remove) {
        // One already answered and one not yet.
        const seen = answered.find((id) => !removed.has(id));
        const pending = initial.find((id) => !answered.includes(id) && !removed.has(id));
        for (const id of [seen, pending]) {
          if (id === undefined) continue;
          await listing.remove(id);
          removed.add(id);
        }
      }
    });
    const ids = pages.flatMap((p) => p.ids);
    expect(new Set(ids).size, `repeated: ${ids}`).toBe(ids.length);
    const throughout = initial.filter((id) => !removed.has(id));
    expect(
      throughout.filter((id) => !ids.includes(id)),
      'skipped',
    ).toEqual([]);
    expect(
      ids.filter((id) => !listing.keys().has(id)),
      'never made',
    ).toEqual([]);
    expectOrdered(listing, ids);
  });

  it.each([
    ['not base64 at all', 'not a token!'],
    ['base64 of text that is not JSON', btoa('hello')],
    ['base64 of a JSON object', btoa(JSON.stringify({ offset: 50 }))],
    ['base64 of a one-element array', btoa(JSON.stringify([5]))],
  ])('a nextToken it did not hand out (%s) is 400 paramError', async (_, token) => {
    const listing = await list.make(3);
    await expectRefusal(listing.page(2, token), 400, 'paramError');
  });

  it('a nextToken another list handed out (its sort key of another kind) is 400 paramError', async () => {
    const listing = await list.make(3);
    const byName = [...listing.keys().values()].some((key) => typeof key === 'string');
    // A real token of a list sorted by a key of the other kind: names against numbers (times, sizes, versions).
    const other = await (byName ? listDentryVersionsCase : nameListCase).make(3);
    const { nextToken } = await other.page(1);
    expect(nextToken).toBeTypeOf('string');
    await expectRefusal(listing.page(2, nextToken), 400, 'paramError');
  });

  it("pages by the spec's default page size, and refuses one past the spec's largest", async () => {
    const schema = maxResultsSchema(list.operationId);
    const size = schema.default ?? schema.maximum ?? Number.NaN;
    expect(size, 'the spec gives a default or a maximum').not.toBeNaN();
    const listing = await list.make(size + 1);
    const first = await listing.page();
    expect(first.ids).toHaveLength(size);
    expect(first.nextToken).toBeTypeOf('string');
    if (schema.maximum !== undefined) {
      expect((await listing.page(schema.maximum)).ids).toHaveLength(schema.maximum);
      await expectRefusal(listing.page(schema.maximum + 1), 400, 'paramError');
    }
    await expectRefusal(listing.page(schema.minimum - 1), 400, 'paramError');
  });
});

/** The maxResults schema of a list, from the query or the body's `option` (as `x-pagination` says). */
function maxResultsSchema(operationId: string): { default?: number; maximum?: number; minimum: number } {
  const operation = specOperation(spec, operationId);
  const fromQuery = operation.parameters.find((p) => p.name === 'maxResults');
  if (fromQuery) return fromQuery.schema;
  const body = resolveSchema(spec, operation.requestBody?.schema);
  return deref(spec, deref(spec, body.properties.option).properties.maxResults);
}
