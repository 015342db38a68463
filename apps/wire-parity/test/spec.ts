// The rows both tests read from the bundled spec: every operation, the official SDK's name for it, and an
// input built from the spec's own examples by exampleRequest, typed as the spec types them (integers,
// booleans, arrays, maps), with one row per named request body example.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  deref,
  exampleRequest,
  type OpenApiDocument,
  type SpecOperation,
  specOperations,
} from '@dingtalk-storage/spec/operations';

const require = createRequire(import.meta.url);
export const spec: OpenApiDocument = JSON.parse(
  readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'),
);
export const operations: SpecOperation[] = specOperations(spec);

/** The SDK module an operation lives in unless the spec names another one (`x-sdk-module`). */
export const DEFAULT_SDK_MODULE = 'storage_1_0';

export interface SdkName {
  /** A folder of `@alicloud/dingtalk`, e.g. `storage_1_0`. */
  module: string;
  /** The SDK client's method, e.g. `addSpace`. */
  method: string;
}

/** The SDK's module and method for the operation: `x-sdk-module` and `x-sdk-method`, else storage_1_0 and the operationId. */
export function sdkNameOf(operation: SpecOperation): SdkName {
  const raw = deref(spec, spec.paths[operation.path])[operation.method.toLowerCase()];
  return {
    module: raw['x-sdk-module'] ?? DEFAULT_SDK_MODULE,
    method: raw['x-sdk-method'] ?? operation.operationId,
  };
}

export interface Row {
  /** The operationId, and the request body example's name where the operation has several. */
  name: string;
  operation: SpecOperation;
  sdk: SdkName;
  /** The path parameters' values, in the order the path has them (the SDK takes them positionally). */
  path: unknown[];
  /** The query parameters and the body's top-level properties, by wire name. */
  fields: Record<string, unknown>;
}

/** The operation's path parameter names, in path order. */
export const pathNamesOf = (operation: SpecOperation): string[] =>
  [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);

/** One row per named request body example (one row for an operation without a body), in the spec's order. */
export function rowsOf(operation: SpecOperation): Row[] {
  const { pathParams, query } = exampleRequest(operation);
  const path = pathNamesOf(operation).map((name) => pathParams[name]);
  const bodies = Object.entries(operation.requestBody?.examples ?? {});
  const sdk = sdkNameOf(operation);
  if (bodies.length === 0) return [{ name: operation.operationId, operation, sdk, path, fields: query }];
  return bodies.map(([example, { value }]) => ({
    name: bodies.length > 1 ? `${operation.operationId} (${example})` : operation.operationId,
    operation,
    sdk,
    path,
    fields: { ...query, ...(value as Record<string, unknown>) },
  }));
}

/** The client method's input for the row: path and query parameters and body properties, as one object. */
export function clientInput(row: Row): Record<string, unknown> {
  const names = pathNamesOf(row.operation);
  return { ...Object.fromEntries(names.map((name, i) => [name, row.path[i]])), ...row.fields };
}

/** The first example of the operation's first documented 2xx answer. */
export function successExample(operation: SpecOperation): Record<string, unknown> {
  for (const [status, { examples }] of operation.responses) {
    const first = Object.values(examples)[0];
    if (status < 300 && first) return first.value as Record<string, unknown>;
  }
  throw new Error(`${operation.operationId} documents no 2xx answer with an example`);
}
