// The shape of one entry of the generated operation table (src/generated/operations.ts). The table is in
// every bundle, so an entry leaves out what is the default: a parameter's kind when it is a string, an empty
// `result`, the pagination fields named as DingTalk names them (`nextToken`, `maxResults`).

/** A scalar path or query input: checked by its type, written as DingTalk's SDK writes it (`String(value)`). */
export type ScalarKind = 'string' | 'integer' | 'number' | 'boolean';

/**
 * How a path or query input is checked and written in the URL, percent-encoded: `integer` (a safe
 * integer), `number` (finite) and `boolean` in decimal and `true`/`false`; `json` as JSON text (a
 * `content: application/json` parameter, e.g. batchQueryRoles' `dentryIdList`); `integer[]` and the like
 * once per item (`name=a&name=b`: OpenAPI's style form, exploded). A string is the default.
 */
export type InputKind = ScalarKind | 'json' | `${ScalarKind}[]`;

/**
 * How a list operation pages (the spec's `x-pagination`, checked by the generator): the request's cursor
 * and page size, in the query or as dotted paths in the JSON body (`option.nextToken`), and the 2xx body's
 * items array and next cursor (absent or empty on the last page).
 */
export interface Pagination {
  /** Where the cursor and the page size go. Default `query`. */
  in?: 'query' | 'body';
  /** The request's cursor: a query parameter or a body path. Default `nextToken`. */
  cursor?: string;
  /** The request's page size: a query parameter or a body path. Default `maxResults`. */
  pageSize?: string;
  /** The 2xx body's array of items, e.g. `dentries`. */
  items: string;
  /** The 2xx body's cursor of the next page. Default `nextToken`. */
  nextCursor?: string;
}

/**
 * An operation that may finish later (the spec's `x-async`, checked by the generator): its 2xx body, or
 * each item of its `items` array, has a boolean `async` and, when true, the id of the task to wait for.
 */
export interface AsyncAnswer {
  /** The field holding the task's id. Default `taskId`. */
  taskId?: string;
  /** For a batch: the 2xx body's array whose items each may be async, e.g. `resultItems`. */
  items?: string;
}

export interface OperationSpec {
  /** Upper-case HTTP method. */
  method: string;
  /**
   * The templated path, e.g. `/v1.0/storage/spaces/{spaceId}`; `{name}` inputs are path parameters, always
   * required.
   */
  path: string;
  /** Names of the query parameters, in the order they are written (by name, as DingTalk's SDK does). */
  query: readonly string[];
  /** Names of the top-level JSON body properties; absent when the operation takes no body. */
  body?: readonly string[];
  /** Inputs that must be given besides the path parameters: required query parameters and body properties. */
  required: readonly string[];
  /** Object properties the 2xx body must have, e.g. `space`. */
  result?: readonly string[];
  /** The kind of each path or query parameter that is not a string. */
  kinds?: Readonly<Record<string, InputKind>>;
  /** The spec marks it `x-idempotent`: a POST that may be retried. */
  idempotent?: true;
  /** The spec says `security: []`: sent without the access token (the token endpoint itself). */
  anonymous?: true;
  /** A list that pages (`x-pagination`). */
  pagination?: Pagination;
  /** An answer that may be `{ async: true, taskId }` (`x-async`). */
  async?: AsyncAnswer;
  /** The operation that reports an async task (`x-task-status`): `taskId` in, `{ task }` with its status out. */
  taskStatus?: true;
}
