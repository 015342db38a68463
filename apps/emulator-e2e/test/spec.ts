// Bounds the tests use, read from the bundled spec instead of copied: e.g. how many part numbers one
// getMultipartFileUploadInfos call takes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type OpenApiDocument, resolveSchema, specOperation } from '@dingtalk-storage/spec/operations';

const require = createRequire(import.meta.url);
const spec: OpenApiDocument = JSON.parse(
  readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'),
);

/** The request body schema's `maxItems` of `property` (an array) of the operation. */
export function bodyMaxItems(operationId: string, property: string): number {
  const body = resolveSchema(spec, specOperation(spec, operationId).requestBody?.schema);
  const value = resolveSchema(spec, body?.properties?.[property])?.maxItems;
  if (!Number.isInteger(value)) throw new Error(`the spec gives ${operationId}.${property} no maxItems`);
  return value;
}

/** The `maximum` of the operation's query parameter `name`. */
export function queryMaximum(operationId: string, name: string): number {
  const parameter = specOperation(spec, operationId).parameters.find((p) => p.name === name);
  const value = parameter?.schema?.maximum;
  if (!Number.isInteger(value)) throw new Error(`the spec gives ${operationId}'s ${name} no maximum`);
  return value;
}
