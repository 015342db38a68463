// findOperation routes every request of a spec to its own operation, whatever order the paths are listed in:
// a concrete segment wins over a templated one (`…/dentries/batchRemove` over `…/dentries/{dentryId}`), a
// method the matched path lacks is a 405 naming that path's methods, a templated segment is never empty.
// The table is built from each document's own paths: the methods and paths of DingTalk's 46 storage
// operations (a fixture, as the spec will have them), that fixture listed in reverse, and the spec itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOperation, type OpenApiDocument, specOperations } from '../src/operations.mjs';
import { loadSpec } from './load-spec.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

const storagePaths: OpenApiDocument = JSON.parse(
  readFileSync(new URL('./fixtures/storage-paths.json', import.meta.url), 'utf8'),
);
const reversed = (document: OpenApiDocument): OpenApiDocument => ({
  ...document,
  paths: Object.fromEntries(Object.entries(document.paths).reverse()),
});

// A sample value per path parameter: never one of the spec's literal segments, and with characters that
// must be percent-encoded (a `/` among them), so decoding is checked on every row.
const sample = (name: string) => `${name} 1/ü`;
const fill = (path: string, value: (name: string) => string) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
const namesIn = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);

/** Whether a path template matches a request path, read independently of findOperation. */
const templateMatches = (template: string, pathname: string) => {
  const expected = template.split('/');
  const actual = pathname.split('/');
  return (
    expected.length === actual.length &&
    expected.every((segment, i) => (/^\{[^}]+\}$/.test(segment) ? actual[i] !== '' : segment === actual[i]))
  );
};

/** What findOperation answered, in a form a table row can state. */
function outcome(document: OpenApiDocument, method: string, pathname: string) {
  const found = findOperation(document, method, pathname);
  if (!found) return 'no such path';
  if ('allowed' in found) return { allowed: [...found.allowed].sort() };
  return { operationId: found.operation.operationId, pathParams: found.pathParams };
}

/** The other paths a request for `path` (sample values filled in) also matches: templated rivals. */
function rivalsOf(document: OpenApiDocument, path: string): string[] {
  const request = fill(path, sample);
  return Object.keys(document.paths).filter((other) => other !== path && templateMatches(other, request));
}

function routingTable(document: OpenApiDocument) {
  const operations = specOperations(document);
  const methodsAt = (path: string) => operations.filter((op) => op.path === path).map((op) => op.method);
  const note = (path: string) => {
    const rivals = rivalsOf(document, path);
    return rivals.length ? ` (concrete, before ${rivals.join(', ')})` : '';
  };
  const reached = operations.map((op) => ({
    name: `${op.method} ${op.path}${note(op.path)}: ${op.operationId}`,
    method: op.method,
    pathname: fill(op.path, sample),
    expected: {
      operationId: op.operationId,
      pathParams: Object.fromEntries(namesIn(op.path).map((name) => [name, sample(name)])),
    },
  }));
  const notAllowed = Object.keys(document.paths).flatMap((path) =>
    METHODS.filter((method) => !methodsAt(path).includes(method)).map((method) => ({
      name: `${method} ${path}${note(path)}: 405`,
      method,
      pathname: fill(path, sample),
      expected: { allowed: methodsAt(path).sort() },
    })),
  );
  const emptySegment = operations.flatMap((op) =>
    namesIn(op.path).map((empty) => ({
      name: `${op.method} ${op.path} with an empty ${empty}: no such path`,
      method: op.method,
      pathname: fill(op.path, (name) => (name === empty ? '' : sample(name))),
      expected: 'no such path' as const,
    })),
  );
  return [...reached, ...notAllowed, ...emptySegment];
}

describe.each([
  ['the 46 storage operations (fixture)', storagePaths],
  ['the 46 storage operations listed in reverse', reversed(storagePaths)],
  ['the spec (dist/openapi.json)', loadSpec()],
])('routing %s', (_, document) => {
  it.each(routingTable(document).map((row) => [row.name, row] as const))(
    '%s',
    (_, { method, pathname, expected }) => {
      expect(outcome(document, method, pathname)).toEqual(expected);
    },
  );
});

describe('the 46 storage operations (fixture)', () => {
  it('are all there, by method and path', () => {
    expect(specOperations(storagePaths)).toHaveLength(46);
  });

  it('have these concrete-vs-template conflicts, each resolved for the concrete path', () => {
    const conflicts = Object.keys(storagePaths.paths).flatMap((path) =>
      rivalsOf(storagePaths, path).map((rival) => `${path} over ${rival}`),
    );
    const dentries = '/v1.0/storage/spaces/{spaceId}/dentries';
    const recycleItems = '/v1.0/storage/recycleBins/{recycleBinId}/recycleItems';
    expect(conflicts.sort()).toEqual(
      [
        ...['batchCopy', 'batchRemove', 'listAll', 'query', 'batchMove'].map(
          (name) => `${dentries}/${name} over ${dentries}/{dentryId}`,
        ),
        ...['batchRemove', 'batchRestore'].map(
          (name) => `${recycleItems}/${name} over ${recycleItems}/{recycleItemId}`,
        ),
      ].sort(),
    );
  });

  it("DELETE …/dentries/batchRemove is a 405 for batchRemove's POST, not deleteDentry of `batchRemove`", () => {
    for (const document of [storagePaths, reversed(storagePaths)]) {
      expect(outcome(document, 'DELETE', '/v1.0/storage/spaces/s1/dentries/batchRemove')).toEqual({
        allowed: ['POST'],
      });
    }
  });
});

describe('precedence within a segment and across segments', () => {
  const document = {
    paths: {
      '/files/{fileId}': { get: { operationId: 'byId' } },
      '/files/{name}.{ext}': { get: { operationId: 'byName' } },
      '/files/readme.md': { get: { operationId: 'readme' } },
      '/a/{x}/c': { get: { operationId: 'templatedSecond' } },
      '/a/b/{y}': { get: { operationId: 'templatedThird' } },
    },
  };

  it('a literal segment, then one with literal text around its parameters, then a bare parameter', () => {
    expect(outcome(document, 'GET', '/files/readme.md')).toEqual({ operationId: 'readme', pathParams: {} });
    expect(outcome(document, 'GET', '/files/a.b.txt')).toEqual({
      operationId: 'byName',
      pathParams: { name: 'a.b', ext: 'txt' },
    });
    expect(outcome(document, 'GET', '/files/readme')).toEqual({
      operationId: 'byId',
      pathParams: { fileId: 'readme' },
    });
    expect(outcome(document, 'GET', '/files/.md')).toEqual({
      operationId: 'byId',
      pathParams: { fileId: '.md' },
    });
  });

  it('the leftmost difference decides: the path concrete there wins', () => {
    expect(outcome(document, 'GET', '/a/b/c')).toEqual({
      operationId: 'templatedThird',
      pathParams: { y: 'c' },
    });
    expect(outcome(document, 'GET', '/a/z/c')).toEqual({
      operationId: 'templatedSecond',
      pathParams: { x: 'z' },
    });
  });
});
