// Loads the bundled spec and compiles its schemas with ajv (JSON Schema 2020-12, the OpenAPI 3.1
// dialect): an independent check of what Redocly and Prism are told.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { SpecOperation } from '../src/operations.mjs';

export const specPath = new URL('../dist/openapi.json', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON, walked by the tests.
export type Json = any;

export function loadSpec(): Json {
  return JSON.parse(readFileSync(specPath, 'utf8'));
}

export function createValidator(spec: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // OpenAPI's int64 is an integer of up to 64 bits; JSON numbers are checked as integers.
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
