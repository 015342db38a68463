// Classifies the differences between two versions of the spec as breaking or not, for every operation's
// clients: what a client built against `base` may send and expects back must still hold with `head`.
//
// Breaking: an added required input, a removed or retyped field, a narrowed request enum or bound
// (maxLength, minimum, pattern, additionalProperties: false, …), a removed response or operation, a widened
// response enum or bound, a response field that stops being required.
// Not breaking: an added operation, an added optional input, an added response field or status, a response
// field made required, a widened request enum or bound, a narrowed response enum or bound, description and
// example changes.
import { specOperations } from '@dingtalk-storage/spec/operations';

/**
 * @typedef {{ rule: string, path: string, breaking: boolean }} Change
 * @param {any} base @param {any} head parsed OpenAPI documents
 * @returns {Change[]}
 */
export function classifyChanges(base, head) {
  /** @type {Change[]} */
  const changes = [];
  const add = (rule, path, breaking) => changes.push({ rule, path, breaking });
  const deref = (doc, schema) => {
    let current = schema;
    for (let hops = 0; current?.$ref && hops < 32; hops++) {
      current = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
    }
    return current;
  };

  function compareSchema(baseSchema, headSchema, path, direction) {
    const b = deref(base, baseSchema);
    const h = deref(head, headSchema);
    if (!b || !h) return;
    if (b.type !== h.type || b.format !== h.format || JSON.stringify(b.anyOf) !== JSON.stringify(h.anyOf)) {
      add('retyped field', path, true);
      return;
    }
    if (b.enum || h.enum) {
      const before = new Set(b.enum ?? []);
      const after = new Set(h.enum ?? []);
      const removed = [...before].filter((v) => !after.has(v));
      const added = [...after].filter((v) => !before.has(v));
      if (direction === 'request') {
        if (removed.length > 0 || (!b.enum && h.enum)) add('narrowed request enum', path, true);
        if (added.length > 0 && b.enum) add('widened request enum', path, false);
      } else {
        if (added.length > 0 || (b.enum && !h.enum)) add('widened response enum', path, true);
        if (removed.length > 0 && h.enum) add('narrowed response enum', path, false);
      }
    }
    compareConstraints(b, h, path, direction);
    const baseProps = b.properties ?? {};
    const headProps = h.properties ?? {};
    const baseRequired = new Set(b.required ?? []);
    const headRequired = new Set(h.required ?? []);
    for (const name of Object.keys(baseProps)) {
      const at = path ? `${path}.${name}` : name;
      if (!(name in headProps)) {
        add('removed field', at, true);
        continue;
      }
      if (direction === 'request' && headRequired.has(name) && !baseRequired.has(name)) {
        add('added required input', at, true);
      }
      if (direction === 'response' && baseRequired.has(name) && !headRequired.has(name)) {
        add('response field no longer required', at, true);
      }
      // A client never relied on its absence: it only gets a promise it did not have.
      if (direction === 'response' && headRequired.has(name) && !baseRequired.has(name)) {
        add('response field made required', at, false);
      }
      compareSchema(baseProps[name], headProps[name], at, direction);
    }
    for (const name of Object.keys(headProps)) {
      if (name in baseProps) continue;
      const at = path ? `${path}.${name}` : name;
      if (direction === 'request') {
        add(
          headRequired.has(name) ? 'added required input' : 'added optional input',
          at,
          headRequired.has(name),
        );
      } else {
        add('added response field', at, false);
      }
    }
    if (b.items || h.items) compareSchema(b.items, h.items, `${path}[]`, direction);
  }

  // A request bound that tightens rejects what old clients send; a response bound that loosens lets through
  // what old clients do not expect.
  function compareConstraints(b, h, path, direction) {
    const narrower = [];
    for (const key of ['maxLength', 'maximum', 'maxItems']) {
      if (b[key] !== h[key]) narrower.push((h[key] ?? Infinity) < (b[key] ?? Infinity));
    }
    for (const key of ['minLength', 'minimum', 'minItems']) {
      if (b[key] !== h[key]) narrower.push((h[key] ?? -Infinity) > (b[key] ?? -Infinity));
    }
    if (b.pattern !== h.pattern) narrower.push(h.pattern !== undefined);
    // A map (`additionalProperties: <schema>`) is compared by its values; `true`/`false`/absent by openness.
    const [bMap, hMap] = [b.additionalProperties, h.additionalProperties];
    if (typeof bMap === 'object' && typeof hMap === 'object')
      compareSchema(bMap, hMap, `${path}.*`, direction);
    else if (bMap !== hMap) narrower.push(hMap === false);
    for (const tighter of narrower) {
      if (direction === 'request')
        add(tighter ? 'narrowed request constraint' : 'widened request constraint', path, tighter);
      else add(tighter ? 'narrowed response constraint' : 'widened response constraint', path, !tighter);
    }
  }

  // Operations are matched by method and path (what goes on the wire), read through the spec module so that
  // responses and parameters in `components` count like inline ones.
  const byRoute = (doc) => new Map(specOperations(doc).map((op) => [`${op.method} ${op.path}`, op]));
  const baseOps = byRoute(base);
  const headOps = byRoute(head);
  for (const [where, baseOp] of baseOps) {
    const headOp = headOps.get(where);
    if (!headOp) {
      add('removed operation', where, true);
      continue;
    }
    compareParameters(baseOp, headOp, where);
    if (headOp.requestBody?.required && !baseOp.requestBody?.required)
      add('added required input', `${where} request body`, true);
    compareSchema(baseOp.requestBody?.schema, headOp.requestBody?.schema, `${where} request`, 'request');
    for (const [status, baseResponse] of baseOp.responses) {
      const headResponse = headOp.responses.get(status);
      if (!headResponse) {
        add('removed response', `${where} ${status}`, true);
        continue;
      }
      compareSchema(baseResponse.schema, headResponse.schema, `${where} ${status}`, 'response');
    }
    for (const status of headOp.responses.keys()) {
      if (!baseOp.responses.has(status)) add('added response', `${where} ${status}`, false);
    }
  }
  for (const where of headOps.keys()) {
    if (!baseOps.has(where)) add('added operation', where, false);
  }

  function compareParameters(baseOp, headOp, where) {
    const key = (p) => `${p.in} ${p.name}`;
    const baseParams = new Map(baseOp.parameters.map((p) => [key(p), p]));
    const headParams = new Map(headOp.parameters.map((p) => [key(p), p]));
    for (const [name, p] of baseParams) {
      const next = headParams.get(name);
      if (!next) add('removed field', `${where} ${name}`, true);
      else {
        if (next.required && !p.required) add('added required input', `${where} ${name}`, true);
        compareSchema(p.schema, next.schema, `${where} ${name}`, 'request');
      }
    }
    for (const [name, p] of headParams) {
      if (!baseParams.has(name)) {
        add(
          p.required ? 'added required input' : 'added optional input',
          `${where} ${name}`,
          Boolean(p.required),
        );
      }
    }
  }

  return changes;
}
