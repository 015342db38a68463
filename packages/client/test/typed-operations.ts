// A fixture spec of operations with every kind of path and query input the client writes, modelled on
// DingTalk's (listDentries' maxResults and withThumbnail, deleteDentry's toRecycleBin, batchQueryRoles'
// JSON-text dentryIdList, revertDentryVersion's integer version), plus arrays and a number, which DingTalk's
// storage API does not use but OpenAPI allows. typed-inputs.test.ts builds the client's table from it with
// the generator.

const string = { type: 'string' };
const integer = { type: 'integer', format: 'int32' };
const query = (name: string, schema: object, required = false) => ({ name, in: 'query', required, schema });
const path = (name: string, schema: object = string) => ({ name, in: 'path', required: true, schema });
const unionId = query('unionId', string, true);
const ok = {
  200: {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
  },
};

export const typedDocument = {
  openapi: '3.1.0',
  security: [{ accessToken: [] }],
  paths: {
    '/spaces/{spaceId}/things': {
      get: {
        operationId: 'listThings',
        parameters: [
          path('spaceId'),
          unionId,
          query('maxResults', integer),
          query('ratio', { type: 'number' }),
          query('withThumbnail', { type: 'boolean' }),
          query('order', { type: 'string', enum: ['asc', 'desc'] }),
          query('tags', { type: 'array', items: string }),
          query('sizes', { type: 'array', items: integer }),
        ],
        responses: ok,
      },
    },
    '/spaces/{spaceId}/roles/batchQuery': {
      post: {
        operationId: 'queryRoles',
        parameters: [
          path('spaceId'),
          {
            name: 'dentryIdList',
            in: 'query',
            required: true,
            content: { 'application/json': { schema: { type: 'array', items: string } } },
          },
          query('roleIds', { type: 'array', items: string }, true),
          unionId,
        ],
        responses: ok,
      },
    },
    '/spaces/{spaceId}/things/{thingId}': {
      delete: {
        operationId: 'deleteThing',
        parameters: [path('spaceId'), path('thingId'), query('toRecycleBin', { type: 'boolean' }), unionId],
        responses: ok,
      },
    },
    '/spaces/{spaceId}/things/{thingId}/versions/{version}/revert': {
      post: {
        operationId: 'revertThing',
        parameters: [
          path('spaceId'),
          path('thingId'),
          path('version', { type: 'integer', format: 'int64' }),
          unionId,
        ],
        responses: ok,
      },
    },
  },
};
