// The copy of the spec the types are generated from: a parameter sent as JSON text (`content:
// application/json`, as batchQueryRoles' `dentryIdList`) is typed by its content's schema (`string[]`), not
// as the `string` openapi-typescript makes of a parameter without `schema`.
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { typeJsonParameters } from '../scripts/json-parameters.mjs';

const ids = { type: 'array', items: { type: 'string' }, description: 'Ids.' };
const asJson = (name, extra = {}) => ({
  name,
  in: 'query',
  required: true,
  description: `${name}, as JSON text.`,
  content: { 'application/json': { schema: ids } },
  ...extra,
});

/** A document with JSON-text parameters in each place one can be written, and a plain one. */
function document() {
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1.0.0' },
    paths: {
      '/things/{thingId}': {
        parameters: [asJson('pathLevelIds')],
        post: {
          operationId: 'queryThings',
          parameters: [
            { $ref: '#/components/parameters/SharedIds' },
            asJson('inlineIds'),
            { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
          ],
          responses: { 200: { description: 'ok' } },
        },
      },
    },
    components: { parameters: { SharedIds: asJson('sharedIds') } },
  };
}

describe('typeJsonParameters', () => {
  it('gives each JSON-text parameter its content schema, wherever it is written', () => {
    const typed = typeJsonParameters(document());
    const item = typed.paths['/things/{thingId}'];
    for (const parameter of [
      typed.components.parameters.SharedIds,
      item.parameters[0],
      item.post.parameters[1],
    ]) {
      expect(parameter.schema).toEqual(ids);
      expect(parameter).not.toHaveProperty('content');
    }
    expect(item.post.parameters[3]).toEqual({ name: 'limit', in: 'query', schema: { type: 'integer' } });
  });

  it('makes openapi-typescript type them as the values the caller passes', async () => {
    const code = astToString(await openapiTS(typeJsonParameters(document())));
    for (const name of ['pathLevelIds', 'inlineIds']) {
      expect(code).toMatch(new RegExp(`\\b${name}: string\\[\\];`));
    }
    // A shared parameter is typed once, in components, and referred to.
    expect(code).toMatch(/\bSharedIds: string\[\];/);
    expect(code).toMatch(/\bsharedIds: components\["parameters"\]\["SharedIds"\];/);
    expect(code).toMatch(/\blimit\?: number;/);
  });
});
