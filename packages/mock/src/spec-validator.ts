// JSON Schema validation against the bundled spec with ajv (2020-12, the OpenAPI 3.1 dialect), independent
// of Prism: the mock's front door checks requests with it, the contract suite checks responses.
// Path and query parameters arrive as URL text; each is decoded by its schema first (`maxResults=30` is the
// integer 30, `toRecycleBin=true` the boolean, batchQueryRoles' `dentryIdList=["a"]` a JSON array), strictly,
// so that what the schema then checks is the value the client meant.
import { resolveSchema } from '@dingtalk-storage/spec/operations';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { MAX_JSON_DEPTH, parseExactJson } from './exact-json.js';
import { loadSpec, type OpenApiDocument, type SpecOperation, specOperation } from './spec.js';

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
   * Problems of the path and query parameters, by name, as the URL carries them (see decodeParameters); a
   * name given more than once, as an array, is flagged unless the parameter is an exploded array.
   */
  parameters(operationId: string, values: Record<string, string | string[]>): SpecViolation[];
  /**
   * The operation's path and query parameters decoded by their schemas, and their problems. `query` holds
   * the URL's query (a name given more than once as an array); names the operation does not declare are
   * left out of the result.
   */
  decodeParameters(operationId: string, raw: RawParameters): DecodedParameters;
  /** Problems of a response body for the status; an undocumented status is a problem too. */
  response(operationId: string, status: number, body: unknown): SpecViolation[];
}

/** Path and query parameters as the URL gives them: percent-decoded text. */
export interface RawParameters {
  path: Record<string, string>;
  query: Record<string, string | string[]>;
}

/**
 * A parameter's value once decoded by its schema: text for a string, a number (a BigInt beyond 2^53) for an
 * integer, a boolean, an array of those, or any JSON value for a `content: application/json` parameter.
 */
export type ParameterValue = string | number | bigint | boolean | null | ParameterValue[] | object;

export interface DecodedParameters {
  /** The operation's path parameters, decoded. */
  path: Record<string, ParameterValue>;
  /** The operation's query parameters that were given, decoded (a parameter that failed to decode is absent). */
  query: Record<string, ParameterValue>;
  /** Empty when every parameter is valid. */
  problems: SpecViolation[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * OpenAPI's formats that the spec uses, for ajv (which, strict, refuses a format it does not know). int64 is
 * a Java Long: a JSON number cannot say 2^63−1 exactly (it rounds to 2^63), so 2^63 itself passes here;
 * integers beyond 2^53 are checked exactly, as BigInts, before ajv sees them.
 */
const FORMATS = {
  int32: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  int64: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63,
  float: (n: number) => Number.isFinite(n),
  double: (n: number) => Number.isFinite(n),
};

export function createSpecValidator(spec: OpenApiDocument = loadSpec()): SpecValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const [name, validate] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'number', validate });
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
  const decoders = new Map<string, ParameterDecoder[]>();
  const decodersOf = (op: SpecOperation) => {
    let found = decoders.get(op.operationId);
    if (!found) {
      found = op.parameters
        .filter((p) => p.in === 'query' || p.in === 'path')
        .map((p) => parameterDecoder(spec, p));
      decoders.set(op.operationId, found);
    }
    return found;
  };

  const decodeParameters = (operationId: string, raw: RawParameters): DecodedParameters => {
    const op = operation(operationId);
    const params = decodersOf(op);
    const decoded: DecodedParameters = { path: {}, query: {}, problems: [] };
    const failed = new Set<string>();
    for (const { name, in: where, decode } of params) {
      const text = where === 'path' ? raw.path[name] : raw.query[name];
      if (text === undefined) continue;
      const result = decode(text);
      if ('problem' in result) {
        failed.add(name);
        decoded.problems.push(result.problem);
      } else {
        decoded[where][name] = result.value;
      }
    }
    const values = { ...decoded.query, ...decoded.path };
    const bigProblems = Object.entries(values).flatMap(([name, value]) => outOfInt64(value, name));
    decoded.problems.push(...bigProblems);
    if (bigProblems.length) return decoded;
    const validate = validatorFor(`${op.operationId} parameters`, () => ({
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: params.filter((p) => p.required).map((p) => p.name),
    }));
    // A parameter that could not be decoded is reported once, as that, not also as missing.
    decoded.problems.push(
      ...violations(validate, ajvSafe(values)).filter((v) => !failed.has(v.path.split('.')[0] ?? '')),
    );
    return decoded;
  };

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
      const inPath = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
      const raw: RawParameters = { path: {}, query: {} };
      for (const [name, value] of Object.entries(values)) {
        if (inPath.has(name) && typeof value === 'string') raw.path[name] = value;
        else raw.query[name] = value;
      }
      return decodeParameters(operationId, raw).problems;
    },
    decodeParameters,
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

type SpecParameter = SpecOperation['parameters'][number];
type Decoded = { value: ParameterValue } | { problem: SpecViolation };

interface ParameterDecoder {
  name: string;
  in: 'path' | 'query';
  /** The schema ajv checks the decoded value against. */
  schema: unknown;
  required: boolean;
  decode(text: string | string[]): Decoded;
}

// Strict decimal forms: what the official SDK writes for a number (String(n)); `+1`, `01`, `1e3`, ` 1`
// and `0x10` are refused rather than read as something the client may not have meant.
const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * How one parameter is read from the URL, from its schema: a `content: application/json` parameter as
 * JSON text (nested at most MAX_JSON_DEPTH deep, integers beyond 2^53 exact); an array by its OpenAPI
 * style (query: `form`, exploded into repeated names by default; path: `simple`, comma-separated), each
 * item as its scalar; integers and numbers in decimal; booleans as `true` or `false`; strings as they are.
 */
function parameterDecoder(spec: OpenApiDocument, parameter: SpecParameter): ParameterDecoder {
  const { name } = parameter;
  const where = parameter.in as 'path' | 'query';
  const raw = parameter as SpecParameter & { content?: Record<string, { schema?: unknown }> };
  const jsonSchema = raw.content?.['application/json']?.schema;
  const schema = jsonSchema ?? parameter.schema;
  const resolved = resolveSchema(spec, schema) ?? {};
  const fail = (message: string, path = name): Decoded => ({ problem: { path, message } });
  const once =
    (decode: (text: string) => Decoded) =>
    (text: string | string[]): Decoded =>
      typeof text === 'string' ? decode(text) : fail('must be given once');

  if (parameter.json === true || jsonSchema !== undefined) {
    const decode = once((text) => {
      try {
        return { value: parseExactJson(text, MAX_JSON_DEPTH) as ParameterValue };
      } catch (error) {
        return error instanceof RangeError
          ? fail(`must be JSON nested no deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)`)
          : fail('must be JSON text (the parameter is sent as application/json)');
      }
    });
    return { name, in: where, schema, required: parameter.required, decode };
  }
  if (typeOf(resolved) === 'array') {
    const item = resolveSchema(spec, resolved.items ?? {}) ?? {};
    const { style = where === 'query' ? 'form' : 'simple', explode = style === 'form' } = raw as {
      style?: string;
      explode?: boolean;
    };
    const separator = ARRAY_SEPARATORS[style];
    if (separator === undefined) {
      throw new Error(
        `the mock cannot read parameter ${name} of style ${style}: an array parameter is form, simple, spaceDelimited or pipeDelimited`,
      );
    }
    const exploded = explode && where === 'query';
    const decode = (text: string | string[]): Decoded => {
      if (!exploded && typeof text !== 'string') return fail('must be given once');
      const texts = exploded ? [text].flat() : text === '' ? [] : (text as string).split(separator);
      const values: ParameterValue[] = [];
      for (const [i, itemText] of texts.entries()) {
        const decoded = scalarOf(item, itemText, `${name}.${i}`);
        if ('problem' in decoded) return decoded;
        values.push(decoded.value);
      }
      return { value: values };
    };
    return { name, in: where, schema, required: parameter.required, decode };
  }
  if (typeOf(resolved) === 'object') {
    throw new Error(
      `the mock cannot read object parameter ${name}: give it content: application/json (JSON text in the URL)`,
    );
  }
  return {
    name,
    in: where,
    schema,
    required: parameter.required,
    decode: once((text) => scalarOf(resolved, text, name)),
  };
}

/** The separator of a non-exploded array in each OpenAPI style. */
const ARRAY_SEPARATORS: Record<string, string> = {
  form: ',',
  simple: ',',
  spaceDelimited: ' ',
  pipeDelimited: '|',
};

/** A string, integer, number or boolean from its URL text, or what the text should have been. */
function scalarOf(schema: { type?: unknown }, text: string, path: string): Decoded {
  const fail = (message: string): Decoded => ({ problem: { path, message } });
  switch (typeOf(schema)) {
    case 'integer': {
      if (!INTEGER_TEXT.test(text))
        return fail('must be an integer, in decimal digits (no sign +, leading zero, fraction or exponent)');
      const value = Number(text);
      return { value: Number.isSafeInteger(value) ? value : BigInt(text) };
    }
    case 'number': {
      const value = Number(text);
      if (!NUMBER_TEXT.test(text) || !Number.isFinite(value))
        return fail('must be a finite number, in decimal notation');
      return { value };
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return fail('must be true or false');
    default:
      return { value: text };
  }
}

/** A schema's one type (`['integer', 'null']` is read as integer; the null is not in a URL). */
function typeOf(schema: { type?: unknown }): unknown {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
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
