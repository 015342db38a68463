// What the suite derives from an operation's schemas, so that the tests grow with the spec and no bound is
// restated in a test: valid inputs (fast-check arbitraries), and inputs broken in exactly one place (a
// missing required parameter, a wrong type, maxLength + 1, minimum − 1, a fraction for an integer, an enum
// outsider, an unknown field where additionalProperties is false).
import fc from 'fast-check';
import { resolved, type SpecOperation } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and JSON values.
type Json = any;

/** Valid values of a (resolved) schema: the keywords this spec uses. */
export function arbitraryOf(schema: Json): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 64 });
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? Number.MIN_SAFE_INTEGER,
        max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
      });
    case 'boolean':
      return fc.boolean();
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, arbitraryOf(property)]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    default:
      throw new Error(`no arbitrary for schema type ${schema.type}: teach schema-cases.ts this keyword`);
  }
}

/** The operation's input object (parameters and body properties), with valid generated values. */
export function inputArbitrary(operation: SpecOperation): fc.Arbitrary<Record<string, unknown>> {
  const params = operation.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const body = operation.requestBody
    ? resolved(operation.requestBody.schema)
    : { properties: {}, required: [] };
  return fc.record(
    {
      ...Object.fromEntries(params.map((p) => [p.name, arbitraryOf(resolved(p.schema))])),
      ...Object.fromEntries(Object.entries(body.properties ?? {}).map(([n, s]) => [n, arbitraryOf(s)])),
    },
    { requiredKeys: [...params.filter((p) => p.required).map((p) => p.name), ...(body.required ?? [])] },
  );
}

export interface Breakage {
  /** What is wrong, e.g. `option.name: maxLength + 1`. */
  name: string;
  /** The dotted path of the broken value in the input, e.g. `option.name` or `unionId`. */
  path: string;
  /** The input with that one thing broken. */
  apply(input: Record<string, unknown>): Record<string, unknown>;
  /** No request can carry it (an empty path parameter): only the client's refusal is tested. */
  clientOnly?: boolean;
}

const WRONG_TYPE: Record<string, unknown> = { string: 42, integer: 'forty-two', boolean: 'yes', object: [] };

/** Every single-place breakage of a value at `path` with `schema`, and of what is inside it. */
function breakagesOf(schema: Json, path: string[]): Breakage[] {
  const at = path.join('.');
  const set = (value: unknown) => (input: Record<string, unknown>) => setPath(input, path, value);
  const cases: Breakage[] = [];
  if (schema.type in WRONG_TYPE)
    cases.push({ name: `${at}: wrong type`, path: at, apply: set(WRONG_TYPE[schema.type]) });
  if (schema.maxLength !== undefined)
    cases.push({ name: `${at}: maxLength + 1`, path: at, apply: set('x'.repeat(schema.maxLength + 1)) });
  if (schema.minLength > 0)
    cases.push({ name: `${at}: minLength − 1`, path: at, apply: set('x'.repeat(schema.minLength - 1)) });
  if (schema.minimum !== undefined)
    cases.push({ name: `${at}: minimum − 1`, path: at, apply: set(schema.minimum - 1) });
  if (schema.maximum !== undefined)
    cases.push({ name: `${at}: maximum + 1`, path: at, apply: set(schema.maximum + 1) });
  if (schema.type === 'integer') cases.push({ name: `${at}: a fraction`, path: at, apply: set(1.5) });
  if (schema.enum)
    cases.push({ name: `${at}: outside the enum`, path: at, apply: set(`NOT_${schema.enum[0]}`) });
  if (schema.type === 'object') {
    if (schema.additionalProperties === false) {
      const unknown = [...path, 'unknownField'];
      cases.push({
        name: `${[...path, 'unknownField'].join('.')}: unknown field`,
        path: unknown.join('.'),
        apply: (input) => setPath(input, unknown, true),
      });
    }
    for (const name of schema.required ?? []) cases.push(missing([...path, name]));
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      cases.push(...breakagesOf(property, [...path, name]));
    }
  }
  return cases;
}

const missing = (path: string[]): Breakage => ({
  name: `${path.join('.')}: missing`,
  path: path.join('.'),
  apply: (input) => setPath(input, path, undefined),
});

/** Every single-place breakage of the operation's input: parameters and body properties. */
export function breakagesOfOperation(operation: SpecOperation): Breakage[] {
  const params = operation.parameters.filter((p) => p.in === 'query' || p.in === 'path');
  const body = operation.requestBody ? resolved(operation.requestBody.schema) : undefined;
  // A path parameter cannot be missing or empty and still name this operation's URL: those cases are
  // marked clientOnly (the client refuses them before sending; no request can carry them).
  const clientOnly = (b: Breakage, where: string) =>
    where === 'path' && /: (missing|minLength − 1)$/.test(b.name) ? { ...b, clientOnly: true } : b;
  return [
    ...params.filter((p) => p.required).map((p) => clientOnly(missing([p.name]), p.in)),
    ...(body?.required ?? []).map((name: string) => missing([name])),
    ...params.flatMap((p) =>
      breakagesOf(resolved(p.schema), [p.name])
        .filter((b) => !b.name.endsWith('wrong type'))
        .map((b) => clientOnly(b, p.in)),
    ),
    ...Object.entries(body?.properties ?? {}).flatMap(([name, property]) => breakagesOf(property, [name])),
  ];
}

function setPath(input: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head = '', ...rest] = path;
  const inner = input[head];
  const next = rest.length
    ? setPath(
        inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {},
        rest,
        value,
      )
    : value;
  const copy = { ...input, [head]: next };
  if (next === undefined) delete copy[head];
  return copy;
}
