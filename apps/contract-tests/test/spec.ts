// The spec the suite iterates: every operation, read through the spec package's module, and what the suite
// derives from it (an example input per operation, the operation an answered URL belongs to).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  exampleRequest,
  findOperation,
  type OpenApiDocument,
  resolveSchema,
  type SpecOperation,
  specOperations,
} from '@dingtalk-storage/spec/operations';

const require = createRequire(import.meta.url);
export const spec: OpenApiDocument = JSON.parse(
  readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'),
);
export const operations: SpecOperation[] = specOperations(spec);
export type { SpecOperation };

/** A schema with its `$ref`s followed at every depth. */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema, walked by the suite.
export const resolved = (schema: unknown): any => resolveSchema(spec, schema);

/** The client method's input for the operation's example request: path and query parameters, body properties. */
export function exampleInput(operation: SpecOperation): Record<string, unknown> {
  const { pathParams, query, body } = exampleRequest(operation);
  return { ...pathParams, ...query, ...(body as object | undefined) };
}

/** The operation a request went to, from its method and URL. */
export function operationOf(method: string, url: string): SpecOperation | undefined {
  const match = findOperation(spec, method, new URL(url).pathname);
  return match && 'operation' in match ? match.operation : undefined;
}
