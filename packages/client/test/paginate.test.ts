// client.paginate: one generic walk over every operation the spec marks `x-pagination`, driven by its
// generated row — the cursor in the query (listDentries) or in the body (listAllDentries' option.nextToken),
// the items array, the next cursor — against a scripted server that answers page after page.
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/generated/operations.js';
import {
  createStorageClient,
  StorageApiError,
  StoragePaginationError,
  StorageValidationError,
} from '../src/index.js';
import { dingtalkError, type FaultServer, json, type Step, startFaultServer } from './fault-server.js';
import { rejectionOf, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const dentry = (id: string) => ({ id, name: `${id}.txt`, type: 'FILE' });
const page = (ids: string[], nextToken?: string): Step =>
  json(200, { dentries: ids.map(dentry), ...(nextToken !== undefined && { nextToken }) });
const query = (url: string | undefined) => new URL(url ?? '', 'http://x').searchParams;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('paginate over a cursor in the query (listDentries)', () => {
  it('follows nextToken until an answer has none, yielding every item once, keeping maxResults', async () => {
    server = await startFaultServer([page(['a', 'b'], 'p2'), page(['c', 'd'], 'p3'), page(['e'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const items = await collect(
      storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u', maxResults: 2 }),
    );
    expect(items.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.requests.map((r) => query(r.url).get('nextToken'))).toEqual([null, 'p2', 'p3']);
    expect(server.requests.every((r) => query(r.url).get('maxResults') === '2')).toBe(true);
    expect(server.requests.every((r) => r.url.startsWith('/v1.0/storage/spaces/s/dentries?'))).toBe(true);
  });

  it('starts at a cursor the caller passes', async () => {
    server = await startFaultServer([page(['c'], 'p3'), page(['d'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const items = await collect(
      storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u', nextToken: 'p2' }),
    );
    expect(items.map((d) => d.id)).toEqual(['c', 'd']);
    expect(server.requests.map((r) => query(r.url).get('nextToken'))).toEqual(['p2', 'p3']);
  });

  it('stops at an empty nextToken and takes an answer without items as an empty page', async () => {
    server = await startFaultServer([json(200, { nextToken: 'p2' }), page(['a'], '')]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const items = await collect(
      storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' }),
    );
    expect(items.map((d) => d.id)).toEqual(['a']);
    expect(server.requests).toHaveLength(2);
  });

  it('.pages() yields each whole answer', async () => {
    server = await startFaultServer([page(['a', 'b'], 'p2'), page(['c'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const pages = await collect(
      storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' }).pages(),
    );
    expect(pages).toEqual([
      { dentries: [dentry('a'), dentry('b')], nextToken: 'p2' },
      { dentries: [dentry('c')] },
    ]);
  });

  it('requests no further page when the loop breaks', async () => {
    server = await startFaultServer([page(['a', 'b'], 'p2'), page(['c'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    for await (const item of storage.paginate('listDentries', {
      spaceId: 's',
      parentId: '0',
      unionId: 'u',
    })) {
      expect(item.id).toBe('a');
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('ends with the typed error of a page that fails', async () => {
    server = await startFaultServer([page(['a'], 'p2'), dingtalkError(403, 'permissionDenied')]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(
      collect(storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' })),
    );
    expect(error).toBeInstanceOf(StorageApiError);
    expect((error as StorageApiError).code).toBe('permissionDenied');
  });
});

describe('paginate over a cursor in the body (listAllDentries: option.nextToken)', () => {
  it('sends the cursor as option.nextToken beside the caller’s option fields', async () => {
    server = await startFaultServer([page(['a'], 'p2'), page(['b'], 'p3'), page(['c'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const items = await collect(
      storage.paginate('listAllDentries', { spaceId: 's', unionId: 'u', option: { maxResults: 1 } }),
    );
    expect(items.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { option: { maxResults: 1 } },
      { option: { maxResults: 1, nextToken: 'p2' } },
      { option: { maxResults: 1, nextToken: 'p3' } },
    ]);
  });

  it('adds option when the caller gave none', async () => {
    server = await startFaultServer([page(['a'], 'p2'), page(['b'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    await collect(storage.paginate('listAllDentries', { spaceId: 's', unionId: 'u' }));
    expect(server.requests.map((r) => r.body)).toEqual(['{}', '{"option":{"nextToken":"p2"}}']);
  });
});

describe('paginate stops', () => {
  it.each([
    ['repeats the cursor it was sent', [page(['a'], 'p2'), page(['b'], 'p2')], 'p2'],
    ['comes back to an earlier cursor', [page(['a'], 'p2'), page(['b'], 'p3'), page(['c'], 'p2')], 'p2'],
  ])('with a StoragePaginationError naming the operation when the server %s', async (_, script, cursor) => {
    server = await startFaultServer(script);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(
      collect(storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' })),
    );
    expect(error).toBeInstanceOf(StoragePaginationError);
    expect(error).toMatchObject({ operationId: 'listDentries', cursor, name: 'StoragePaginationError' });
    expect((error as Error).message).toContain('listDentries');
    expect(server.requests).toHaveLength(script.length);
  });

  it('when the signal aborts, mid-page and before the next page, with the signal’s reason', async () => {
    server = await startFaultServer([page(['a', 'b'], 'p2'), page(['c'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const controller = new AbortController();
    const reason = new Error('enough');
    const seen: string[] = [];
    const walk = (async () => {
      for await (const item of storage.paginate(
        'listDentries',
        { spaceId: 's', parentId: '0', unionId: 'u' },
        { signal: controller.signal },
      )) {
        seen.push(item.id);
        controller.abort(reason);
      }
    })();
    await expect(walk).rejects.toBe(reason);
    expect(seen).toEqual(['a']);
    expect(server.requests).toHaveLength(1);
  });

  it('passes timeoutMs to each page’s call', async () => {
    server = await startFaultServer([page(['a'])]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(
      collect(
        storage.paginate('listDentries', { spaceId: 's', parentId: '0', unionId: 'u' }, { timeoutMs: -1 }),
      ),
    );
    expect(error).toBeInstanceOf(StorageValidationError);
    expect((error as StorageValidationError).field).toBe('timeoutMs');
  });
});

describe('paginate refuses', () => {
  const notPaged = Object.entries(OPERATIONS)
    .filter(([, row]) => !('pagination' in row))
    .map(([id]) => id);

  it.each(notPaged.slice(0, 3))(
    '%s, which does not page, naming it, before any request',
    async (operationId) => {
      server = await startFaultServer([]);
      const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
      const error = await rejectionOf(
        (async () =>
          storage.paginate(operationId as 'listDentries', { spaceId: 's', parentId: '0', unionId: 'u' }))(),
      );
      expect(error).toBeInstanceOf(StorageValidationError);
      expect((error as StorageValidationError).field).toBe('operationId');
      expect((error as Error).message).toContain(operationId);
      expect(server.requests).toHaveLength(0);
    },
  );
});
