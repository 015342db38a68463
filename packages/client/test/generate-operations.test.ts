// The generator of the operation table (src/generated/operations.ts) over fixture operations: what each
// entry carries for typed path and query parameters, a JSON-text parameter, pagination in the query and in
// the body and async answers (single and batch), defaults left out; and every refusal, naming the operation
// and the parameter or extension field at fault.
import { describe, expect, it } from 'vitest';
import type { OperationSpec } from '../src/operation-spec.js';

// The generator is plain JavaScript; imported by URL, it is typed here by what the test uses.
const { operationTable, generate } = (await import(
  new URL('../scripts/generate.mjs', import.meta.url).href
)) as {
  operationTable: (document: unknown) => Record<string, OperationSpec>;
  generate: (document: unknown) => string;
};

type Json = Record<string, unknown>;

const string = { type: 'string' };
const integer = { type: 'integer', format: 'int32' };
const object = (properties: Json, extra: Json = {}) => ({ type: 'object', properties, ...extra });
const arrayOf = (items: Json) => ({ type: 'array', items });
const query = (name: string, schema: Json, extra: Json = {}) => ({ name, in: 'query', schema, ...extra });
const unionId = query('unionId', string, { required: true });

/** The 2xx body of a list: items and the next page's cursor. */
const page = object({ things: arrayOf(object({ id: string })), nextToken: string });
/** An answer that may be async: `{ async, taskId }`, as a shared component (reached through allOf). */
const asyncAnswer = { $ref: '#/components/schemas/AsyncTaskAnswer' };

interface Fixture {
  method?: string;
  path?: string;
  parameters?: Json[];
  body?: Json;
  answer?: Json;
  extensions?: Json;
  /** Whether the document has `poll`, the operation marked `x-task-status` (default true). */
  withPoll?: boolean;
}

/** `poll`: the operation that reports a task (`x-task-status`), which a document with `x-async` needs. */
const pollPath = {
  get: {
    operationId: 'poll',
    parameters: [{ name: 'taskId', in: 'path', required: true, schema: string }, unionId],
    responses: {
      200: {
        description: 'ok',
        content: { 'application/json': { schema: object({ task: object({ status: string }) }) } },
      },
    },
    'x-task-status': true,
  },
};

/** A document of `op`, with these parameters, body, 2xx answer and `x-` extensions, and `poll`. */
function documentOf({
  method = 'get',
  path = '/things',
  parameters = [unionId],
  body,
  answer,
  extensions,
  withPoll = true,
}: Fixture) {
  return {
    openapi: '3.1.0',
    security: [{ accessToken: [] }],
    paths: {
      ...(withPoll && { '/tasks/{taskId}': pollPath }),
      [path]: {
        [method]: {
          operationId: 'op',
          parameters,
          ...(body && { requestBody: { content: { 'application/json': { schema: body } } } }),
          responses: {
            200: { description: 'ok', content: { 'application/json': { schema: answer ?? object({}) } } },
          },
          ...extensions,
        },
      },
    },
    components: {
      schemas: {
        AsyncTaskAnswer: object({ async: { type: 'boolean' }, taskId: string }),
        Ids: arrayOf(string),
      },
      parameters: {
        Filter: {
          name: 'filter',
          in: 'query',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ids' } } },
        },
      },
    },
  };
}

const entryOf = (fixture: Fixture) => operationTable(documentOf(fixture)).op;

describe('the table entry', () => {
  it('names the kind of each path and query parameter that is not a string, and sorts the query by name', () => {
    const entry = entryOf({
      path: '/things/{thingId}/versions/{version}',
      parameters: [
        unionId,
        { name: 'thingId', in: 'path', required: true, schema: string },
        { name: 'version', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
        query('maxResults', integer),
        query('ratio', { type: 'number' }),
        query('withThumbnail', { type: 'boolean' }),
        query('order', { type: 'string', enum: ['asc', 'desc'] }),
        query('tags', arrayOf(string)),
        query('sizes', arrayOf(integer), { style: 'form', explode: true }),
        { $ref: '#/components/parameters/Filter' },
      ],
    });
    expect(entry).toEqual({
      method: 'GET',
      path: '/things/{thingId}/versions/{version}',
      query: ['filter', 'maxResults', 'order', 'ratio', 'sizes', 'tags', 'unionId', 'withThumbnail'],
      required: ['unionId'],
      kinds: {
        version: 'integer',
        maxResults: 'integer',
        ratio: 'number',
        withThumbnail: 'boolean',
        tags: 'string[]',
        sizes: 'integer[]',
        filter: 'json',
      },
    });
  });

  it('leaves out what is the default: string kinds, an empty result, no body, GET', () => {
    const code = generate(documentOf({}));
    expect(code).toContain(
      '  op: {"method":"GET","path":"/things","query":["unionId"],"required":["unionId"]},',
    );
  });

  it.each<[string, Json, Pick<OperationSpec, 'pagination'>]>([
    [
      'in the query, named as DingTalk names them',
      { in: 'query', cursor: 'nextToken', pageSize: 'maxResults', items: 'things', nextCursor: 'nextToken' },
      { pagination: { items: 'things' } },
    ],
    [
      'in the query, named otherwise',
      { in: 'query', cursor: 'pageToken', pageSize: 'size', items: 'things', nextCursor: 'next' },
      { pagination: { cursor: 'pageToken', pageSize: 'size', items: 'things', nextCursor: 'next' } },
    ],
    [
      'in the body',
      {
        in: 'body',
        cursor: 'option.nextToken',
        pageSize: 'option.maxResults',
        items: 'things',
        nextCursor: 'nextToken',
      },
      {
        pagination: {
          in: 'body',
          cursor: 'option.nextToken',
          pageSize: 'option.maxResults',
          items: 'things',
        },
      },
    ],
  ])('carries x-pagination %s', (_, extension, expected) => {
    const entry = entryOf({
      method: 'post',
      parameters: [
        unionId,
        query('nextToken', string),
        query('maxResults', integer),
        query('pageToken', string),
        query('size', integer),
      ],
      body: object({ option: object({ nextToken: string, maxResults: integer }) }),
      answer: object({ things: page.properties.things, nextToken: string, next: string }),
      extensions: { 'x-pagination': extension },
    });
    expect(entry).toMatchObject(expected);
  });

  it.each<[string, Json, Json, Pick<OperationSpec, 'async'>]>([
    [
      'a single answer (its fields through allOf)',
      { taskId: 'taskId' },
      { allOf: [asyncAnswer], ...object({ thing: object({}) }) },
      { async: {} },
    ],
    [
      'a batch, each item async',
      { items: 'resultItems', taskId: 'taskId' },
      object({ resultItems: arrayOf({ allOf: [asyncAnswer] }) }),
      { async: { items: 'resultItems' } },
    ],
    [
      'a task id named otherwise',
      { taskId: 'jobId' },
      object({ async: { type: 'boolean' }, jobId: string }),
      { async: { taskId: 'jobId' } },
    ],
  ])('carries x-async for %s', (_, extension, answer, expected) => {
    expect(entryOf({ method: 'post', answer, extensions: { 'x-async': extension } })).toMatchObject(expected);
  });
});

const WHERE = 'Cannot generate the client method for op (GET /things): ';

describe('refusals, naming the operation and what is at fault', () => {
  it.each<[string, Json, string]>([
    [
      'an object',
      query('filter', object({})),
      'query parameter `filter` is of type "object"; the client writes',
    ],
    ['no type', query('filter', {}), 'query parameter `filter` is of no type; the client writes'],
    [
      'a type list',
      query('filter', { type: ['string', 'null'] }),
      'query parameter `filter` is of type ["string","null"]; the client writes',
    ],
    [
      'an array of objects',
      query('filter', arrayOf(object({}))),
      'query parameter `filter` is an array with items of type "object"; the client writes',
    ],
    [
      'an array not exploded',
      query('filter', arrayOf(string), { explode: false }),
      'query parameter `filter` is an array with explode: false; the client writes',
    ],
    [
      'style deepObject',
      query('filter', object({}), { style: 'deepObject' }),
      'query parameter `filter` has style deepObject; the client writes',
    ],
    [
      'style pipeDelimited',
      query('filter', arrayOf(string), { style: 'pipeDelimited' }),
      'query parameter `filter` has style pipeDelimited; the client writes',
    ],
    [
      'allowReserved',
      query('filter', string, { allowReserved: true }),
      "query parameter `filter` sets allowReserved; the client percent-encodes every value, as DingTalk's SDK does.",
    ],
    [
      'content that is not JSON',
      { name: 'filter', in: 'query', content: { 'text/plain': { schema: string } } },
      'query parameter `filter` has content text/plain; the client writes',
    ],
    [
      'a name that needs percent-encoding',
      query('filter[name]', string),
      'query parameter `filter[name]`: its name would need percent-encoding; the client writes query names as they are.',
    ],
  ])('a query parameter with %s', (_, parameter, problem) => {
    expect(() => entryOf({ parameters: [unionId, parameter] })).toThrow(WHERE + problem);
  });

  it.each<[string, Json, string]>([
    [
      'an array',
      { schema: arrayOf(string) },
      'path parameter `thingId` is of type "array"; the client writes',
    ],
    [
      'style label',
      { schema: string, style: 'label' },
      'path parameter `thingId` has style label; the client writes',
    ],
    [
      'JSON content',
      { content: { 'application/json': { schema: arrayOf(string) } } },
      'path parameter `thingId` is JSON text (content: application/json); the client writes',
    ],
  ])('a path parameter with %s', (_, fields, problem) => {
    const parameter = { name: 'thingId', in: 'path', required: true, ...fields };
    expect(() => entryOf({ path: '/things/{thingId}', parameters: [unionId, parameter] })).toThrow(
      `Cannot generate the client method for op (GET /things/{thingId}): ${problem}`,
    );
  });

  const listing = (extension: unknown): Fixture => ({
    parameters: [unionId, query('nextToken', string), query('maxResults', integer), query('order', integer)],
    answer: page,
    extensions: { 'x-pagination': extension },
  });
  const valid = {
    in: 'query',
    cursor: 'nextToken',
    pageSize: 'maxResults',
    items: 'things',
    nextCursor: 'nextToken',
  };
  const inBody = (fields: Json) => ({
    ...listing({
      ...valid,
      in: 'body',
      cursor: 'option.nextToken',
      pageSize: 'option.maxResults',
      ...fields,
    }),
    body: object({ option: object({ nextToken: string, maxResults: integer }) }),
  });

  it.each<[string, Fixture, string]>([
    ['not an object', listing(true), 'x-pagination is not an object.'],
    [
      'an unknown field',
      listing({ ...valid, cursr: 'nextToken' }),
      'x-pagination.cursr is not a field of x-pagination (it has in, cursor, pageSize, items, nextCursor).',
    ],
    [
      'a missing field',
      listing({ ...valid, items: undefined }),
      'x-pagination.items must be a non-empty string.',
    ],
    ['an empty field', listing({ ...valid, cursor: '' }), 'x-pagination.cursor must be a non-empty string.'],
    [
      'a place other than query or body',
      listing({ ...valid, in: 'header' }),
      'x-pagination.in must be query or body.',
    ],
    [
      'a cursor that is not a query parameter',
      listing({ ...valid, cursor: 'nextTokn' }),
      'x-pagination.cursor `nextTokn` is not a query parameter of the operation.',
    ],
    [
      'a cursor that is not a string',
      listing({ ...valid, cursor: 'order' }),
      'x-pagination.cursor `order` is not of type string.',
    ],
    [
      'a page size that is not an integer',
      listing({ ...valid, pageSize: 'nextToken' }),
      'x-pagination.pageSize `nextToken` is not of type integer.',
    ],
    [
      'a body cursor that is not in the body',
      inBody({ cursor: 'option.next' }),
      'x-pagination.cursor `option.next` is not a property of the JSON body.',
    ],
    [
      'a body page size that is not an integer',
      inBody({ pageSize: 'option.nextToken' }),
      'x-pagination.pageSize `option.nextToken` in the JSON body is not of type integer.',
    ],
    [
      'items that are not an array',
      listing({ ...valid, items: 'nextToken' }),
      'x-pagination.items `nextToken` is not an array in the 2xx body.',
    ],
    [
      'a next cursor missing from the answer',
      listing({ ...valid, nextCursor: 'next' }),
      'x-pagination.nextCursor `next` is not a string in the 2xx body.',
    ],
  ])('x-pagination: %s', (_, fixture, problem) => {
    expect(() => entryOf(fixture)).toThrow(WHERE + problem);
  });

  const asyncOp = (
    extension: unknown,
    answer: Json = object({ async: { type: 'boolean' }, taskId: string }),
  ) => ({
    answer,
    extensions: { 'x-async': extension },
  });
  const batch = object({ resultItems: arrayOf(object({ taskId: string })) });

  it.each<[string, Fixture, string]>([
    ['not an object', asyncOp('taskId'), 'x-async is not an object.'],
    [
      'an unknown field',
      asyncOp({ taskId: 'taskId', item: 'resultItems' }),
      'x-async.item is not a field of x-async (it has taskId, items).',
    ],
    ['no taskId', asyncOp({}), 'x-async.taskId must be a non-empty string.'],
    [
      'no async field in the answer',
      asyncOp({ taskId: 'taskId' }, object({ taskId: string })),
      'x-async: no boolean `async` field in the 2xx body.',
    ],
    [
      'a taskId missing from the answer',
      asyncOp({ taskId: 'jobId' }),
      'x-async.taskId `jobId` is not a string field of the 2xx body.',
    ],
    [
      'batch items that are not an array',
      asyncOp({ taskId: 'taskId', items: 'taskId' }),
      'x-async.items `taskId` is not an array in the 2xx body.',
    ],
    [
      'batch items without an async field',
      asyncOp({ taskId: 'taskId', items: 'resultItems' }, batch),
      'x-async: no boolean `async` field in the items of `resultItems`.',
    ],
  ])('x-async: %s', (_, fixture, problem) => {
    expect(() => entryOf(fixture)).toThrow(WHERE + problem);
  });

  const taskStatusOp = (extension: unknown, parameters: Json[], answer: Json): Fixture => ({
    parameters,
    answer,
    extensions: { 'x-task-status': extension },
    withPoll: false,
  });
  const taskIdParam = { name: 'taskId', in: 'path', required: true, schema: string };
  const taskAnswer = object({ task: object({ status: string }) });

  it.each<[string, Fixture, string]>([
    ['not true', taskStatusOp('yes', [taskIdParam, unionId], taskAnswer), 'x-task-status must be `true`.'],
    [
      'no taskId parameter',
      taskStatusOp(true, [unionId], taskAnswer),
      'x-task-status: no string path or query parameter `taskId`.',
    ],
    [
      'a taskId that is not a string',
      taskStatusOp(true, [{ ...taskIdParam, schema: integer }, unionId], taskAnswer),
      'x-task-status: no string path or query parameter `taskId`.',
    ],
    [
      'no task status in the answer',
      taskStatusOp(true, [taskIdParam, unionId], object({ task: object({ id: string }) })),
      'x-task-status: no object `task` with a string `status` in the 2xx body.',
    ],
  ])('x-task-status: %s', (_, fixture, problem) => {
    expect(() => entryOf({ path: '/things/{taskId}', ...fixture })).toThrow(
      `Cannot generate the client method for op (GET /things/{taskId}): ${problem}`,
    );
  });

  it('x-task-status on two operations', () => {
    const fixture = taskStatusOp(true, [taskIdParam, unionId], taskAnswer);
    expect(() => entryOf({ ...fixture, path: '/things/{taskId}', withPoll: true })).toThrow(
      'Cannot generate the client: poll and op are both marked x-task-status; mark only the operation that reports a task.',
    );
  });

  it('x-async with no operation marked x-task-status', () => {
    expect(() =>
      entryOf({ answer: asyncAnswer, extensions: { 'x-async': { taskId: 'taskId' } }, withPoll: false }),
    ).toThrow(
      'Cannot generate the client: op is marked x-async, but no operation is marked x-task-status (the one that reports a task, to wait for it with).',
    );
  });
});

describe('x-task-status', () => {
  it('marks the operation that reports a task in its table entry', () => {
    expect(operationTable(documentOf({})).poll).toMatchObject({ taskStatus: true });
    expect(operationTable(documentOf({})).op).not.toHaveProperty('taskStatus');
  });
});
