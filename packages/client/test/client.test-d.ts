// The client's public types, checked by tsc.
import type { paths, StorageErrorCode } from '@dingtalk-storage/types';
import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ClientErrorCode,
  type CreateSpaceInput,
  type CreateSpaceOutput,
  type CreateSpaceResponse,
  createStorageClient,
  createTokenCache,
  type GetSpaceResponse,
  type OperationInput,
  type StorageApiError,
} from '../src/index.js';
import type { InputKind, OperationSpec } from '../src/operation-spec.js';

const storage = createStorageClient({ accessToken: 'tok' });

describe('createSpace', () => {
  it('rejects a wrong ownerType, a missing unionId and unknown option fields', () => {
    // @ts-expect-error GROUP is not an owner type
    storage.createSpace({ unionId: 'u', option: { ownerType: 'GROUP' } });
    // @ts-expect-error unionId is required
    storage.createSpace({ option: { name: 'x' } });
    // @ts-expect-error nmae is not an option field
    storage.createSpace({ unionId: 'u', option: { nmae: 'x' } });
    // @ts-expect-error quota is a number of bytes
    storage.createSpace({ unionId: 'u', option: { quota: '1GB' } });
    expectTypeOf(storage.createSpace).toBeCallableWith({ unionId: 'u', option: { ownerType: 'APP' } });
  });

  it('resolves to the typed body with nested partition quotas', async () => {
    const { space } = await storage.createSpace({ unionId: 'u' });
    expectTypeOf(space.partitions?.[0]?.quota?.type).toEqualTypeOf<'SHARE' | 'PRIVATE' | undefined>();
    expectTypeOf(space.ownerType).toEqualTypeOf<'USER' | 'APP' | undefined>();
    expectTypeOf<ReturnType<typeof storage.createSpace>>().toEqualTypeOf<Promise<CreateSpaceResponse>>();
  });

  it('types space.id as a string and makes a misspelt field a type error', async () => {
    const { space } = await storage.createSpace({ unionId: 'u' });
    expectTypeOf(space.id).toEqualTypeOf<string>();
    // The id goes straight into getSpace: no `?? ''`.
    expectTypeOf(storage.getSpace).toBeCallableWith({ spaceId: space.id, unionId: 'u' });
    // @ts-expect-error ownerTpye is not a field of Space (ownerType is)
    expectTypeOf(space.ownerTpye).not.toBeNever();
  });

  it('exports its named input and output types, the same as the per-operation helpers', () => {
    expectTypeOf<Parameters<typeof storage.createSpace>[0]>().toEqualTypeOf<CreateSpaceInput>();
    expectTypeOf<CreateSpaceInput>().toEqualTypeOf<OperationInput<'createSpace'>>();
    expectTypeOf<CreateSpaceOutput>().toEqualTypeOf<CreateSpaceResponse>();
  });

  it('exposes raw as the openapi-fetch client of the generated paths', () => {
    expectTypeOf(storage.raw).toEqualTypeOf<Client<paths>>();
  });
});

describe('getSpace', () => {
  it('takes spaceId and unionId, both required, and resolves to { space }', async () => {
    // @ts-expect-error spaceId is required
    storage.getSpace({ unionId: 'u' });
    // @ts-expect-error getSpace takes no body
    storage.getSpace({ spaceId: '1', unionId: 'u', option: {} });
    expectTypeOf<ReturnType<typeof storage.getSpace>>().toEqualTypeOf<Promise<GetSpaceResponse>>();
  });
});

describe('options and errors', () => {
  it('requires accessToken and types the provider', () => {
    // @ts-expect-error accessToken is required
    createStorageClient({});
    createStorageClient({ accessToken: async ({ forceRefresh }) => (forceRefresh ? 'b' : 'a') });
    createStorageClient({
      accessToken: createTokenCache(async () => ({ accessToken: 't', expireIn: 7200 })),
    });
    // @ts-expect-error retry is false or an object
    createStorageClient({ accessToken: 't', retry: true });
  });

  it('types StorageApiError.code as the known codes, open to new ones', () => {
    expectTypeOf<StorageErrorCode>().toExtend<StorageApiError['code']>();
    expectTypeOf<ClientErrorCode>().toExtend<StorageApiError['code']>();
    expectTypeOf<'aCodeFromTheFuture'>().toExtend<StorageApiError['code']>();
    expectTypeOf<StorageApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<StorageApiError['requestId']>().toEqualTypeOf<string | undefined>();
  });
});

describe('the operation table', () => {
  const entry = { method: 'GET', path: '/things/{thingId}', query: ['limit'], required: [] } as const;

  it('takes the input kinds the client writes, pagination and async answers', () => {
    const full: OperationSpec = {
      ...entry,
      kinds: { thingId: 'integer', limit: 'integer[]', filter: 'json', deep: 'boolean', ratio: 'number' },
      pagination: { in: 'body', cursor: 'option.nextToken', items: 'things' },
      async: { items: 'resultItems' },
    };
    expectTypeOf(full.kinds?.limit).toEqualTypeOf<InputKind | undefined>();
    expectTypeOf(full.pagination?.items).toEqualTypeOf<string | undefined>();
    expectTypeOf(full.async?.taskId).toEqualTypeOf<string | undefined>();
  });

  it('refuses a kind the client cannot write, a pagination without items, an unknown place', () => {
    // @ts-expect-error float is not a kind the client writes
    const float: OperationSpec = { ...entry, kinds: { limit: 'float' } };
    // @ts-expect-error an object is only sent as JSON text
    const nested: OperationSpec = { ...entry, kinds: { limit: 'json[]' } };
    // @ts-expect-error pagination names the answer's items
    const noItems: OperationSpec = { ...entry, pagination: { cursor: 'nextToken' } };
    // @ts-expect-error the cursor goes in the query or the body
    const header: OperationSpec = { ...entry, pagination: { in: 'header', items: 'things' } };
    expectTypeOf([float, nested, noItems, header]).toBeArray();
  });
});
