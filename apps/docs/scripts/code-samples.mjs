// A TypeScript sample per operation for the API reference, built from the spec: the client method call with
// the operation's example input (its parameters' examples and its first request body example). They go into
// the copy of the spec the page embeds, as Redoc's `x-codeSamples`; the docs test type-checks every one of
// them against the built client.
import { deref, resolveSchema, specOperations } from '@dingtalk-storage/spec/operations';

export const SAMPLE_LABEL = 'TypeScript';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Redoc shows samples in a narrow right-hand panel.
const WIDTH = 48;

const quote = (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
const key = (name) => (IDENTIFIER.test(name) ? name : quote(name));

/** A JSON value as a one-line TypeScript literal in the repository's style: single quotes, bare keys. */
function flatLiteral(value) {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flatLiteral).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${flatLiteral(v)}`).join(', ')} }` : '{}';
}

/** The same literal on one line when it fits from `column` on, else one entry a line with trailing commas. */
function literal(value, indent, column) {
  const flat = flatLiteral(value);
  if (value === null || typeof value !== 'object' || column + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((item) => ['', item])
    : Object.entries(value).map(([k, item]) => [`${key(k)}: `, item]);
  const lines = entries.map(([k, item]) => `${inner}${k}${literal(item, inner, inner.length + k.length)},`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}

/**
 * A parameter's example as the JSON value the client takes (a number, a boolean, an array…, never its text
 * on the wire): the parameter's own `example` or first named example, its schema's, or, for a parameter
 * sent as JSON text (`content: application/json`, like batchQueryRoles' `dentryIdList`), its media type's.
 */
function parameterExample(spec, parameter) {
  const media = Object.values(parameter.content ?? {})[0];
  for (const holder of [parameter, media]) {
    if (holder?.example !== undefined) return holder.example;
    const [named] = Object.values(holder?.examples ?? {});
    if (named !== undefined) return deref(spec, named).value;
  }
  for (const schema of [parameter.schema, media?.schema]) {
    const example = schema?.example ?? schema?.examples?.[0];
    if (example !== undefined) return example;
  }
  return undefined;
}

/** The method's input: path and query parameters, then the top-level properties of the JSON body. */
function exampleInput(spec, op) {
  const input = {};
  for (const parameter of op.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const example = parameterExample(spec, parameter);
    if (example !== undefined) input[parameter.name] = example;
    else if (parameter.required) {
      throw new Error(
        `spec: ${op.operationId} parameter ${parameter.name} has no example: the reference's sample needs one`,
      );
    }
  }
  const body = Object.values(op.requestBody?.examples ?? {})[0]?.value;
  if (op.requestBody?.required && body === undefined) {
    throw new Error(`spec: ${op.operationId} has no request body example: the reference's sample needs one`);
  }
  return { ...input, ...(body ?? {}) };
}

/** The names the 2xx body is destructured into, when it is an object with named properties. */
function outputNames(spec, op) {
  const [, ok] = [...op.responses].find(([status]) => status >= 200 && status < 300) ?? [];
  return Object.keys(resolveSchema(spec, ok?.schema)?.properties ?? {});
}

export function codeSample(spec, op) {
  const names = outputNames(spec, op);
  const result = names.length ? `const { ${names.join(', ')} }` : 'const result';
  const head = `${result} = await storage.${op.operationId}(`;
  const call = `${head}${literal(exampleInput(spec, op), '', head.length + 2)});`;
  return [
    "import { createStorageClient } from '@dingtalk-storage/client';",
    '',
    'const storage = createStorageClient({',
    "  accessToken: process.env.DINGTALK_ACCESS_TOKEN ?? '',",
    '});',
    '',
    ...(op.secured ? [] : ['// Sent without the access token.']),
    call,
    '',
  ].join('\n');
}

/** A copy of the spec whose every operation carries its TypeScript sample. */
export function withCodeSamples(spec) {
  const copy = structuredClone(spec);
  for (const op of specOperations(spec)) {
    // Redoc's bundled Prism has no TypeScript grammar; its JavaScript one colours these samples fully.
    copy.paths[op.path][op.method.toLowerCase()]['x-codeSamples'] = [
      { lang: 'JavaScript', label: SAMPLE_LABEL, source: codeSample(spec, op) },
    ];
  }
  return copy;
}
