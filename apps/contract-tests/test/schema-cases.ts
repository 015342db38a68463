// What the suite derives from an operation's schemas, so that the tests grow with the spec and no bound is
// restated in a test: valid inputs (fast-check arbitraries), and inputs broken in exactly one place (a
// missing required field, a wrong type, maxLength + 1, minimum − 1, beyond int32, a fraction for an integer,
// an enum outsider, a string off its pattern, maxItems + 1, an unknown field where additionalProperties is
// false, and the same inside array items and map values). An `allOf` (the spec's way to narrow a shared
// schema, `allOf: [DentryIdList], maxItems: 30`) is merged into one schema first. Inputs are typed as the client takes them; a path or query parameter is
// carried in the URL as `parameterText` writes it (numbers in decimal, booleans as `true`/`false`), so a
// breakage that the URL could not tell from a valid value (a number for a string parameter) is not one.
import fc from 'fast-check';
import { resolved, type SpecOperation } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and JSON values.
type Json = any;
type SpecParameter = SpecOperation['parameters'][number];

/** OpenAPI's int32: a signed 32-bit integer. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
// An int64 travels as a JSON number, exact up to 2^53; beyond it is the mock's BigInt check, not ours.
const INTEGER_FORMATS = ['int32', 'int64'];
// Arrays and maps longer than this are generated only at their bound (maxItems), to stay fast.
const TYPICAL_SIZE = 5;

/** A schema's keywords this file cannot generate or break: refused by name, never silently ignored. */
const UNSUPPORTED = ['uniqueItems', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'patternProperties'];
// Annotations, which an `allOf`'s parts may each carry: the outer schema's win.
const ANNOTATIONS = ['description', 'title', 'example', 'examples', 'default'];

/**
 * The (resolved) schema with every `allOf` merged into the schema holding it, at every depth. Parts that
 * disagree on a keyword are refused by name: merging them would need intersecting their values.
 */
function mergeAllOf(schema: Json): Json {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(mergeAllOf);
  const { allOf, ...outer } = schema;
  const out: Json = Object.fromEntries(Object.entries(outer).map(([key, value]) => [key, mergeAllOf(value)]));
  for (const part of (allOf ?? []).map(mergeAllOf)) {
    for (const [key, value] of Object.entries<Json>(part)) {
      if (ANNOTATIONS.includes(key)) out[key] ??= value;
      else if (!(key in out)) out[key] = value;
      else if (JSON.stringify(out[key]) !== JSON.stringify(value)) {
        throw new Error(
          `no cases for an allOf whose parts disagree on ${key} (in ${JSON.stringify(schema)}): teach schema-cases.ts to intersect them`,
        );
      }
    }
  }
  return out;
}

/** A schema ready for generating: `$ref`s followed and `allOf`s merged, at every depth. */
const casesSchema = (schema: unknown): Json => mergeAllOf(resolved(schema));

/** A string schema's pattern, as ajv reads it (Unicode). */
const patternOf = (schema: Json) => new RegExp(schema.pattern, 'u');
/** Length as JSON Schema counts it: in code points. */
const lengthOf = (text: string) => [...text].length;
const lengthFits = (schema: Json, text: string) =>
  lengthOf(text) >= (schema.minLength ?? 0) && lengthOf(text) <= (schema.maxLength ?? Infinity);
/** Texts tried, in order, for a string off its pattern: the first within the length bounds is the breakage. */
const OFF_PATTERN_CANDIDATES = ['', '*', '.', 'x.', '\t', '!', ' ', 'x*', 'g', 'x'];

function checkSupported(schema: Json): void {
  const keyword = UNSUPPORTED.find((k) => k in schema);
  const format = schema.format !== undefined && !INTEGER_FORMATS.includes(schema.format);
  if (keyword || format) {
    throw new Error(
      `no cases for schema keyword ${keyword ?? `format: ${schema.format}`} (in ${JSON.stringify(schema)}): teach schema-cases.ts this keyword`,
    );
  }
}

/** A map: an object whose other keys take the `additionalProperties` schema. */
const isMap = (schema: Json) =>
  schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object';

/** The lowest and highest valid value of an integer schema. */
function boundsOf(schema: Json): { min: number; max: number } {
  const int32 = schema.format === 'int32';
  return {
    min: Math.max(
      int32 ? INT32_MIN : Number.MIN_SAFE_INTEGER,
      schema.minimum ?? -Infinity,
      (schema.exclusiveMinimum ?? -Infinity) + 1,
    ),
    max: Math.min(
      int32 ? INT32_MAX : Number.MAX_SAFE_INTEGER,
      schema.maximum ?? Infinity,
      (schema.exclusiveMaximum ?? Infinity) - 1,
    ),
  };
}

/** Valid values of a (resolved) schema. */
export function arbitraryOf(schema: Json): fc.Arbitrary<unknown> {
  checkSupported(schema);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.pattern !== undefined) return patternArbitrary(schema);
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 64 });
    case 'integer':
      return fc.integer(boundsOf(schema));
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = arbitraryOf(schema.items ?? {});
      const minLength = schema.minItems ?? 0;
      const typical = fc.array(item, {
        minLength,
        maxLength: Math.min(schema.maxItems ?? Infinity, minLength + TYPICAL_SIZE),
      });
      // Exactly maxItems too: the bound itself is valid.
      return schema.maxItems === undefined
        ? typical
        : fc.oneof(typical, fc.array(item, { minLength: schema.maxItems, maxLength: schema.maxItems }));
    }
    case 'object': {
      const properties = fc.record(
        Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([name, property]) => [name, arbitraryOf(property)]),
        ),
        { requiredKeys: schema.required ?? [] },
      );
      if (!isMap(schema)) return properties;
      const named = Object.keys(schema.properties ?? {});
      const key = mapKeyArbitrary(schema).filter((k) => !named.includes(k));
      const value = arbitraryOf(schema.additionalProperties);
      // minProperties and maxProperties count the named properties too.
      return properties.chain((fixed) => {
        const minKeys = Math.max(0, (schema.minProperties ?? 0) - Object.keys(fixed).length);
        const maxKeys = Math.min(
          (schema.maxProperties ?? Infinity) - Object.keys(fixed).length,
          minKeys + TYPICAL_SIZE,
        );
        return fc
          .dictionary(key, value, { minKeys, maxKeys, noNullPrototype: true })
          .map((extra) => ({ ...extra, ...fixed }));
      });
    }
    default:
      throw new Error(`no arbitrary for schema type ${schema.type}: teach schema-cases.ts this keyword`);
  }
}

/** Strings matching a schema's pattern, within its length bounds. */
const patternArbitrary = (schema: Json): fc.Arbitrary<string> =>
  fc.stringMatching(patternOf(schema)).filter((text) => lengthFits(schema, text));

// Map keys: `propertyNames` when the schema says, else non-empty strings that are safe as object keys.
const mapKeyArbitrary = (schema: Json): fc.Arbitrary<string> =>
  (schema.propertyNames
    ? (arbitraryOf({ type: 'string', ...schema.propertyNames }) as fc.Arbitrary<string>)
    : fc.string({ minLength: 1, maxLength: 16 })
  ).filter((key) => key !== '__proto__');

/** The simplest valid value of a schema: what a broken value nested in an absent container sits in. */
function sampleOf(schema: Json): unknown {
  checkSupported(schema);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      // One string the pattern matches, the same every run (a fixed seed).
      if (schema.pattern !== undefined)
        return fc.sample(patternArbitrary(schema), { seed: 1, numRuns: 1 })[0];
      return 'x'.repeat(Math.min(Math.max(schema.minLength ?? 0, 1), schema.maxLength ?? Infinity));
    case 'integer': {
      const { min, max } = boundsOf(schema);
      return Math.min(Math.max(0, min), max);
    }
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}));
    case 'object':
      return objectOfSize(schema, Math.max(schema.minProperties ?? 0, schema.required?.length ?? 0));
    default:
      throw new Error(`no sample for schema type ${schema.type}: teach schema-cases.ts this keyword`);
  }
}

/** The required properties' samples, and as many map entries more as make `size` keys. */
function objectOfSize(schema: Json, size: number): Record<string, unknown> {
  const value: Record<string, unknown> = Object.fromEntries(
    (schema.required ?? []).map((name: string) => [name, sampleOf(schema.properties?.[name] ?? {})]),
  );
  for (let i = 0; isMap(schema) && Object.keys(value).length < size; i++) {
    value[`${sampleKeyOf(schema)}${i}`] = sampleOf(schema.additionalProperties);
  }
  return value;
}

const sampleKeyOf = (schema: Json): string =>
  schema.propertyNames ? String(sampleOf({ type: 'string', ...schema.propertyNames })) : 'key';

/** The operation's input object (parameters and body properties), with valid generated values. */
export function inputArbitrary(operation: SpecOperation): fc.Arbitrary<Record<string, unknown>> {
  const params = operation.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const body = operation.requestBody
    ? casesSchema(operation.requestBody.schema)
    : { properties: {}, required: [] };
  return fc.record(
    {
      ...Object.fromEntries(
        params.map((p) => [p.name, arbitraryOf(parameterSchema(p)).filter(sendableBy(p))]),
      ),
      ...Object.fromEntries(Object.entries(body.properties ?? {}).map(([n, s]) => [n, arbitraryOf(s)])),
    },
    { requiredKeys: [...params.filter((p) => p.required).map((p) => p.name), ...(body.required ?? [])] },
  );
}

/**
 * Whether the client sends this value of the parameter. Beyond the spec, by its own documented rules, it
 * refuses a blank required string and a path segment that URL parsing would remove (`.`, `..`), naming the
 * parameter: a value it never sends is no valid input to test a server with.
 */
const sendableBy = (parameter: SpecParameter) => (value: unknown) =>
  typeof value !== 'string' ||
  ((!parameter.required || value.trim() !== '') &&
    !(parameter.in === 'path' && (value === '.' || value === '..')));

/** A parameter's schema: `content: application/json` (a JSON text in the URL) or `schema`. */
export function parameterSchema(parameter: SpecParameter): Json {
  return casesSchema(jsonContent(parameter)?.schema ?? parameter.schema);
}

const jsonContent = (parameter: SpecParameter): { schema: Json } | undefined =>
  (parameter as { content?: Record<string, { schema: Json }> }).content?.['application/json'];

/**
 * How the URL carries a parameter's value: a `content: application/json` parameter as JSON text (as the
 * SDK sends batchQueryRoles' `dentryIdList`); numbers in decimal and booleans as `true`/`false`; an array
 * as OpenAPI's default style says (query: `form`, exploded into one value per item; path: `simple`, joined
 * with commas).
 */
export function parameterText(parameter: SpecParameter, value: unknown): string | string[] {
  if (jsonContent(parameter)) return JSON.stringify(value);
  if (!Array.isArray(value)) return scalarText(value);
  const raw = parameter as { style?: string; explode?: boolean };
  const style = raw.style ?? (parameter.in === 'query' ? 'form' : 'simple');
  const items = value.map(scalarText);
  return style === 'form' && (raw.explode ?? true) ? items : items.join(',');
}

const scalarText = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);

export interface Breakage {
  /** What is wrong, e.g. `option.name: maxLength + 1`. */
  name: string;
  /** The dotted path of the broken value in the input, e.g. `option.name`, `unionId` or `labels.*.id`. */
  path: string;
  /** The input with that one thing broken. */
  apply(input: Record<string, unknown>): Record<string, unknown>;
  /** No request can carry it (an empty path parameter): only the client's refusal is tested. */
  clientOnly?: boolean;
}

/** One step from a value into what it holds: an object's property, an array's first item, a map's value. */
interface Step {
  key: string | number | typeof MAP_VALUE;
  /** The schema of the value the step reaches. */
  schema: Json;
}

/** The value of some key of a map: an existing one (so the map keeps its size) or a sample key. */
const MAP_VALUE = Symbol('a map value');
const REMOVED = Symbol('removed');

interface Broken {
  what: string;
  steps: Step[];
  value: unknown;
  /** The schema of the broken value itself. */
  schema: Json;
}

const WRONG_TYPE: Record<string, unknown> = {
  string: 42,
  integer: 'forty-two',
  boolean: 'yes',
  object: [],
  array: {},
};

/** Every single-place breakage of the value that `steps` reach, with `schema`, and of what is inside it. */
function breakagesOf(schema: Json, steps: Step[]): Broken[] {
  const cases: Broken[] = [];
  const broken = (what: string, value: unknown) => cases.push({ what, steps, value, schema });
  if (schema.type in WRONG_TYPE) broken('wrong type', WRONG_TYPE[schema.type]);
  if (schema.maxLength !== undefined) broken('maxLength + 1', 'x'.repeat(schema.maxLength + 1));
  if (schema.minLength > 0) broken('minLength − 1', 'x'.repeat(schema.minLength - 1));
  if (schema.type === 'integer') {
    if (schema.minimum !== undefined) broken('minimum − 1', schema.minimum - 1);
    if (schema.maximum !== undefined) broken('maximum + 1', schema.maximum + 1);
    if (schema.exclusiveMinimum !== undefined) broken('exclusiveMinimum', schema.exclusiveMinimum);
    if (schema.exclusiveMaximum !== undefined) broken('exclusiveMaximum', schema.exclusiveMaximum);
    if (schema.format === 'int32') {
      const { min, max } = boundsOf(schema);
      if (min === INT32_MIN) broken('below int32', INT32_MIN - 1);
      if (max === INT32_MAX) broken('beyond int32', INT32_MAX + 1);
    }
    // A fraction between valid integers, so that nothing but its being a fraction is wrong.
    const valid = sampleOf(schema) as number;
    broken('a fraction', valid + 0.5 <= boundsOf(schema).max ? valid + 0.5 : valid - 0.5);
  }
  if (schema.enum) broken('outside the enum', `NOT_${schema.enum[0]}`);
  if (schema.type === 'string' && schema.pattern !== undefined) {
    const pattern = patternOf(schema);
    const off = OFF_PATTERN_CANDIDATES.find((text) => !pattern.test(text) && lengthFits(schema, text));
    if (off === undefined) {
      throw new Error(
        `no string off the pattern ${schema.pattern} within its length bounds among ${JSON.stringify(OFF_PATTERN_CANDIDATES)}: teach schema-cases.ts one`,
      );
    }
    broken('off the pattern', off);
  }
  if (schema.type === 'array') {
    const item = sampleOf(schema.items ?? {});
    if (schema.minItems > 0) broken('minItems − 1', Array(schema.minItems - 1).fill(item));
    if (schema.maxItems !== undefined) broken('maxItems + 1', Array(schema.maxItems + 1).fill(item));
    cases.push(...breakagesOf(schema.items ?? {}, [...steps, { key: 0, schema: schema.items ?? {} }]));
  }
  if (schema.type === 'object') {
    if (schema.additionalProperties === false) {
      cases.push({
        what: 'unknown field',
        steps: [...steps, { key: 'unknownField', schema: {} }],
        value: true,
        schema: {},
      });
    }
    for (const name of schema.required ?? []) {
      cases.push({
        what: 'missing',
        steps: [...steps, { key: name, schema: schema.properties?.[name] ?? {} }],
        value: REMOVED,
        schema: {},
      });
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      cases.push(...breakagesOf(property, [...steps, { key: name, schema: property }]));
    }
    if (isMap(schema)) {
      const value = schema.additionalProperties;
      // With its required properties kept: only the count is wrong.
      if (schema.minProperties > (schema.required?.length ?? 0))
        broken('minProperties − 1', objectOfSize(schema, schema.minProperties - 1));
      if (schema.maxProperties !== undefined)
        broken('maxProperties + 1', objectOfSize(schema, schema.maxProperties + 1));
      cases.push(...breakagesOf(value, [...steps, { key: MAP_VALUE, schema: value }]));
    }
  }
  return cases;
}

const pathOf = (steps: Step[]) => steps.map((s) => (s.key === MAP_VALUE ? '*' : String(s.key))).join('.');

/** The breakage that sets (or removes) the value `steps` reach, filling in valid containers on the way. */
function breakage({ what, steps, value }: Broken): Breakage {
  const path = pathOf(steps);
  return {
    name: `${path}: ${what}`,
    path,
    apply: (input) => put(input, {}, steps, value) as Record<string, unknown>,
  };
}

/** `container` (valid for `schema`) with the value at `steps` set to `value`; copies, never mutates. */
function put(container: unknown, schema: Json, steps: Step[], value: unknown): unknown {
  const [step, ...rest] = steps as [Step, ...Step[]];
  const copy: Json = Array.isArray(container) ? [...container] : { ...(container as object) };
  const key =
    step.key === MAP_VALUE
      ? (Object.keys(copy).find((k) => !(k in (schema.properties ?? {}))) ?? sampleKeyOf(schema))
      : step.key;
  if (rest.length === 0) {
    if (value !== REMOVED) copy[key] = value;
    else if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  const inner = copy[key];
  const fits = step.schema.type === 'array' ? Array.isArray(inner) : isPlainObject(inner);
  copy[key] = put(fits ? inner : sampleOf(step.schema), step.schema, rest, value);
  return copy;
}

const isPlainObject = (value: unknown) => !!value && typeof value === 'object' && !Array.isArray(value);

/** Every single-place breakage of the operation's input: parameters and body properties. */
export function breakagesOfOperation(operation: SpecOperation): Breakage[] {
  const params = operation.parameters.filter((p) => p.in === 'query' || p.in === 'path');
  const body = operation.requestBody ? casesSchema(operation.requestBody.schema) : undefined;
  const missing = (name: string, schema: Json): Broken => ({
    what: 'missing',
    steps: [{ key: name, schema }],
    value: REMOVED,
    schema: {},
  });
  const inUrl = (p: SpecParameter) => (b: Broken) => {
    // A path parameter cannot be missing or empty and still name this operation's URL: the client refuses
    // those before sending; no request can carry them.
    const empty = b.what === 'missing' || b.what === 'minLength − 1';
    return p.in === 'path' && b.steps.length === 1 && empty
      ? { ...breakage(b), clientOnly: true }
      : breakage(b);
  };
  // What the URL can tell from a valid value: a wrong-typed value for a string is a valid string ("42"),
  // and for an exploded array a one-item array; an empty exploded array is no parameter at all. A JSON
  // text parameter carries the value whole.
  const tellable = (p: SpecParameter) => (b: Broken) =>
    jsonContent(p) ||
    ((b.what !== 'wrong type' || !['string', 'array'].includes(b.schema.type)) &&
      !(Array.isArray(b.value) && b.value.length === 0 && b.steps.length === 1 && !p.required));
  return [
    ...params.filter((p) => p.required).map((p) => inUrl(p)(missing(p.name, parameterSchema(p)))),
    ...(body?.required ?? []).map((name: string) => breakage(missing(name, body.properties?.[name] ?? {}))),
    ...params.flatMap((p) => {
      const schema = parameterSchema(p);
      return breakagesOf(schema, [{ key: p.name, schema }])
        .filter(tellable(p))
        .map(inUrl(p));
    }),
    ...Object.entries(body?.properties ?? {}).flatMap(([name, property]) =>
      breakagesOf(property, [{ key: name, schema: property }]).map(breakage),
    ),
  ];
}
