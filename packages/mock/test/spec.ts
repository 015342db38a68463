// The spec the tests read (the bundled one the package ships), its operations, and a request each
// operation accepts, built from the spec's own examples.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  exampleRequest,
  type OpenApiDocument,
  specOperation,
  specOperations,
} from '@dingtalk-storage/spec/operations';

const require = createRequire(import.meta.url);
export const spec: OpenApiDocument = JSON.parse(
  readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'),
);
export const operations = specOperations(spec);

/** Sends operation `operationId`'s example request to `url`, with a token and `headers`. */
export function sendExample(url: string, operationId: string, headers: Record<string, string> = {}) {
  const { method, path, queryString, body } = exampleRequest(specOperation(spec, operationId));
  return fetch(`${url}${path}?${queryString}`, {
    method,
    headers: {
      'x-acs-dingtalk-access-token': 'tok',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}
