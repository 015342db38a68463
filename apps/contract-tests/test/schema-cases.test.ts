// The case generator itself, over a table of the schema shapes DingTalk's storage operations use: every
// generated valid input validates with ajv against its schema, every broken one fails in exactly one
// place, and each shape's keywords each get their breakage. A path or query parameter is validated as the URL carries it
// (`parameterText`), read back the way a server reads a URL: decimal integers, `true`/`false`, JSON text.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breakagesOfOperation,
  INT32_MAX,
  INT32_MIN,
  inputArbitrary,
  parameterSchema,
  parameterText,
} from './schema-cases.js';
import type { SpecOperation } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and JSON values.
type Json = any;
type Location = 'body' | 'query' | 'path' | 'query, JSON text';

// ajv as the mock runs it (its own dependency, so this suite adds none): JSON Schema 2020-12, strict,
// with OpenAPI's integer formats.
const mockRequire = createRequire(
  createRequire(import.meta.url).resolve('@dingtalk-storage/mock/package.json'),
);
const { Ajv2020 } = mockRequire('ajv/dist/2020.js');
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
});
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });

const seed = 20_261_126;
const numRuns = 60;

const string = (bounds: Json = {}) => ({ type: 'string', ...bounds });
const appProperty = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'value', 'visibility'],
  properties: {
    name: string({ minLength: 1, maxLength: 64 }),
    value: string({ maxLength: 256 }),
    visibility: { type: 'string', enum: ['PUBLIC', 'PRIVATE'] },
  },
};

interface Shape {
  name: string;
  where: Location;
  schema: Json;
  required?: boolean;
  /** The breakages this shape's keywords call for (`value` is the field's name). */
  breakages: string[];
}

const shapes: Shape[] = [
  {
    name: 'an array of strings, minItems and maxItems',
    where: 'body',
    schema: { type: 'array', minItems: 1, maxItems: 30, items: string({ minLength: 1, maxLength: 64 }) },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: minItems − 1',
      'value: maxItems + 1',
      'value.0: wrong type',
      'value.0: maxLength + 1',
      'value.0: minLength − 1',
    ],
  },
  {
    name: 'an array of objects with required fields (appProperties)',
    where: 'body',
    schema: { type: 'array', maxItems: 3, items: appProperty },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: maxItems + 1',
      'value.0: wrong type',
      'value.0.unknownField: unknown field',
      'value.0.name: missing',
      'value.0.value: missing',
      'value.0.visibility: missing',
      'value.0.name: wrong type',
      'value.0.name: maxLength + 1',
      'value.0.name: minLength − 1',
      'value.0.value: wrong type',
      'value.0.value: maxLength + 1',
      'value.0.visibility: wrong type',
      'value.0.visibility: outside the enum',
    ],
  },
  {
    name: 'an object with an optional array of integers (partNumbers)',
    where: 'body',
    required: false,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['uploadKey'],
      properties: {
        uploadKey: string({ minLength: 1 }),
        partNumbers: {
          type: 'array',
          maxItems: 30,
          items: { type: 'integer', format: 'int32', minimum: 1, maximum: 10_000 },
        },
      },
    },
    breakages: [
      'value: wrong type',
      'value.unknownField: unknown field',
      'value.uploadKey: missing',
      'value.uploadKey: wrong type',
      'value.uploadKey: minLength − 1',
      'value.partNumbers: wrong type',
      'value.partNumbers: maxItems + 1',
      'value.partNumbers.0: wrong type',
      'value.partNumbers.0: minimum − 1',
      'value.partNumbers.0: maximum + 1',
      'value.partNumbers.0: a fraction',
    ],
  },
  {
    name: 'a map of arrays of objects (appProperties by app id)',
    where: 'body',
    schema: { type: 'object', additionalProperties: { type: 'array', items: appProperty } },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value.*: wrong type',
      'value.*.0: wrong type',
      'value.*.0.unknownField: unknown field',
      'value.*.0.name: missing',
      'value.*.0.value: missing',
      'value.*.0.visibility: missing',
      'value.*.0.name: wrong type',
      'value.*.0.name: maxLength + 1',
      'value.*.0.name: minLength − 1',
      'value.*.0.value: wrong type',
      'value.*.0.value: maxLength + 1',
      'value.*.0.visibility: wrong type',
      'value.*.0.visibility: outside the enum',
    ],
  },
  {
    name: 'a map of strings with named properties, minProperties and maxProperties',
    where: 'body',
    schema: {
      type: 'object',
      minProperties: 2,
      maxProperties: 4,
      required: ['region'],
      properties: { region: { type: 'string', enum: ['SHANGHAI', 'SINGAPORE'] } },
      additionalProperties: string({ maxLength: 8 }),
    },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value.region: missing',
      'value.region: wrong type',
      'value.region: outside the enum',
      'value: minProperties − 1',
      'value: maxProperties + 1',
      'value.*: wrong type',
      'value.*: maxLength + 1',
    ],
  },
  {
    name: 'a shared array narrowed by allOf (dentryIds: allOf [DentryIdList], maxItems 30)',
    where: 'body',
    schema: {
      description: 'At most 30.',
      type: 'array',
      maxItems: 30,
      allOf: [{ type: 'array', minItems: 1, items: string({ minLength: 1, maxLength: 64 }) }],
    },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: minItems − 1',
      'value: maxItems + 1',
      'value.0: wrong type',
      'value.0: maxLength + 1',
      'value.0: minLength − 1',
    ],
  },
  {
    name: 'a name with a pattern and length bounds (DentryName)',
    where: 'body',
    schema: string({ minLength: 1, maxLength: 255, pattern: '^[^\\t*"<>|]*[^\\t*"<>|.]$' }),
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: maxLength + 1',
      'value: minLength − 1',
      'value: off the pattern',
    ],
  },
  {
    name: 'an int32 with no bounds',
    where: 'body',
    schema: { type: 'integer', format: 'int32' },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: below int32',
      'value: beyond int32',
      'value: a fraction',
    ],
  },
  {
    name: 'an int64 size with a minimum',
    where: 'body',
    schema: { type: 'integer', format: 'int64', minimum: 0 },
    breakages: ['value: missing', 'value: wrong type', 'value: minimum − 1', 'value: a fraction'],
  },
  {
    name: 'an integer with exclusive bounds',
    where: 'body',
    schema: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 3601 },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: exclusiveMinimum',
      'value: exclusiveMaximum',
      'value: a fraction',
    ],
  },
  {
    name: 'a boolean',
    where: 'body',
    schema: { type: 'boolean' },
    breakages: ['value: missing', 'value: wrong type'],
  },
  {
    name: 'an int32 maxResults (1 to 50)',
    where: 'query',
    required: false,
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 50 },
    breakages: ['value: wrong type', 'value: minimum − 1', 'value: maximum + 1', 'value: a fraction'],
  },
  {
    name: 'an int32 with no bounds',
    where: 'query',
    schema: { type: 'integer', format: 'int32' },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: below int32',
      'value: beyond int32',
      'value: a fraction',
    ],
  },
  {
    name: 'a boolean (toRecycleBin)',
    where: 'query',
    required: false,
    schema: { type: 'boolean' },
    breakages: ['value: wrong type'],
  },
  {
    name: 'a string enum (order)',
    where: 'query',
    schema: { type: 'string', enum: ['ASC', 'DESC'] },
    breakages: ['value: missing', 'value: outside the enum'],
  },
  {
    name: 'an array of int32, one value per item',
    where: 'query',
    schema: {
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: { type: 'integer', format: 'int32', minimum: 1 },
    },
    breakages: [
      'value: missing',
      'value: minItems − 1',
      'value: maxItems + 1',
      'value.0: wrong type',
      'value.0: minimum − 1',
      'value.0: beyond int32',
      'value.0: a fraction',
    ],
  },
  {
    name: 'an optional array of strings: an empty one is no parameter',
    where: 'query',
    required: false,
    schema: { type: 'array', minItems: 1, items: string({ minLength: 1, maxLength: 8 }) },
    breakages: ['value.0: maxLength + 1', 'value.0: minLength − 1'],
  },
  {
    name: 'an array of ids as JSON text (dentryIdList)',
    where: 'query, JSON text',
    schema: { type: 'array', minItems: 1, maxItems: 30, items: string({ minLength: 1, maxLength: 64 }) },
    breakages: [
      'value: missing',
      'value: wrong type',
      'value: minItems − 1',
      'value: maxItems + 1',
      'value.0: wrong type',
      'value.0: maxLength + 1',
      'value.0: minLength − 1',
    ],
  },
  {
    name: 'a hex digest with a pattern (md5)',
    where: 'query',
    schema: string({ pattern: '^[0-9a-fA-F]{32}$' }),
    breakages: ['value: missing', 'value: off the pattern'],
  },
  {
    name: 'an int64 version',
    where: 'path',
    schema: { type: 'integer', format: 'int64', minimum: 1 },
    breakages: ['value: missing', 'value: wrong type', 'value: minimum − 1', 'value: a fraction'],
  },
  {
    name: 'a string id',
    where: 'path',
    schema: string({ minLength: 1, maxLength: 64 }),
    breakages: ['value: missing', 'value: maxLength + 1', 'value: minLength − 1'],
  },
];

/** An operation whose one input, `value`, has the shape (a parameter, or a property of the body). */
function operationOf({ where, schema, required = true }: Shape): SpecOperation {
  const base = { operationId: 'shape', method: 'POST', path: '/shape', summary: '', idempotent: false };
  const rest = { responses: new Map(), secured: true };
  if (where === 'body') {
    const body = { type: 'object', properties: { value: schema }, required: required ? ['value'] : [] };
    return { ...base, ...rest, parameters: [], requestBody: { required: true, schema: body, examples: {} } };
  }
  const parameter = {
    name: 'value',
    in: where === 'path' ? ('path' as const) : ('query' as const),
    required,
    ...(where === 'query, JSON text'
      ? { schema: {}, content: { 'application/json': { schema } } }
      : { schema }),
  };
  return { ...base, ...rest, parameters: [parameter], requestBody: undefined };
}

/** A URL parameter's text read back as a server reads it: strictly decimal integers, true/false, JSON. */
function fromUrl(schema: Json, text: string | string[], json: boolean): unknown {
  if (json) {
    try {
      return JSON.parse(text as string);
    } catch {
      return text;
    }
  }
  if (Array.isArray(text)) return text.map((item) => fromUrl(schema.items, item, false));
  if (schema.type === 'array') return text.split(',').map((item) => fromUrl(schema.items, item, false));
  if (schema.type === 'integer' && /^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (schema.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

// By the schema's text: a parameter's schema is resolved afresh, a new object, on every read.
const validators = new Map<string, { (value: unknown): boolean; errors?: { instancePath: string }[] }>();

/** Where `value` breaks `schema`: the distinct places ajv names, under `at`. */
function problemsIn(schema: Json, value: unknown, at: string): string[] {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate as NonNullable<typeof validate>);
  }
  if (validate?.(value)) return [];
  return (validate?.errors ?? []).map((error) => `${at}${error.instancePath}`);
}

/**
 * The distinct places where the operation refuses the input (none: accepted): its parameters as the URL
 * carries them, and its body.
 */
function problemsOf(operation: SpecOperation, input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const parameter of operation.parameters) {
    const value = input[parameter.name];
    const text = value === undefined ? undefined : parameterText(parameter, value);
    // An exploded empty array puts nothing in the URL: no parameter at all.
    if (text === undefined || (Array.isArray(text) && text.length === 0)) {
      if (parameter.required) problems.push(parameter.name);
      continue;
    }
    const schema = parameterSchema(parameter);
    if (parameter.in === 'path' && text === '')
      problems.push(parameter.name); // an empty segment
    else problems.push(...problemsIn(schema, fromUrl(schema, text, 'content' in parameter), parameter.name));
  }
  if (operation.requestBody) {
    const names = operation.parameters.map((p) => p.name);
    const body = Object.fromEntries(Object.entries(input).filter(([name]) => !names.includes(name)));
    problems.push(...problemsIn(operation.requestBody.schema, body, 'body'));
  }
  return [...new Set(problems)];
}

describe.each(shapes.map((shape) => [`${shape.where}: ${shape.name}`, shape] as const))('%s', (_, shape) => {
  const operation = operationOf(shape);
  const valid = () => fc.sample(inputArbitrary(operation), { seed, numRuns });

  it(`${numRuns} generated inputs all validate, and differ`, () => {
    const inputs = valid();
    expect(inputs.filter((input) => problemsOf(operation, input).length > 0)).toEqual([]);
    expect(new Set(inputs.map((input) => JSON.stringify(input))).size).toBeGreaterThan(1);
  });

  it("a breakage for each of the shape's keywords", () => {
    expect(breakagesOfOperation(operation).map((b) => b.name)).toEqual(shape.breakages);
  });

  it('each breakage, applied to every generated input, makes it invalid in exactly one place', () => {
    const notOnePlace = valid().flatMap((input) =>
      breakagesOfOperation(operation).flatMap((breakage) => {
        const broken = breakage.apply(input);
        const problems = problemsOf(operation, broken);
        return problems.length === 1 ? [] : [{ breakage: breakage.name, input, broken, problems }];
      }),
    );
    expect(notOnePlace).toEqual([]);
  });
});
