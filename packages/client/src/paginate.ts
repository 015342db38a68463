// client.paginate: one walk for every list operation, driven by its generated row (the spec's
// `x-pagination`), as octokit's paginate.iterator and Stripe's auto-pagination are: the cursor goes in the
// input at the row's path (`nextToken` in the query, `option.nextToken` in the body), the next one comes
// from the answer, until an answer has none.
import type { OperationOutput } from '@dingtalk-storage/types';
import type { CallOptions } from './client.js';
import { check, StorageError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';
import type { Pagination } from './operation-spec.js';

type Operations = typeof OPERATIONS;

/** The operations that page (the spec's `x-pagination`), e.g. `'listDentries'`. */
export type PaginatedOperationId = {
  [K in keyof Operations]: Operations[K] extends { pagination: object } ? K : never;
}[keyof Operations];

type ItemsField<K extends PaginatedOperationId> = Operations[K]['pagination']['items'];

/** One item of a paginated operation's answer, e.g. a `Dentry` for listDentries. */
export type PageItem<K extends PaginatedOperationId> =
  NonNullable<OperationOutput<K>[ItemsField<K> & keyof OperationOutput<K>]> extends readonly (infer Item)[]
    ? Item
    : never;

/** What `client.paginate` returns: the items, page after page; `pages()` gives the whole answers. */
export interface Paginated<K extends PaginatedOperationId> extends AsyncIterable<PageItem<K>> {
  /** Each answer in turn, as the operation's method resolves to it. */
  pages(): AsyncIterable<OperationOutput<K>>;
}

/** The server sent a cursor it had sent before: following it would loop for ever. */
export class StoragePaginationError extends StorageError {
  declare readonly operationId: string;
  /** The cursor that came back. */
  declare readonly cursor: string;

  constructor(operationId: string, cursor: string) {
    super(
      `${operationId} answered the cursor "${cursor}" a second time; stopped paging, as following it would repeat pages for ever.`,
    );
    Object.assign(this, { operationId, cursor });
  }

  override get name(): string {
    return 'StoragePaginationError';
  }
}

type Call = (input: Record<string, unknown>, options?: CallOptions) => Promise<unknown>;

/** `input` with `value` at the dotted `path` (`option.nextToken`), copying each object on the way. */
function withPath(
  input: Record<string, unknown>,
  [name, ...rest]: string[],
  value: unknown,
): Record<string, unknown> {
  const key = name as string;
  const inner = input[key] as Record<string, unknown> | undefined;
  return { ...input, [key]: rest.length ? withPath(inner ?? {}, rest, value) : value };
}

/** The value at the dotted `path` of `input`. */
const atPath = (input: unknown, path: string[]): unknown =>
  path.reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], input);

export function paginate(
  operations: Record<string, unknown>,
  operationId: string,
  input: Record<string, unknown>,
  options?: CallOptions,
): Paginated<PaginatedOperationId> {
  const row = (OPERATIONS as Record<string, { pagination?: Pagination }>)[operationId]?.pagination;
  check(!!row, 'operationId', `an operation that pages (x-pagination in the spec); ${operationId} does not`);
  const { cursor: cursorIn = 'nextToken', items, nextCursor = 'nextToken' } = row;
  const cursorPath = cursorIn.split('.');
  const call = operations[operationId] as Call;

  async function* pages() {
    let cursor = atPath(input, cursorPath);
    const seen = new Set([cursor]);
    for (;;) {
      const answer = (await call(cursor ? withPath(input, cursorPath, cursor) : input, options)) as Record<
        string,
        unknown
      >;
      yield answer;
      cursor = answer[nextCursor];
      if (!cursor) return;
      if (seen.has(cursor)) throw new StoragePaginationError(operationId, String(cursor));
      seen.add(cursor);
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const answer of pages()) {
        for (const item of (answer[items] as unknown[] | undefined) ?? []) {
          // A signal stops the walk at once, not only at the next page's call.
          options?.signal?.throwIfAborted();
          yield item;
        }
      }
    },
  } as Paginated<PaginatedOperationId>;
}
