// The request as the server reads it: every `default` the spec declares filled in where the client left the
// field out, also inside objects it left out (createSpace's `option` absent still means scene "default",
// sceneId "0", ownerType USER, every capability false). State handlers read defaults from here, never from
// literals of their own.
import { resolveSchema } from '@dingtalk-storage/spec/operations';
import type { OpenApiDocument } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and JSON values.
type Json = any;

/** `value` with the schema's defaults filled in; `undefined` when there is nothing to fill. */
function filled(schema: Json, value: Json): Json {
  if (value === undefined && schema?.default !== undefined) return structuredClone(schema.default);
  if (
    schema?.type !== 'object' ||
    (value !== undefined && (typeof value !== 'object' || Array.isArray(value)))
  )
    return value;
  const out: Json = { ...value };
  for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) {
    const next = filled(property, out[name]);
    if (next !== undefined) out[name] = next;
  }
  // An object the client left out exists only if the spec gives something inside it a default.
  return value === undefined && Object.keys(out).length === 0 ? undefined : out;
}

// Each operation's body schema, resolved once: the front door fills defaults on every request.
const resolvedSchemas = new WeakMap<object, Json>();

export function withDefaults(spec: OpenApiDocument, schema: unknown, body: unknown): unknown {
  if (!schema || typeof schema !== 'object') return body;
  let resolved = resolvedSchemas.get(schema);
  if (!resolved) {
    resolved = resolveSchema(spec, schema);
    resolvedSchemas.set(schema, resolved);
  }
  return filled(resolved, body) ?? body;
}
