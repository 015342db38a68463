// client.paginate's types: only operations that page are accepted, the items are the answer's item type,
// the input is the operation's own, and pages() yields the operation's whole answer.
import type { components } from '@dingtalk-storage/types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createStorageClient,
  type ListAllDentriesOutput,
  type ListDentriesOutput,
  type PageItem,
  type Paginated,
  type PaginatedOperationId,
} from '../src/index.js';

type Schemas = components['schemas'];
const storage = createStorageClient({ accessToken: 'tok' });

describe('paginate', () => {
  it('yields each operation’s items typed: Dentry, Permission, RecycleItem', async () => {
    for await (const dentry of storage.paginate('listDentries', {
      spaceId: 's',
      parentId: '0',
      unionId: 'u',
    })) {
      expectTypeOf(dentry).toEqualTypeOf<Schemas['Dentry']>();
    }
    expectTypeOf<PageItem<'listAllDentries'>>().toEqualTypeOf<Schemas['Dentry']>();
    expectTypeOf<PageItem<'listDentryVersions'>>().toEqualTypeOf<Schemas['Dentry']>();
    expectTypeOf<PageItem<'listPermissions'>>().toEqualTypeOf<Schemas['Permission']>();
    expectTypeOf<PageItem<'listRecycleItems'>>().toEqualTypeOf<Schemas['RecycleItem']>();
  });

  it('accepts exactly the operations the spec marks x-pagination', () => {
    expectTypeOf<PaginatedOperationId>().toEqualTypeOf<
      'listDentries' | 'listAllDentries' | 'listDentryVersions' | 'listPermissions' | 'listRecycleItems'
    >();
    // @ts-expect-error getSpace does not page
    storage.paginate('getSpace', { spaceId: 's', unionId: 'u' });
    // @ts-expect-error copyDentries does not page
    storage.paginate('copyDentries', {
      spaceId: 's',
      unionId: 'u',
      dentryIds: [],
      targetSpaceId: 't',
      targetFolderId: '0',
    });
  });

  it('takes the operation’s own input', () => {
    // @ts-expect-error parentId is required by listDentries
    storage.paginate('listDentries', { spaceId: 's', unionId: 'u' });
    // @ts-expect-error maxResults is a number
    storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u', maxResults: '10' });
    storage.paginate('listAllDentries', {
      spaceId: 's',
      unionId: 'u',
      option: { maxResults: 10, nextToken: 'n' },
    });
    storage.paginate(
      'listDentries',
      { spaceId: 's', parentId: '0', unionId: 'u' },
      { signal: AbortSignal.abort() },
    );
  });

  it('pages() yields the whole answers', async () => {
    const listing = storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' });
    expectTypeOf(listing).toEqualTypeOf<Paginated<'listDentries'>>();
    for await (const page of listing.pages()) expectTypeOf(page).toEqualTypeOf<ListDentriesOutput>();
    for await (const page of storage.paginate('listAllDentries', { spaceId: 's', unionId: 'u' }).pages()) {
      expectTypeOf(page).toEqualTypeOf<ListAllDentriesOutput>();
    }
  });
});
