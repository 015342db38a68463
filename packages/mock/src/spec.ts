// The bundled spec shipped inside this package (dist/openapi.json, copied from @dingtalk-storage/spec at
// build time), read through one place: operations by operationId, with every `$ref` into `components`
// followed, so the validator, the examples, the front door and the CLI never walk the raw document.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON.
export type OpenApiDocument = any;

export const SPEC_URL = new URL('./openapi.json', import.meta.url);

let cached: OpenApiDocument | undefined;

export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(SPEC_URL, 'utf8'));
  return cached;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: OpenApiDocument;
}

export interface SpecResponse {
  /** The JSON body schema, if the response has one. */
  schema: OpenApiDocument | undefined;
  /** Named examples of the JSON body. */
  examples: Record<string, { summary?: string; value: unknown }>;
}

export interface SpecOperation {
  operationId: string;
  /** Upper-case, as on the wire. */
  method: string;
  /** The templated path, e.g. `/v1.0/storage/spaces`. */
  path: string;
  parameters: SpecParameter[];
  /** The JSON request body schema, if the operation takes a body. */
  requestSchema: OpenApiDocument | undefined;
  /** By status code. */
  responses: Map<number, SpecResponse>;
  /** Whether a security requirement applies (the token header). */
  secured: boolean;
}

/** `node` with its `$ref` (a local `#/…` pointer) followed, repeatedly. */
export function deref(spec: OpenApiDocument, node: OpenApiDocument): OpenApiDocument {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part: string) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((at: OpenApiDocument, part: string) => at?.[part], spec);
    if (current === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return current;
}

const byDocument = new WeakMap<object, SpecOperation[]>();

/** Every operation of the spec, in document order. */
export function specOperations(spec: OpenApiDocument = loadSpec()): SpecOperation[] {
  let operations = byDocument.get(spec);
  if (operations) return operations;
  operations = Object.entries(spec.paths ?? {}).flatMap(([path, rawItem]) => {
    const item = deref(spec, rawItem);
    return METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => {
        const parameter = deref(spec, p);
        return { ...parameter, required: parameter.required === true } as SpecParameter;
      });
      const body = operation.requestBody && deref(spec, operation.requestBody);
      const security = operation.security ?? spec.security ?? [];
      return {
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters,
        requestSchema: body?.content?.['application/json']?.schema,
        responses: new Map(
          Object.entries(operation.responses ?? {}).map(([status, rawResponse]) => {
            const json = deref(spec, rawResponse).content?.['application/json'];
            const examples = Object.fromEntries(
              Object.entries(json?.examples ?? {}).map(([name, example]) => [name, deref(spec, example)]),
            );
            return [Number(status), { schema: json?.schema, examples }];
          }),
        ),
        secured: security.some((requirement: object) => Object.keys(requirement).length > 0),
      } satisfies SpecOperation;
    });
  });
  byDocument.set(spec, operations);
  return operations;
}

/** The operation with this operationId; throws naming the known ones if there is none. */
export function specOperation(operationId: string, spec: OpenApiDocument = loadSpec()): SpecOperation {
  const operations = specOperations(spec);
  const operation = operations.find((o) => o.operationId === operationId);
  if (!operation) {
    throw new Error(
      `No operation ${operationId} in the spec; it has ${operations.map((o) => o.operationId).join(', ')}.`,
    );
  }
  return operation;
}

export type RouteMatch =
  | { operation: SpecOperation; pathParams: Record<string, string> }
  | { allowed: string[] }
  | undefined;

/**
 * The operation a request is for: a match with its path parameters; `{ allowed }` when the path exists
 * but not for this method; undefined when the spec has no such path.
 */
export function routeRequest(
  method: string,
  pathname: string,
  spec: OpenApiDocument = loadSpec(),
): RouteMatch {
  const allowed: string[] = [];
  for (const operation of specOperations(spec)) {
    const names: string[] = [];
    const pattern = operation.path
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\\\{([^}]+)\\\}/g, (_, name) => {
        names.push(name);
        return '([^/]+)';
      });
    const match = new RegExp(`^${pattern}$`).exec(pathname);
    if (!match) continue;
    if (operation.method !== method) {
      allowed.push(operation.method);
      continue;
    }
    const pathParams = Object.fromEntries(names.map((name, i) => [name, decodeSegment(match[i + 1] ?? '')]));
    return { operation, pathParams };
  }
  return allowed.length ? { allowed } : undefined;
}

/** A percent-decoded path segment; a malformed escape (`%zz`) is kept as it is rather than thrown. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface MockExample {
  operationId: string;
  /** HTTP status of the response. */
  status: number;
  /** The example's name, for `Prefer: code=<status>, example=<name>`. */
  example: string;
  summary: string;
}

/** Every named response example of every operation: each can be asked for with a Prefer header in prism mode. */
export function listExamples(spec: OpenApiDocument = loadSpec()): MockExample[] {
  return specOperations(spec).flatMap(({ operationId, responses }) =>
    [...responses].flatMap(([status, { examples }]) =>
      Object.entries(examples).map(([example, { summary }]) => ({
        operationId,
        status,
        example,
        summary: summary ?? '',
      })),
    ),
  );
}
