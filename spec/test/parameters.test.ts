// specOperations gives each parameter the schema of its value: a parameter sent as JSON text
// (`content: application/json`, as batchQueryRoles' `dentryIdList`) gets the content's schema, $refs
// followed, and `json: true`; a plain parameter keeps its `schema` and has no `json`.
import { describe, expect, it } from 'vitest';
import { type OpenApiDocument, specOperations } from '../src/operations.mjs';

const ids = { type: 'array', items: { type: 'string' } };
const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/things/{thingId}': {
      post: {
        operationId: 'queryThings',
        parameters: [
          { $ref: '#/components/parameters/ThingIds' },
          { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'note', in: 'query', content: { 'text/plain': { schema: { type: 'string' } } } },
        ],
        responses: {},
      },
    },
  },
  components: {
    parameters: {
      ThingIds: {
        name: 'thingIds',
        in: 'query',
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Ids' } } },
      },
    },
    schemas: { Ids: ids },
  },
};

describe('specOperations: parameters', () => {
  const [operation] = specOperations(document);
  const parameter = (name: string) => operation?.parameters.find((p) => p.name === name);

  it('a content: application/json parameter has the content schema and json: true', () => {
    expect(parameter('thingIds')).toMatchObject({
      in: 'query',
      required: true,
      json: true,
      schema: { $ref: '#/components/schemas/Ids' },
    });
  });

  it('a plain parameter keeps its schema, is not JSON, and is optional unless required', () => {
    expect(parameter('limit')).toMatchObject({ schema: { type: 'integer' }, required: false });
    expect(parameter('limit')).not.toHaveProperty('json');
    expect(parameter('thingId')).toMatchObject({ schema: { type: 'string' }, required: true });
  });

  it('content in another media type is not JSON: no schema is made up for it', () => {
    expect(parameter('note')?.schema).toEqual({});
    expect(parameter('note')).not.toHaveProperty('json');
  });
});
