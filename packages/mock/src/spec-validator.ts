// JSON Schema validation of bodies against the bundled spec with ajv (2020-12, the OpenAPI 3.1 dialect),
// independent of Prism: the stateful fake checks requests with it, the contract suite checks responses.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { loadSpec, type OpenApiDocument, SPACES_PATH } from './spec.js';

export interface SpecViolation {
  /** Where in the body, as a dotted path such as `option.quota` or `space.partitions.0.quota.type`. */
  path: string;
  /** What the spec expects there. */
  message: string;
}

export interface SpecValidator {
  /** Problems of a createSpace request body; empty when it is valid. */
  request(body: unknown): SpecViolation[];
  /** Problems of a createSpace response body for the status; an undocumented status is a problem too. */
  response(status: number, body: unknown): SpecViolation[];
}

export function createSpecValidator(spec: OpenApiDocument = loadSpec()): SpecValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // OpenAPI's int64: an integer (JSON numbers are checked as such).
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({ $id: 'openapi.json', $defs: rebase(spec.components.schemas) });
  const operation = spec.paths[SPACES_PATH].post;
  const compile = (schema: OpenApiDocument) => ajv.compile(rebase(schema));
  const requestValidator = compile(operation.requestBody.content['application/json'].schema);
  const responseValidators = new Map<number, ValidateFunction>(
    Object.entries(operation.responses as Record<string, OpenApiDocument>).map(([status, response]) => [
      Number(status),
      compile(response.content['application/json'].schema),
    ]),
  );
  return {
    request: (body) => violations(requestValidator, body),
    response(status, body) {
      const validate = responseValidators.get(status);
      if (!validate)
        return [{ path: '', message: `HTTP ${status} is not a documented response of createSpace` }];
      return violations(validate, body);
    },
  };
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
  if (error.keyword === 'enum')
    return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'is invalid';
}
