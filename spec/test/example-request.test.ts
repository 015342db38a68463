// exampleRequest builds a request from the spec's own examples, typed as the client takes them (numbers,
// booleans, arrays, JSON parameters from their content's example), with the path and the query string
// written as the official SDK puts them on the wire.
import { describe, expect, it } from 'vitest';
import { exampleRequest, type OpenApiDocument, specOperation } from '../src/operations.mjs';

const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/spaces/{spaceId}/versions/{version}': {
      post: {
        operationId: 'revertThing',
        parameters: [
          { name: 'spaceId', in: 'path', required: true, schema: { type: 'string' }, example: '2039' },
          { name: 'version', in: 'path', required: true, schema: { type: 'integer' }, example: 3 },
          { name: 'maxResults', in: 'query', schema: { type: 'integer' }, example: 30 },
          { name: 'toRecycleBin', in: 'query', schema: { type: 'boolean' }, example: false },
          {
            name: 'dentryIdList',
            in: 'query',
            required: true,
            content: {
              'application/json': {
                schema: { type: 'array', items: { type: 'string' } },
                example: ['93024158271', 'a b'],
              },
            },
          },
          {
            name: 'tags',
            in: 'query',
            schema: { type: 'array', items: { type: 'string' } },
            examples: { two: { value: ['x', 'y'] } },
          },
          {
            name: 'sizes',
            in: 'query',
            style: 'form',
            explode: false,
            schema: { type: 'array', items: { type: 'integer' } },
            example: [1, 2],
          },
          { name: 'unionId', in: 'query', required: true, schema: { type: 'string' }, example: 'u 1' },
          { name: 'noExample', in: 'query', schema: { type: 'string' } },
        ],
        responses: {},
      },
    },
  },
};

describe('exampleRequest', () => {
  const example = exampleRequest(specOperation(document, 'revertThing'));

  it('gives each parameter its example typed as the spec gives it, a JSON parameter its content example', () => {
    expect(example.pathParams).toEqual({ spaceId: '2039', version: 3 });
    expect(example.query).toEqual({
      maxResults: 30,
      toRecycleBin: false,
      dentryIdList: ['93024158271', 'a b'],
      tags: ['x', 'y'],
      sizes: [1, 2],
      unionId: 'u 1',
    });
  });

  it('fills in the path and writes the query string as the SDK sends them', () => {
    expect(example.path).toBe('/spaces/2039/versions/3');
    expect(
      Object.fromEntries(
        ['maxResults', 'toRecycleBin', 'dentryIdList', 'sizes', 'unionId'].map((name) => [
          name,
          new URLSearchParams(example.queryString).getAll(name),
        ]),
      ),
    ).toEqual({
      maxResults: ['30'],
      toRecycleBin: ['false'],
      dentryIdList: ['["93024158271","a b"]'],
      sizes: ['1,2'],
      unionId: ['u 1'],
    });
    // An exploded array repeats its name; spaces are encoded as URLSearchParams does.
    expect(example.queryString).toContain('tags=x&tags=y');
    expect(example.queryString).toContain('unionId=u+1');
    expect(example.queryString).not.toContain('noExample');
  });
});
