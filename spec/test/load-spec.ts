// Loads the bundled spec and compiles its schemas with ajv (JSON Schema 2020-12, the OpenAPI 3.1
// dialect): an independent check of what Redocly and Prism are told.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { SpecOperation } from '../src/operations.mjs';

export const specPath = new URL('../dist/openapi.json', import.meta.url);

/** OpenAPI's int32 bounds. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON, walked by the tests.
export type Json = any;

export function loadSpec(): Json {
  return JSON.parse(readFileSync(specPath, 'utf8'));
}

export function createValidator(spec: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // OpenAPI's integer formats (ajv, strict, refuses a format it does not know): int32 is a signed 32-bit
  // integer; int64 one of up to 64 bits, whose JSON numbers are checked as integers.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({ $id: 'openapi.json', $defs: rebase(spec.components.schemas) });
  return (schema) => ajv.compile(rebase(schema));
}

// Component schemas live under `$defs` of one registered document, so `#/components/schemas/X` refs are
// pointed there.
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi.json#/$defs/'));
}

/** The operation as written in the document (for its `x-` extensions). */
export const rawOperation = (spec: Json, op: SpecOperation): Json =>
  spec.paths[op.path][op.method.toLowerCase()];
