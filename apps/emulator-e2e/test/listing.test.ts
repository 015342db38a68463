// Issue 24, flow 3: listing 25 entries 10 at a time (listDentries with maxResults + nextToken, and
// listAllDentries likewise) gives each exactly once, and the last page has no nextToken.
import { describe, expect, it } from 'vitest';
import { testBytes } from './bytes.js';
import { addFolder, createSpace, ROOT, uploadFile } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { type Sdk, storage, UNION_ID } from './sdk.js';
import { queryMaximum } from './spec.js';

const emulator = emulatorPerFile();

const FOLDERS = 15;
const FILES = 10;
const PAGE = 10;

/** A space whose root holds FOLDERS folders and FILES files (and nothing else): their ids. */
async function spaceOf25(sdk: Sdk, sceneId: string): Promise<{ spaceId: string; ids: string[] }> {
  const space = await createSpace(sdk, { sceneId });
  const ids: string[] = [];
  for (let i = 1; i <= FOLDERS; i += 1) {
    ids.push((await addFolder(sdk, space.id, `folder-${String(i).padStart(2, '0')}`)).id as string);
  }
  for (let i = 1; i <= FILES; i += 1) {
    const bytes = testBytes(i * 10, `listing file ${i}`);
    ids.push((await uploadFile(sdk, space.id, { name: `file-${i}.txt`, bytes })).id as string);
  }
  return { spaceId: space.id, ids };
}

/** The pages a list operation answers, following nextToken from the first page to one without it. */
async function pages(
  readPage: (nextToken: string | undefined) => Promise<{ dentries?: { id?: string }[]; nextToken?: string }>,
): Promise<{ ids: string[]; sizes: number[]; tokens: (string | undefined)[] }> {
  const result = { ids: [] as string[], sizes: [] as number[], tokens: [] as (string | undefined)[] };
  let nextToken: string | undefined;
  do {
    // A bound that only ends a cursor that never ends.
    if (result.sizes.length > FOLDERS + FILES)
      throw new Error(`still a nextToken after ${result.sizes.length} pages`);
    const page = await readPage(nextToken);
    const dentries = page.dentries ?? [];
    result.ids.push(...dentries.map((dentry) => dentry.id as string));
    result.sizes.push(dentries.length);
    result.tokens.push(page.nextToken);
    nextToken = page.nextToken;
  } while (nextToken);
  return result;
}

describe(`${FOLDERS + FILES} entries listed ${PAGE} at a time`, () => {
  it('listDentries (maxResults + nextToken) gives each entry exactly once, no nextToken after the last page', async () => {
    expect(PAGE).toBeLessThanOrEqual(queryMaximum('listDentries', 'maxResults'));
    const { sdk } = emulator;
    const { spaceId, ids } = await spaceOf25(sdk, 'listing');
    const { client, headers, runtime } = sdk;

    const listed = await pages(async (nextToken) => {
      const answer = await client.listDentriesWithOptions(
        spaceId,
        new storage.ListDentriesRequest({
          unionId: UNION_ID,
          parentId: ROOT,
          maxResults: PAGE,
          ...(nextToken && { nextToken }),
        }),
        headers,
        runtime,
      );
      return answer.body ?? {};
    });

    expect(listed.sizes).toEqual([10, 10, 5]);
    expect(listed.tokens.slice(0, -1).every((token) => typeof token === 'string' && token !== '')).toBe(true);
    expect(listed.tokens.at(-1)).toBeUndefined();
    expect(listed.ids).toHaveLength(new Set(listed.ids).size);
    expect([...listed.ids].sort()).toEqual([...ids].sort());
  });

  it('listAllDentries (option.maxResults + option.nextToken) gives each entry exactly once, no nextToken after the last page', async () => {
    const { sdk } = emulator;
    const { spaceId, ids } = await spaceOf25(sdk, 'listing-all');
    const { client, headers, runtime } = sdk;

    const listed = await pages(async (nextToken) => {
      const answer = await client.listAllDentriesWithOptions(
        spaceId,
        new storage.ListAllDentriesRequest({
          unionId: UNION_ID,
          option: new storage.ListAllDentriesRequestOption({
            maxResults: PAGE,
            ...(nextToken && { nextToken }),
          }),
        }),
        headers,
        runtime,
      );
      return answer.body ?? {};
    });

    expect(listed.sizes).toEqual([10, 10, 5]);
    expect(listed.tokens.at(-1)).toBeUndefined();
    expect(listed.ids).toHaveLength(new Set(listed.ids).size);
    expect([...listed.ids].sort()).toEqual([...ids].sort());
  });
});
