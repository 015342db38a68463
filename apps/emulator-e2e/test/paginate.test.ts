// Issue 26, point 4: the client's paginate against the drive emulator. 25 entries listed 10 at a time give
// each exactly once, with the cursor in the query (listDentries) and in the body (listAllDentries'
// option.nextToken); a signal stops the walk mid-way.
import { createStorageClient, type StorageClient } from '@dingtalk-storage/client';
import { describe, expect, it } from 'vitest';
import { emulatorPerFile } from './emulator.js';
import { UNION_ID } from './sdk.js';
import { queryMaximum } from './spec.js';

const emulator = emulatorPerFile();

const ENTRIES = 25;
const PAGE = 10;
const ROOT = '0';

/** A client of the emulator, and a space whose root holds ENTRIES folders: their ids. */
async function spaceOf25(
  sceneId: string,
): Promise<{ storage: StorageClient; spaceId: string; ids: string[] }> {
  const storage = createStorageClient({ accessToken: 'emulator-e2e-token', baseUrl: emulator.mock.url });
  const { space } = await storage.createSpace({ unionId: UNION_ID, option: { scene: 'paginate', sceneId } });
  const ids: string[] = [];
  for (let i = 1; i <= ENTRIES; i += 1) {
    const name = `folder-${String(i).padStart(2, '0')}`;
    const { dentry } = await storage.addFolder({
      spaceId: space.id,
      parentId: ROOT,
      unionId: UNION_ID,
      name,
    });
    ids.push(dentry.id);
  }
  return { storage, spaceId: space.id, ids };
}

describe(`paginate over ${ENTRIES} entries, ${PAGE} a page`, () => {
  it('listDentries (nextToken in the query) gives each entry exactly once, in pages of 10, 10 and 5', async () => {
    expect(PAGE).toBeLessThanOrEqual(queryMaximum('listDentries', 'maxResults'));
    const { storage, spaceId, ids } = await spaceOf25('query');
    const input = { spaceId, parentId: ROOT, unionId: UNION_ID, maxResults: PAGE };

    const listed: string[] = [];
    for await (const dentry of storage.paginate('listDentries', input)) listed.push(dentry.id);
    expect(listed).toHaveLength(ENTRIES);
    expect([...listed].sort()).toEqual([...ids].sort());

    const sizes: number[] = [];
    for await (const page of storage.paginate('listDentries', input).pages())
      sizes.push(page.dentries?.length ?? 0);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('listAllDentries (option.nextToken in the body) gives each entry exactly once', async () => {
    const { storage, spaceId, ids } = await spaceOf25('body');
    const listed: string[] = [];
    for await (const dentry of storage.paginate('listAllDentries', {
      spaceId,
      unionId: UNION_ID,
      option: { maxResults: PAGE },
    })) {
      listed.push(dentry.id);
    }
    expect(listed).toHaveLength(ENTRIES);
    expect([...listed].sort()).toEqual([...ids].sort());
  });

  it('a signal stops the walk mid-way: no page after it, rejected with its reason', async () => {
    const { storage, spaceId } = await spaceOf25('signal');
    const controller = new AbortController();
    const reason = new Error('seen enough');
    const listed: string[] = [];
    const walk = async () => {
      const input = { spaceId, parentId: ROOT, unionId: UNION_ID, maxResults: PAGE };
      for await (const dentry of storage.paginate('listDentries', input, { signal: controller.signal })) {
        listed.push(dentry.id);
        if (listed.length === PAGE + 2) controller.abort(reason);
      }
    };
    const listCalls = () => emulator.mock.requests.filter((r) => r.operationId === 'listDentries').length;
    await expect(walk()).rejects.toBe(reason);
    expect(listed).toHaveLength(PAGE + 2);
    // Two pages read (the abort came during the second), none after.
    expect(listCalls()).toBe(2);
  });
});
