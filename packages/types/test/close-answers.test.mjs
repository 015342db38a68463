// The copy of the spec the types are generated from: answers lose `additionalProperties: true` (so the
// types have no index signature), unless a request uses the same schema or the object is a free-form map.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { closeAnswers } from '../scripts/close-answers.mjs';

const require = createRequire(import.meta.url);
const bundled = readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8');

/** A one-operation document: `Shared` in the request and the answer, `Answer` and `Map` in the answer only. */
function document() {
  const json = (name) => ({
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  return {
    openapi: '3.1.0',
    paths: {
      '/things': {
        post: {
          operationId: 'addThing',
          requestBody: json('Shared'),
          responses: { 200: json('Answer') },
        },
      },
    },
    components: {
      schemas: {
        Answer: {
          type: 'object',
          additionalProperties: true,
          properties: {
            shared: { $ref: '#/components/schemas/Shared' },
            labels: { $ref: '#/components/schemas/Map' },
            nested: { type: 'object', additionalProperties: true, properties: { id: { type: 'string' } } },
          },
        },
        Shared: { type: 'object', additionalProperties: true, properties: { name: { type: 'string' } } },
        Map: { type: 'object', additionalProperties: true },
      },
    },
  };
}

describe('closeAnswers', () => {
  it('drops additionalProperties: true from the objects only answers use, nested ones too', () => {
    const { Answer } = closeAnswers(document()).components.schemas;
    expect(Answer).not.toHaveProperty('additionalProperties');
    expect(Answer.properties.nested).not.toHaveProperty('additionalProperties');
  });

  it('keeps it on a schema a request uses too, and on a free-form map', () => {
    const schemas = closeAnswers(document()).components.schemas;
    expect(schemas.Shared.additionalProperties).toBe(true);
    expect(schemas.Map.additionalProperties).toBe(true);
  });

  it('closes every answer object of the spec and leaves the requests as they are', () => {
    const spec = JSON.parse(bundled);
    const closed = closeAnswers(JSON.parse(bundled));
    const open = Object.entries(spec.components.schemas)
      .filter(([, schema]) => schema.additionalProperties === true)
      .map(([name]) => name);
    expect(open).toEqual(expect.arrayContaining(['Space', 'CreateSpaceResponse', 'ErrorResponse']));
    for (const [name, schema] of Object.entries(spec.components.schemas)) {
      const expected = open.includes(name)
        ? Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'additionalProperties'))
        : schema;
      expect(closed.components.schemas[name], name).toEqual(expected);
    }
  });
});
