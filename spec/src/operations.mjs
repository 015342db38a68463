// Reading the spec: its operations by operationId, with every `$ref` into `components` followed, the one
// place that knows the document's layout (Prism's getHttpOperationsFromSpec is the model). The mock's
// validator, front door and CLI, the client's generator, the contract suite, the spec tests, the docs
// and the compatibility check all read operations through it, so a response moved into
// `components/responses` (or a parameter into `components/parameters`) works everywhere at once.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `node` with its `$ref` (a local `#/…` JSON pointer) followed, repeatedly. */
export function deref(document, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    const pointer = current.$ref;
    current = pointer
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((at, part) => at?.[part], document);
    if (current === undefined) throw new Error(`unresolved $ref ${pointer}`);
  }
  return current;
}

const cache = new WeakMap();

/** Every operation of the spec, in document order. */
export function specOperations(document) {
  let operations = cache.get(document);
  if (operations) return operations;
  operations = Object.entries(document.paths ?? {}).flatMap(([path, rawItem]) => {
    const item = deref(document, rawItem);
    return METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
        parameterOf(deref(document, p)),
      );
      const body = operation.requestBody && deref(document, operation.requestBody);
      const media = body?.content?.['application/json'];
      const security = operation.security ?? document.security ?? [];
      return {
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        idempotent: operation['x-idempotent'] === true,
        parameters,
        requestBody: media
          ? { required: body.required === true, schema: media.schema, examples: examplesOf(document, media) }
          : undefined,
        responses: new Map(
          Object.entries(operation.responses ?? {}).map(([status, rawResponse]) => {
            const response = deref(document, rawResponse);
            const json = response.content?.['application/json'];
            return [
              Number(status),
              {
                description: response.description ?? '',
                schema: json?.schema,
                examples: examplesOf(document, json),
              },
            ];
          }),
        ),
        secured: security.some((requirement) => Object.keys(requirement).length > 0),
      };
    });
  });
  cache.set(document, operations);
  return operations;
}

/**
 * A parameter with `required` a boolean and `schema` the schema of its value: for a parameter sent as JSON
 * text (`content: { application/json: { schema } }`, as batchQueryRoles' `dentryIdList`) the content's
 * schema, and `json: true`.
 */
function parameterOf(parameter) {
  const json = parameter.content?.['application/json'];
  return {
    ...parameter,
    required: parameter.required === true,
    schema: parameter.schema ?? json?.schema ?? {},
    ...(json && { json: true }),
  };
}

function examplesOf(document, media) {
  return Object.fromEntries(
    Object.entries(media?.examples ?? {}).map(([name, example]) => [name, deref(document, example)]),
  );
}

/** The operation with this operationId; throws naming the ones there are. */
export function specOperation(document, operationId) {
  const operations = specOperations(document);
  const operation = operations.find((o) => o.operationId === operationId);
  if (!operation) {
    throw new Error(
      `No operation ${operationId} in the spec; it has ${operations.map((o) => o.operationId).join(', ')}.`,
    );
  }
  return operation;
}

/** A schema with its `$ref`s into components followed, at every depth (for walking, not for ajv). */
export function resolveSchema(document, schema, seen = new Set()) {
  const resolved = deref(document, schema);
  if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return resolved;
  seen.add(resolved);
  const out = Array.isArray(resolved) ? [] : {};
  for (const [key, value] of Object.entries(resolved)) {
    out[key] = value && typeof value === 'object' ? resolveSchema(document, value, seen) : value;
  }
  seen.delete(resolved);
  return out;
}

/** Every named response example of every operation. */
export function listExamples(document) {
  return specOperations(document).flatMap(({ operationId, responses }) =>
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

/**
 * A request the operation accepts, built from the spec's own examples: each parameter's example, typed as
 * the spec gives it and as the client takes it (`maxResults: 30`, `toRecycleBin: true`, batchQueryRoles'
 * `dentryIdList: ['…']` from its `content` example); the path filled in and the query string, as the URL
 * carries them; and the first named example of the request body.
 */
export function exampleRequest(operation) {
  let path = operation.path;
  const pathParams = {};
  const query = {};
  const search = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = parameterExample(parameter);
    if (value === undefined) continue;
    const text = urlText(parameter, value);
    if (parameter.in === 'path') {
      pathParams[parameter.name] = value;
      path = path.replace(`{${parameter.name}}`, encodeURIComponent([text].flat().join(',')));
    } else if (parameter.in === 'query') {
      query[parameter.name] = value;
      for (const item of [text].flat()) search.append(parameter.name, item);
    }
  }
  const body = operation.requestBody
    ? (Object.values(operation.requestBody.examples)[0]?.value ?? {})
    : undefined;
  return { method: operation.method, path, pathParams, query, queryString: search.toString(), body };
}

/** A parameter's example: its `example`, its first named example, or its content's (JSON) example. */
function parameterExample(parameter) {
  const media = parameter.content?.['application/json'];
  for (const holder of [parameter, media]) {
    if (holder?.example !== undefined) return holder.example;
    const named = Object.values(holder?.examples ?? {})[0];
    if (named?.value !== undefined) return named.value;
  }
  return undefined;
}

/**
 * How the URL carries a parameter's value, as DingTalk's SDK writes it: JSON text for a JSON parameter,
 * numbers and booleans as String(value), an array per OpenAPI's style (query `form`: one value per item
 * unless `explode: false`; otherwise joined with commas).
 */
function urlText(parameter, value) {
  if (parameter.json) return JSON.stringify(value);
  if (!Array.isArray(value)) return scalarText(value);
  const style = parameter.style ?? (parameter.in === 'query' ? 'form' : 'simple');
  const items = value.map(scalarText);
  return style === 'form' && (parameter.explode ?? true) ? items : items.join(',');
}

const scalarText = (value) =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);

const routeTables = new WeakMap();

/**
 * The document's paths, ready to route: by segment count, most specific first; for each path its segments
 * (a literal, or a pattern for a segment with `{parameters}`) and its operations by method. Built once per
 * document.
 */
function routeTableOf(document) {
  let table = routeTables.get(document);
  if (table) return table;
  const byPath = new Map();
  for (const operation of specOperations(document)) {
    let route = byPath.get(operation.path);
    if (!route) {
      route = { segments: operation.path.split('/').map(segmentOf), operations: new Map() };
      byPath.set(operation.path, route);
    }
    route.operations.set(operation.method, operation);
  }
  table = new Map();
  for (const route of byPath.values()) {
    const sameLength = table.get(route.segments.length) ?? [];
    sameLength.push(route);
    table.set(route.segments.length, sameLength);
  }
  // Concrete before templated, segment by segment from the left; the sort is stable, so paths that tie
  // keep the document's order.
  for (const routes of table.values()) {
    routes.sort((a, b) => {
      const at = a.segments.findIndex((segment, i) => segment.rank !== b.segments[i].rank);
      return at === -1 ? 0 : b.segments[at].rank - a.segments[at].rank;
    });
  }
  routeTables.set(document, table);
  return table;
}

/**
 * One path segment: a literal (rank 2), a literal with parameters in it like `{name}.{ext}` (rank 1), or
 * one parameter (rank 0). A parameter matches one or more characters, never an empty segment.
 */
function segmentOf(text) {
  if (!text.includes('{')) return { rank: 2, literal: text };
  const names = [];
  const source = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{([^}]+)\\\}/g, (_, name) => {
    names.push(name);
    return '(.+)';
  });
  return { rank: /^\{[^}]+\}$/.test(text) ? 0 : 1, pattern: new RegExp(`^${source}$`), names };
}

/** The path parameters if `segments` (the request's, split at `/`, as many as the route's) are this route's. */
function matchRoute(route, segments) {
  const pathParams = {};
  for (const [i, segment] of route.segments.entries()) {
    const actual = segments[i];
    if (segment.pattern === undefined) {
      if (segment.literal !== actual) return undefined;
      continue;
    }
    const match = segment.pattern.exec(actual);
    if (!match) return undefined;
    for (const [j, name] of segment.names.entries()) pathParams[name] = decodeSegment(match[j + 1]);
  }
  return pathParams;
}

/** A percent-decoded path segment; a malformed escape (`%zz`) is kept as it is rather than thrown. */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The operation a request is for: `{ operation, pathParams }`; `{ allowed }` (the methods there are) when
 * the path exists but not for this method; undefined when the spec has no such path. A concrete segment
 * is matched before a templated one, whatever order the spec lists its paths in: with both
 * `…/dentries/batchRemove` and `…/dentries/{dentryId}`, `DELETE …/dentries/batchRemove` is the first path's
 * (a 405 when it has no DELETE), never the second's with dentryId `batchRemove`.
 */
export function findOperation(document, method, pathname) {
  const segments = pathname.split('/');
  for (const route of routeTableOf(document).get(segments.length) ?? []) {
    const pathParams = matchRoute(route, segments);
    if (!pathParams) continue;
    const operation = route.operations.get(method.toUpperCase());
    return operation ? { operation, pathParams } : { allowed: [...route.operations.keys()] };
  }
  return undefined;
}
