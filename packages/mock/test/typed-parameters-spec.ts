// A spec with one operation whose path and query carry every kind of typed parameter the mock decodes:
// integers (int32 with bounds, int64 beyond 2^53), a number, a boolean, an enum by $ref, JSON text
// (`content: application/json`, as batchQueryRoles' `dentryIdList`), an exploded array (repeated names)
// and a comma-separated one, and a string that looks like a number.
import type { OpenApiDocument } from '@dingtalk-storage/spec/operations';

const ok = {
  description: 'OK',
  content: {
    'application/json': {
      schema: { type: 'object', additionalProperties: true },
      examples: { done: { value: { done: true } } },
    },
  },
};

export const typedParametersSpec: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'typed parameters', version: '1.0.0' },
  paths: {
    '/things/{thingId}/versions/{version}': {
      get: {
        operationId: 'listThings',
        parameters: [
          { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'version', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
          {
            name: 'maxResults',
            in: 'query',
            schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 50 },
          },
          { name: 'ratio', in: 'query', schema: { type: 'number' } },
          { name: 'withThumbnail', in: 'query', schema: { type: 'boolean' } },
          { name: 'order', in: 'query', schema: { $ref: '#/components/schemas/Order' } },
          {
            name: 'dentryIdList',
            in: 'query',
            content: {
              'application/json': {
                schema: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
              },
            },
          },
          { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          {
            name: 'sizes',
            in: 'query',
            style: 'form',
            explode: false,
            schema: { type: 'array', maxItems: 3, items: { type: 'integer', minimum: 0 } },
          },
          { name: 'unionId', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
        ],
        responses: { '200': ok },
      },
    },
  },
  components: { schemas: { Order: { type: 'string', enum: ['ASC', 'DESC'] } } },
};
