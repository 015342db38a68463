// The four conflict strategies, one table over every operation that places an entry by name: addFolder,
// commitFile, copyDentry, moveDentry and restoreRecycleItem, each a file or a folder meeting a file or a
// folder of the same name. AUTO_RENAME (the default) numbers the newcomer (`a.txt` → `a(1).txt` →
// `a(2).txt`, `x` → `x(1)`); OVERWRITE makes a file a new version of the file there and refuses anything
// else (a folder onto a folder, a file meeting a folder) with 409 (the contract's reading); RETURN_DENTRY_IF_EXISTS
// answers the entry there and changes nothing; RETURN_ERROR_IF_EXISTS is 409 `dentryAlreadyExists`.
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../src/drive/answers.js';
import {
  type ConflictStrategy,
  createTestDrive,
  type Dentry,
  expectRefusal,
  OWNER,
  type TestDrive,
} from './drive.js';

type Type = 'FILE' | 'FOLDER';
const NAME: Record<Type, string> = { FILE: 'a.txt', FOLDER: 'x' };
/** AUTO_RENAME's n-th free name for the newcomer. */
const RENAMED: Record<Type, (n: number) => string> = { FILE: (n) => `a(${n}).txt`, FOLDER: (n) => `x(${n})` };
const INCOMING_BYTES = 'the incoming bytes';
const EXISTING_BYTES = 'old';

let drive: TestDrive;
beforeAll(() => {
  drive = createTestDrive();
});

/** Where the newcomer goes, in a space of its own. */
interface Scene {
  spaceId: string;
  folderId: string;
}

/**
 * One newcomer, made ready to be placed in the scene's folder; `stayed` says a copied, moved or recycled one
 * is still where it came from (addFolder and commitFile have no source).
 */
interface Newcomer {
  place(strategy: ConflictStrategy | undefined): Promise<Dentry>;
  stayed?(): Promise<boolean>;
}

interface Operation {
  name: string;
  types: Type[];
  /**
   * Makes `count` newcomers of `type`, all named NAME[type]. Runs before the entry they meet exists: a
   * recycled entry must have been in the folder under that name.
   */
  arrange(scene: Scene, type: Type, count: number): Promise<Newcomer[]>;
}

/** A source to copy or move: a file with INCOMING_BYTES or an empty folder, in a folder of its own. */
async function source({ spaceId }: Scene, type: Type, n: number): Promise<Dentry> {
  const home = await drive.folder(spaceId, `source-${n}`);
  return type === 'FILE'
    ? drive.upload(spaceId, NAME.FILE, INCOMING_BYTES, { parentId: home.id })
    : drive.folder(spaceId, NAME.FOLDER, home.id);
}

const OPERATIONS: Operation[] = [
  {
    name: 'addFolder',
    types: ['FOLDER'],
    async arrange({ spaceId, folderId }, _type, count) {
      return Array.from({ length: count }, () => ({
        async place(strategy) {
          const { dentry } = await drive.storage.addFolder({
            spaceId,
            parentId: folderId,
            unionId: OWNER,
            name: NAME.FOLDER,
            ...(strategy && { option: { conflictStrategy: strategy } }),
          });
          return dentry as Dentry;
        },
      }));
    },
  },
  {
    name: 'commitFile',
    types: ['FILE'],
    async arrange({ spaceId, folderId }, _type, count) {
      return Array.from({ length: count }, () => ({
        place: (strategy) =>
          drive.upload(spaceId, NAME.FILE, INCOMING_BYTES, {
            parentId: folderId,
            ...(strategy && { conflictStrategy: strategy }),
          }),
      }));
    },
  },
  ...(['copyDentry', 'moveDentry'] as const).map(
    (name): Operation => ({
      name,
      types: ['FILE', 'FOLDER'],
      async arrange(scene, type, count) {
        const sources = [];
        for (let n = 0; n < count; n++) sources.push(await source(scene, type, n));
        return sources.map((from) => ({
          async place(strategy) {
            const answer = await drive.storage[name]({
              spaceId: scene.spaceId,
              dentryId: from.id,
              unionId: OWNER,
              targetSpaceId: scene.spaceId,
              targetFolderId: scene.folderId,
              ...(strategy && { option: { conflictStrategy: strategy } }),
            });
            expect(answer.async).toBe(false);
            return answer.dentry as Dentry;
          },
          // A moved entry keeps its id: where it is tells.
          stayed: () =>
            drive.storage.getDentry({ spaceId: scene.spaceId, dentryId: from.id, unionId: OWNER }).then(
              ({ dentry }) => dentry?.parentId === from.parentId,
              () => false,
            ),
        }));
      },
    }),
  ),
  {
    name: 'restoreRecycleItem',
    types: ['FILE', 'FOLDER'],
    async arrange({ spaceId, folderId }, type, count) {
      const { recycleBin } = await drive.storage.getRecycleBin({
        recycleBinScope: 'SPACE',
        scopeId: spaceId,
        unionId: OWNER,
      });
      const recycleBinId = recycleBin?.id ?? '';
      const items: string[] = [];
      for (let n = 0; n < count; n++) {
        const made =
          type === 'FILE'
            ? await drive.upload(spaceId, NAME.FILE, INCOMING_BYTES, { parentId: folderId })
            : await drive.folder(spaceId, NAME.FOLDER, folderId);
        await drive.storage.deleteDentry({ spaceId, dentryId: made.id, unionId: OWNER, toRecycleBin: true });
        const { recycleItems } = await drive.storage.listRecycleItems({ recycleBinId, unionId: OWNER });
        const item = recycleItems?.find((i) => i.dentryId === made.id);
        items.push(item?.id ?? '');
      }
      return items.map((recycleItemId) => ({
        async place(strategy) {
          const answer = await drive.storage.restoreRecycleItem({
            recycleBinId,
            recycleItemId,
            unionId: OWNER,
            ...(strategy && { option: { conflictStrategy: strategy } }),
          });
          expect(answer.async).toBe(false);
          const { dentry } = await drive.storage.getDentry({
            spaceId,
            dentryId: answer.dentryId ?? '',
            unionId: OWNER,
          });
          return dentry as Dentry;
        },
        stayed: () =>
          drive.storage.getRecycleItem({ recycleBinId, recycleItemId, unionId: OWNER }).then(
            () => true,
            () => false,
          ),
      }));
    },
  },
];

/** What a newcomer of `incoming` meeting `existing` gets under `strategy`. */
type Outcome = 'renamed' | 'new version' | 'the existing entry' | '409';
function outcomeOf(incoming: Type, existing: Type, strategy: ConflictStrategy | undefined): Outcome {
  switch (strategy) {
    case undefined:
    case 'AUTO_RENAME':
      return 'renamed';
    case 'OVERWRITE':
      // Only a file overwrites, and only a file (a folder onto a folder is refused too: this project's reading).
      return incoming === 'FILE' && existing === 'FILE' ? 'new version' : '409';
    case 'RETURN_DENTRY_IF_EXISTS':
      return 'the existing entry';
    case 'RETURN_ERROR_IF_EXISTS':
      return '409';
  }
}

const STRATEGIES = [
  undefined,
  'AUTO_RENAME',
  'OVERWRITE',
  'RETURN_DENTRY_IF_EXISTS',
  'RETURN_ERROR_IF_EXISTS',
] as const;
const ROWS = OPERATIONS.flatMap((operation) =>
  operation.types.flatMap((incoming) =>
    (['FILE', 'FOLDER'] as const).flatMap((existing) =>
      STRATEGIES.map((strategy) => ({
        operation,
        incoming,
        existing,
        strategy,
        outcome: outcomeOf(incoming, existing, strategy),
      })),
    ),
  ),
);

describe('conflict strategies', () => {
  it.each(ROWS)(
    '$operation.name: a $incoming meeting a $existing of its name, strategy $strategy → $outcome',
    async ({ operation, incoming, existing, strategy, outcome }) => {
      const spaceId = await drive.space();
      const folder = await drive.folder(spaceId, 'target');
      const scene = { spaceId, folderId: folder.id };
      // Under AUTO_RENAME two newcomers in turn: the second gets the next number.
      const newcomers = await operation.arrange(scene, incoming, outcome === 'renamed' ? 2 : 1);
      const there =
        existing === 'FILE'
          ? await drive.upload(spaceId, NAME[incoming], EXISTING_BYTES, { parentId: folder.id })
          : await drive.folder(spaceId, NAME[incoming], folder.id);
      const names = async () => {
        const { dentries } = await drive.storage.listDentries({
          spaceId,
          parentId: folder.id,
          unionId: OWNER,
        });
        return (dentries ?? []).map((d) => d.name).sort();
      };

      if (outcome === '409') {
        const [newcomer] = newcomers as [Newcomer];
        await expectRefusal(newcomer.place(strategy), 409, 'dentryAlreadyExists');
        expect(await names()).toEqual([NAME[incoming]]);
        if (newcomer.stayed) expect(await newcomer.stayed()).toBe(true);
        return;
      }
      const placed: Dentry[] = [];
      for (const newcomer of newcomers) placed.push(await newcomer.place(strategy));
      const [first] = placed as [Dentry];
      const { dentry: thereNow } = await drive.storage.getDentry({
        spaceId,
        dentryId: there.id,
        unionId: OWNER,
      });

      switch (outcome) {
        case 'renamed':
          expect(placed.map((d) => [d.name, d.type, d.parentId])).toEqual([
            [RENAMED[incoming](1), incoming, folder.id],
            [RENAMED[incoming](2), incoming, folder.id],
          ]);
          expect(placed.map((d) => d.id)).not.toContain(there.id);
          expect(await names()).toEqual([NAME[incoming], RENAMED[incoming](1), RENAMED[incoming](2)].sort());
          expect(thereNow).toEqual(there);
          break;
        case 'new version':
          expect(first).toMatchObject({
            id: there.id,
            name: NAME.FILE,
            version: 2,
            size: INCOMING_BYTES.length,
          });
          expect(await drive.download(spaceId, there.id)).toBe(INCOMING_BYTES);
          expect(await drive.download(spaceId, there.id, 1)).toBe(EXISTING_BYTES);
          expect(await names()).toEqual([NAME.FILE]);
          break;
        case 'the existing entry':
          expect(first).toEqual(there);
          expect(thereNow).toEqual(there);
          expect(await names()).toEqual([NAME[incoming]]);
          if (existing === 'FILE') expect(await drive.download(spaceId, there.id)).toBe(EXISTING_BYTES);
          break;
      }
      // What was placed left where it came from; what was answered with the entry there stayed.
      const stays = operation.name === 'copyDentry' || outcome === 'the existing entry';
      for (const newcomer of newcomers) if (newcomer.stayed) expect(await newcomer.stayed()).toBe(stays);
    },
  );
});

describe('RETURN_DENTRY_IF_EXISTS changes nothing', () => {
  it("commitFile onto a file of that name leaves the file's app properties as they were", async () => {
    const spaceId = await drive.space();
    const there = await drive.upload(spaceId, NAME.FILE, EXISTING_BYTES);
    const answered = await drive.upload(spaceId, NAME.FILE, INCOMING_BYTES, {
      conflictStrategy: 'RETURN_DENTRY_IF_EXISTS',
      appProperties: [{ name: 'colour', value: 'red', visibility: 'PUBLIC' }],
    });
    expect(answered.id).toBe(there.id);
    const { dentry } = await drive.storage.getDentry({
      spaceId,
      dentryId: there.id,
      unionId: OWNER,
      option: { appIdsForAppProperties: [APP_ID] },
    });
    expect(dentry?.appProperties).toBeUndefined();
    expect(dentry).toMatchObject({ version: 1, size: EXISTING_BYTES.length });
  });
});
