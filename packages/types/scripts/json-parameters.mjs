// The spec as the types are generated from it: JSON-text parameters typed by their content (see below).

/**
 * The document with each `content: application/json` parameter (one sent as JSON text, as batchQueryRoles'
 * `dentryIdList`) given its content's schema as `schema`, in place of `content`. openapi-typescript reads
 * only a parameter's `schema` and types one without it as `string`; the caller passes the value itself
 * (`string[]`) and the client writes it as JSON.
 */
export function typeJsonParameters(document) {
  const parameterLists = Object.values(document.paths ?? {}).flatMap((item) => [
    item.parameters,
    ...Object.values(item).map((operation) => operation?.parameters),
  ]);
  const parameters = [
    ...Object.values(document.components?.parameters ?? {}),
    ...parameterLists.flatMap((list) => (Array.isArray(list) ? list : [])),
  ];
  for (const parameter of parameters) {
    const json = parameter.content?.['application/json'];
    if (parameter.schema || !json?.schema) continue;
    parameter.schema = json.schema;
    delete parameter.content;
  }
  return document;
}
