// The bundled spec shipped inside this package (dist/openapi.json, copied from @dingtalk-storage/spec at
// build time), read through the spec package's one module for operations; and routing a request to its
// operation by the spec's paths.
import { readFileSync } from 'node:fs';
import {
  listExamples as examplesOf,
  findOperation,
  type OpenApiDocument,
  specOperation as operationOf,
  specOperations as operationsOf,
  type SpecExampleEntry,
  type SpecOperation,
} from '@dingtalk-storage/spec/operations';

export type { OpenApiDocument, SpecOperation };

const SPEC_URL = new URL('./openapi.json', import.meta.url);

let cached: OpenApiDocument | undefined;

export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(SPEC_URL, 'utf8'));
  return cached;
}

export const specOperations = (spec: OpenApiDocument = loadSpec()) => operationsOf(spec);
export const specOperation = (operationId: string, spec: OpenApiDocument = loadSpec()) =>
  operationOf(spec, operationId);

/** A named response example, for `Prefer: code=<status>, example=<example>` in prism mode. */
export type MockExample = SpecExampleEntry;

/** Every named response example of every operation: each can be asked for with a Prefer header in prism mode. */
export const listExamples = (spec: OpenApiDocument = loadSpec()): MockExample[] => examplesOf(spec);

/**
 * The operation a request is for: a match with its path parameters; `{ allowed }` when the path exists
 * but not for this method; undefined when the spec has no such path.
 */
export const routeRequest = (method: string, pathname: string, spec: OpenApiDocument = loadSpec()) =>
  findOperation(spec, method, pathname);
