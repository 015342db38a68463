// JSON Schema validation against the bundled spec with ajv (2020-12, the OpenAPI 3.1 dialect), independent
// of Prism: the mock's front door checks requests with it, the contract suite checks responses.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { loadSpec, type OpenApiDocument, specOperation } from './spec.js';

export interface SpecViolation {
  /** Where, as a dotted path such as `option.quota`, `space.partitions.0.quota.type` or `unionId` (query). */
  path: string;
  /** What the spec expects there. */
  message: string;
}

/** Each check is for one operation of the spec, named by its operationId. */
export interface SpecValidator {
  /** Problems of a request body; empty when it is valid. */
  request(operationId: string, body: unknown): SpecViolation[];
  /**
   * Problems of the path and query parameters, by name (one value each; a name given more than once, as an
   * array, is flagged).
   */
  parameters(operationId: string, values: Record<string, string | string[]>): SpecViolation[];
  /** Problems of a response body for the status; an undocumented status is a problem too. */
  response(operationId: string, status: number, body: unknown): SpecViolation[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function createSpecValidator(spec: OpenApiDocument = loadSpec()): SpecValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // OpenAPI's int64 (Java Long). A JSON number cannot say 2^63−1 exactly (it rounds to 2^63), so 2^63 itself
  // passes here; the front door checks integers beyond 2^53 exactly, as BigInts, before this runs.
  ajv.addFormat('int64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63,
  });
  ajv.addSchema({ $id: 'openapi.json', $defs: rebase(spec.components?.schemas ?? {}) });
  const compile = (schema: OpenApiDocument) => ajv.compile(rebase(schema));
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: () => OpenApiDocument) => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = compile(schema());
      compiled.set(key, validate);
    }
    return validate;
  };
  const operation = (operationId: string) => specOperation(operationId, spec);

  return {
    request(operationId, body) {
      const op = operation(operationId);
      const schema = op.requestBody?.schema;
      if (!schema) return body === undefined ? [] : [{ path: '', message: 'must be empty' }];
      const bigProblems = outOfInt64(body, '');
      if (bigProblems.length) return bigProblems;
      return violations(
        validatorFor(`${op.operationId} request`, () => schema),
        ajvSafe(body),
      );
    },
    parameters(operationId, values) {
      const op = operation(operationId);
      const params = op.parameters.filter((p) => p.in === 'query' || p.in === 'path');
      const repeated = params
        .filter((p) => Array.isArray(values[p.name]))
        .map((p) => ({ path: p.name, message: 'must be given once' }));
      if (repeated.length) return repeated;
      const validate = validatorFor(`${op.operationId} parameters`, () => ({
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
        required: params.filter((p) => p.required).map((p) => p.name),
      }));
      const known = Object.fromEntries(
        params.filter((p) => p.name in values).map((p) => [p.name, values[p.name]]),
      );
      return violations(validate, known);
    },
    response(operationId, status, body) {
      const op = operation(operationId);
      const documented = op.responses.get(status);
      if (!documented?.schema)
        return [{ path: '', message: `HTTP ${status} is not a documented response of ${op.operationId}` }];
      return violations(
        validatorFor(`${op.operationId} ${status}`, () => documented.schema),
        body,
      );
    },
  };
}

/** Integers read exactly (BigInts, beyond 2^53) that no int64 can hold, by path. */
function outOfInt64(value: unknown, path: string): SpecViolation[] {
  if (typeof value === 'bigint')
    return value < INT64_MIN || value > INT64_MAX
      ? [{ path, message: `must be a 64-bit integer (from ${INT64_MIN} to ${INT64_MAX})` }]
      : [];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => outOfInt64(item, path ? `${path}.${key}` : key));
}

/**
 * ajv cannot see a BigInt. Once outOfInt64 has passed it, a BigInt is checked as the largest safe integer
 * of its sign: the same type, and the same answer to the bounds this spec sets on Longs (a minimum of 0,
 * no maximum). A `maximum` on a Long would need an exact check here.
 */
function ajvSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value < 0n ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(ajvSafe);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ajvSafe(item)]));
}

// Component schemas live under `$defs` of one registered document; `#/components/schemas/X` points there.
function rebase(schema: OpenApiDocument): OpenApiDocument {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi.json#/$defs/'));
}

function violations(validate: ValidateFunction, body: unknown): SpecViolation[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => ({ path: pathOf(error), message: messageOf(error) }));
}

function pathOf(error: ErrorObject): string {
  const base = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'additionalProperties') base.push(String(error.params.additionalProperty));
  if (error.keyword === 'required') base.push(String(error.params.missingProperty));
  return base.join('.');
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'enum')
    return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'is invalid';
}
